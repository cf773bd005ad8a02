import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./support/helpers";

test("a token created in the UI is shown once, works against /api/v1, and stops working once revoked", async ({ page, playwright, baseURL }) => {
  await signIn(page, "commander@demo.test");
  await page.getByRole("link", { name: "Access tokens" }).click();
  await expect(page.getByRole("heading", { name: "Personal access tokens" })).toBeVisible();
  await expectAccessible(page);

  const name = `e2e script ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Scope").selectOption("READ_WRITE");
  await page.getByLabel("Expires in").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("you will not see it again")).toBeVisible();
  const token = await page.getByTestId("new-token").inputValue();
  expect(token).toMatch(/^irt_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  await expectAccessible(page);

  // Shown once: after dismissing it (or reloading) the secret is nowhere on the page.
  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.reload();
  expect(await page.content()).not.toContain(token);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Read and write");
  await expect(row).toContainText("Never");
  await expect(row).toContainText("Active");

  // A client without the browser's cookies, authenticated only by the token.
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const title = `Created through the API ${Date.now()}`;
  const created = await api.post("/api/v1/incidents", {
    data: { title, severity: "SEV3", startedAtLocal: "2026-05-08T09:12", timeZone: "UTC" },
  });
  expect(created.status()).toBe(201);
  const { data } = (await created.json()) as { data: { key: string } };
  const read = await api.get(`/api/v1/incidents/${data.key}`);
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({ data: { key: data.key, title, severity: "SEV3", version: 1 } });

  // The browser's own session cannot write through the API.
  const cookieWrite = await page.request.post("/api/v1/incidents", {
    data: { title: `Cookie write ${Date.now()}`, severity: "SEV3", startedAtLocal: "2026-05-08T09:12", timeZone: "UTC" },
  });
  expect(cookieWrite.status()).toBe(401);
  expect(cookieWrite.headers()["content-type"]).toBe("application/problem+json");

  // Last use is shown; then revoke with confirmation.
  await page.reload();
  await expect(row).not.toContainText("Never");
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Confirm revoke ${name}` }).click();
  await expect(page.getByText(`Token “${name}” was revoked.`)).toBeVisible();
  await expect(row).toContainText("Revoked");
  await expectAccessible(page);

  const refused = await api.get(`/api/v1/incidents/${data.key}`);
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { type: string }).type).toBe("https://incident-review.dev/problems/unauthenticated");
  await api.dispose();
});

test("the API docs page renders every endpoint group with examples", async ({ page }) => {
  await signIn(page, "viewer@demo.test");
  await page.getByRole("link", { name: "API", exact: true }).click();
  await expect(page.getByRole("heading", { name: "API documentation" })).toBeVisible();
  for (const tag of ["Incidents", "Timeline", "Follow-ups", "Log imports", "Export"]) {
    await expect(page.getByRole("heading", { name: tag, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: /POST\s*\/api\/v1\/incidents\s*— Create an incident/ })).toBeVisible();
  await expect(page.getByText("Authorization: Bearer $IR_TOKEN").first()).toBeVisible();
  await expectAccessible(page);
  const doc = await page.request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
});

test("an admin sees everyone's active tokens and can revoke another user's", async ({ browser }) => {
  const commander = await browser.newContext();
  const cpage = await commander.newPage();
  await signIn(cpage, "commander@demo.test");
  await cpage.goto("/settings/tokens");
  const name = `leaked ${Date.now()}`;
  await cpage.getByLabel("Name").fill(name);
  await cpage.getByRole("button", { name: "Create token" }).click();
  const token = await cpage.getByTestId("new-token").inputValue();
  await commander.close();

  const admin = await browser.newContext();
  const page = await admin.newPage();
  await signIn(page, "admin@demo.test");
  await page.goto("/settings/tokens");
  const everyone = page.getByRole("table", { name: "Active tokens of every user" });
  const row = everyone.getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expectAccessible(page);
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Confirm revoke ${name}` }).click();
  await expect(page.getByText(`Token “${name}” was revoked.`)).toBeVisible();
  const refused = await page.request.get("/api/v1/incidents", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  await admin.close();
});
