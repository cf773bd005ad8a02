import { expect, test, type Browser, type Page } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

// The commander works in Berlin: wall times are entered in CEST and stored in UTC.
const ZONE = "Europe/Berlin";

test.describe.configure({ mode: "serial" });

let key = "";
const title = `Window and timeline ${Date.now()}`;

test.beforeAll(() => {
  // A fresh incident for this file; 07:12 UTC is 09:12 in Berlin.
  key = seed<{ key: string }>("incident", { title, degradationStartedAt: "2026-05-08T07:12:00Z" }).key;
});

async function openAs(browser: Browser, email: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ timezoneId: ZONE, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

const storedWindow = () =>
  seed<{ detectedAt: string; mitigatedAt: string; endedAt: string; version: number; affectedRoutes: string[] }[]>("sql", {
    query: `SELECT "detectedAt", "mitigatedAt", "endedAt", "version", "affectedRoutes" FROM "Incident" WHERE "key" = '${key}'`,
  })[0]!;

test("a commander edits the incident window, with field messages, chips, the alias warning and computed figures", async ({ browser }) => {
  const page = await openAs(browser, "commander@demo.test");
  await page.goto(`/incidents/${key}/window`);
  await expect(page.getByRole("heading", { name: "Incident window", exact: true })).toBeVisible();
  // The runbook's §1 "Record:" list, as guidance.
  const record = page.getByRole("list", { name: "What to record" });
  await expect(record.getByRole("listitem")).toHaveCount(6);
  await expect(record).toContainText("Start time of degradation.");
  await expect(record).toContainText("Whether fallback was automatic, manual, or not triggered.");
  await expect(page.getByText(`Your time zone: ${ZONE}. Stored in UTC.`).first()).toBeVisible();
  await expect(page.getByLabel("Start of degradation")).toHaveValue("2026-05-08T09:12");
  await expectAccessible(page);

  // Every field error at once.
  await page.getByLabel("Detected at").fill("2026-05-08T09:00");
  await page.getByLabel("Mitigated at").fill("2099-01-01T10:00");
  await page.getByLabel("Title").fill("ab");
  await page.getByRole("button", { name: "Save incident window" }).click();
  await expect(page.getByText("Detection cannot be before the start of degradation.")).toBeVisible();
  await expect(page.getByText("This time cannot be in the future.")).toBeVisible();
  await expect(page.getByText("Enter a title of at least 3 characters.")).toBeVisible();
  await expect(page.getByLabel("Detected at")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await page.getByLabel("Title").fill(title);
  await page.getByLabel(/^Status/).selectOption("RESOLVED");
  await page.getByLabel("Detection source").selectOption({ label: "alert" });
  await page.getByLabel("Detected at").fill("2026-05-08T09:18");
  await page.getByLabel("Mitigated at").fill("2026-05-08T09:41");
  await page.getByLabel("End time").fill("2026-05-08T10:55");

  // Chips: Enter or Add, and a remove button per value.
  const routes = page.getByLabel("Affected routes", { exact: true });
  await routes.fill("/v1/chat/completions");
  await routes.press("Enter");
  await routes.fill("/v1/embeddings");
  await page.getByRole("button", { name: "Add route" }).click();
  await expect(page.getByRole("list", { name: "Affected routes: values" }).getByRole("listitem")).toHaveCount(2);
  await page.getByRole("button", { name: "Remove route /v1/embeddings" }).click();
  await expect(page.getByRole("list", { name: "Affected routes: values" }).getByRole("listitem")).toHaveCount(1);
  await page.getByLabel("Affected services", { exact: true }).fill("assistant-api");
  await page.getByLabel("Affected services", { exact: true }).press("Enter");
  await page.getByLabel("Affected regions", { exact: true }).fill("eu-west");
  await page.getByLabel("Affected regions", { exact: true }).press("Enter");
  // Earlier incidents' values are suggested (the demo incident's), minus the ones already chosen.
  const featuresList = await page.getByLabel("Affected features", { exact: true }).getAttribute("list");
  await expect(page.locator(`datalist[id="${featuresList}"] option[value="production assistant flow"]`)).toHaveCount(1);
  const servicesList = await page.getByLabel("Affected services", { exact: true }).getAttribute("list");
  await expect(page.locator(`datalist[id="${servicesList}"] option[value="assistant-api"]`)).toHaveCount(0);

  // An alias without its resolved identifier shows the runbook's warning.
  await page.getByLabel("Primary model alias").fill("assistant-default");
  await expect(page.getByText("Do not rely on a model alias", { exact: false })).toBeVisible();
  await page.getByLabel("Resolved model identifier").fill("gpt-4.1-2025-04-14");
  await expect(page.getByText("Do not rely on a model alias", { exact: false })).toHaveCount(0);

  await page.getByLabel("Manual").check();
  await expect(page.getByText("Example: elevated timeout rate")).toBeVisible();
  await page.getByLabel("Primary symptom").fill("elevated timeout rate");
  await page.getByLabel("Fallback action").fill("secondary model enabled for 25% of eligible requests");
  await page.getByLabel("Rollback condition").fill("fallback error rate exceeds primary error rate for two consecutive observation windows");

  await page.getByRole("button", { name: "Save incident window" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved \d+ change/ })).toBeVisible();
  await expect(page.getByTestId("figure-detectionLag")).toContainText("Detection lag: 6m");
  await expect(page.getByTestId("figure-timeToMitigate")).toContainText("Time to mitigate: 29m");
  await expect(page.getByTestId("figure-timeToResolve")).toContainText("Time to resolve: 1h 43m");
  await expect(page.getByTestId("figure-detectionLag")).toContainText("detected at − start of degradation");
  await expectAccessible(page);

  // Stored in UTC.
  const stored = storedWindow();
  expect(new Date(stored.detectedAt).toISOString()).toBe("2026-05-08T07:18:00.000Z");
  expect(new Date(stored.endedAt).toISOString()).toBe("2026-05-08T08:55:00.000Z");
  expect(stored.affectedRoutes).toEqual(["/v1/chat/completions"]);

  // Reloaded, the form shows the saved values.
  await page.reload();
  await expect(page.getByLabel("Mitigated at")).toHaveValue("2026-05-08T09:41");
  await expect(page.getByRole("button", { name: "Remove service assistant-api" })).toBeVisible();
  await expect(page.getByLabel("Manual")).toBeChecked();

  // The overview shows the affected scope and the visual timeline.
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("list", { name: "Affected routes" })).toContainText("/v1/chat/completions");
  await expect(page.getByRole("img", { name: /Incident from 2026-05-08 09:12/ })).toBeVisible();
  await expectAccessible(page);
  await page.context().close();
});

