// The session cookie → { uid, sv }, without Auth.js's session endpoint.
//
// auth() called with no arguments (server components and server actions)
// builds a Request, runs the whole session endpoint — decrypt, callbacks, and
// a fresh encrypt of a rolled token whose Set-Cookie it then throws away — for
// the two claims getActor needs. Decrypting the cookie directly gives the same
// answer (same secret, salt and expiry check as Auth.js) for a fraction of the
// CPU: bench:list measured auth() at ~2 ms of each ~15 ms page render.
import { decode } from "next-auth/jwt";

/** Auth.js's session cookie names: the __Secure- one over https, the plain one over http. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export type TSessionClaims = { uid?: string; sv?: number };
type TCookie = { name: string; value: string };

/**
 * The session token stored under `name`: the cookie itself, or the chunks
 * `name.0`, `name.1`, … joined in order (Auth.js splits tokens over ~4 kB).
 */
export function sessionTokenFromCookies(cookies: readonly TCookie[], name: string): string | null {
  const whole = cookies.find((c) => c.name === name);
  if (whole) return whole.value || null;
  const chunks: { index: number; value: string }[] = [];
  for (const c of cookies) {
    if (!c.name.startsWith(`${name}.`)) continue;
    const suffix = c.name.slice(name.length + 1);
    if (!/^\d{1,3}$/.test(suffix)) continue;
    chunks.push({ index: Number(suffix), value: c.value });
  }
  if (chunks.length === 0) return null;
  chunks.sort((a, b) => a.index - b.index);
  // A missing chunk leaves a token that cannot decrypt: treat it as no session.
  if (chunks.some((c, i) => c.index !== i)) return null;
  return chunks.map((c) => c.value).join("") || null;
}

// Decrypted tokens, by cookie name and token: a signed-in user sends the same
// token with every request until it is re-issued, and WebCrypto's AES-CBC +
// HMAC jobs cost ~0.9 ms per request. Entries keep the token's expiry and are
// checked against it on every hit; revocation is not affected (getActor checks
// the user's status and session version in the database every time).
const DECODED_LIMIT = 1000;
const decoded = new Map<string, { claims: TSessionClaims; expiresAtMs: number }>();
let decodedSecret: string | undefined;
// Auth.js's decode accepts a token up to 15 s past its expiry.
const CLOCK_TOLERANCE_MS = 15_000;

function remember(key: string, claims: TSessionClaims, exp: unknown): void {
  if (typeof exp !== "number") return;
  if (decoded.size >= DECODED_LIMIT) decoded.delete(decoded.keys().next().value as string);
  decoded.set(key, { claims, expiresAtMs: exp * 1000 + CLOCK_TOLERANCE_MS });
}

/**
 * The claims of the first session cookie that decrypts with `secret` (and has
 * not expired), or null. Never throws on a bad cookie: it is just no session.
 */
export async function readSessionClaims(
  cookies: readonly TCookie[],
  secret: string | undefined,
  now: number = Date.now(),
): Promise<TSessionClaims | null> {
  if (!secret) return null;
  if (secret !== decodedSecret) {
    decoded.clear();
    decodedSecret = secret;
  }
  for (const name of SESSION_COOKIE_NAMES) {
    const token = sessionTokenFromCookies(cookies, name);
    if (token === null) continue;
    const key = `${name}\n${token}`;
    const known = decoded.get(key);
    if (known) {
      if (now < known.expiresAtMs) return { ...known.claims };
      decoded.delete(key);
      continue;
    }
    try {
      const payload = await decode({ token, secret, salt: name });
      if (!payload) continue;
      const claims: TSessionClaims = {
        uid: typeof payload.uid === "string" ? payload.uid : undefined,
        sv: typeof payload.sv === "number" ? payload.sv : undefined,
      };
      remember(key, claims, payload.exp);
      return { ...claims };
    } catch {
      // Tampered, expired or from another secret: try the other name, else no session.
    }
  }
  return null;
}

/** The secret Auth.js itself uses (next-auth reads AUTH_SECRET, else NEXTAUTH_SECRET). */
export function sessionSecret(): string | undefined {
  return process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
}
