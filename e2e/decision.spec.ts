import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";
import { runbook } from "../lib/runbook/runbook";
import { utcToZonedLocal } from "../lib/time/zone";

// Entered and shown in the browser's zone; stored in UTC.
const ZONE = "Europe/Berlin";
test.use({ timezoneId: ZONE });

const HOUR = 3600_000;
const cls = (id: string) => runbook.failureModes.classes.find((c) => c.id === id)!.label;
const d = runbook.fallbackDecision;
const r = runbook.rollback;
const manual = runbook.patterns.items.find((p) => p.id === "MANUAL_OPERATOR_CONTROLLED")!;

/** Scripts loaded and hydrated: the forms have adopted the browser's time zone. */
async function ready(page: Page) {
  await page.waitForLoadState("networkidle");
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await ready(page);
  await expectAccessible(page);
}

const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

test("a commander records classes, histogram, decision, approvals and rollback; a viewer sees it all without controls", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const title = `Decision flow ${Date.now()}`;
  const { key } = seed<{ id: string; key: string }>("incident", { title, fallbackMode: "MANUAL" });
  // An approval that has already expired, written directly.
  seed("fallback-approval", {
    incidentKey: key,
    changeTicket: "CHG-OLD-7",
    approvedAt: new Date(Date.now() - 3 * HOUR).toISOString(),
    expiresAt: new Date(Date.now() - HOUR).toISOString(),
    note: "first 10% canary",
  });
  const base = `/incidents/${key}`;
  await signIn(page, "commander@demo.test");

  // ── §2 failure classes and the manual histogram ─────────────────────────
  await visit(page, `${base}/classes`);
  await expect(page.getByRole("heading", { name: runbook.failureModes.heading })).toBeVisible();
  for (const col of Object.values(runbook.failureModes.columns)) {
    await expect(page.getByRole("columnheader", { name: col, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("cell", { name: runbook.failureModes.classes[0].likelyAction })).toBeVisible();
  await page.getByLabel(`Role of ${cls("TIMEOUT")}`).selectOption("PRIMARY");
  await page.getByLabel(`Role of ${cls("UPSTREAM_5XX")}`).selectOption("SECONDARY");
  await page.getByLabel(`Note on ${cls("TIMEOUT")}`).fill("p95 above the client timeout");
  await page.getByRole("button", { name: "Save classification" }).click();
  await expect(status(page, "Classification saved.")).toBeVisible();

  await expect(page.getByTestId("histogram-source")).toContainText("No histogram data yet.");
  await page.getByRole("button", { name: "Add window" }).click();
  await page.getByRole("button", { name: "Add window" }).click();
  const cell = (w: number, path: "primary" | "fallback", id: string) =>
    page.getByLabel(`Window ${w}, ${path} path, ${id === "OK" ? "OK" : cls(id)}`, { exact: true });
  await page.getByLabel("Window 1 start", { exact: true }).fill("2026-05-08T11:10");
  await page.getByLabel("Window 1 end", { exact: true }).fill("2026-05-08T11:15");
  await page.getByLabel("Window 2 start", { exact: true }).fill("2026-05-08T11:15");
  await page.getByLabel("Window 2 end", { exact: true }).fill("2026-05-08T11:20");
  await cell(1, "primary", "OK").fill("80");
  await cell(1, "primary", "TIMEOUT").fill("12");
  await cell(1, "fallback", "OK").fill("20");
  await cell(2, "primary", "OK").fill("50");
  await cell(2, "primary", "TIMEOUT").fill("30");
  await cell(2, "primary", "UPSTREAM_5XX").fill("4");
  await cell(2, "fallback", "OK").fill("40");
  // A negative count is refused before anything is sent.
  await cell(2, "fallback", "TIMEOUT").fill("-1");
  await page.getByRole("button", { name: "Save manual histogram" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Counts cannot be negative." })).toBeVisible();
  await cell(2, "fallback", "TIMEOUT").fill("1");
  await page.getByRole("button", { name: "Save manual histogram" }).click();
  await expect(status(page, "Manual histogram saved (2 windows).")).toBeVisible();

  await expect(page.getByTestId("histogram-source")).toContainText("Charted: manual entry.");
  await expect(page.getByTestId("histogram-source")).toContainText(`Times in ${ZONE}`);
  const chart = page.getByTestId("histogram-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.getByText(cls("TIMEOUT"))).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Show as table" }).click();
  const histogramTable = page.getByRole("table", { name: /Error classes per time window, Both paths/ });
  await expect(histogramTable.getByRole("row", { name: /^2026-05-08 11:10/ })).toContainText("112");
  await expect(histogramTable.getByRole("row", { name: /^2026-05-08 11:15/ })).toContainText("125");
  await page.getByLabel("Fallback path", { exact: true }).check();
  await expect(page.getByRole("table", { name: /Fallback path/ }).getByRole("row", { name: /^2026-05-08 11:15/ })).toContainText("41");
  await expectAccessible(page);

  // ── §3 fallback decision ───────────────────────────────────────────────
  await visit(page, `${base}/decision`);
  await expect(page.getByText(d.saferWhenLead)).toBeVisible();
  await expect(page.getByText(d.pauseWhenLead)).toBeVisible();
  for (const item of d.saferWhen) await page.getByRole("group", { name: item.text, exact: true }).getByLabel("Yes", { exact: true }).check();
  for (const item of d.pauseWhen) await page.getByRole("group", { name: item.text, exact: true }).getByLabel("No", { exact: true }).check();
  await page.getByRole("group", { name: d.saferWhen[0].text }).getByLabel("Evidence").fill("idempotent summarization call");
  await page.getByRole("button", { name: "Save answers" }).click();
  await expect(status(page, "Saved 10 answers.")).toBeVisible();
  // 5xx as a secondary class still needs a passing fallback smoke test.
  await expect(page.getByTestId("effective-verdict")).toContainText("Fallback limited");
  const reasons = page.getByRole("list", { name: "Reasons for the verdict" });
  await expect(reasons).toContainText(runbook.failureModes.classes.find((c) => c.id === "UPSTREAM_5XX")!.likelyAction);
  await expect(page.getByRole("rowheader", { name: cls("TIMEOUT") })).toBeVisible();
  await expectAccessible(page);

  const reason = `Fallback smoke test passed in staging ${Date.now()}`;
  await page.getByLabel("Overriding verdict").selectOption("ALLOWED");
  await page.getByRole("button", { name: "Override verdict" }).click();
  await expect(page.getByText("An override needs a reason.")).toBeVisible();
  await page.getByLabel("Reason for the override").fill(reason);
  await page.getByRole("button", { name: "Override verdict" }).click();
  await expect(status(page, "Override recorded.")).toBeVisible();
  await expect(page.getByTestId("effective-verdict")).toContainText("Fallback allowed (overridden)");
  await expect(page.getByTestId("override")).toContainText(reason);

  await page.getByRole("navigation", { name: "Review sections" }).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await expect(page.getByRole("cell", { name: reason })).toBeVisible();
  await expectAccessible(page);

  // ── Safe fallback patterns: approvals ──────────────────────────────────
  await visit(page, `${base}/patterns`);
  const approvalAlert = page.getByRole("alert").filter({ hasText: `${manual.name}: no approval is active.` });
  await expect(approvalAlert).toBeVisible();
  await expect(approvalAlert).toContainText("CHG-OLD-7");
  await expect(page.getByRole("row", { name: /CHG-OLD-7/ })).toContainText("Expired");
  await expect(page.getByText(manual.useWhen)).toBeVisible();
  const approvalForm = page.getByRole("form", { name: "Record an approval" });
  await approvalForm.getByLabel("Change ticket").fill("CHG-2041");
  await approvalForm.getByLabel("Expires at").fill(utcToZonedLocal(new Date(Date.now() + 4 * HOUR), ZONE));
  await approvalForm.getByLabel("Note").fill("25% of eligible requests");
  await page.getByRole("button", { name: "Record approval" }).click();
  await expect(status(page, "Approval recorded.")).toBeVisible();
  await expect(page.getByRole("row", { name: /CHG-2041/ })).toContainText("Active");
  await expect(approvalAlert).toHaveCount(0);
  const manualCard = page.getByRole("form", { name: manual.name });
  await manualCard.getByRole("group", { name: "Used in this incident" }).getByLabel("Used").check();
  await manualCard.getByRole("group", { name: manual.rules[1].text }).getByLabel("Followed").check();
  await manualCard.getByRole("button", { name: "Save pattern" }).click();
  await expect(manualCard.getByRole("status").filter({ hasText: "Saved 2 answers." })).toBeVisible();
  await expectAccessible(page);

  // ── Rollback checklist ─────────────────────────────────────────────────
  await visit(page, `${base}/rollback`);
  await expect(page.getByText(r.conditionsLead)).toBeVisible();
  await expect(page.getByText(r.stepsLead)).toBeVisible();
  const conditions = page.getByRole("form", { name: "Rollback conditions" });
  await conditions.getByRole("group", { name: r.conditions[2].text }).getByLabel("Triggered").check();
  await conditions.getByRole("group", { name: r.conditions[2].text }).getByLabel(/When/).fill("2026-05-08T11:40");
  await conditions.getByRole("group", { name: r.conditions[0].text }).getByLabel("Triggered").check();
  await conditions.getByRole("button", { name: "Save conditions" }).click();
  // Each form has its own status line: scope to it (both may say "Saved 2 answers.").
  await expect(conditions.getByRole("status").filter({ hasText: "Saved 2 answers." })).toBeVisible();
  const steps = page.getByRole("form", { name: "Rollback steps" });
  await steps.getByRole("group", { name: r.steps[0].text }).getByLabel("Done").check();
  await steps.getByRole("group", { name: r.steps[1].text }).getByLabel("Done").check();
  await steps.getByRole("group", { name: r.steps[1].text }).getByLabel("Note").fill("5% slice back on primary");
  await steps.getByRole("button", { name: "Save steps" }).click();
  await expect(steps.getByRole("status").filter({ hasText: "Saved 2 answers." })).toBeVisible();
  await expect(steps.getByText("By: Casey Commander")).toHaveCount(2);
  await expectAccessible(page);

  // ── Reload keeps everything ────────────────────────────────────────────
  await page.reload();
  await ready(page);
  await expect(page.getByRole("form", { name: "Rollback conditions" }).getByRole("group", { name: r.conditions[2].text }).getByLabel(/When/)).toHaveValue(
    "2026-05-08T11:40",
  );
  await expect(page.getByRole("form", { name: "Rollback steps" }).getByRole("group", { name: r.steps[1].text }).getByLabel("Done")).toBeChecked();
  await expect(page.getByRole("form", { name: "Rollback steps" }).getByRole("group", { name: r.steps[2].text }).getByLabel("Done")).not.toBeChecked();

  await visit(page, `${base}/classes`);
  await expect(page.getByLabel(`Role of ${cls("TIMEOUT")}`)).toHaveValue("PRIMARY");
  await expect(page.getByLabel(`Role of ${cls("UPSTREAM_5XX")}`)).toHaveValue("SECONDARY");
  await expect(page.getByLabel("Window 2 start", { exact: true })).toHaveValue("2026-05-08T11:15");
  await expect(cell(2, "primary", "TIMEOUT")).toHaveValue("30");

  await visit(page, `${base}/decision`);
  await expect(page.getByRole("group", { name: d.pauseWhen[4].text }).getByLabel("No", { exact: true })).toBeChecked();
  await expect(page.getByTestId("effective-verdict")).toContainText("Fallback allowed (overridden)");

  await visit(page, base);
  await expect(page.getByRole("region", { name: "Fallback decision" })).toContainText("Fallback allowed (overridden)");

  // ── A viewer sees everything and no edit controls ──────────────────────
  const viewerContext = await browser.newContext({ timezoneId: ZONE });
  const viewer = await viewerContext.newPage();
  await signIn(viewer, "viewer@demo.test");

  await visit(viewer, `${base}/classes`);
  await expect(viewer.getByRole("row", { name: new RegExp(cls("TIMEOUT")) })).toContainText("Primary");
  await expect(viewer.getByRole("row", { name: new RegExp(cls("TIMEOUT")) })).toContainText("p95 above the client timeout");
  await expect(viewer.getByTestId("histogram-chart")).toBeVisible();
  await expect(viewer.getByRole("combobox")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Save|Add window/ })).toHaveCount(0);

  await visit(viewer, `${base}/decision`);
  await expect(viewer.getByTestId("effective-verdict")).toContainText("Fallback allowed (overridden)");
  await expect(viewer.getByTestId("override")).toContainText(reason);
  await expect(viewer.getByText("idempotent summarization call")).toBeVisible();
  await expect(viewer.getByRole("radio")).toHaveCount(0);
  await expect(viewer.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Save|Override|Clear/ })).toHaveCount(0);

  await visit(viewer, `${base}/patterns`);
  await expect(viewer.getByRole("row", { name: /CHG-2041/ })).toContainText("Active");
  await expect(viewer.getByRole("row", { name: /CHG-OLD-7/ })).toContainText("Expired");
  await expect(viewer.getByRole("button", { name: /Save|Record|Revoke/ })).toHaveCount(0);
  await expect(viewer.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByLabel("Change ticket")).toHaveCount(0);

  await visit(viewer, `${base}/rollback`);
  await expect(viewer.getByText("By: Casey Commander")).toHaveCount(2);
  await expect(viewer.getByText("5% slice back on primary")).toBeVisible();
  await expect(viewer.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByRole("textbox")).toHaveCount(0);
  await viewerContext.close();
});
