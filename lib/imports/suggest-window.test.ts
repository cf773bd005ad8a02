import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { detectionLagMs, median, standardDeviation, suggestIncidentWindow, type TRateBucket } from "./suggest-window";

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);
const STEP = 5 * 60_000;

/** Buckets from error rates (in %), 1000 requests each unless given. */
function series(ratesPct: readonly number[], requests = 1000): TRateBucket[] {
  return ratesPct.map((r, i) => ({ startMs: T0 + i * STEP, endMs: T0 + (i + 1) * STEP, requests, errors: Math.round((r / 100) * requests) }));
}
const at = (i: number) => T0 + i * STEP;

describe("suggestIncidentWindow", () => {
  it("finds start and recovery of a clear degradation", () => {
    const s = suggestIncidentWindow(series([1, 1, 1, 1, 1, 1, 1, 1, 30, 40, 35, 50, 1, 1, 1, 1]));
    expect(s.baseline).toBeCloseTo(0.01);
    expect(s.baselineSource).toBe("first-buckets");
    expect(s.startMs).toBe(at(8));
    expect(s.endMs).toBe(at(12));
    expect(s.peakRate).toBeCloseTo(0.5);
    expect(s.degradedBuckets).toBe(4);
    expect(s.reason).toMatch(/rose above/);
  });

  it("ignores a single spike: two buckets in a row are needed", () => {
    const s = suggestIncidentWindow(series([1, 1, 1, 1, 1, 1, 40, 1, 1, 1, 1, 1, 1]));
    expect(s.startMs).toBeNull();
    expect(s.endMs).toBeNull();
    expect(s.reason).toMatch(/No 2 buckets in a row/);
  });

  it("does not end the window on a single calm bucket inside the degradation", () => {
    const s = suggestIncidentWindow(series([1, 1, 1, 1, 1, 1, 1, 1, 30, 30, 1, 30, 30, 1, 1, 1]));
    expect(s.startMs).toBe(at(8));
    expect(s.endMs).toBe(at(13));
    expect(s.degradedBuckets).toBe(4);
  });

  it("reports an ongoing degradation when the logs end before recovery", () => {
    const s = suggestIncidentWindow(series([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 20, 25, 30, 30, 1]));
    expect(s.startMs).toBe(at(12));
    expect(s.endMs).toBeNull();
    expect(s.reason).toMatch(/before it recovered/);
  });

  it("uses the quietest quarter when the logs start in the middle of the incident", () => {
    const s = suggestIncidentWindow(series([40, 45, 50, 40, 40, 45, 40, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]));
    expect(s.baselineSource).toBe("quietest-quarter");
    expect(s.baseline).toBeCloseTo(0.02);
    expect(s.startMs).toBe(at(0));
    expect(s.endMs).toBe(at(7));
  });

  it("applies the floor: tiny absolute changes on a zero baseline are noise", () => {
    const s = suggestIncidentWindow(series([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0]));
    expect(s.threshold).toBe(0.02);
    expect(s.startMs).toBeNull();
    const custom = suggestIncidentWindow(series([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0]), { floor: 0.005 });
    expect(custom.startMs).toBe(at(6));
    expect(custom.endMs).toBe(at(9));
  });

  it("uses baseline + k·σ when the baseline is noisy", () => {
    // Baseline alternates 5 % / 15 %: median 10 %, σ ≈ 5.5 % → threshold ≈ 26 % (> 2 × 10 %).
    const s = suggestIncidentWindow(series([5, 15, 5, 15, 5, 15, 5, 15, 5, 15, 5, 15, 22, 24, 5, 15, 40, 45, 5, 15]));
    expect(s.threshold).toBeGreaterThan(0.2);
    expect(s.threshold).toBeCloseTo(0.1 + 3 * standardDeviation([0.05, 0.15, 0.05, 0.15, 0.05, 0.15]), 6);
    expect(s.startMs).toBe(at(16));
    expect(s.endMs).toBe(at(18));
  });

  it("skips empty or near-empty buckets instead of reading them as calm", () => {
    const buckets = series([1, 1, 1, 1, 1, 1, 1, 1, 30, 30, 30, 30, 1, 1, 1, 1]);
    buckets[10] = { ...buckets[10]!, requests: 0, errors: 0 };
    buckets[11] = { ...buckets[11]!, requests: 3, errors: 0 };
    const s = suggestIncidentWindow(buckets, { minRequests: 10 });
    expect(s.startMs).toBe(at(8));
    expect(s.endMs).toBe(at(12));
  });

  it("sorts unsorted input and tolerates too little data", () => {
    const shuffled = [...series([1, 1, 1, 1, 1, 1, 1, 1, 30, 40, 1, 1])].reverse();
    expect(suggestIncidentWindow(shuffled).startMs).toBe(at(8));
    expect(suggestIncidentWindow([]).startMs).toBeNull();
    expect(suggestIncidentWindow(series([50])).reason).toMatch(/Not enough/);
  });

  it("a constant error rate is never a degradation (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 2, max: 120 }), (rate, n) => {
        expect(suggestIncidentWindow(series(Array.from({ length: n }, () => rate))).startMs).toBeNull();
      }),
    );
  });

  it("start precedes end, and both are bucket starts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 80 }), (rates) => {
        const s = suggestIncidentWindow(series(rates));
        if (s.startMs !== null) {
          expect((s.startMs - T0) % STEP).toBe(0);
          if (s.endMs !== null) expect(s.endMs).toBeGreaterThan(s.startMs);
        } else {
          expect(s.endMs).toBeNull();
        }
      }),
    );
  });
});

describe("helpers", () => {
  it("median and standard deviation", () => {
    expect(median([])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(standardDeviation([1])).toBe(0);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
  });
  it("detection lag is detection minus the suggested start", () => {
    expect(detectionLagMs(at(2), new Date(at(5)))).toBe(3 * STEP);
    expect(detectionLagMs(null, new Date())).toBeNull();
    expect(detectionLagMs(at(2), null)).toBeNull();
  });
});
