import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-review-2026";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/incidents/);
}

/** No axe violations (WCAG 2.1 A/AA) on the page as it is now. */
export async function expectAccessible(page: Page) {
  // Axe reads computed colours: a button still fading back from its disabled
  // (pending) look would be measured mid-transition. Check the settled page.
  // Endless animations (spinners, skeleton pulses) never settle and are left out.
  // The title streams with the page's metadata and is rendered again on the refresh after a save
  // (seen once in CI: axe ran in that moment and found no <title>). A page that never gets one is
  // still reported, by axe.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 5_000 },
  );
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary).toEqual([]);
}
