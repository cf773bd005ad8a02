import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { unzipSync } from "fflate";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

async function download(page: Page, button: string) {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByRole("button", { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

test("a commander checks readiness, downloads the bundle and review.md, and opens the print view", async ({ page }) => {
  test.setTimeout(180_000);
  const { key } = seed<{ key: string }>("export-review");
  await signIn(page, "commander@demo.test");
  await page.goto(`/incidents/${key}`);
  await page.getByRole("navigation", { name: "Review sections" }).getByRole("link", { name: "Export" }).click();
  await expect(page).toHaveURL(`/incidents/${key}/export`);
  await expect(page.getByRole("heading", { name: "Export", level: 2 })).toBeVisible();
  await expect(page.getByText("Everything the readiness check looks at is complete.")).toBeVisible();
  await expectAccessible(page);

  const bundle = await download(page, "Download bundle (zip)");
  expect(bundle.name).toBe(`${key}-review-bundle.zip`);
  const files = unzipSync(bundle.bytes);
  const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"])) as { fileCount: number; files: { path: string }[] };
  expect(manifest.fileCount).toBe(Object.keys(files).length - 1);
  for (const name of ["review.md", "review.pdf", "review.json", "schema.json", "readiness.md", "timeline.csv", "links.md"]) expect(files[name], name).toBeDefined();
  await expect(page.getByRole("status").filter({ hasText: `Downloaded ${key}-review-bundle.zip` })).toBeVisible();

  const md = await download(page, "Download review.md");
  expect(md.name).toBe(`${key}-review.md`);
  expect(new TextDecoder().decode(md.bytes)).toContain(`# Incident review ${key}: Elevated timeout rate`);

  await page.getByRole("link", { name: "Open the print view" }).click();
  await expect(page).toHaveURL(`/incidents/${key}/print`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(key);
  await expect(page.getByRole("heading", { name: "Post-incident review questions", level: 2 })).toBeVisible();
  await expect(page.getByRole("img", { name: /Error-class histogram/ })).toBeVisible();
  // No app chrome on the print page.
  await expect(page.getByRole("navigation", { name: "Review sections" })).toHaveCount(0);
  await expectAccessible(page);
});

test("the readiness report lists what is missing on a review in progress", async ({ page }) => {
  await signIn(page, "commander@demo.test");
  const { key } = seed<{ key: string }>("incident", { title: `Export readiness ${Date.now()}` });
  await page.goto(`/incidents/${key}/export`);
  const missing = page.getByRole("list", { name: "Not ready" });
  await expect(missing).toContainText("Required question not answered: Which alert fired first?");
  await expect(missing).toContainText("The incident window is still open");
  await expect(missing.getByRole("link", { name: "Review questions" }).first()).toHaveAttribute("href", `/incidents/${key}/questions`);
  await expectAccessible(page);
});

test("a viewer can export too", async ({ page }) => {
  test.setTimeout(120_000);
  const { key } = seed<{ key: string }>("export-review");
  await signIn(page, "viewer@demo.test");
  await page.goto(`/incidents/${key}/export`);
  await expectAccessible(page);
  const pdf = await download(page, "Download review.pdf");
  expect(pdf.name).toBe(`${key}-review.pdf`);
  expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe("%PDF-");
  await page.goto(`/incidents/${key}/print`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(key);
});
