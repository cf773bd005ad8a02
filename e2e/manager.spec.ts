// Manager views as a viewer: the incident list filtered, sorted and shared by
// URL; the follow-up tracker (overdue first); analytics with definitions and
// table views; the one-screen incident summary. axe on every page visited.
import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

const run = `mgr${Date.now().toString(36)}`;
const viewerEmail = `viewer-${run}@demo.test`;
const commanderEmail = `commander-${run}@demo.test`;
const password = "Manager-views-2026!";

type TSeeded = { keys: string[] };
let keys: Record<"A" | "B" | "C" | "D" | "E" | "F", string>;

test.beforeAll(() => {
  seed("user", { email: viewerEmail, name: `Morgan Manager ${run}`, role: "VIEWER", password });
  seed("user", { email: commanderEmail, name: `Casey Commander ${run}`, role: "COMMANDER", password });
  const { keys: seeded } = seed<TSeeded>("manager-incidents", {
    commanderEmail,
    incidents: [
      {
        title: `Checkout timeouts ${run}`,
        severity: "SEV1",
        startedDaysAgo: 10,
        durationMinutes: 120,
        detectedAfterMinutes: 6,
        mitigatedAfterMinutes: 40,
        primaryModelAlias: "assistant-default",
        services: [`svc-${run}`],
        classes: [["TIMEOUT", "PRIMARY"]],
        answers: { "detection.first-alert": `The latency alert fired first (${run}).` },
        followUps: [
          { title: `Overdue: raise the client timeout budget ${run}`, dueInDays: -3, ownerEmail: viewerEmail },
          { title: `Upcoming: add a fallback dashboard ${run}`, dueInDays: 5, ownerEmail: viewerEmail },
          { title: `Done: rotate the alert ${run}`, dueInDays: -10, status: "DONE", ownerEmail: viewerEmail },
        ],
      },
      {
        title: `Search degraded ${run}`,
        severity: "SEV1",
        startedDaysAgo: 40,
        durationMinutes: 30,
        primaryModelAlias: "assistant-default",
        followUps: [{ title: `Commander task: cap retries ${run}`, dueInDays: -1, ownerEmail: commanderEmail }],
        classes: [
          ["UPSTREAM_5XX", "PRIMARY"],
          ["TIMEOUT", "SECONDARY"],
        ],
      },
      { title: `Summaries stalled ${run}`, severity: "SEV1", startedDaysAgo: 20, classes: [["TIMEOUT", "PRIMARY"]] },
      { title: `Old timeout ${run}`, severity: "SEV1", startedDaysAgo: 200, durationMinutes: 60, classes: [["TIMEOUT", "PRIMARY"]] },
      { title: `Minor timeout ${run}`, severity: "SEV2", startedDaysAgo: 5, durationMinutes: 15, classes: [["TIMEOUT", "PRIMARY"]] },
      { title: `Upstream errors ${run}`, severity: "SEV1", startedDaysAgo: 5, durationMinutes: 45, classes: [["UPSTREAM_5XX", "PRIMARY"]] },
    ],
  });
  const [A, B, C, D, E, F] = seeded as [string, string, string, string, string, string];
  keys = { A, B, C, D, E, F };
});

async function rowKeys(page: Page): Promise<string[]> {
  return page.getByTestId("incident-row").locator("td:first-child").allInnerTexts();
}

