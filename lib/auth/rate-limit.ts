// Sign-in throttling: failed attempts are counted per account and per IP over
// a sliding window; either limit reached blocks further attempts until the
// oldest counted failure leaves the window.
export type TThrottleLimits = { windowMs: number; maxPerAccount: number; maxPerIp: number };

export const SIGN_IN_LIMITS: TThrottleLimits = { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerIp: 20 };

export type TThrottleDecision = { allowed: true } | { allowed: false; reason: "account" | "ip"; retryAfterMs: number };

export function evaluateSignInThrottle(
  failures: { account: Date[]; ip: Date[] },
  now: Date,
  limits: TThrottleLimits = SIGN_IN_LIMITS,
): TThrottleDecision {
  const since = now.getTime() - limits.windowMs;
  const inWindow = (dates: Date[]) => dates.filter((d) => d.getTime() > since).sort((a, b) => a.getTime() - b.getTime());
  const retryAfter = (dates: Date[], max: number) => {
    // The attempt that must expire before the count drops below max.
    const pivot = dates[dates.length - max];
    return pivot ? Math.max(0, pivot.getTime() + limits.windowMs - now.getTime()) : 0;
  };
  const account = inWindow(failures.account);
  if (account.length >= limits.maxPerAccount) {
    return { allowed: false, reason: "account", retryAfterMs: retryAfter(account, limits.maxPerAccount) };
  }
  const ip = inWindow(failures.ip);
  if (ip.length >= limits.maxPerIp) {
    return { allowed: false, reason: "ip", retryAfterMs: retryAfter(ip, limits.maxPerIp) };
  }
  return { allowed: true };
}
