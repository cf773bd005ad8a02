import { expect, test, type Request } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

test("a commander creates an incident and it appears in the list", async ({ page }) => {
  await signIn(page, "commander@demo.test");
  await page.getByRole("link", { name: "New incident" }).click();
  await expectAccessible(page);
  const title = `Timeouts on the summarizer ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Severity").selectOption("SEV1");
  await page.getByLabel("Start of degradation").fill("2026-05-08T09:12");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/INC-2026-\d{4}$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Incidents", exact: true }).click();
  await expect(page.getByRole("cell", { name: title })).toBeVisible();
});

test("invalid input is refused with field messages and nothing is created", async ({ page }) => {
  await signIn(page, "commander@demo.test");
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill("ab");
  await page.getByLabel("Start of degradation").fill("2099-01-01T10:00");
  await page.getByRole("button", { name: "Create incident" }).click();
  await expect(page.getByText("Enter a title of at least 3 characters.")).toBeVisible();
  await expect(page.getByText("This time cannot be in the future.")).toBeVisible();
  await expect(page).toHaveURL(/\/incidents\/new$/);
});

test("a viewer cannot create: the UI hides it and the server refuses a forged request", async ({ browser }) => {
  // Capture a real create-incident server action request from a commander.
  const commander = await browser.newContext();
  const cpage = await commander.newPage();
  await signIn(cpage, "commander@demo.test");
  await cpage.goto("/incidents/new");
  await cpage.getByLabel("Title").fill(`Captured ${Date.now()}`);
  await cpage.getByLabel("Start of degradation").fill("2026-05-08T09:12");
  const captured = new Promise<Request>((resolve) =>
    cpage.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) resolve(r);
    }),
  );
  await cpage.getByRole("button", { name: "Create incident" }).click();
  const request = await captured;
  const actionId = request.headers()["next-action"]!;
  await commander.close();

  const viewer = await browser.newContext();
  const vpage = await viewer.newPage();
  await signIn(vpage, "viewer@demo.test");
  await expect(vpage.getByRole("link", { name: "New incident" })).toHaveCount(0);
  await expectAccessible(vpage);
  await vpage.goto("/incidents/new");
  await expect(vpage).toHaveURL(/\/incidents$/);

  const forgedTitle = `Forged by viewer ${Date.now()}`;
  const body = JSON.stringify([{ title: forgedTitle, severity: "SEV1", startedAtLocal: "2026-05-08T09:12", timeZone: "UTC" }]);
  const response = await vpage.request.post("/incidents/new", {
    headers: {
      "next-action": actionId,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: new URL(vpage.url()).origin,
    },
    data: body,
  });
  const text = await response.text();
  expect(text).toContain("Your role does not allow this action.");
  expect(seed<{ count: number }>("incident-count", { title: forgedTitle }).count).toBe(0);
  await viewer.close();
});

test("an admin's role change takes effect on the user's next request", async ({ browser }) => {
  const email = `promote-${Date.now()}@demo.test`;
  seed("user", { email, name: "Promoted Person", role: "VIEWER", password: "Promote-me-2026!" });

  const userContext = await browser.newContext();
  const upage = await userContext.newPage();
  await signIn(upage, email, "Promote-me-2026!");
  await expect(upage.getByRole("link", { name: "New incident" })).toHaveCount(0);

  const adminContext = await browser.newContext();
  const apage = await adminContext.newPage();
  await signIn(apage, "admin@demo.test");
  await apage.getByRole("link", { name: "Admin" }).click();
  await expect(apage.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expectAccessible(apage);
  await apage.getByLabel(`Role of ${email}`).selectOption("COMMANDER");
  await expect(apage.getByRole("status").filter({ hasText: `${email} is now COMMANDER.` })).toBeVisible();

  // Same session, next request: the new role applies without signing in again.
  await upage.reload();
  await expect(upage.getByRole("link", { name: "New incident" })).toBeVisible();

  // Disabling signs the user out at once.
  await apage.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(apage.getByRole("status").filter({ hasText: `${email} is now disabled.` })).toBeVisible();
  await upage.reload();
  await expect(upage).toHaveURL(/\/signin/);
  await userContext.close();
  await adminContext.close();
});