test("a commander keeps the timeline: six events, one edited, one deleted, all there after a reload", async ({ browser }) => {
  const page = await openAs(browser, "commander@demo.test");
  await page.goto(`/incidents/${key}/timeline`);
  await expect(page.getByRole("heading", { name: "Timeline", exact: true })).toBeVisible();
  // The window's instants appear as read-only rows.
  await expect(page.getByTestId("timeline-row").filter({ hasText: "from incident window" })).toHaveCount(4);
  await expect(page.getByTestId("timeline-row").filter({ hasText: "Detected by alert." })).toBeVisible();
  await expectAccessible(page);

  const add = page.getByRole("form", { name: "Add an event" });
  const addEvent = async (kind: string, time: string, description: string, percent?: string) => {
    await add.getByLabel("Kind").selectOption({ label: kind });
    await add.getByLabel("Time").fill(time);
    if (percent !== undefined) await add.getByLabel("Fallback traffic %").fill(percent);
    await add.getByLabel("Description").fill(description);
    await add.getByRole("button", { name: "Add event" }).click();
    await expect(page.getByTestId("timeline-row").filter({ hasText: description })).toBeVisible();
  };

  // A fallback change needs its traffic %.
  await add.getByLabel("Kind").selectOption({ label: "Fallback change" });
  await add.getByLabel("Time").fill("2026-05-08T09:41");
  await add.getByLabel("Description").fill("Secondary model enabled.");
  await add.getByRole("button", { name: "Add event" }).click();
  await expect(add.getByText("Enter the share of traffic on the fallback path (0–100 %).")).toBeVisible();

  await addEvent("Deployment or change", "2026-05-08T09:05", "Client v2.3 deployed with a longer context window.");
  await addEvent("Alert", "2026-05-08T09:18", "Timeout-rate alert fired on the assistant route.");
  await addEvent("Mitigation", "2026-05-08T09:35", "Maximum tokens reduced for the assistant.");
  await addEvent("Fallback change", "2026-05-08T09:41", "Secondary model enabled for 25% of eligible requests.", "25");
  await addEvent("Customer communication", "2026-05-08T09:50", "Status page updated.");
  await addEvent("Note", "2026-05-08T10:00", "Error rate back under the baseline.");
  await expect(page.getByTestId("timeline-row")).toHaveCount(10);
  const fallbackRow = page.getByTestId("timeline-row").filter({ hasText: "Secondary model enabled for 25%" });
  await expect(fallbackRow).toContainText("25 %");
  await expect(fallbackRow).toContainText("Casey Commander");

  // Edit one.
  await page.getByRole("button", { name: /^Edit .* Customer communication$/ }).click();
  const edit = page.getByRole("form", { name: "Edit event" });
  await expect(edit.getByLabel("Time")).toHaveValue("2026-05-08T09:50");
  await edit.getByLabel("Description").fill("Status page updated and affected tenants e-mailed.");
  await edit.getByRole("button", { name: "Save event" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Event updated." })).toBeVisible();
  await expect(page.getByTestId("timeline-row").filter({ hasText: "affected tenants e-mailed" })).toBeVisible();

  // Delete one, after confirming.
  await page.getByRole("button", { name: /^Delete .* Note$/ }).click();
  await expect(page.getByText("Delete this event? The history keeps a copy.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("group", { name: /Confirm deleting/ }).getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Event deleted." })).toBeVisible();
  await expect(page.getByTestId("timeline-row").filter({ hasText: "Error rate back under the baseline." })).toHaveCount(0);

  // The visual timeline: phases, markers and the fallback traffic step, summarised for screen readers.
  const chart = page.getByRole("img", { name: /Incident from 2026-05-08 09:12 CEST to 2026-05-08 10:55 CEST/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-label", /undetected for 6m, mitigating for 23m, recovering for 1h 14m, resolved\. 5 recorded events; fallback traffic peaked at 25 %/);
  await expect(page.getByRole("list", { name: "Timeline as a list" })).toContainText("Fallback change, fallback traffic 25 %");

  await page.reload();
  const rows = page.getByTestId("timeline-row");
  await expect(rows).toHaveCount(9);
  for (const text of [
    "Client v2.3 deployed",
    "Timeout-rate alert fired",
    "Maximum tokens reduced",
    "Secondary model enabled for 25%",
    "affected tenants e-mailed",
    "Start of degradation",
    "End of incident",
  ]) {
    await expect(rows.filter({ hasText: text })).toHaveCount(1);
  }
  await expect(rows.filter({ hasText: "Error rate back under the baseline." })).toHaveCount(0);
  // Sorted by time: the change at 09:05 comes before the start of degradation at 09:12.
  await expect(rows.nth(0)).toContainText("Client v2.3 deployed");
  await expect(rows.nth(1)).toContainText("Start of degradation");
  await expectAccessible(page);

  // Every change is in the history, the deletion included.
  await page.getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("cell", { name: "delete TimelineEvent" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "create TimelineEvent" })).toHaveCount(6);
  await expectAccessible(page);
  await page.context().close();
});

test("a stale form gets the conflict notice, and re-applying saves on top of their version", async ({ browser }) => {
  const mine = await openAs(browser, "commander@demo.test");
  const theirs = await openAs(browser, "admin@demo.test");
  await mine.goto(`/incidents/${key}/window`);
  await theirs.goto(`/incidents/${key}/window`);
  // Both forms show the saved window in the browser's zone before anyone types.
  for (const p of [mine, theirs]) await expect(p.getByLabel("Start of degradation")).toHaveValue("2026-05-08T09:12");
  await expect(mine.getByLabel("Primary symptom")).toHaveValue("elevated timeout rate");

  await theirs.getByLabel("Current status").fill("Monitoring after the fix.");
  await theirs.getByRole("button", { name: "Save incident window" }).click();
  await expect(theirs.getByRole("status").filter({ hasText: "Saved 1 change(s)." })).toBeVisible();
  const versionAfterTheirs = storedWindow().version;

  await mine.getByLabel("Primary symptom").fill("elevated timeout rate and slow first tokens");
  await mine.getByRole("button", { name: "Save incident window" }).click();
  const notice = mine.getByRole("alert").filter({ hasText: "Someone else changed this since you opened it." });
  await expect(notice).toBeVisible();
  await expect(notice.getByTestId("conflict-theirs")).toContainText("Monitoring after the fix.");
  await expect(notice.getByTestId("conflict-yours")).toContainText("slow first tokens");
  expect(storedWindow().version).toBe(versionAfterTheirs);
  await expectAccessible(mine);

  await notice.getByRole("button", { name: "Re-apply mine" }).click();
  await expect(mine.getByRole("status").filter({ hasText: /Saved \d+ change/ })).toBeVisible();
  expect(storedWindow().version).toBe(versionAfterTheirs + 1);
  await expect(mine.getByRole("alert").filter({ hasText: "Someone else changed this" })).toHaveCount(0);

  // The same for a timeline event.
  await mine.goto(`/incidents/${key}/timeline`);
  await theirs.goto(`/incidents/${key}/timeline`);
  await mine.getByRole("button", { name: /^Edit .* Mitigation$/ }).click();
  await theirs.getByRole("button", { name: /^Edit .* Mitigation$/ }).click();
  await theirs.getByRole("form", { name: "Edit event" }).getByLabel("Description").fill("Maximum tokens reduced to 512.");
  await theirs.getByRole("form", { name: "Edit event" }).getByRole("button", { name: "Save event" }).click();
  await expect(theirs.getByRole("status").filter({ hasText: "Event updated." })).toBeVisible();
  const myEdit = mine.getByRole("form", { name: "Edit event" });
  await myEdit.getByLabel("Description").fill("Maximum tokens reduced to 256.");
  await myEdit.getByRole("button", { name: "Save event" }).click();
  const eventNotice = mine.getByRole("alert").filter({ hasText: "Someone else changed this" });
  await expect(eventNotice.getByTestId("conflict-theirs")).toContainText("512");
  await expect(eventNotice.getByTestId("conflict-yours")).toContainText("256");
  await eventNotice.getByRole("button", { name: "Keep theirs" }).click();
  await expect(myEdit.getByLabel("Description")).toHaveValue("Maximum tokens reduced to 512.");
  await mine.context().close();
  await theirs.context().close();
});

test("a viewer sees the window and the timeline but no edit controls", async ({ browser }) => {
  const page = await openAs(browser, "viewer@demo.test");
  await page.goto(`/incidents/${key}/window`);
  const main = page.locator("main");
  await expect(main.getByText("assistant-default")).toBeVisible();
  await expect(main.getByText("gpt-4.1-2025-04-14")).toBeVisible();
  await expect(main.getByText("/v1/chat/completions")).toBeVisible();
  await expect(main.getByRole("button")).toHaveCount(0);
  await expect(main.getByRole("textbox")).toHaveCount(0);
  await expect(main.getByRole("combobox")).toHaveCount(0);
  await expect(main.getByRole("radio")).toHaveCount(0);
  await expect(page.getByTestId("figure-timeToResolve")).toContainText("1h 43m");
  await expectAccessible(page);

  await page.goto(`/incidents/${key}/timeline`);
  await expect(page.getByTestId("timeline-row")).toHaveCount(9);
  await expect(page.getByRole("img", { name: /fallback traffic peaked at 25 %/ })).toBeVisible();
  await expect(main.getByRole("button")).toHaveCount(0);
  await expect(main.getByRole("form")).toHaveCount(0);
  await expect(main.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
  await expectAccessible(page);
  await page.context().close();
});

test("the window and timeline pages fit a 375 px wide screen", async ({ browser }) => {
  const page = await openAs(browser, "commander@demo.test", { width: 375, height: 800 });
  for (const path of ["window", "timeline", ""]) {
    await page.goto(`/incidents/${key}${path ? `/${path}` : ""}`);
    await expect(page.getByRole("navigation", { name: "Review sections" })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `page /${path} is ${width}px wide`).toBeLessThanOrEqual(375);
    await expectAccessible(page);
  }
  await page.context().close();
});
