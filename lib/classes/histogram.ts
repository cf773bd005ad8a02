// The error-class histogram as pure data: stored buckets ↔ the manual grid,
// and buckets → chart rows. Buckets come from manual entry (MANUAL) or from
// imported request logs (IMPORT); the chart prefers imported data.
import { getFailureClass, isFailureClassId } from "@/lib/runbook/runbook";
import { PATHS, REQUEST_CLASSES, type TPath, type TRequestClass } from "@/lib/fallback/types";
import type { TClassCounts, TManualHistogram } from "./schemas";

export type TBucketSource = "MANUAL" | "IMPORT" | "LIVE";
export type THistogramSource = "MANUAL" | "IMPORT";

/** A stored bucket as it crosses to the client: times as ISO strings. */
export type THistogramBucket = {
  readonly source: TBucketSource;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly path: TPath;
  readonly requestClass: TRequestClass;
  readonly count: number;
};

export type TPathFilter = "ALL" | TPath;
export const PATH_FILTERS: readonly TPathFilter[] = Object.freeze(["ALL", ...PATHS]);

export type TChartRow = { windowStart: string; windowEnd: string; total: number } & Record<TRequestClass, number>;

export const HISTOGRAM_SOURCE_LABELS: Readonly<Record<THistogramSource, string>> = Object.freeze({
  IMPORT: "imported request logs",
  MANUAL: "manual entry",
});

export const PATH_FILTER_LABELS: Readonly<Record<TPathFilter, string>> = Object.freeze({
  ALL: "Both paths",
  PRIMARY: "Primary path",
  FALLBACK: "Fallback path",
});

/** Series label: the runbook's class label, or "OK" for requests without an error. */
export function requestClassLabel(requestClass: TRequestClass): string {
  return isFailureClassId(requestClass) ? getFailureClass(requestClass).label : "OK";
}

/** Imported logs are the better evidence: chart them when there are any, else the manual entry. */
export function chooseHistogramSource(buckets: readonly Pick<THistogramBucket, "source">[]): THistogramSource | null {
  if (buckets.some((b) => b.source === "IMPORT")) return "IMPORT";
  if (buckets.some((b) => b.source === "MANUAL")) return "MANUAL";
  return null;
}

const emptyCounts = (): Record<TRequestClass, number> =>
  Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0])) as Record<TRequestClass, number>;

const iso = (d: Date | string): string => (typeof d === "string" ? new Date(d).toISOString() : d.toISOString());

/**
 * One row per time window (sorted by start) with a count per request class,
 * for the chosen source and path (ALL sums both paths).
 */
export function histogramRows(
  buckets: readonly THistogramBucket[],
  pathFilter: TPathFilter,
  source: THistogramSource | null = chooseHistogramSource(buckets),
): TChartRow[] {
  if (source === null) return [];
  const rows = new Map<string, TChartRow>();
  for (const b of buckets) {
    if (b.source !== source) continue;
    if (pathFilter !== "ALL" && b.path !== pathFilter) continue;
    const start = iso(b.windowStart);
    const end = iso(b.windowEnd);
    const key = `${start}|${end}`;
    let row = rows.get(key);
    if (!row) {
      row = { windowStart: start, windowEnd: end, total: 0, ...emptyCounts() };
      rows.set(key, row);
    }
    row[b.requestClass] += b.count;
    row.total += b.count;
  }
  return [...rows.values()].sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.windowEnd.localeCompare(b.windowEnd));
}

// ─── Manual grid ↔ buckets ─────────────────────────────────────────────────

export type TManualWindow = {
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly counts: { readonly PRIMARY: TClassCounts; readonly FALLBACK: TClassCounts };
};

type TBucketLike = {
  readonly windowStart: Date | string;
  readonly windowEnd: Date | string;
  readonly path: TPath;
  readonly requestClass: TRequestClass;
  readonly count: number;
};

/** Manual buckets → grid rows (one per window, every class × path cell filled, missing cells 0). */
export function bucketsToManualWindows(buckets: readonly TBucketLike[]): TManualWindow[] {
  const windows = new Map<string, { windowStart: Date; windowEnd: Date; counts: { PRIMARY: TClassCounts; FALLBACK: TClassCounts } }>();
  for (const b of buckets) {
    const start = new Date(b.windowStart);
    const end = new Date(b.windowEnd);
    const key = `${start.toISOString()}|${end.toISOString()}`;
    let w = windows.get(key);
    if (!w) {
      w = { windowStart: start, windowEnd: end, counts: { PRIMARY: emptyCounts(), FALLBACK: emptyCounts() } };
      windows.set(key, w);
    }
    w.counts[b.path][b.requestClass] += b.count;
  }
  return [...windows.values()].sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime());
}

/** Grid rows → bucket rows: one per window × path × class, zeros included so empty windows survive. */
export function manualWindowsToBuckets(
  windows: TManualHistogram["windows"],
): { windowStart: Date; windowEnd: Date; path: TPath; requestClass: TRequestClass; count: number }[] {
  return windows.flatMap((w) =>
    PATHS.flatMap((path) =>
      REQUEST_CLASSES.map((requestClass) => ({
        windowStart: w.windowStart,
        windowEnd: w.windowEnd,
        path,
        requestClass,
        count: w.counts[path][requestClass],
      })),
    ),
  );
}

/** The grid as plain JSON (history before/after values and fingerprints). */
export function describeManualWindows(windows: readonly TManualWindow[]): unknown[] {
  return windows.map((w) => ({
    start: w.windowStart.toISOString(),
    end: w.windowEnd.toISOString(),
    PRIMARY: REQUEST_CLASSES.map((c) => w.counts.PRIMARY[c]),
    FALLBACK: REQUEST_CLASSES.map((c) => w.counts.FALLBACK[c]),
  }));
}

/**
 * A short stable digest of a manual set (FNV-1a over its JSON). The rows have
 * no version column, so a save names the set it was based on instead.
 */
export function histogramFingerprint(windows: readonly TManualWindow[]): string {
  const text = JSON.stringify(describeManualWindows(windows));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${windows.length}-${hash.toString(16).padStart(8, "0")}`;
}
