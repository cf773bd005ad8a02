import { expect, test, type Page } from "@playwright/test";
import { fixtureText } from "../lib/logs/testing/fixtures";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);
const newIncident = (title: string) => seed<{ id: string; key: string }>("incident", { title: `${title} ${Date.now()}` });
const fileInput = (page: Page) => page.locator('input[type="file"]');

async function openLogs(page: Page, key: string) {
  await page.goto(`/incidents/${key}`);
  await page.getByRole("navigation", { name: "Review sections" }).getByRole("link", { name: "Request logs" }).click();
  await expect(page.getByRole("heading", { name: "Request logs", exact: true, level: 2 })).toBeVisible();
}

test("a commander uploads a JSONL file: progress, counts, histogram and a sortable request table that survives reload", async ({ page }) => {
  test.setTimeout(120_000);
  const { key } = newIncident("Log upload");
  const text = fixtureText("jsonl", { count: 6000, seed: 21, startMs: T0, stepMs: 300 });
  await signIn(page, "commander@demo.test");
  await openLogs(page, key);
  await expect(page.getByText("No request logs imported yet.")).toBeVisible();
  await expect(page.getByTestId("classification-rules")).toBeVisible();
  await expectAccessible(page);

  await fileInput(page).setInputFiles({ name: "gateway.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(text) });
  await expect(page.getByTestId("detected-format")).toContainText("JSON Lines");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Import gateway.jsonl" }).click();
  await expect(page.getByRole("progressbar", { name: "Importing gateway.jsonl" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel import" })).toBeVisible();
  const done = page.getByTestId("import-done");
  await expect(done).toContainText("Imported 6,000 requests.", { timeout: 60_000 });
  await expect(done).toContainText("6,000 rows read, 6,000 imported, 0 skipped as invalid");
  await expect(done).toContainText("6,000 hashed");

  await expect(page.getByTestId("imports-list")).toContainText("completed");
  await expect(page.getByTestId("log-histogram-chart")).toBeVisible();
  await expect(page.getByTestId("request-table").getByRole("row")).toHaveCount(51);
  await expect(page.getByTestId("request-range")).toContainText("Rows 1–50 of 6,000");
  await expect(page.getByTestId("first-bad-request")).toBeVisible();
  await expect(page.getByTestId("class-reach")).toBeVisible();
  await expectAccessible(page);

  // The histogram as a table, and a different bucket size from the URL.
  await page.getByTestId("log-histogram").getByRole("button", { name: "Show as table" }).click();
  await expect(page.getByRole("region", { name: "Requests per class over time as a table" })).toBeVisible();
  await page.getByLabel("Bucket size").selectOption("15m");
  await expect(page).toHaveURL(/bucket=15m/);
  await expectAccessible(page);

  // Sorting through the header changes the URL and survives a reload.
  await page.getByTestId("sort-latency").click();
  await expect(page).toHaveURL(/sort=latency/);
  const latencyHeader = page.getByRole("columnheader", { name: /Latency/ });
  const sortedAs = await latencyHeader.getAttribute("aria-sort");
  expect(["ascending", "descending"]).toContain(sortedAs);
  const firstLatency = await page.getByTestId("request-table").getByRole("row").nth(1).getByRole("cell").nth(6).innerText();
  await page.reload();
  await expect(page).toHaveURL(/sort=latency/);
  await expect(page.getByRole("columnheader", { name: /Latency/ })).toHaveAttribute("aria-sort", sortedAs!);
  await expect(page.getByTestId("request-table").getByRole("row").nth(1).getByRole("cell").nth(6)).toHaveText(firstLatency);
  await page.getByTestId("sort-latency").click();
  await expect(page).toHaveURL(sortedAs === "ascending" ? /dir=desc/ : /sort=latency(?!.*dir=desc)/);

  // Paging forward in time order uses a cursor in the URL.
  await page.getByTestId("sort-ts").click();
  await expect(page).toHaveURL(/sort=ts/);
  await page.getByRole("navigation", { name: "Request pages" }).getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=1/);
  await expect(page.getByTestId("request-range")).toContainText("Rows 51–100");
  await expectAccessible(page);
});

test("a CSV with unfamiliar column names goes through the mapping step", async ({ page }) => {
  const { key } = newIncident("CSV mapping");
  const csv = [
    "when,req,tenant_ref,http_code,took,mdl",
    "2026-05-08T09:00:01Z,r-1,acme,200,120,gpt-4o",
    "2026-05-08T09:00:02Z,r-2,acme,503,90,gpt-4o",
    "2026-05-08T09:00:03Z,r-3,globex,429,30,gpt-4o",
    "2026-05-08T09:00:04Z,r-4,globex,200,300,gpt-4o",
  ].join("\n");
  await signIn(page, "commander@demo.test");
  await openLogs(page, key);
  await fileInput(page).setInputFiles({ name: "export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const mapping = page.getByTestId("mapping-step");
  await expect(mapping).toBeVisible();
  await expect(page.getByTestId("detected-format")).toContainText("CSV");
  const importButton = page.getByRole("button", { name: "Import export.csv" });
  await expect(importButton).toBeDisabled();
  await expectAccessible(page);
  await mapping.getByLabel("Request timestamp").selectOption("when");
  await mapping.getByLabel("Request / trace ID").selectOption("req");
  await mapping.getByLabel("HTTP status").selectOption("http_code");
  await mapping.getByLabel("Latency").selectOption("took");
  await mapping.getByLabel("Model requested").selectOption("mdl");
  await importButton.click();
  const done = page.getByTestId("import-done");
  await expect(done).toContainText("Imported 4 requests.");
  await expect(done).toContainText("OK 2");
  await expect(done).toContainText("RATE_LIMIT_429 1");
  await expect(done).toContainText("UPSTREAM_5XX 1");
  await expect(page.getByTestId("request-table")).toContainText("r-2");
  await expectAccessible(page);
});

test("invalid lines are listed with line numbers, and the valid rows can be imported anyway", async ({ page }) => {
  const { key } = newIncident("Invalid lines");
  const lines = fixtureText("jsonl", { count: 30, seed: 22, startMs: T0 }).trimEnd().split("\n");
  lines.splice(2, 0, "this is not json");
  lines.splice(5, 0, JSON.stringify({ request_id: "no-time", status: 200 }));
  await signIn(page, "commander@demo.test");
  await openLogs(page, key);
  await fileInput(page).setInputFiles({ name: "broken.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n")) });
  await expect(page.getByTestId("detected-format")).toContainText("JSON Lines");
  await page.getByRole("button", { name: "Import broken.jsonl" }).click();
  const invalid = page.getByTestId("invalid-lines");
  await expect(invalid).toContainText("2 lines are invalid, so nothing was imported.");
  await expect(invalid.getByRole("row", { name: /^3 The line is not valid JSON\./ })).toBeVisible();
  await expect(invalid.getByRole("row", { name: /^6 / })).toBeVisible();
  await expect(page.getByTestId("imports-list")).toContainText("failed");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Import the valid rows anyway (30)" }).click();
  await expect(page.getByTestId("import-done")).toContainText("32 rows read, 30 imported, 2 skipped as invalid");
  await expect(page.getByTestId("imports-list")).toContainText("completed");
});

test("a viewer sees the analytics but cannot upload", async ({ page }) => {
  const { key } = newIncident("Viewer logs");
  seed("import-logs", { incidentKey: key, count: 800, seed: 23 });
  await signIn(page, "viewer@demo.test");
  await openLogs(page, key);
  await expect(page.getByText("800 requests imported.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Import request logs" })).toHaveCount(0);
  await expect(fileInput(page)).toHaveCount(0);
  await expect(page.getByTestId("log-histogram-chart")).toBeVisible();
  await expect(page.getByTestId("request-table")).toBeVisible();
  await expect(page.getByTestId("rate-chart")).toBeVisible();
  await expect(page.getByRole("button", { name: "Accept into incident window" })).toHaveCount(0);
  await expectAccessible(page);
});
