// Personal access token format, hashing and expiry: pure functions, no I/O.
// A token is `irt_<prefix>_<secret>`: the prefix (8 hex chars) is shown in the
// UI to tell tokens apart; the secret is 32 random bytes (256 bits, base64url).
// Only the sha256 of the whole token is stored, so a database leak yields no
// usable token.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "irt";
const TOKEN_RE = /^irt_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

/** Expiry choices offered in the UI, in days. Expiry is mandatory: no everlasting tokens. */
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;
export type TTokenExpiryDays = (typeof TOKEN_EXPIRY_DAYS)[number];
const MAX_EXPIRY_MS = 366 * 24 * 3600_000;

export type TGeneratedToken = { token: string; prefix: string; hash: string };

export function generateToken(): TGeneratedToken {
  const prefix = randomBytes(4).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const token = `${TOKEN_PREFIX}_${prefix}_${secret}`;
  return { token, prefix, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token of an `Authorization: Bearer irt_…` header, or null when absent or malformed. */
export function parseBearer(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!m) return null;
  const token = m[1] ?? "";
  return TOKEN_RE.test(token) ? token : null;
}

/** True when the header claims bearer auth at all (valid or not): such a request never falls back to cookies. */
export function hasBearer(header: string | null | undefined): boolean {
  return Boolean(header && /^Bearer\b/i.test(header.trim()));
}

/** The expiry instant for a choice of days; refuses anything outside the offered choices. */
export function expiryFrom(now: Date, days: number): Date {
  if (!(TOKEN_EXPIRY_DAYS as readonly number[]).includes(days)) throw new RangeError(`Unsupported token lifetime: ${days} days.`);
  const at = new Date(now.getTime() + days * 24 * 3600_000);
  if (at.getTime() <= now.getTime() || at.getTime() - now.getTime() > MAX_EXPIRY_MS) throw new RangeError("Absurd expiry.");
  return at;
}

export type TTokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date = new Date()): TTokenStatus {
  if (t.revokedAt) return "revoked";
  // A token without an expiry (never issued by this app) is treated as expired: fail closed.
  if (!t.expiresAt || t.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** lastUsedAt is written at most once per this interval, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function shouldTouchLastUsed(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
