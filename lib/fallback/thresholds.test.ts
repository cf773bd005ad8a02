import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { runbook } from "@/lib/runbook/runbook";
import {
  evaluateRolloutRules,
  screenWindows,
  type TObservationWindow,
  type TRolloutSettings,
} from "./thresholds";

const T0 = Date.UTC(2026, 4, 8, 10, 0, 0);
const MIN = 60_000;

/** A 5-minute window starting `slot` windows after T0. */
function win(path: "PRIMARY" | "FALLBACK", slot: number, counts: Partial<TObservationWindow> = {}): TObservationWindow {
  return {
    path,
    windowStart: new Date(T0 + slot * 5 * MIN),
    windowEnd: new Date(T0 + (slot + 1) * 5 * MIN),
    requests: 1000,
    errors: 0,
    timeouts: 0,
    validationFailures: 0,
    p95LatencyMs: 800,
    ...counts,
  };
}

const settings: TRolloutSettings = {
  baselineTimeoutRate: 0.02,
  windowMinutes: 5,
  userFacingTimeoutBudgetMs: 5000,
};

/** Primary windows with the given timeouts per 1000 requests, one per slot. */
const primaryTimeouts = (...perMille: number[]) => perMille.map((t, slot) => win("PRIMARY", slot, { timeouts: t }));
const rulesOf = (windows: TObservationWindow[], s: TRolloutSettings = settings) =>
  evaluateRolloutRules(windows, s).map((f) => f.rule);

describe("CONSIDER_FALLBACK: primary timeout rate materially above baseline for two consecutive windows", () => {
  // Baseline 2% × default factor 1.5 = 3%: 31‰ is above, 30‰ or less is not.
  it("does not fire on a single elevated window", () => {
    expect(rulesOf(primaryTimeouts(80))).toEqual([]);
  });

  it("fires on two adjacent elevated windows, with the runbook wording and evidence", () => {
    const findings = evaluateRolloutRules(primaryTimeouts(50, 80), settings);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      rule: "CONSIDER_FALLBACK",
      severity: "WARNING",
      message: "Consider fallback if primary timeout rate is materially above baseline for two observation windows.",
      source: { section: runbook.steps.rollout.heading, itemId: "consider-fallback" },
    });
    expect(f!.windowStarts).toEqual([new Date(T0), new Date(T0 + 5 * MIN)]);
    expect(f!.evidence).toEqual({
      baselineTimeoutRate: 0.02,
      materialFactor: 1.5,
      thresholdRate: 0.02 * 1.5,
      consecutiveWindows: 2,
      lowestTimeoutRate: 0.05,
      highestTimeoutRate: 0.08,
    });
  });

  it("reports a longer run once, covering all its windows", () => {
    const findings = evaluateRolloutRules(primaryTimeouts(40, 50, 60, 70), settings);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.windowStarts).toHaveLength(4);
    expect(findings[0]!.evidence.consecutiveWindows).toBe(4);
  });

  it("does not join two elevated windows separated by a gap", () => {
    const windows = [win("PRIMARY", 0, { timeouts: 80 }), win("PRIMARY", 2, { timeouts: 80 })];
    expect(rulesOf(windows)).toEqual([]);
  });

  it("resets the count at a window at or below the threshold", () => {
    expect(rulesOf(primaryTimeouts(80, 10, 80))).toEqual([]);
    expect(rulesOf(primaryTimeouts(80, 80, 10, 80, 80))).toEqual(["CONSIDER_FALLBACK", "CONSIDER_FALLBACK"]);
  });

  it("treats a rate exactly at baseline × factor as not above", () => {
    // 0.1 × 2 is exact in binary floating point, so equality is really tested.
    const exact: TRolloutSettings = { ...settings, baselineTimeoutRate: 0.1, materialFactor: 2 };
    expect(rulesOf(primaryTimeouts(200, 200), exact)).toEqual([]);
    expect(rulesOf(primaryTimeouts(201, 200), exact)).toEqual([]);
    expect(rulesOf(primaryTimeouts(201, 201), exact)).toEqual(["CONSIDER_FALLBACK"]);
  });

  it("does not count a window with zero requests as above, and it breaks a run", () => {
    const windows = [
      win("PRIMARY", 0, { timeouts: 80 }),
      win("PRIMARY", 1, { requests: 0, timeouts: 0 }),
      win("PRIMARY", 2, { timeouts: 80 }),
    ];
    expect(rulesOf(windows)).toEqual([]);
    expect(rulesOf([win("PRIMARY", 0, { requests: 0 }), win("PRIMARY", 1, { requests: 0 })])).toEqual([]);
  });

  it("sorts unsorted input before looking for consecutive windows", () => {
    const windows = primaryTimeouts(80, 80, 80);
    const shuffled = [windows[2]!, windows[0]!, windows[1]!];
    expect(evaluateRolloutRules(shuffled, settings)).toEqual(evaluateRolloutRules(windows, settings));
    expect(evaluateRolloutRules(shuffled, settings)[0]!.windowStarts).toHaveLength(3);
  });

  it("only looks at primary windows", () => {
    const windows = [win("FALLBACK", 0, { timeouts: 80 }), win("FALLBACK", 1, { timeouts: 80 })];
    expect(rulesOf(windows)).not.toContain("CONSIDER_FALLBACK");
  });

  it("uses the configured material factor", () => {
    const strict: TRolloutSettings = { ...settings, materialFactor: 3 };
    expect(rulesOf(primaryTimeouts(50, 50), strict)).toEqual([]);
    expect(rulesOf(primaryTimeouts(61, 61), strict)).toEqual(["CONSIDER_FALLBACK"]);
  });

  it("is not evaluated without a baseline", () => {
    expect(rulesOf(primaryTimeouts(900, 900), { ...settings, baselineTimeoutRate: null })).toEqual([]);
  });

  it("treats windows a rounding error apart as adjacent, but not overlapping duplicates", () => {
    const a = win("PRIMARY", 0, { timeouts: 80 });
    const shift = 500;
    const b: TObservationWindow = {
      ...win("PRIMARY", 1, { timeouts: 80 }),
      windowStart: new Date(T0 + 5 * MIN + shift),
      windowEnd: new Date(T0 + 10 * MIN + shift),
    };
    expect(rulesOf([a, b])).toEqual(["CONSIDER_FALLBACK"]);
    expect(rulesOf([a, { ...a }])).toEqual([]);
  });
});

