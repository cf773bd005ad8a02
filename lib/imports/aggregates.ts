// The incident's request-log aggregates, counted while an import streams: the
// finest histogram buckets (RequestLogBucket) and the observation windows
// (ObservationWindow). When the import is the incident's only one, these are
// exactly what the SQL recomputation over the stored rows gives (checked by
// aggregates.integration.test.ts), and the import skips two scans of its rows.
// Pure code: no database, no clock.
import type { TWindowMeasures } from "@/lib/fallback/thresholds";
import { FACT_CLASS_SLOTS, type TRowFacts } from "@/lib/logs/batch";
import { REQUEST_CLASSES, REQUEST_PATHS, type TRequestClass, type TRequestPath } from "@/lib/logs/record";
import { BUCKET_SIZE_MS, BUCKET_SIZES, bucketCount, finestServedBucketSize, MAX_CHOSEN_BUCKETS, type TBucketSize } from "./buckets";
import { copyIntValue } from "./copy-encoding";

const ORIGIN_MS = Date.parse("2000-01-01T00:00:00Z");
const CLASS_COUNT = REQUEST_CLASSES.length;
const PATH_CLASS_SLOTS = FACT_CLASS_SLOTS * REQUEST_PATHS.length;

/**
 * Latencies kept for the windows' percentiles (4 bytes each). Past this many the windows are left
 * to SQL, so an import's memory stays bounded whatever the file's size.
 */
export const MAX_STREAMED_LATENCIES = 2_000_000;

/** Start of the date_bin bucket of `step` ms holding `ms` (origin 2000-01-01, floor also before it). */
function binStart(ms: number, step: number): number {
  return ORIGIN_MS + Math.floor((ms - ORIGIN_MS) / step) * step;
}

/** PostgreSQL's round() of a double: to the nearest integer, halves to even (rint). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** PostgreSQL's percentile_cont over ascending values: linear interpolation between the nearest ranks. */
export function percentileCont(sorted: ArrayLike<number>, fraction: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const position = fraction * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  if (lower === upper) return low;
  return low + (position - lower) * ((sorted[upper] as number) - low);
}

type TWindow = { path: number; start: number; classCounts: Int32Array; latencies: Int32Array; latencyCount: number };

export type TFineBucketRow = { windowStartMs: number; path: TRequestPath; requestClass: TRequestClass; count: number };

export type TWindowRow = TWindowMeasures & { path: TRequestPath; windowStartMs: number };

/** Counts an import's rows into the finest servable buckets and the observation windows. */
export class RequestAggregator {
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  private rows = 0;
  /** Current fine bucket size: the finest whose buckets cover the span seen so far within the chart limit. */
  private sizeIndex = 0;
  /** Bucket start → counts per path × class (indexed like TRowFacts.pathClass). */
  private fine = new Map<number, Int32Array>();
  private readonly windowMs: number;
  /** Window start × 2 + path → the window. */
  private windows: Map<number, TWindow> | null = new Map();
  private latencies = 0;

  constructor(
    windowMinutes: number,
    private readonly maxLatencies = MAX_STREAMED_LATENCIES,
  ) {
    this.windowMs = Math.max(1, windowMinutes) * 60_000;
  }

  /** Whether the windows could be counted here (false once the latency limit was passed). */
  get hasWindows(): boolean {
    return this.windows !== null;
  }

  get rowCount(): number {
    return this.rows;
  }

  add(facts: TRowFacts): void {
    const { ts, latencyMs, pathClass } = facts;
    for (let i = 0; i < ts.length; i += 1) {
      const t = ts[i] as number;
      const slot = pathClass[i] as number;
      this.rows += 1;
      if (t < this.first || t > this.last) {
        if (t < this.first) this.first = t;
        if (t > this.last) this.last = t;
        this.fitSpan();
      }
      const step = BUCKET_SIZE_MS[BUCKET_SIZES[this.sizeIndex] as TBucketSize];
      const bucket = binStart(t, step);
      let counts = this.fine.get(bucket);
      if (counts === undefined) {
        counts = new Int32Array(PATH_CLASS_SLOTS);
        this.fine.set(bucket, counts);
      }
      counts[slot] = (counts[slot] as number) + 1;
      if (this.windows !== null) this.addToWindow(t, slot, latencyMs[i] as number);
    }
  }

