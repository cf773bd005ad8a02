import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REQUEST_CLASSES, REQUEST_PATHS } from "@/lib/logs/record";
import { FACT_CLASS_SLOTS, type TRowFacts } from "@/lib/logs/batch";
import { percentileCont, RequestAggregator, roundHalfEven } from "./aggregates";
import { BUCKET_SIZE_MS, bucketStart, finestServedBucketSize } from "./buckets";

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);

function facts(rows: { ts: number; latency?: number | null; path?: number; cls?: number }[]): TRowFacts {
  return {
    ts: Float64Array.from(rows.map((r) => r.ts)),
    latencyMs: Float64Array.from(rows.map((r) => r.latency ?? Number.NaN)),
    pathClass: Uint8Array.from(rows.map((r) => (r.path ?? 0) * FACT_CLASS_SLOTS + (r.cls ?? 0))),
  };
}

describe("roundHalfEven (PostgreSQL round of a double)", () => {
  it("rounds halves to the even neighbour and everything else to the nearest", () => {
    expect([0.5, 1.5, 2.5, 10.5, 11.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, 7].map(roundHalfEven)).toEqual([0, 2, 2, 10, 12, -0, -2, -2, 2, 3, 7]);
  });
});

describe("percentileCont (PostgreSQL percentile_cont)", () => {
  it("interpolates between the nearest ranks", () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([42], 0.99)).toBe(42);
    expect(percentileCont([10, 11], 0.5)).toBe(10.5);
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    // 0.95 × 9 = 8.55: 90 + 0.55 × (100 − 90)
    expect(percentileCont([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95)).toBeCloseTo(95.5, 10);
  });
});

describe("RequestAggregator", () => {
  it("counts fine buckets at the finest size the final span allows, whatever order the rows come in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 * 86_400_000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 60 }), (offsets, minutes) => {
        const aggregator = new RequestAggregator(minutes);
        const times = offsets.map((o) => T0 + o);
        // In two batches, so coarsening happens between and within them.
        const half = Math.ceil(times.length / 2);
        aggregator.add(facts(times.slice(0, half).map((ts, i) => ({ ts, cls: i % 7, path: i % 2 }))));
        aggregator.add(facts(times.slice(half).map((ts, i) => ({ ts, cls: (half + i) % 7, path: (half + i) % 2 }))));
        const first = Math.min(...times);
        const last = Math.max(...times);
        const { size, rows } = aggregator.fineBuckets();
        expect(size).toBe(finestServedBucketSize(first, last));
        const expected = new Map<string, number>();
        times.forEach((ts, i) => {
          const key = `${bucketStart(ts, size)}|${REQUEST_PATHS[i % 2]}|${REQUEST_CLASSES[i % 7]}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        });
        expect(new Map(rows.map((r) => [`${r.windowStartMs}|${r.path}|${r.requestClass}`, r.count]))).toEqual(expected);
        expect(aggregator.span()).toEqual({ first, last });
        expect(aggregator.rowCount).toBe(times.length);
      }),
      { numRuns: 300 },
    );
  });

  it("gives one window per path and window start with counts, percentiles of stored latencies and active-class errors", () => {
    const aggregator = new RequestAggregator(5);
    const ok = REQUEST_CLASSES.indexOf("OK");
    const timeout = REQUEST_CLASSES.indexOf("TIMEOUT");
    const quality = REQUEST_CLASSES.indexOf("QUALITY_REGRESSION");
    aggregator.add(
      facts([
        { ts: T0, latency: 100, cls: ok },
        { ts: T0 + 60_000, latency: 300.4, cls: timeout },
        { ts: T0 + 120_000, latency: null, cls: quality },
        { ts: T0 + 299_999, latency: 1e12, cls: ok },
        { ts: T0 + 300_000, latency: 5, cls: ok, path: 1 },
      ]),
    );
    const windows = aggregator.windowRows(["TIMEOUT"])!;
    expect(windows).toHaveLength(2);
    expect(windows.find((w) => w.path === "PRIMARY")).toEqual({
      path: "PRIMARY",
      windowStartMs: bucketStart(T0, "5m"),
      requests: 4,
      errors: 2,
      timeouts: 1,
      validationFailures: 1,
      // 1e12 is beyond int4 and stored as NULL, like the missing one: [100, 300].
      p50LatencyMs: 200,
      p95LatencyMs: 290,
      p99LatencyMs: 298,
      activeClassErrors: 1,
    });
    expect(windows.find((w) => w.path === "FALLBACK")).toMatchObject({ windowStartMs: T0 + 300_000, requests: 1, p50LatencyMs: 5, activeClassErrors: 1 - 1 });
    expect(aggregator.windowRows([])!.every((w) => w.activeClassErrors === null)).toBe(true);
    expect(BUCKET_SIZE_MS["5m"]).toBe(300_000);
  });

  it("leaves the windows to SQL once more latencies arrive than it may keep, and still counts buckets", () => {
    const aggregator = new RequestAggregator(5, 10);
    aggregator.add(facts(Array.from({ length: 10 }, (_, i) => ({ ts: T0 + i, latency: i }))));
    expect(aggregator.hasWindows).toBe(true);
    aggregator.add(facts([{ ts: T0 + 11, latency: 11 }, { ts: T0 + 12, latency: null }]));
    expect(aggregator.hasWindows).toBe(false);
    expect(aggregator.windowRows(["TIMEOUT"])).toBeNull();
    expect(aggregator.fineBuckets().rows.reduce((n, r) => n + r.count, 0)).toBe(12);
  });
});
