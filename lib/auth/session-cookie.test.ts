import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionClaims, sessionTokenFromCookies, SESSION_COOKIE_NAMES } from "./session-cookie";

const SECRET = "unit-test-secret-0123456789abcdef";
const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

// The token exactly as Auth.js writes it at sign-in (same encode, salt = cookie name).
const token = (claims: Record<string, unknown>, salt = PLAIN, secret = SECRET, maxAge = 3600) => encode({ token: claims, secret, salt, maxAge });

describe("sessionTokenFromCookies", () => {
  it("returns the whole cookie, or its chunks joined in order", () => {
    expect(sessionTokenFromCookies([{ name: PLAIN, value: "abc" }], PLAIN)).toBe("abc");
    const chunks = [
      { name: `${PLAIN}.1`, value: "def" },
      { name: "other", value: "x" },
      { name: `${PLAIN}.0`, value: "abc" },
    ];
    expect(sessionTokenFromCookies(chunks, PLAIN)).toBe("abcdef");
  });

  it("is null without the cookie, with an empty one, or with a chunk missing", () => {
    expect(sessionTokenFromCookies([], PLAIN)).toBeNull();
    expect(sessionTokenFromCookies([{ name: PLAIN, value: "" }], PLAIN)).toBeNull();
    expect(sessionTokenFromCookies([{ name: `${PLAIN}.1`, value: "def" }], PLAIN)).toBeNull();
    expect(sessionTokenFromCookies([{ name: `${PLAIN}.x`, value: "def" }], PLAIN)).toBeNull();
    expect(sessionTokenFromCookies([{ name: SECURE, value: "abc" }], PLAIN)).toBeNull();
  });

  it("never throws, whatever the cookies", () => {
    const cookie = fc.record({ name: fc.oneof(fc.string(), fc.constantFrom(PLAIN, `${PLAIN}.0`, `${PLAIN}.1`, `${PLAIN}.01`)), value: fc.string() });
    fc.assert(
      fc.property(fc.array(cookie, { maxLength: 8 }), (cookies) => {
        const result = sessionTokenFromCookies(cookies, PLAIN);
        expect(result === null || typeof result === "string").toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("readSessionClaims", () => {
  it("reads uid and sv from the token Auth.js wrote, under either cookie name", async () => {
    expect(await readSessionClaims([{ name: PLAIN, value: await token({ uid: "u1", sv: 3, email: "a@b.c" }) }], SECRET)).toEqual({ uid: "u1", sv: 3 });
    expect(await readSessionClaims([{ name: SECURE, value: await token({ uid: "u2", sv: 0 }, SECURE) }], SECRET)).toEqual({ uid: "u2", sv: 0 });
    expect(SESSION_COOKIE_NAMES).toEqual([SECURE, PLAIN]);
  });

  it("reads a token split over chunks", async () => {
    const value = await token({ uid: "u3", sv: 1 });
    const cookies = [
      { name: `${PLAIN}.0`, value: value.slice(0, 40) },
      { name: `${PLAIN}.1`, value: value.slice(40) },
    ];
    expect(await readSessionClaims(cookies, SECRET)).toEqual({ uid: "u3", sv: 1 });
  });

  it("refuses a token from another secret, under the other cookie's salt, expired, or tampered with", async () => {
    expect(await readSessionClaims([{ name: PLAIN, value: await token({ uid: "u1" }, PLAIN, "another-secret-0123456789abcdef") }], SECRET)).toBeNull();
    expect(await readSessionClaims([{ name: PLAIN, value: await token({ uid: "u1" }, SECURE) }], SECRET)).toBeNull();
    // Expired well beyond Auth.js's 15 s clock tolerance.
    expect(await readSessionClaims([{ name: PLAIN, value: await token({ uid: "u1" }, PLAIN, SECRET, -60) }], SECRET)).toBeNull();
    const good = await token({ uid: "u1" });
    const tampered = `${good.slice(0, -3)}${good.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect(await readSessionClaims([{ name: PLAIN, value: tampered }], SECRET)).toBeNull();
    expect(await readSessionClaims([{ name: PLAIN, value: good }], undefined)).toBeNull();
  });

  it("drops claims of the wrong type", async () => {
    expect(await readSessionClaims([{ name: PLAIN, value: await token({ uid: 42, sv: "1" }) }], SECRET)).toEqual({ uid: undefined, sv: undefined });
  });

  it("answers null for any garbage cookie value", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (value) => {
        expect(await readSessionClaims([{ name: PLAIN, value }], SECRET)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe("readSessionClaims cache", () => {
  it("answers a known token again without decrypting, until the token's expiry (plus Auth.js's 15 s tolerance)", async () => {
    const value = await token({ uid: "cached", sv: 2 }, PLAIN, SECRET, 60);
    const now = Date.now();
    const cookies = [{ name: PLAIN, value }];
    expect(await readSessionClaims(cookies, SECRET, now)).toEqual({ uid: "cached", sv: 2 });
    // A caller changing the answer does not change the cached claims.
    const answer = await readSessionClaims(cookies, SECRET, now);
    answer!.uid = "changed";
    expect(await readSessionClaims(cookies, SECRET, now + 60_000)).toEqual({ uid: "cached", sv: 2 });
    expect(await readSessionClaims(cookies, SECRET, now + 80_000)).toBeNull();
    // The dropped entry is decrypted afresh: jose checks expiry against the real clock, where it is still valid.
    expect(await readSessionClaims(cookies, SECRET, now)).toEqual({ uid: "cached", sv: 2 });
  });

  it("forgets every token when the secret changes", async () => {
    const value = await token({ uid: "rotated" });
    expect(await readSessionClaims([{ name: PLAIN, value }], SECRET)).toEqual({ uid: "rotated", sv: undefined });
    expect(await readSessionClaims([{ name: PLAIN, value }], "a-new-secret-0123456789abcdef")).toBeNull();
  });
});
