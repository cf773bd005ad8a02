// Time-bucket sizes for request-log charts: the smallest of a fixed ladder
// that keeps a span within a chart-friendly number of buckets. Every size
// divides a day, so buckets binned from the same origin line up across sizes
// (a 1 h bucket is exactly twelve 5 min buckets).

export const BUCKET_SIZES = ["1m", "5m", "15m", "1h", "6h", "1d"] as const;
export type TBucketSize = (typeof BUCKET_SIZES)[number];

export const BUCKET_SIZE_MS: Readonly<Record<TBucketSize, number>> = Object.freeze({
  "1m": 60_000,
  "5m": 5 * 60_000,
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "1d": 86_400_000,
});

export const BUCKET_SIZE_LABELS: Readonly<Record<TBucketSize, string>> = Object.freeze({
  "1m": "1 minute",
  "5m": "5 minutes",
  "15m": "15 minutes",
  "1h": "1 hour",
  "6h": "6 hours",
  "1d": "1 day",
});

/** Most buckets a chart should show; a longer span moves up to the next size. */
export const MAX_BUCKETS = 200;

/** Most buckets a user-chosen size may produce before it is coarsened. */
export const MAX_CHOSEN_BUCKETS = 2000;

/** Bucket boundaries are aligned to this instant (a UTC midnight), as in SQL date_bin. */
export const BUCKET_ORIGIN_ISO = "2000-01-01T00:00:00Z";
const ORIGIN_MS = Date.parse(BUCKET_ORIGIN_ISO);

export function isBucketSize(value: unknown): value is TBucketSize {
  return typeof value === "string" && (BUCKET_SIZES as readonly string[]).includes(value);
}

/** Start of the aligned bucket holding `ms` (same result as date_bin(size, ts, origin)). */
export function bucketStart(ms: number, size: TBucketSize): number {
  const step = BUCKET_SIZE_MS[size];
  return ORIGIN_MS + Math.floor((ms - ORIGIN_MS) / step) * step;
}

/** Aligned buckets needed to cover [firstMs, lastMs]. */
export function bucketCount(firstMs: number, lastMs: number, size: TBucketSize): number {
  if (!Number.isFinite(firstMs) || !Number.isFinite(lastMs)) return 0;
  const lo = Math.min(firstMs, lastMs);
  const hi = Math.max(firstMs, lastMs);
  return (bucketStart(hi, size) - bucketStart(lo, size)) / BUCKET_SIZE_MS[size] + 1;
}

/**
 * The smallest size whose aligned buckets cover [firstMs, lastMs] in at most
 * `maxBuckets`; one day when even that needs more.
 */
export function chooseBucketSize(firstMs: number, lastMs: number, maxBuckets = MAX_BUCKETS): TBucketSize {
  for (const size of BUCKET_SIZES) {
    if (bucketCount(firstMs, lastMs, size) <= maxBuckets) return size;
  }
  return "1d";
}

/**
 * The finest size the histogram can show for a span: any size the user picks is
 * either at least this coarse or coarsened to it, so counts stored at this size
 * at import time answer every offered size by summing (every size divides the next).
 */
export function finestServedBucketSize(firstMs: number, lastMs: number): TBucketSize {
  return chooseBucketSize(firstMs, lastMs, MAX_CHOSEN_BUCKETS);
}

/** Postgres interval literal for a size, for date_bin. */
export function bucketInterval(size: TBucketSize): string {
  return `${BUCKET_SIZE_MS[size] / 1000} seconds`;
}

/** Whether buckets of `coarse` are exact unions of buckets of `fine`. */
export function isMultipleOf(coarse: TBucketSize, fine: TBucketSize): boolean {
  return BUCKET_SIZE_MS[coarse] % BUCKET_SIZE_MS[fine] === 0;
}
