import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiRateLimitPerMinute, DEFAULT_API_RATE_LIMIT_PER_MINUTE, TokenRateLimiter } from "./rate-limit";

describe("TokenRateLimiter", () => {
  it("allows a burst of one minute's worth, then refuses with the wait for the next request", () => {
    const limiter = new TokenRateLimiter({ perMinute: 60 });
    for (let i = 0; i < 60; i += 1) expect(limiter.take("t1", 1_000).allowed).toBe(true);
    const refused = limiter.take("t1", 1_000);
    expect(refused).toEqual({ allowed: false, limit: 60, remaining: 0, retryAfterMs: 1_000 });
    // Half a second later: still half a request short.
    expect(limiter.take("t1", 1_500)).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(limiter.take("t1", 2_000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("keeps one bucket per token", () => {
    const limiter = new TokenRateLimiter({ perMinute: 2 });
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("b", 0)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("refills to the burst, not beyond, and ignores a clock going backwards", () => {
    const limiter = new TokenRateLimiter({ perMinute: 60, burst: 5 });
    for (let i = 0; i < 5; i += 1) limiter.take("t", 0);
    expect(limiter.take("t", -10_000).allowed).toBe(false);
    expect(limiter.take("t", 3_600_000)).toMatchObject({ allowed: true, limit: 5, remaining: 4 });
  });

  it("is off at 0 per minute", () => {
    const limiter = new TokenRateLimiter({ perMinute: 0 });
    for (let i = 0; i < 1000; i += 1) expect(limiter.take("t", 0).allowed).toBe(true);
  });

  it("forgets the least recently used bucket beyond maxKeys (it restarts full)", () => {
    const limiter = new TokenRateLimiter({ perMinute: 1, maxKeys: 2 });
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("b", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false); // a is now the most recent
    expect(limiter.take("c", 0).allowed).toBe(true); // drops b
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("b", 0).allowed).toBe(true);
  });

  it("never lets more than burst + elapsed × rate requests through", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 300 }), (perMinute, gaps) => {
        const limiter = new TokenRateLimiter({ perMinute });
        let now = 0;
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          const d = limiter.take("k", now);
          if (d.allowed) allowed += 1;
          else expect(d.retryAfterMs).toBeGreaterThan(0);
        }
        expect(allowed).toBeLessThanOrEqual(perMinute + Math.floor((now * perMinute) / 60_000) + 1);
      }),
      { numRuns: 500 },
    );
  });
});

describe("apiRateLimitPerMinute", () => {
  it("reads API_RATE_LIMIT_PER_MINUTE, 0 included, and falls back to the default on anything else", () => {
    expect(apiRateLimitPerMinute({})).toBe(DEFAULT_API_RATE_LIMIT_PER_MINUTE);
    expect(apiRateLimitPerMinute({ API_RATE_LIMIT_PER_MINUTE: "120" })).toBe(120);
    expect(apiRateLimitPerMinute({ API_RATE_LIMIT_PER_MINUTE: "0" })).toBe(0);
    expect(apiRateLimitPerMinute({ API_RATE_LIMIT_PER_MINUTE: "-5" })).toBe(DEFAULT_API_RATE_LIMIT_PER_MINUTE);
    expect(apiRateLimitPerMinute({ API_RATE_LIMIT_PER_MINUTE: "lots" })).toBe(DEFAULT_API_RATE_LIMIT_PER_MINUTE);
  });
});
