// Suggests the incident window (start and end of the degradation) from the
// error rate per time bucket of imported request logs. Pure: the page feeds
// it the histogram buckets and shows the result next to the recorded window.

export type TRateBucket = {
  /** Bucket start and end, epoch milliseconds. */
  startMs: number;
  endMs: number;
  requests: number;
  /** Requests that were not OK. */
  errors: number;
};

export type TSuggestWindowOptions = {
  /** Buckets the "first buckets" baseline uses. */
  baselineBuckets: number;
  /** Standard deviations above the baseline that count as degraded. */
  k: number;
  /** Lowest threshold, as an error rate (0.02 = 2 %): noise below this never counts. */
  floor: number;
  /** Buckets in a row that must agree before the state changes. */
  consecutive: number;
  /** Buckets with fewer requests say nothing and are skipped. */
  minRequests: number;
};

export const DEFAULT_SUGGEST_OPTIONS: TSuggestWindowOptions = { baselineBuckets: 6, k: 3, floor: 0.02, consecutive: 2, minRequests: 1 };

export type TBaselineSource = "first-buckets" | "quietest-quarter";

export type TWindowSuggestion = {
  /** Median error rate of the baseline buckets. */
  baseline: number;
  baselineSource: TBaselineSource;
  sigma: number;
  /** max(2 × baseline, baseline + k·σ, floor). */
  threshold: number;
  /** First degraded bucket's start, or null when the logs show no degradation. */
  startMs: number | null;
  /** Start of the first bucket of the recovery, or null when there is none (yet). */
  endMs: number | null;
  peakRate: number | null;
  /** Buckets above the threshold between start and end. */
  degradedBuckets: number;
  /** Plain-language explanation for the page. */
  reason: string;
};

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance);
}

const pct = (rate: number) => `${(Math.round(rate * 1000) / 10).toLocaleString("en-US")} %`;

/**
 * Baseline: the median error rate of the first `baselineBuckets` buckets when
 * the logs start calm (that median is at most the median of all buckets);
 * otherwise the median of the quietest quarter of buckets, so a log that
 * starts mid-incident still gets a sensible baseline.
 */
function chooseBaseline(rates: readonly number[], options: TSuggestWindowOptions): { sample: number[]; source: TBaselineSource } {
  const first = rates.slice(0, Math.max(1, options.baselineBuckets));
  if (rates.length >= 2 * first.length && median(first) <= median(rates)) return { sample: first, source: "first-buckets" };
  const quarter = Math.max(1, Math.ceil(rates.length / 4));
  return { sample: [...rates].sort((a, b) => a - b).slice(0, quarter), source: "quietest-quarter" };
}

/**
 * Degradation starts at the first bucket above the threshold that is followed
 * by `consecutive - 1` more above it; recovery is the first later bucket that
 * starts a run of `consecutive` buckets back at or under the threshold.
 */
export function suggestIncidentWindow(buckets: readonly TRateBucket[], overrides: Partial<TSuggestWindowOptions> = {}): TWindowSuggestion {
  const options = { ...DEFAULT_SUGGEST_OPTIONS, ...overrides };
  const consecutive = Math.max(1, Math.floor(options.consecutive));
  const usable = [...buckets]
    .filter((b) => Number.isFinite(b.startMs) && b.requests >= Math.max(1, options.minRequests))
    .sort((a, b) => a.startMs - b.startMs);
  const rates = usable.map((b) => Math.min(1, Math.max(0, b.errors / b.requests)));
  const none = (reason: string, baseline = 0, sigma = 0, threshold = options.floor, source: TBaselineSource = "first-buckets"): TWindowSuggestion => ({
    baseline,
    baselineSource: source,
    sigma,
    threshold,
    startMs: null,
    endMs: null,
    peakRate: null,
    degradedBuckets: 0,
    reason,
  });
  if (usable.length < consecutive) return none("Not enough time buckets with requests to judge a degradation.");

  const { sample, source } = chooseBaseline(rates, options);
  const baseline = median(sample);
  const sigma = standardDeviation(sample);
  const threshold = Math.max(baseline * 2, baseline + options.k * sigma, options.floor);
  const above = rates.map((r) => r > threshold);

  const runFrom = (i: number, value: boolean) => i + consecutive <= above.length && above.slice(i, i + consecutive).every((a) => a === value);
  let start = -1;
  for (let i = 0; i < above.length; i += 1) {
    if (runFrom(i, true)) {
      start = i;
      break;
    }
  }
  if (start === -1) {
    return none(
      `No ${consecutive} buckets in a row above the threshold of ${pct(threshold)} (baseline ${pct(baseline)}).`,
      baseline,
      sigma,
      threshold,
      source,
    );
  }
  let end = -1;
  for (let i = start + consecutive; i < above.length; i += 1) {
    if (runFrom(i, false)) {
      end = i;
      break;
    }
  }
  const span = rates.slice(start, end === -1 ? rates.length : end);
  const first = usable[start] as TRateBucket;
  const recovery = end === -1 ? null : (usable[end] as TRateBucket);
  return {
    baseline,
    baselineSource: source,
    sigma,
    threshold,
    startMs: first.startMs,
    endMs: recovery?.startMs ?? null,
    peakRate: Math.max(...span),
    degradedBuckets: above.slice(start, end === -1 ? above.length : end).filter(Boolean).length,
    reason:
      `Error rate rose above ${pct(threshold)} (baseline ${pct(baseline)} from the ${source === "first-buckets" ? "first buckets" : "quietest quarter of buckets"}) ` +
      `for ${consecutive}+ buckets in a row` +
      (recovery ? ` and stayed back under it from the recovery bucket on.` : `; the logs end before it recovered.`),
  };
}

/** Detection lag: recorded detection minus the suggested start (null when either is unknown). */
export function detectionLagMs(suggestedStartMs: number | null, detectedAt: Date | null): number | null {
  if (suggestedStartMs === null || detectedAt === null) return null;
  return detectedAt.getTime() - suggestedStartMs;
}