test("a viewer filters, sorts and shares the incident list, then reads follow-ups, analytics and a summary", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, viewerEmail, password);
  await page.goto("/incidents");
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  await expectAccessible(page);

  // Narrow to this run's incidents (search), then SEV1 + TIMEOUT in the last 90 days.
  await page.getByLabel("Search titles and review answers").fill(run);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${run}`));
  await expect(page.getByTestId("incident-row")).toHaveCount(6);

  await page.getByRole("group", { name: "Severity" }).getByLabel("SEV1", { exact: true }).check();
  await expect(page).toHaveURL(/[?&]severity=SEV1(&|$)/);
  await page.getByRole("group", { name: "Failure class" }).getByLabel("Timeouts").check();
  await expect(page).toHaveURL(/[?&]failureClass=TIMEOUT(&|$)/);
  await page.getByRole("button", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId("incident-row")).toHaveCount(3);

  // Sort by duration: longest first; the ongoing incident runs to now.
  await page.getByRole("button", { name: "Duration", exact: true }).click();
  await expect(page).toHaveURL(/[?&]sort=duration(&|$)/); // descending is the default direction, left out of the address
  expect(page.url()).not.toContain("dir=");
  await expect(page.getByRole("columnheader", { name: "Duration" })).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => rowKeys(page)).toEqual([keys.C, keys.A, keys.B]);
  await expect(page.getByTestId("incident-row").first()).toContainText("ongoing");
  await expectAccessible(page);

  // The CSV export holds the same rows in the same order.
  const csvHref = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
  const csvResponse = await page.request.get(csvHref!);
  const csv = await csvResponse.text();
  expect(csvResponse.status(), csv).toBe(200);
  expect(csvResponse.headers()["content-type"]).toMatch(/^text\/csv/);
  expect(
    csv
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",")[0]),
  ).toEqual([keys.C, keys.A, keys.B]);

  // The address is the whole view: a new browser context (signed in) shows the same rows in the same order.
  const shared = page.url();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, viewerEmail, password);
  await otherPage.goto(shared);
  await expect.poll(() => rowKeys(otherPage)).toEqual([keys.C, keys.A, keys.B]);
  await expect(otherPage.getByRole("group", { name: "Severity" }).getByLabel("SEV1", { exact: true })).toBeChecked();
  await expectAccessible(otherPage);
  await other.close();

  // Follow-up tracker: overdue first, and "my follow-ups".
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Follow-ups" }).click();
  await expect(page.getByRole("heading", { name: "Follow-ups", level: 1 })).toBeVisible();
  await expect(page.getByTestId("tracked-follow-up").first()).toHaveAttribute("data-overdue", "true");
  await expectAccessible(page);
  await page.getByRole("link", { name: "My follow-ups" }).click();
  await expect(page).toHaveURL(/owner=me/);
  const mine = page.getByTestId("tracked-follow-up");
  await expect(mine).toHaveCount(2);
  await expect(mine.first()).toContainText(`Overdue: raise the client timeout budget ${run}`);
  await expect(mine.first()).toContainText("Overdue");
  await expect(mine.nth(1)).toContainText(`Upcoming: add a fallback dashboard ${run}`);
  // Viewers read; only commanders change status.
  await expect(page.getByRole("combobox", { name: /^Status of/ })).toHaveCount(0);
  await page.getByTestId("follow-up-trend").getByRole("button", { name: "Show as table" }).click();
  await expect(page.getByTestId("follow-up-trend").getByRole("table")).toBeVisible();
  await expectAccessible(page);

  // Analytics: definitions on the page, and a chart as a table.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await expect(page.getByText("Time from the start of degradation to detection (detected at − start of degradation).")).toBeVisible();
  await expect(page.getByText("Open incidents have none yet.", { exact: false })).toBeVisible();
  await expect(page.getByText("Still open (no time to resolve yet)")).toBeVisible();
  await expectAccessible(page);
  const overTime = page.getByTestId("chart-over-time");
  await overTime.getByRole("button", { name: "Show as table" }).click();
  await expect(overTime.getByRole("table")).toBeVisible();
  await expect(overTime.getByRole("columnheader", { name: "Timeouts" })).toBeVisible();
  await expectAccessible(page);

  // Analytics filtered to this run's service: the one incident, with its figures.
  await page.goto(`/analytics?service=svc-${run}`);
  await expect(page.getByText("1 incident matches (0 still open).", { exact: false })).toBeVisible();
  await expect(page.getByTestId("figure-detectionLag").getByText("6m").first()).toBeVisible();
  await expectAccessible(page);

  // The one-screen summary.
  await page.goto(`/incidents/${keys.A}/summary`);
  const summary = page.getByTestId("incident-summary");
  await expect(summary.getByRole("heading", { name: "Summary" })).toBeVisible();
  await expect(summary.getByRole("region", { name: "Failure classes", exact: true })).toContainText("Timeouts");
  await expect(summary.getByRole("region", { name: "Fallback decision", exact: true })).toContainText("Fallback");
  await expect(summary.getByRole("region", { name: "Follow-ups", exact: true })).toContainText(`Overdue: raise the client timeout budget ${run}`);
  await expect(summary.getByRole("region", { name: "Incident window", exact: true })).toContainText("assistant-default");
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Review sections" })).toBeHidden();
  await context.close();
});

test("a commander changes a follow-up's status inline on the tracker", async ({ page }) => {
  await signIn(page, commanderEmail, password);
  await page.goto("/follow-ups?owner=me");
  const row = page.getByTestId("tracked-follow-up").filter({ hasText: `Commander task: cap retries ${run}` });
  await expect(row).toHaveAttribute("data-overdue", "true");
  await expectAccessible(page);
  await row.getByRole("combobox", { name: `Status of “Commander task: cap retries ${run}”` }).selectOption("DONE");
  // Done follow-ups leave the active view; they show under "All".
  await expect(page.getByTestId("tracked-follow-up").filter({ hasText: `Commander task: cap retries ${run}` })).toHaveCount(0);
  await page.getByRole("link", { name: "All, done included" }).click();
  const done = page.getByTestId("tracked-follow-up").filter({ hasText: `Commander task: cap retries ${run}` });
  await expect(done.getByRole("combobox")).toHaveValue("DONE");
  await expect(done).toHaveAttribute("data-overdue", "false");
  await expectAccessible(page);
});
