import { describe, expect, it } from "vitest";
import { QUESTION_IDS, RUNBOOK_VERSION } from "@/lib/runbook/runbook";
import { assembleReview } from "./assemble";
import { reviewJsonSchema, ZReviewExport } from "./schema";
import { schemaValidator } from "./testing/ajv";
import { FIXTURE_NOW, fixtureReview, fixtureRows } from "./testing/fixture";

const meta = { generatedAt: FIXTURE_NOW, generatedBy: { name: "Casey Commander", role: "COMMANDER" as const } };

describe("assembleReview", () => {
  const review = fixtureReview();

  it("matches its JSON Schema (ajv, draft 2020-12) and the zod schema", () => {
    const validate = schemaValidator(reviewJsonSchema());
    const ok = validate(JSON.parse(JSON.stringify(review)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(ZReviewExport.parse(review)).toEqual(review);
    // The schema is strict: an unknown field is refused.
    expect(validate({ ...review, extra: 1 })).toBe(false);
  });

  it("computes the window figures, versions and who generated it", () => {
    expect(review.figures).toEqual({ detectionLagMs: 6 * 60_000, timeToMitigateMs: 29 * 60_000, timeToResolveMs: 103 * 60_000 });
    expect(review.runbookVersion).toBe(RUNBOOK_VERSION);
    expect(review.incident.runbookVersion).toBe("2026-05-08");
    expect(review.generatedAt).toBe("2026-05-10T12:00:00.000Z");
    expect(review.generatedBy).toEqual({ name: "Casey Commander", role: "COMMANDER" });
  });

  it("prefers imported histogram buckets over manual ones", () => {
    expect(review.classes.histogram.source).toBe("IMPORT");
    expect(review.classes.histogram.buckets).toHaveLength(6);
    expect(review.classes.histogram.totals.find((t) => t.requestClass === "TIMEOUT")).toEqual({ requestClass: "TIMEOUT", primary: 60, fallback: 1 });
    const manualOnly = fixtureRows();
    manualOnly.histogramBuckets = manualOnly.histogramBuckets.filter((b) => b.source === "MANUAL");
    expect(assembleReview(manualOnly, meta).classes.histogram.source).toBe("MANUAL");
  });

  it("recomputes the verdict from the answers and keeps the override as the effective verdict", () => {
    expect(review.decision.computedVerdict).toBe("ALLOWED");
    expect(review.decision.fallbackSmokeTestPassed).toBe(true);
    expect(review.decision.effectiveVerdict).toBe("LIMITED");
    const rows = fixtureRows();
    rows.checklistAnswers = rows.checklistAnswers.map((a) =>
      a.checklistId === "fallback-paused-when" && a.itemId === "fallback-model-not-approved" ? { ...a, checked: true } : a,
    );
    rows.decision = null;
    const blocked = assembleReview(rows, meta);
    expect(blocked.decision.computedVerdict).toBe("BLOCKED");
    expect(blocked.decision.effectiveVerdict).toBe("BLOCKED");
    expect(blocked.decision.reasons[0]!.code).toBe("PAUSE_CRITERION_BLOCKS");
  });

  it("diffs consecutive configuration versions and regenerates curl commands with placeholders only", () => {
    expect(review.configuration.diffs).toHaveLength(1);
    expect(review.configuration.diffs[0]!.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ["clientTimeoutMs", "30000", "10000"],
      ["featureFlags.fallback_enabled", "false", "true"],
      ["featureFlags.fallback_share", null, "25"],
    ]);
    const curl = review.smokeRuns[1]!.curl!;
    expect(curl).toContain('-H "Authorization: Bearer ${COMETAPI_API_KEY}"');
    expect(curl).toContain('"${COMETAPI_BASE_URL}/v1/chat/completions"');
    expect(review.smokeRuns.map((s) => s.passed)).toEqual([false, true]);
  });

  it("evaluates rollout findings, approvals, impact and follow-up overdue flags at generated-at", () => {
    expect(review.rollout.windowSource).toBe("IMPORT");
    expect(review.rollout.windows).toHaveLength(10);
    expect(review.rollout.findings.map((f) => f.rule)).toContain("CONSIDER_FALLBACK");
    expect(review.rollout.findings.map((f) => f.rule)).toContain("ROLL_BACK_SCHEMA");
    expect(review.patterns.approvals[0]!.status).toBe("EXPIRED");
    expect(review.patterns.items.find((p) => p.patternId === "MANUAL_OPERATOR_CONTROLLED")!.used).toBe(true);
    expect(review.impact.measures).toHaveLength(7);
    expect(review.impact.verdict).toBe("DROPPED");
    expect(review.followUps.map((f) => [f.title, f.overdue])).toEqual([
      ["Add a synthetic check for the fallback path", false],
      ["Lower the client timeout to 10 s", false],
      ["Separate fallback traffic on the dashboard", false],
    ]);
    const later = assembleReview(fixtureRows(), { ...meta, generatedAt: new Date("2026-05-25T00:00:00Z") });
    expect(later.followUps.map((f) => f.overdue)).toEqual([false, true, false]);
  });

  it("has all 23 questions in runbook order and keeps answers to questions the runbook no longer has", () => {
    expect(review.questions.map((q) => q.questionId)).toEqual([...QUESTION_IDS]);
    const rows = fixtureRows();
    rows.answers.push({ questionId: "legacy.old-question", body: "Old answer", runbookVersion: "2025-01-01", updatedAt: new Date(), updatedBy: null });
    const out = assembleReview(rows, meta);
    expect(out.questions).toHaveLength(24);
    expect(out.questions.at(-1)).toMatchObject({ questionId: "legacy.old-question", answer: "Old answer", sectionId: "OTHER" });
  });

  it("derives artifact states from what is on file, and numbers attachments in the bundle", () => {
    expect(review.artifacts.map((a) => [a.kind, a.state])).toEqual([
      ["TIMELINE", "LINKED"],
      ["GRAPHS", "ATTACHED"],
      ["AFFECTED_SERVICES", "LINKED"],
      ["REQUEST_CONFIGURATION", "LINKED"],
      ["MODEL_IDS", "LINKED"],
      ["SAMPLE_REQUEST_RESPONSE", "LINKED"],
      ["ERROR_HISTOGRAM", "LINKED"],
      ["SUPPORT_CONTACTS", "NOT_APPLICABLE"],
      ["CUSTOMER_IMPACT_STATEMENT", "ATTACHED"],
      ["FOLLOW_UP_OWNERS", "LINKED"],
    ]);
    expect(review.attachments[0]!.bundlePath).toBe("attachments/01-latency_dashboard.png");
  });

  it("reads checklists generically, including ids the runbook does not define", () => {
    const ids = review.checklists.map((c) => c.checklistId);
    expect(ids).toContain("fallback-safer-when");
    expect(ids).toContain("patterns-used");
    const rows = fixtureRows();
    rows.checklistAnswers.push({ checklistId: "someone-elses-list", itemId: "x", checked: true, note: "n", occurredAt: null, byUser: null });
    expect(assembleReview(rows, meta).checklists.at(-1)).toMatchObject({ checklistId: "someone-elses-list", items: [{ itemId: "x", text: null, checked: true, note: "n" }] });
  });
});
