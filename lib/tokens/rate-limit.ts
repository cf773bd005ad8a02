// Per-token request limit for the JSON API: a token bucket per access token,
// kept in this process's memory (the app is one self-hosted process; a restart
// simply refills every bucket). A script that loops on the API gets 429 with
// Retry-After instead of starving the people using the app on the same 2 cores.

export type TRateLimitConfig = {
  /** Requests a token may make per minute, on average; 0 turns the limit off. */
  perMinute: number;
  /** Requests a token may make at once after being idle (default: one minute's worth). */
  burst?: number;
  /** Buckets kept; the least recently used is dropped beyond it (a dropped bucket restarts full). */
  maxKeys?: number;
};

export type TRateLimitDecision = {
  allowed: boolean;
  limit: number;
  /** Whole requests left right now (after this one, when allowed). */
  remaining: number;
  /** When refused: milliseconds until one request is available again. */
  retryAfterMs: number;
};

export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 600;

/** The configured limit: API_RATE_LIMIT_PER_MINUTE (0 = off), else the default. */
export function apiRateLimitPerMinute(env: Record<string, string | undefined> = process.env): number {
  const raw = env.API_RATE_LIMIT_PER_MINUTE?.trim();
  if (!raw) return DEFAULT_API_RATE_LIMIT_PER_MINUTE;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_API_RATE_LIMIT_PER_MINUTE;
}

export class TokenRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxKeys: number;

  constructor(readonly config: TRateLimitConfig) {
    this.capacity = Math.max(1, config.burst ?? config.perMinute);
    this.perMs = config.perMinute / 60_000;
    this.maxKeys = config.maxKeys ?? 10_000;
  }

  /** Takes one request from `key`'s bucket at `now` (ms). */
  take(key: string, now: number): TRateLimitDecision {
    if (this.config.perMinute <= 0) return { allowed: true, limit: 0, remaining: 0, retryAfterMs: 0 };
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    // Refill for the time since the last request (a clock going backwards refills nothing).
    bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    // Re-insert so Map order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, limit: this.capacity, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
    }
    return { allowed: false, limit: this.capacity, remaining: 0, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
  }
}