describe("ROLL_BACK_SCHEMA: fallback schema-validation failures exceed the primary path", () => {
  it("fires when the fallback failure rate is above the primary's in the same window", () => {
    const windows = [win("PRIMARY", 0, { validationFailures: 10 }), win("FALLBACK", 0, { requests: 100, validationFailures: 2 })];
    const findings = evaluateRolloutRules(windows, settings);
    expect(findings.map((f) => f.rule)).toEqual(["ROLL_BACK_SCHEMA"]);
    expect(findings[0]).toMatchObject({
      severity: "CRITICAL",
      message: "Roll back fallback if fallback schema-validation failures exceed the primary path.",
      windowStarts: [new Date(T0)],
      evidence: {
        fallbackValidationFailureRate: 0.02,
        primaryValidationFailureRate: 0.01,
        fallbackRequests: 100,
        primaryRequests: 1000,
      },
    });
  });

  it("compares rates, not counts, and equal rates do not fire", () => {
    expect(rulesOf([win("PRIMARY", 0, { validationFailures: 50 }), win("FALLBACK", 0, { requests: 100, validationFailures: 4 })])).toEqual([]);
    expect(rulesOf([win("PRIMARY", 0, { validationFailures: 50 }), win("FALLBACK", 0, { requests: 100, validationFailures: 5 })])).toEqual([]);
  });

  it("needs a primary window in the same period", () => {
    expect(rulesOf([win("PRIMARY", 0), win("FALLBACK", 1, { validationFailures: 900 })])).toEqual([]);
  });

  it("pairs a fallback window with the primary window its start falls in", () => {
    const primary = win("PRIMARY", 0);
    const fallback: TObservationWindow = {
      ...win("FALLBACK", 0, { validationFailures: 5 }),
      windowStart: new Date(T0 + 2 * MIN),
      windowEnd: new Date(T0 + 7 * MIN),
    };
    const findings = evaluateRolloutRules([fallback, primary], settings);
    expect(findings.map((f) => f.rule)).toEqual(["ROLL_BACK_SCHEMA"]);
    expect(findings[0]!.windowStarts).toEqual([new Date(T0), new Date(T0 + 2 * MIN)]);
  });

  it("ignores a paired primary window with zero requests", () => {
    expect(rulesOf([win("PRIMARY", 0, { requests: 0 }), win("FALLBACK", 0, { validationFailures: 5 })])).toEqual([]);
  });
});

