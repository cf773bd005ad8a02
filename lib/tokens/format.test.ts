import { describe, expect, it } from "vitest";
import {
  expiryFrom,
  generateToken,
  hasBearer,
  hashToken,
  LAST_USED_RESOLUTION_MS,
  parseBearer,
  shouldTouchLastUsed,
  TOKEN_EXPIRY_DAYS,
  tokenStatus,
} from "./format";
import { ZCreateToken } from "./schemas";

describe("token format", () => {
  it("generates irt_<prefix>_<secret> with 256 bits of randomness and stores only a sha256 hash", () => {
    const t = generateToken();
    expect(t.token).toMatch(/^irt_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(t.token.startsWith(`irt_${t.prefix}_`)).toBe(true);
    const secret = t.token.split("_").slice(2).join("_");
    expect(Buffer.from(secret, "base64url").byteLength).toBe(32);
    expect(t.hash).toBe(hashToken(t.token));
    expect(t.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(t.hash).not.toContain(secret);
    const many = new Set(Array.from({ length: 200 }, () => generateToken().token));
    expect(many.size).toBe(200);
  });

  it("parses only well-formed bearer headers", () => {
    const { token } = generateToken();
    expect(parseBearer(`Bearer ${token}`)).toBe(token);
    expect(parseBearer(`bearer   ${token}  `)).toBe(token);
    expect(parseBearer(null)).toBeNull();
    expect(parseBearer("")).toBeNull();
    expect(parseBearer(`Basic ${token}`)).toBeNull();
    expect(parseBearer(`Bearer ${token}x`)).toBeNull();
    expect(parseBearer(`Bearer ${token.replace("irt_", "xyz_")}`)).toBeNull();
    expect(parseBearer("Bearer irt_zzzzzzzz_abc")).toBeNull();
    expect(parseBearer(`Bearer ${token} extra`)).toBeNull();
    expect(hasBearer("Bearer nonsense")).toBe(true);
    expect(hasBearer("Basic abc")).toBe(false);
    expect(hasBearer(null)).toBe(false);
  });
});

describe("token expiry", () => {
  const now = new Date("2026-11-24T10:00:00Z");

  it("offers only the fixed lifetimes and refuses others", () => {
    for (const days of TOKEN_EXPIRY_DAYS) expect(expiryFrom(now, days).getTime() - now.getTime()).toBe(days * 86_400_000);
    for (const bad of [0, -1, 1, 364, 366, 10_000, Number.NaN]) expect(() => expiryFrom(now, bad)).toThrow(RangeError);
  });

  it("schema accepts the choices and rejects missing or absurd expiry", () => {
    expect(ZCreateToken.parse({ name: " ci ", scope: "READ", expiresInDays: "30" })).toEqual({ name: "ci", scope: "READ", expiresInDays: 30 });
    expect(ZCreateToken.safeParse({ name: "ci", scope: "READ" }).success).toBe(false);
    expect(ZCreateToken.safeParse({ name: "ci", scope: "READ", expiresInDays: "0" }).success).toBe(false);
    expect(ZCreateToken.safeParse({ name: "ci", scope: "READ", expiresInDays: "99999" }).success).toBe(false);
    expect(ZCreateToken.safeParse({ name: "", scope: "READ", expiresInDays: "7" }).success).toBe(false);
    expect(ZCreateToken.safeParse({ name: "ci", scope: "ADMIN", expiresInDays: "7" }).success).toBe(false);
  });

  it("status: revoked wins, then expired (including no expiry), else active", () => {
    const future = new Date(now.getTime() + 1000);
    const past = new Date(now.getTime() - 1);
    expect(tokenStatus({ revokedAt: null, expiresAt: future }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt: past }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: past, expiresAt: future }, now)).toBe("revoked");
  });

  it("lastUsedAt is touched at most once per resolution interval", () => {
    expect(shouldTouchLastUsed(null, now)).toBe(true);
    expect(shouldTouchLastUsed(new Date(now.getTime() - 1000), now)).toBe(false);
    expect(shouldTouchLastUsed(new Date(now.getTime() - LAST_USED_RESOLUTION_MS), now)).toBe(true);
  });
});
