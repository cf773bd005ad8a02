import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BUCKET_SIZE_MS, BUCKET_SIZES, bucketCount, bucketStart, chooseBucketSize, isMultipleOf } from "./buckets";

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("chooseBucketSize", () => {
  it("picks 1 minute for short spans, including a single instant", () => {
    expect(chooseBucketSize(T0, T0)).toBe("1m");
    expect(chooseBucketSize(T0, T0 + 30 * MIN)).toBe("1m");
    expect(chooseBucketSize(T0, T0 + 199 * MIN)).toBe("1m");
  });
  it("moves up the ladder as the span grows, staying within 200 buckets", () => {
    expect(chooseBucketSize(T0, T0 + 200 * MIN)).toBe("5m");
    expect(chooseBucketSize(T0, T0 + 14 * HOUR)).toBe("5m");
    expect(chooseBucketSize(T0, T0 + 20 * HOUR)).toBe("15m");
    expect(chooseBucketSize(T0, T0 + 3 * 24 * HOUR)).toBe("1h");
    expect(chooseBucketSize(T0, T0 + 20 * 24 * HOUR)).toBe("6h");
    expect(chooseBucketSize(T0, T0 + 100 * 24 * HOUR)).toBe("1d");
  });
  it("falls back to one day when even days exceed the limit", () => {
    expect(chooseBucketSize(T0, T0 + 1000 * 24 * HOUR)).toBe("1d");
  });
  it("honours a custom limit and argument order", () => {
    expect(chooseBucketSize(T0 + 30 * MIN, T0, 10)).toBe("5m");
  });
  it("always returns the smallest size within the limit (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 90 * 24 * HOUR }), (start, span) => {
        const size = chooseBucketSize(start, start + span);
        const n = bucketCount(start, start + span, size);
        const index = BUCKET_SIZES.indexOf(size);
        if (size !== "1d") expect(n).toBeLessThanOrEqual(200);
        if (index > 0) expect(bucketCount(start, start + span, BUCKET_SIZES[index - 1]!)).toBeGreaterThan(200);
      }),
    );
  });
});

describe("bucket alignment", () => {
  it("aligns to UTC boundaries like date_bin from 2000-01-01", () => {
    expect(new Date(bucketStart(Date.UTC(2026, 4, 8, 9, 7, 31), "5m")).toISOString()).toBe("2026-05-08T09:05:00.000Z");
    expect(new Date(bucketStart(Date.UTC(2026, 4, 8, 9, 7, 31), "6h")).toISOString()).toBe("2026-05-08T06:00:00.000Z");
    expect(new Date(bucketStart(Date.UTC(1999, 11, 31, 23, 59, 59), "1h")).toISOString()).toBe("1999-12-31T23:00:00.000Z");
  });
  it("each size is a whole multiple of the smaller ones", () => {
    for (const [i, coarse] of BUCKET_SIZES.entries()) {
      for (const fine of BUCKET_SIZES.slice(0, i + 1)) {
        expect(isMultipleOf(coarse, fine)).toBe(true);
        expect(BUCKET_SIZE_MS[coarse] % BUCKET_SIZE_MS[fine]).toBe(0);
      }
    }
  });
});