describe("STOP_INCREASING_LATENCY: fallback p95 above the user-facing timeout budget", () => {
  it("fires above the budget only", () => {
    const findings = evaluateRolloutRules([win("FALLBACK", 0, { p95LatencyMs: 5001 })], settings);
    expect(findings).toEqual([
      {
        rule: "STOP_INCREASING_LATENCY",
        severity: "WARNING",
        windowStarts: [new Date(T0)],
        message: "Stop increasing traffic if fallback p95 latency exceeds your user-facing timeout budget.",
        source: { section: "Step 4: Enable fallback gradually", itemId: "stop-increasing-latency" },
        evidence: { fallbackP95LatencyMs: 5001, userFacingTimeoutBudgetMs: 5000 },
      },
    ]);
    expect(rulesOf([win("FALLBACK", 0, { p95LatencyMs: 5000 })])).toEqual([]);
  });

  it("does not fire on primary latency, unknown p95, empty windows or without a budget", () => {
    expect(rulesOf([win("PRIMARY", 0, { p95LatencyMs: 9000 })])).toEqual([]);
    expect(rulesOf([win("FALLBACK", 0, { p95LatencyMs: null })])).toEqual([]);
    expect(rulesOf([win("FALLBACK", 0, { requests: 0, p95LatencyMs: 9000 })])).toEqual([]);
    expect(rulesOf([win("FALLBACK", 0, { p95LatencyMs: 9000 })], { ...settings, userFacingTimeoutBudgetMs: null })).toEqual([]);
  });
});

describe("ROLL_BACK_ERROR_RATE: fallback error rate worse than the primary path for the active failure class", () => {
  it("compares overall error rates when class counts are missing", () => {
    const findings = evaluateRolloutRules(
      [win("PRIMARY", 0, { errors: 20 }), win("FALLBACK", 0, { requests: 100, errors: 3 })],
      settings,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: "ROLL_BACK_ERROR_RATE",
      severity: "CRITICAL",
      basis: "OVERALL",
      message: "fallback error rate is worse than the primary path for the active failure class",
      source: { section: "Rollback checklist", itemId: "error-rate-worse" },
      evidence: { fallbackErrorRate: 0.03, primaryErrorRate: 0.02 },
    });
  });

  it("uses the active failure class when both windows report it", () => {
    // Overall the fallback is worse, but for the class under mitigation it is better.
    const windows = [
      win("PRIMARY", 0, { errors: 100, activeClassErrors: 90 }),
      win("FALLBACK", 0, { requests: 100, errors: 20, activeClassErrors: 1 }),
    ];
    expect(rulesOf(windows)).toEqual([]);
    const worse = [
      win("PRIMARY", 0, { errors: 100, activeClassErrors: 10 }),
      win("FALLBACK", 0, { requests: 100, errors: 5, activeClassErrors: 5 }),
    ];
    const findings = evaluateRolloutRules(worse, settings);
    expect(findings[0]).toMatchObject({ rule: "ROLL_BACK_ERROR_RATE", basis: "ACTIVE_CLASS" });
    expect(findings[0]!.evidence).toMatchObject({ fallbackErrorRate: 0.05, primaryErrorRate: 0.01 });
  });

  it("falls back to overall rates when only one side reports the class", () => {
    const windows = [
      win("PRIMARY", 0, { errors: 10 }),
      win("FALLBACK", 0, { requests: 100, errors: 5, activeClassErrors: 0 }),
    ];
    expect(evaluateRolloutRules(windows, settings)[0]).toMatchObject({ basis: "OVERALL" });
  });

  it("does not fire on equal rates", () => {
    expect(rulesOf([win("PRIMARY", 0, { errors: 20 }), win("FALLBACK", 0, { requests: 100, errors: 2 })])).toEqual([]);
  });

  it("compares against the baseline error rate when there is no primary traffic to compare", () => {
    const lonely = [win("FALLBACK", 3, { requests: 100, errors: 6 })];
    expect(rulesOf(lonely)).toEqual([]);
    const findings = evaluateRolloutRules(lonely, { ...settings, baselineErrorRate: 0.05 });
    expect(findings[0]).toMatchObject({
      rule: "ROLL_BACK_ERROR_RATE",
      basis: "BASELINE",
      evidence: { fallbackErrorRate: 0.06, baselineErrorRate: 0.05, fallbackRequests: 100 },
    });
    expect(rulesOf([win("PRIMARY", 3, { requests: 0 }), ...lonely], { ...settings, baselineErrorRate: 0.05 })).toEqual([
      "ROLL_BACK_ERROR_RATE",
    ]);
  });
});