  private addToWindow(t: number, slot: number, latency: number): void {
    const windows = this.windows as Map<number, TWindow>;
    const path = Math.floor(slot / FACT_CLASS_SLOTS);
    const cls = slot % FACT_CLASS_SLOTS;
    const start = binStart(t, this.windowMs);
    const key = start * 2 + path;
    let window = windows.get(key);
    if (window === undefined) {
      window = { path, start, classCounts: new Int32Array(CLASS_COUNT), latencies: new Int32Array(16), latencyCount: 0 };
      windows.set(key, window);
    }
    window.classCounts[cls] = (window.classCounts[cls] as number) + 1;
    // The value the row's latencyMs column holds (NULL out of int4), which is what SQL would read.
    const stored = Number.isNaN(latency) ? null : copyIntValue(latency);
    if (stored === null) return;
    if (this.latencies >= this.maxLatencies) {
      this.windows = null;
      return;
    }
    if (window.latencyCount === window.latencies.length) {
      const grown = new Int32Array(window.latencies.length * 2);
      grown.set(window.latencies);
      window.latencies = grown;
    }
    window.latencies[window.latencyCount++] = stored;
    this.latencies += 1;
  }

  /** Moves to coarser buckets while the span needs more than the chart limit (every size divides the next). */
  private fitSpan(): void {
    let moved = false;
    while (this.sizeIndex < BUCKET_SIZES.length - 1 && bucketCount(this.first, this.last, BUCKET_SIZES[this.sizeIndex] as TBucketSize) > MAX_CHOSEN_BUCKETS) {
      this.sizeIndex += 1;
      moved = true;
    }
    if (!moved) return;
    const step = BUCKET_SIZE_MS[BUCKET_SIZES[this.sizeIndex] as TBucketSize];
    const coarse = new Map<number, Int32Array>();
    for (const [start, counts] of this.fine) {
      const bucket = binStart(start, step);
      const into = coarse.get(bucket);
      if (into === undefined) coarse.set(bucket, counts);
      else for (let s = 0; s < PATH_CLASS_SLOTS; s += 1) into[s] = (into[s] as number) + (counts[s] as number);
    }
    this.fine = coarse;
  }

  /** First and last request time (epoch ms), or null before any row. */
  span(): { first: number; last: number } | null {
    return this.rows === 0 ? null : { first: this.first, last: this.last };
  }

  /** The finest bucket size and its non-empty counts (as the SQL GROUP BY gives them, in no particular order). */
  fineBuckets(): { size: TBucketSize; rows: TFineBucketRow[] } {
    const size = BUCKET_SIZES[this.sizeIndex] as TBucketSize;
    if (this.rows > 0 && size !== finestServedBucketSize(this.first, this.last)) throw new Error("fine bucket size out of step with the span");
    const rows: TFineBucketRow[] = [];
    for (const [windowStartMs, counts] of this.fine) {
      for (let p = 0; p < REQUEST_PATHS.length; p += 1) {
        for (let c = 0; c < CLASS_COUNT; c += 1) {
          const count = counts[p * FACT_CLASS_SLOTS + c] as number;
          if (count > 0) rows.push({ windowStartMs, path: REQUEST_PATHS[p] as TRequestPath, requestClass: REQUEST_CLASSES[c] as TRequestClass, count });
        }
      }
    }
    return { size, rows };
  }

  /** One row per path and window that has requests; null when the windows were left to SQL. */
  windowRows(activeClasses: readonly string[]): TWindowRow[] | null {
    if (this.windows === null) return null;
    const active = new Set(activeClasses);
    const rows: TWindowRow[] = [];
    for (const window of this.windows.values()) {
      const counts = window.classCounts;
      let requests = 0;
      let activeErrors = 0;
      for (let c = 0; c < CLASS_COUNT; c += 1) {
        requests += counts[c] as number;
        if (active.has(REQUEST_CLASSES[c] as string)) activeErrors += counts[c] as number;
      }
      const sorted = window.latencies.subarray(0, window.latencyCount).sort();
      const percentile = (fraction: number) => {
        const value = percentileCont(sorted, fraction);
        return value === null ? null : roundHalfEven(value);
      };
      rows.push({
        path: REQUEST_PATHS[window.path] as TRequestPath,
        windowStartMs: window.start,
        requests,
        errors: requests - (counts[REQUEST_CLASSES.indexOf("OK")] as number),
        timeouts: counts[REQUEST_CLASSES.indexOf("TIMEOUT")] as number,
        validationFailures: counts[REQUEST_CLASSES.indexOf("QUALITY_REGRESSION")] as number,
        p50LatencyMs: percentile(0.5),
        p95LatencyMs: percentile(0.95),
        p99LatencyMs: percentile(0.99),
        activeClassErrors: active.size === 0 ? null : activeErrors,
      });
    }
    return rows;
  }
}
