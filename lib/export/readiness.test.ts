import { describe, expect, it } from "vitest";
import { checkReadiness, renderReadinessMarkdown } from "./readiness";
import type { TReviewExport } from "./schema";
import { fixtureReview } from "./testing/fixture";

const ready = fixtureReview();
const codes = (r: TReviewExport) => checkReadiness(r).items.map((i) => i.code);
const edit = (mutate: (r: TReviewExport) => void): TReviewExport => {
  const copy = structuredClone(ready);
  mutate(copy);
  return copy;
};

describe("checkReadiness", () => {
  it("a fully filled review is ready", () => {
    const report = checkReadiness(ready);
    expect(report.items).toEqual([]);
    expect(report.ready).toBe(true);
    expect(report.fallbackRecorded.recorded).toBe(true);
  });

  it("lists each unanswered required question, not optional ones", () => {
    const r = edit((x) => {
      for (const q of x.questions) if (q.questionId.startsWith("detection.") || q.questionId === "prevention.missing-panel") q.answer = null;
    });
    const report = checkReadiness(r);
    expect(report.items.filter((i) => i.code === "QUESTION_UNANSWERED").map((i) => i.subject)).toEqual([
      "detection.first-alert",
      "detection.user-impact-tie",
      "detection.synthetic-before-users",
      "detection.dashboards-separated",
    ]);
    expect(report.ready).toBe(false);
  });

  it("lists missing artifacts (not applicable is fine)", () => {
    const r = edit((x) => {
      x.artifacts[0]!.state = "MISSING";
      x.artifacts[1]!.state = "NOT_APPLICABLE";
    });
    expect(checkReadiness(r).items.map((i) => [i.code, i.subject])).toEqual([["ARTIFACT_MISSING", "TIMELINE"]]);
  });

  it("fallback recorded in manual mode needs an approval that is or was in force", () => {
    expect(codes(edit((x) => (x.patterns.approvals = [])))).toEqual(["FALLBACK_WITHOUT_APPROVAL"]);
    expect(codes(edit((x) => (x.patterns.approvals[0]!.status = "INVALID")))).toEqual(["FALLBACK_WITHOUT_APPROVAL"]);
    expect(codes(edit((x) => (x.patterns.approvals[0]!.status = "EXPIRED")))).toEqual([]);
    // Automatic mode: no approval needed.
    expect(codes(edit((x) => ((x.patterns.approvals = []), (x.incident.fallbackMode = "AUTOMATIC"))))).toEqual([]);
  });

  it("fallback recorded needs a passing fallback smoke run", () => {
    expect(codes(edit((x) => (x.smokeRuns[1]!.passed = false)))).toEqual(["FALLBACK_WITHOUT_SMOKE_EVIDENCE"]);
    expect(codes(edit((x) => (x.smokeRuns = x.smokeRuns.filter((s) => s.path === "PRIMARY"))))).toEqual(["FALLBACK_WITHOUT_SMOKE_EVIDENCE"]);
  });

  it("fallback counts as recorded by mode, a fallback-change event or a rollout step", () => {
    const none = edit((x) => {
      x.incident.fallbackMode = "NOT_TRIGGERED";
      x.timeline = x.timeline.filter((e) => e.kind !== "FALLBACK_CHANGE");
      x.rollout.steps = [];
      x.smokeRuns = [];
      x.patterns.approvals = [];
    });
    expect(checkReadiness(none).fallbackRecorded).toEqual({ recorded: false, because: [] });
    expect(codes(none)).toEqual([]);
    const byEvent = structuredClone(none);
    byEvent.timeline.push({ occurredAt: "2026-05-08T09:41:00.000Z", kind: "FALLBACK_CHANGE", description: "on", trafficPercent: 5, author: null });
    expect(codes(byEvent)).toEqual(["FALLBACK_WITHOUT_SMOKE_EVIDENCE"]);
    const byStep = structuredClone(none);
    byStep.rollout.steps.push({ occurredAt: "2026-05-08T09:41:00.000Z", trafficPercent: 5, scope: "x", approverName: null, note: null });
    expect(checkReadiness(byStep).fallbackRecorded.because).toEqual(["1 rollout step"]);
  });

  it("follow-ups need an owner and a due date (won't-do ones excepted)", () => {
    const byTitle = (x: TReviewExport, start: string) => x.followUps.find((f) => f.title.startsWith(start))!;
    const r = edit((x) => {
      byTitle(x, "Separate").owner = null;
      byTitle(x, "Lower").dueDate = null;
      x.followUps.push({ ...x.followUps[0]!, owner: null, dueDate: null, status: "WONT_DO", title: "skipped" });
    });
    expect(checkReadiness(r).items.map((i) => [i.code, i.subject])).toEqual([
      ["FOLLOW_UP_WITHOUT_DUE_DATE", "Lower the client timeout to 10 s"],
      ["FOLLOW_UP_WITHOUT_OWNER", "Separate fallback traffic on the dashboard"],
    ]);
  });

  it("an open incident window is not ready", () => {
    expect(codes(edit((x) => (x.incident.endedAt = null)))).toEqual(["INCIDENT_WINDOW_OPEN"]);
  });

  it("renders the report as markdown with user text escaped", () => {
    const r = edit((x) => (x.followUps[0]!.owner = null));
    r.followUps[0]!.title = "<script>alert(1)</script> [x](javascript:y)";
    const md = renderReadinessMarkdown(checkReadiness(r));
    expect(md).toContain("- **Ready to attach:** no, 1 item to finish");
    expect(md).toContain("\\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(javascript:y\\)");
  });
});