describe("evaluateRolloutRules: inputs", () => {
  it("returns nothing for no windows", () => {
    expect(evaluateRolloutRules([], settings)).toEqual([]);
  });

  it("orders findings by window start, then critical before warnings", () => {
    const windows = [
      win("FALLBACK", 2, { p95LatencyMs: 9000, errors: 900 }),
      win("PRIMARY", 2, { timeouts: 80 }),
      win("PRIMARY", 1, { timeouts: 80 }),
    ];
    const findings = evaluateRolloutRules(windows, settings);
    expect(findings.map((f) => f.rule)).toEqual(["CONSIDER_FALLBACK", "ROLL_BACK_ERROR_RATE", "STOP_INCREASING_LATENCY"]);
  });

  it("skips malformed windows and says why", () => {
    const good = win("PRIMARY", 0);
    const { valid, skipped } = screenWindows(
      [
        good,
        { ...good, windowStart: new Date(Number.NaN) },
        { ...good, windowEnd: new Date(T0 - MIN) },
        { ...good, windowEnd: new Date(T0 + 15 * MIN) },
        { ...good, requests: -1 },
        { ...good, timeouts: 2000 },
        { ...good, errors: Number.NaN },
        { ...good, p95LatencyMs: Number.POSITIVE_INFINITY },
        { ...good, activeClassErrors: 5000 },
        { ...good, path: "SIDEWAYS" as unknown as "PRIMARY" },
      ],
      5,
    );
    expect(valid).toEqual([good]);
    expect(skipped.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(skipped[2]!.reason).toBe("window length differs from the configured observation window");
  });

  it("rejects invalid settings with a clear error", () => {
    expect(() => evaluateRolloutRules([], { ...settings, windowMinutes: 0 })).toThrow(ZodError);
    expect(() => evaluateRolloutRules([], { ...settings, baselineTimeoutRate: 3 })).toThrow(
      "Rates are fractions between 0 and 1.",
    );
    expect(() => evaluateRolloutRules([], { ...settings, materialFactor: 0.5 })).toThrow(ZodError);
  });

  it("never throws on arbitrary windows, and findings only cite given windows", () => {
    const count = fc.oneof(
      fc.nat(2000),
      fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY, 0.5),
    );
    const arbWindow = fc.record({
      path: fc.constantFrom("PRIMARY", "FALLBACK", "OTHER"),
      windowStart: fc.oneof(
        fc.integer({ min: 0, max: 40 }).map((slot) => new Date(T0 + slot * 5 * MIN)),
        fc.date({ noInvalidDate: false }),
      ),
      length: fc.oneof(fc.constant(5 * MIN), fc.integer({ min: -MIN, max: 20 * MIN })),
      requests: count,
      errors: count,
      timeouts: count,
      validationFailures: count,
      p95LatencyMs: fc.option(count, { nil: null }),
      activeClassErrors: fc.option(count, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(arbWindow, { maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (raw, baseline) => {
          const windows = raw.map(({ length, ...w }) => ({
            ...w,
            windowEnd: new Date(w.windowStart.getTime() + length),
          })) as unknown as TObservationWindow[];
          const findings = evaluateRolloutRules(windows, { ...settings, baselineTimeoutRate: baseline, baselineErrorRate: 0.1 });
          const starts = new Set(windows.map((w) => w.windowStart.getTime()));
          for (const f of findings) {
            expect(f.windowStarts.length).toBeGreaterThan(0);
            for (const d of f.windowStarts) expect(starts.has(d.getTime())).toBe(true);
            expect(f.severity).toBe(f.rule.startsWith("ROLL_BACK") ? "CRITICAL" : "WARNING");
            for (const n of Object.values(f.evidence)) expect(Number.isFinite(n)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
