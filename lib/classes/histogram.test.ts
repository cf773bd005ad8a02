import { describe, expect, it } from "vitest";
import { REQUEST_CLASSES } from "@/lib/fallback/types";
import {
  bucketsToManualWindows,
  chooseHistogramSource,
  histogramFingerprint,
  histogramRows,
  manualWindowsToBuckets,
  requestClassLabel,
  type THistogramBucket,
} from "./histogram";

const b = (over: Partial<THistogramBucket>): THistogramBucket => ({
  source: "MANUAL",
  windowStart: "2026-05-08T09:00:00.000Z",
  windowEnd: "2026-05-08T09:05:00.000Z",
  path: "PRIMARY",
  requestClass: "OK",
  count: 1,
  ...over,
});

describe("chooseHistogramSource", () => {
  it("prefers imported logs, then manual entry, else nothing", () => {
    expect(chooseHistogramSource([b({ source: "MANUAL" }), b({ source: "IMPORT" })])).toBe("IMPORT");
    expect(chooseHistogramSource([b({ source: "MANUAL" })])).toBe("MANUAL");
    expect(chooseHistogramSource([b({ source: "LIVE" })])).toBeNull();
    expect(chooseHistogramSource([])).toBeNull();
  });
});

describe("histogramRows", () => {
  const buckets = [
    b({ windowStart: "2026-05-08T09:05:00.000Z", windowEnd: "2026-05-08T09:10:00.000Z", requestClass: "TIMEOUT", count: 9 }),
    b({ requestClass: "TIMEOUT", count: 3 }),
    b({ path: "FALLBACK", requestClass: "TIMEOUT", count: 2 }),
    b({ path: "FALLBACK", requestClass: "OK", count: 20 }),
    b({ source: "IMPORT", requestClass: "AUTH", count: 100 }),
  ];

  it("charts the preferred source only, one row per window in time order, both paths summed", () => {
    const rows = histogramRows(buckets, "ALL", "MANUAL");
    expect(rows.map((r) => r.windowStart)).toEqual(["2026-05-08T09:00:00.000Z", "2026-05-08T09:05:00.000Z"]);
    expect(rows[0]).toMatchObject({ TIMEOUT: 5, OK: 20, AUTH: 0, total: 25 });
    expect(rows[1]).toMatchObject({ TIMEOUT: 9, total: 9 });
    // Without an explicit source the imported buckets win.
    expect(histogramRows(buckets, "ALL")).toEqual([expect.objectContaining({ AUTH: 100, total: 100 })]);
  });

  it("filters by path", () => {
    expect(histogramRows(buckets, "FALLBACK", "MANUAL")).toEqual([expect.objectContaining({ TIMEOUT: 2, OK: 20, total: 22 })]);
    expect(histogramRows(buckets, "PRIMARY", "MANUAL")[0]).toMatchObject({ TIMEOUT: 3, OK: 0, total: 3 });
  });

  it("has a column for every request class", () => {
    const [row] = histogramRows([b({})], "ALL");
    for (const c of REQUEST_CLASSES) expect(row).toHaveProperty(c);
  });
});

describe("manual grid ↔ buckets", () => {
  it("round-trips, keeping zero cells so an all-zero window survives", () => {
    const windows = bucketsToManualWindows([
      b({ requestClass: "TIMEOUT", count: 4 }),
      b({ path: "FALLBACK", requestClass: "OK", count: 6 }),
      b({ windowStart: "2026-05-08T09:05:00.000Z", windowEnd: "2026-05-08T09:10:00.000Z", count: 0 }),
    ]);
    expect(windows).toHaveLength(2);
    expect(windows[0]!.counts.PRIMARY).toMatchObject({ TIMEOUT: 4, OK: 0 });
    const buckets = manualWindowsToBuckets(windows);
    expect(buckets).toHaveLength(2 * 2 * REQUEST_CLASSES.length);
    expect(bucketsToManualWindows(buckets)).toEqual(windows);
  });

  it("fingerprints equal sets equally and different sets differently", () => {
    const a = bucketsToManualWindows([b({ count: 1 })]);
    const same = bucketsToManualWindows([b({ count: 1 })]);
    const other = bucketsToManualWindows([b({ count: 2 })]);
    expect(histogramFingerprint(a)).toBe(histogramFingerprint(same));
    expect(histogramFingerprint(a)).not.toBe(histogramFingerprint(other));
    expect(histogramFingerprint([])).toBe(histogramFingerprint(bucketsToManualWindows([])));
  });
});

describe("requestClassLabel", () => {
  it("uses the runbook's class labels", () => {
    expect(requestClassLabel("TIMEOUT")).toBe("Timeouts");
    expect(requestClassLabel("UPSTREAM_5XX")).toBe("5xx upstream-style errors");
    expect(requestClassLabel("OK")).toBe("OK");
  });
});
