import { expect, test } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

test("sign in, wrong password, sign out", async ({ page }) => {
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/signin/);
  await expectAccessible(page);

  await page.getByLabel("E-mail").fill("commander@demo.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, "commander@demo.test");
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "INC-2026-0001" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/signin/);
});

test("sign-in attempts are throttled per account", async ({ page }) => {
  const email = `throttle-${Date.now()}@demo.test`;
  seed("user", { email, role: "VIEWER", password: "Correct-horse-42!" });
  for (let i = 0; i < 5; i++) {
    await page.goto("/signin");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
  }
  // Even the right password is refused while the account is throttled.
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill("Correct-horse-42!");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-in attempts" })).toBeVisible();
});
