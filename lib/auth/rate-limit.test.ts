import { describe, expect, it } from "vitest";
import { evaluateSignInThrottle } from "./rate-limit";

const now = new Date("2026-05-08T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const limits = { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerIp: 20 };

describe("evaluateSignInThrottle", () => {
  it("allows below both limits", () => {
    expect(evaluateSignInThrottle({ account: [ago(1), ago(2)], ip: [ago(1)] }, now, limits)).toEqual({ allowed: true });
  });
  it("blocks the account at the fifth failure in the window", () => {
    const d = evaluateSignInThrottle({ account: [ago(1), ago(2), ago(3), ago(4), ago(10)], ip: [] }, now, limits);
    expect(d).toEqual({ allowed: false, reason: "account", retryAfterMs: 5 * 60_000 });
  });
  it("ignores failures older than the window", () => {
    const d = evaluateSignInThrottle({ account: [ago(1), ago(2), ago(3), ago(4), ago(16)], ip: [] }, now, limits);
    expect(d.allowed).toBe(true);
  });
  it("blocks an IP spraying many accounts", () => {
    const ip = Array.from({ length: 20 }, (_, i) => ago(i * 0.5));
    const d = evaluateSignInThrottle({ account: [], ip }, now, limits);
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toBe("ip");
  });
});
