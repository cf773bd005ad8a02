import { describe, expect, it } from "vitest";
import { runbook } from "@/lib/runbook/runbook";
import { evaluateIncidentRollout, pickWindowSource, type TStoredWindow } from "./evaluate";

const t = (min: number) => new Date(Date.UTC(2026, 4, 8, 9, min));
let n = 0;
const w = (over: Partial<TStoredWindow> & Pick<TStoredWindow, "path">, startMin: number): TStoredWindow => ({
  id: `w${++n}`,
  source: "MANUAL",
  windowStart: t(startMin),
  windowEnd: t(startMin + 5),
  requests: 1000,
  errors: 10,
  timeouts: 5,
  validationFailures: 1,
  p95LatencyMs: 1200,
  ...over,
});
const settings = { baselineTimeoutRate: 0.01, baselineErrorRate: 0.02, observationWindowMinutes: 5, userFacingTimeoutBudgetMs: 8000 };

describe("pickWindowSource", () => {
  it("uses imported windows whenever there are any, else hand-entered ones", () => {
    const manual = w({ path: "PRIMARY" }, 0);
    const imported = w({ path: "PRIMARY", source: "IMPORT" }, 0);
    expect(pickWindowSource([manual, imported])).toEqual({ source: "IMPORT", windows: [imported] });
    expect(pickWindowSource([manual])).toEqual({ source: "MANUAL", windows: [manual] });
    expect(pickWindowSource([])).toEqual({ source: null, windows: [] });
  });
});

describe("evaluateIncidentRollout", () => {
  it("finds two elevated primary windows and a slow fallback, citing the windows of each", () => {
    const p1 = w({ path: "PRIMARY", timeouts: 80 }, 0);
    const p2 = w({ path: "PRIMARY", timeouts: 90 }, 5);
    const f2 = w({ path: "FALLBACK", requests: 100, errors: 0, timeouts: 0, validationFailures: 0, p95LatencyMs: 9500 }, 5);
    const r = evaluateIncidentRollout([p1, p2, f2], settings);
    expect(r.source).toBe("MANUAL");
    expect(r.windowCount).toBe(3);
    expect(r.findings.map((f) => f.rule)).toEqual(["CONSIDER_FALLBACK", "STOP_INCREASING_LATENCY"]);
    const [consider, stop] = r.findings;
    expect(consider!.message).toBe(runbook.steps.rollout.thresholds[0].text);
    expect(consider!.severity).toBe("WARNING");
    expect(consider!.windows.map((x) => x.id)).toEqual([p1.id, p2.id]);
    expect(stop!.message).toBe(runbook.steps.rollout.thresholds[2].text);
    expect(stop!.windows.map((x) => x.id)).toEqual([f2.id]);
    expect(stop!.evidence).toEqual({ fallbackP95LatencyMs: 9500, userFacingTimeoutBudgetMs: 8000 });
    expect(r.notEvaluated).toEqual([]);
  });

  it("ignores hand-entered windows once imported ones exist, and reports skipped windows", () => {
    const manual = [w({ path: "PRIMARY", timeouts: 80 }, 0), w({ path: "PRIMARY", timeouts: 80 }, 5)];
    const imported = [w({ path: "PRIMARY", source: "IMPORT" }, 0), w({ path: "PRIMARY", source: "IMPORT", windowEnd: t(15) }, 5)];
    const r = evaluateIncidentRollout([...manual, ...imported], settings);
    expect(r.source).toBe("IMPORT");
    expect(r.findings).toEqual([]);
    expect(r.skipped).toEqual([{ window: expect.objectContaining({ id: imported[1]!.id }), reason: "window length differs from the configured observation window" }]);
  });

  it("cites both windows of a rollback finding and says which rules lack a setting", () => {
    const p = w({ path: "PRIMARY", errors: 10, validationFailures: 1 }, 0);
    const f = w({ path: "FALLBACK", errors: 50, validationFailures: 40 }, 0);
    const r = evaluateIncidentRollout([p, f], { ...settings, baselineTimeoutRate: null, userFacingTimeoutBudgetMs: null });
    expect(r.findings.map((x) => [x.rule, x.severity])).toEqual([
      ["ROLL_BACK_SCHEMA", "CRITICAL"],
      ["ROLL_BACK_ERROR_RATE", "CRITICAL"],
    ]);
    expect(r.findings[1]!.message).toBe(runbook.rollback.conditions[0].text);
    expect(r.findings[1]!.basis).toBe("OVERALL");
    expect(r.findings[0]!.windows.map((x) => x.path).sort()).toEqual(["FALLBACK", "PRIMARY"]);
    expect(r.notEvaluated.map((x) => x.rule)).toEqual(["CONSIDER_FALLBACK", "STOP_INCREASING_LATENCY"]);
  });

  it("compares a lone fallback window with the baseline error rate and cites only it", () => {
    const f = w({ path: "FALLBACK", errors: 100 }, 0);
    const r = evaluateIncidentRollout([f], settings);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: "ROLL_BACK_ERROR_RATE", basis: "BASELINE" });
    expect(r.findings[0]!.windows.map((x) => x.id)).toEqual([f.id]);
  });
});
