import { expect, test, type Page } from "@playwright/test";
import { runbook } from "../lib/runbook/runbook";
import { startFakeProvider, type TFakeProvider } from "../lib/smoke/testing/fake-provider";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

// The app server gets E2E_FAKE_PROVIDER_KEY from playwright.config.ts; the
// fake provider runs here, in the test process, on a free port.
const KEY_VAR = "E2E_FAKE_PROVIDER_KEY";
const KEY_VALUE = "fake-key-for-e2e";

let fake: TFakeProvider;

test.beforeAll(async () => {
  // The primary model sleeps well past the snapshot's 1.5 s client timeout.
  fake = await startFakeProvider({ slowMs: 10_000 });
  seed("settings", { allowedOutboundHosts: [fake.host] });
});

test.afterAll(async () => {
  seed("settings", { allowedOutboundHosts: [] });
  await fake?.close();
});

async function visit(page: Page, key: string, slug: string) {
  await page.goto(`/incidents/${key}/${slug}`);
  await expect(page.getByRole("navigation", { name: "Review sections" })).toBeVisible();
  await expectAccessible(page);
}

test("fallback validation: configuration, live smoke runs, comparison, rollout rules and user impact", async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { key } = seed<{ key: string }>("incident", { title: `Fallback flow ${Date.now()}`, degradationStartedAt: "2026-05-08T09:12:00Z" });
  await signIn(page, "commander@demo.test");

  // ── Step 1: two configuration versions and their diff ──────────────────
  await visit(page, key, "configuration");
  const config = page.getByRole("form", { name: "New configuration version" });
  await config.getByRole("textbox", { name: "Base URL" }).fill(fake.baseUrl);
  await config.getByRole("textbox", { name: "API key environment variable (name only)" }).fill(KEY_VAR);
  await config.getByRole("textbox", { name: "Primary model alias" }).fill("assistant-default");
  await config.getByRole("textbox", { name: "Primary model resolved id" }).fill("primary-slow");
  await config.getByRole("textbox", { name: "Fallback model alias" }).fill("assistant-fallback");
  // An alias without its resolved id: the runbook's warning shows at once.
  await expect(config.getByText(runbook.steps.configuration.aliasWarning)).toBeVisible();
  await config.getByRole("textbox", { name: "Fallback model resolved id" }).fill("fallback-ok");
  await expect(config.getByText(runbook.steps.configuration.aliasWarning)).toHaveCount(0);
  await config.getByRole("textbox", { name: "Client timeout (ms)" }).fill("1500");
  await config.getByRole("textbox", { name: "Retry count" }).fill("2");
  await config.getByRole("textbox", { name: "Retry backoff" }).fill("exponential, 250 ms base, full jitter");
  await config.getByRole("textbox", { name: "Max tokens" }).fill("512");
  await config.getByRole("button", { name: "Add a flag" }).click();
  await config.getByLabel("Flag 1 name").fill("llm.fallback.enabled");
  await config.getByLabel("Flag 1 type").selectOption("boolean");
  await config.getByLabel("Flag 1 value").fill("false");
  for (const field of runbook.logging.fields.slice(0, 6)) await config.getByLabel(field.label, { exact: true }).check();
  await config.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();

  await page.reload();
  await expect(page.getByText("Prefilled from version 1.", { exact: false })).toBeVisible();
  const v2 = page.getByRole("form", { name: "New configuration version" });
  await expect(v2.getByRole("textbox", { name: "Base URL" })).toHaveValue(fake.baseUrl);
  await expect(v2.getByLabel("When was this taken?")).toHaveValue("DURING_MITIGATION");
  await v2.getByLabel("Flag 1 value").fill("true");
  await v2.getByRole("textbox", { name: "Max tokens" }).fill("256");
  await v2.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible();
  await page.reload();
  const diff = page.getByRole("table", { name: "Version 1 compared with version 2" });
  await expect(diff).toBeVisible();
  await expect(page.getByText("2 fields differ between version 1 and version 2.")).toBeVisible();
  await expect(diff.getByRole("row", { name: /Max tokens/ })).toContainText("Changed");
  await expect(diff.getByRole("row", { name: /Max tokens/ })).toContainText("512");
  await expect(diff.getByRole("row", { name: /Flag llm\.fallback\.enabled/ })).toContainText("Changed");
  await expect(diff.getByRole("row", { name: /Client timeout/ })).toContainText("Same");
  await expectAccessible(page);

  // ── Step 2: live smoke requests, primary (times out) and fallback (ok) ─
  await visit(page, key, "smoke");
  const smoke = page.getByRole("form", { name: "Smoke request" });
  await expect(smoke.getByLabel("Configuration version")).toContainText("Version 2");
  await smoke.getByLabel(/^Path/).selectOption("PRIMARY");
  const command = page.getByLabel("Generated curl command");
  await expect(command).toContainText('-H "X-Request-Id: incident-20260508-smoke-001"');
  await expect(command).toContainText(`\${${KEY_VAR}}`);
  await expect(command).toContainText('"model": "primary-slow"');
  await expect(command).toContainText('"max_tokens": 32');
  await expect(command).not.toContainText(KEY_VALUE);
  await page.getByRole("button", { name: "Copy command" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await command.innerText());

  // Personal data in the prompt is flagged live and blocks running.
  const user = smoke.getByLabel("User message");
  const original = await user.inputValue();
  await user.fill("Summarize the ticket from jane.doe@example.com");
  await expect(page.getByRole("alert").filter({ hasText: "secrets or personal data" })).toBeVisible();
  await expect(smoke.getByRole("button", { name: "Run live request" })).toBeDisabled();
  await user.fill(original);
  await expect(smoke.getByRole("button", { name: "Run live request" })).toBeEnabled();

  await smoke.getByRole("button", { name: "Run live request" }).click();
  await expect(page.getByText(/Recorded incident-20260508-smoke-001 \(primary\): TimeoutError after \d+ ms\. Criteria overall: Fail\./)).toBeVisible({
    timeout: 20_000,
  });
  await expect(command).toContainText("incident-20260508-smoke-002");
  await smoke.getByLabel(/^Path/).selectOption("FALLBACK");
  await smoke.getByLabel("Do your logs show this path's model or route clearly?").selectOption("YES");
  await smoke.getByRole("button", { name: "Run live request" }).click();
  await expect(page.getByText(/Recorded incident-20260508-smoke-002 \(fallback\): status 200 after \d+ ms\. Criteria overall: Pass\./)).toBeVisible({
    timeout: 20_000,
  });
  const runs = page.getByRole("table", { name: "Smoke requests, newest first" });
  await expect(runs.getByRole("row", { name: /smoke-001/ })).toContainText("TimeoutError");
  await expect(runs.getByRole("row", { name: /smoke-002/ })).toContainText("200");
  await expect(runs.getByRole("row", { name: /smoke-002/ })).toContainText("Pass");
  await page.getByText(/incident-20260508-smoke-002 — fallback via/).click();
  const criteria = page.getByRole("list", { name: "Validation criteria for incident-20260508-smoke-002" });
  for (const c of runbook.steps.smokeRequest.criteria) await expect(criteria.getByText(c.text)).toBeVisible();
  await expect(criteria.getByText("Pass", { exact: true })).toHaveCount(5);
  expect(fake.requests.filter((r) => r.authorization === `Bearer ${KEY_VALUE}`)).toHaveLength(2);
  expect(await page.content()).not.toContain(KEY_VALUE);
  await expectAccessible(page);

  // ── Step 3: compare the two runs ───────────────────────────────────────
  await visit(page, key, "comparison");
  await expect(page.getByText(runbook.steps.comparison.warning)).toBeVisible();
  const compareForm = page.getByRole("form", { name: "Compare two smoke runs" });
  await expect(compareForm.getByLabel("Primary run")).toContainText("smoke-001");
  await expect(compareForm.getByLabel("Fallback run")).toContainText("smoke-002");
  await compareForm.getByRole("button", { name: "Compare runs" }).click();
  const table = page.getByRole("table", { name: "Primary and fallback compared for Runbook smoke prompt" });
  await expect(table).toBeVisible();
  const statusRow = table.getByRole("row", { name: /status code or client exception/ });
  await expect(statusRow).toContainText("TimeoutError");
  await expect(statusRow).toContainText("200");
  await expect(statusRow).toContainText("≠ Differs");
  await expect(table.getByRole("row", { name: /retry count/ })).toContainText("Same");
  await expectAccessible(page);

  // ── Step 4: rule settings, three rollout steps, windows, findings ──────
  await visit(page, key, "rollout");
  const rules = page.getByRole("form", { name: "Rule settings" });
  await rules.getByLabel("Baseline timeout rate (%)").fill("1");
  await rules.getByLabel("Baseline error rate (%)").fill("2");
  await rules.getByLabel("Observation window (minutes)").fill("5");
  await rules.getByLabel("User-facing timeout budget (ms)").fill("8000");
  await rules.getByRole("button", { name: "Save rule settings" }).click();
  await expect(page.getByText("Rule settings saved.", { exact: false })).toBeVisible();

  const stepForm = page.getByRole("form", { name: "Add a rollout step" });
  for (const [time, percent, scope] of [
    ["2026-05-08T09:20", "0", "internal synthetic checks"],
    ["2026-05-08T09:30", "5", "low-risk requests"],
    ["2026-05-08T09:40", "25", "eligible requests"],
  ] as const) {
    await stepForm.getByLabel(/^Time\b/).fill(time);
    await stepForm.getByLabel("Eligible traffic on fallback (%)").fill(percent);
    await stepForm.getByLabel("Scope").fill(scope);
    await stepForm.getByLabel("Approved by").fill("Casey Commander");
    await stepForm.getByRole("button", { name: "Add step" }).click();
    await expect(page.getByRole("table", { name: "Rollout steps in time order" }).getByRole("cell", { name: scope, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("table", { name: "Rollout steps in time order" }).getByRole("row")).toHaveCount(4);

  const windowForm = page.getByRole("form", { name: "Add an observation window" });
  const windows: [string, string, string, string, string, string][] = [
    // path, start, requests, errors, timeouts, p95
    ["PRIMARY", "2026-05-08T09:15", "1000", "85", "80", "4200"],
    ["PRIMARY", "2026-05-08T09:20", "1000", "97", "95", "4800"],
    ["FALLBACK", "2026-05-08T09:20", "50", "0", "0", "9100"],
  ];
  const windowTable = page.getByRole("table", { name: "Observation windows per path" });
  for (const [i, [path, start, requests, errors, timeouts, p95]] of windows.entries()) {
    const end = `2026-05-08T09:${String(Number(start.slice(-2)) + 5).padStart(2, "0")}`;
    await windowForm.getByLabel(/^Path/).selectOption(path);
    await windowForm.getByLabel("Window start").fill(start);
    await windowForm.getByLabel("Window end").fill(end);
    await windowForm.getByLabel("Requests").fill(requests);
    await windowForm.getByLabel(/^Errors/).fill(errors);
    await windowForm.getByLabel("Timeouts").fill(timeouts);
    await windowForm.getByLabel("Validation failures").fill("0");
    await windowForm.getByLabel("p95 latency (ms)").fill(p95);
    await windowForm.getByRole("button", { name: "Add window" }).click();
    // Wait for this window's row (header + i + 1) before filling the next one.
    await expect(windowTable.getByRole("row")).toHaveCount(i + 2);
  }
  await expect(page.getByText("Window recorded.")).toBeVisible();
  const findings = page.getByRole("list", { name: "Rollout findings" });
  await expect(page.getByText(/Evaluated on 3 hand-entered windows/)).toBeVisible();
  const consider = findings.locator('[data-rule="CONSIDER_FALLBACK"]');
  await expect(consider).toContainText(runbook.steps.rollout.thresholds[0].text);
  await expect(consider).toContainText("Warning");
  await expect(consider).toContainText("2 consecutive windows");
  await expect(consider.getByRole("listitem")).toHaveCount(2);
  const stop = findings.locator('[data-rule="STOP_INCREASING_LATENCY"]');
  await expect(stop).toContainText(runbook.steps.rollout.thresholds[2].text);
  await expect(stop).toContainText("fallback p95 9100 ms · budget 8000 ms");
  await expect(findings.locator("[data-rule]")).toHaveCount(2);
  await expectAccessible(page);

  // ── Step 5: user impact before / during / after ────────────────────────
  await visit(page, key, "impact");
  await expect(page.getByText(runbook.steps.impact.completion).first()).toBeVisible();
  const impact = page.getByRole("form", { name: "User-impact measures" });
  const cells: [string, string, string, string][] = [
    ["customer-visible error rate", "0.4", "12", "0.6"],
    ["timeout count", "3", "420", "8"],
    ["successful completion count", "9800", "6100", "9700"],
  ];
  for (const [label, before, during, after] of cells) {
    await impact.getByLabel(`${label}: before the incident`).fill(before);
    await impact.getByLabel(`${label}: during, before mitigation`).fill(during);
    await impact.getByLabel(`${label}: after mitigation`).fill(after);
  }
  await impact.getByLabel("This feature's metric").fill("completed drafts");
  const business = runbook.steps.impact.measures[6].label;
  await impact.getByLabel(`${business}: during, before mitigation`).fill("310");
  await impact.getByLabel(`${business}: after mitigation`).fill("880");
  await impact.getByRole("button", { name: "Save measures" }).click();
  await expect(page.getByText("Measures saved.", { exact: false })).toBeVisible();
  await expect(page.getByText("User impact dropped.")).toBeVisible();
  const evaluation = page.getByRole("table", { name: "Change per measure, after mitigation compared with during" });
  await expect(evaluation.locator('[data-measure="TIMEOUT_COUNT"]')).toContainText("Dropped (better)");
  await expect(evaluation.locator('[data-measure="TIMEOUT_COUNT"]')).toContainText("−412");
  await expect(evaluation.locator('[data-measure="FEATURE_BUSINESS_METRIC"]')).toContainText("completed drafts");
  await expect(page.getByRole("alert").filter({ hasText: runbook.steps.impact.warning })).toHaveCount(0);
  await expectAccessible(page);

  // Customer-visible errors staying high: the runbook's warning as an alert.
  await impact.getByLabel("customer-visible error rate: after mitigation").fill("10");
  await impact.getByRole("button", { name: "Save measures" }).click();
  await expect(page.getByRole("alert").filter({ hasText: runbook.steps.impact.warning })).toBeVisible();
  await expect(page.getByText("User impact has not dropped.")).toBeVisible();
  await impact.getByLabel("customer-visible error rate: after mitigation").fill("0.6");
  await impact.getByRole("button", { name: "Save measures" }).click();
  await expect(page.getByText("User impact dropped.")).toBeVisible();

  // ── Reload keeps everything ────────────────────────────────────────────
  await page.reload();
  await expect(page.getByLabel("timeout count: during, before mitigation")).toHaveValue("420");
  await expect(page.getByLabel("This feature's metric")).toHaveValue("completed drafts");
  await expect(page.getByText("User impact dropped.")).toBeVisible();
  await visit(page, key, "rollout");
  await expect(page.getByRole("table", { name: "Rollout steps in time order" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("table", { name: "Observation windows per path" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("list", { name: "Rollout findings" }).locator("[data-rule]")).toHaveCount(2);
  await expect(page.getByLabel("User-facing timeout budget (ms)")).toHaveValue("8000");
  await visit(page, key, "comparison");
  await expect(page.getByRole("table", { name: "Primary and fallback compared for Runbook smoke prompt" })).toHaveCount(1);
  await visit(page, key, "smoke");
  await expect(page.getByRole("table", { name: "Smoke requests, newest first" }).getByRole("row")).toHaveCount(3);
  await visit(page, key, "configuration");
  await expect(page.getByRole("table", { name: "Configuration versions, newest first" }).getByRole("row")).toHaveCount(3);
});

test("a viewer reads every fallback page without edit controls", async ({ page }) => {
  const { key } = seed<{ key: string }>("incident", { title: `Fallback viewer ${Date.now()}` });
  await signIn(page, "viewer@demo.test");
  for (const slug of ["configuration", "smoke", "comparison", "rollout", "impact"]) {
    await visit(page, key, slug);
    await expect(page.getByRole("button", { name: /Save|Run live request|Record result|Compare runs|Add step|Add window/ })).toHaveCount(0);
  }
  await page.goto("/admin/settings");
  await expect(page).toHaveURL(/\/incidents$/);
});

test("an admin edits the outbound allow-list", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/settings");
  await expectAccessible(page);
  const hosts = page.getByLabel("Allowed hosts, one per line");
  await expect(hosts).toHaveValue(fake.host);
  await hosts.fill(`${fake.host}\nhttps://bad.example/path`);
  await page.getByRole("button", { name: "Save allowed hosts" }).click();
  await expect(page.getByText(/is not a host name/).first()).toBeVisible();
  await hosts.fill(`${fake.host}\nAPI.CometAPI.com`);
  await page.getByRole("button", { name: "Save allowed hosts" }).click();
  await expect(page.getByText("Saved. 2 hosts are allowed.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Allowed hosts, one per line")).toHaveValue(`${fake.host}\napi.cometapi.com`);
  await expectAccessible(page);
});
