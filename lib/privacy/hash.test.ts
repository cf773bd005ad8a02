import { createHmac } from "node:crypto";

import { describe, expect, it } from "vitest";

import { HashSecretError, hashPrompt, isKeyedHash, keyedHash, pseudonymize } from "@/lib/privacy/hash";
import { ZPrivacyPolicy } from "@/lib/privacy/policy";

const SECRET = "team-secret-0123456789";

describe("keyedHash", () => {
  it("is h: plus the first 32 hex characters of HMAC-SHA256", () => {
    const expected = createHmac("sha256", SECRET).update("user-42").digest("hex").slice(0, 32);
    expect(keyedHash(SECRET, "user-42")).toBe(`h:${expected}`);
    expect(isKeyedHash(keyedHash(SECRET, "user-42"))).toBe(true);
  });

  it("is deterministic per secret and differs across secrets", () => {
    expect(keyedHash(SECRET, "x")).toBe(keyedHash(SECRET, "x"));
    expect(keyedHash(SECRET, "x")).not.toBe(keyedHash("another-secret-0123", "x"));
    expect(keyedHash(Buffer.from(SECRET), "x")).toBe(keyedHash(SECRET, "x"));
  });

  it("refuses an empty secret", () => {
    expect(() => keyedHash("", "x")).toThrow(HashSecretError);
  });
});

describe("hashPrompt", () => {
  it("ignores line-ending style and surrounding whitespace", () => {
    expect(hashPrompt(SECRET, "  line one\r\nline two\n")).toBe(hashPrompt(SECRET, "line one\nline two"));
    expect(hashPrompt(SECRET, "a")).not.toBe(hashPrompt(SECRET, "b"));
  });
});

describe("pseudonymize", () => {
  it("hashes the trimmed id when enabled", () => {
    expect(pseudonymize(" alice@example.com ", SECRET, true)).toBe(keyedHash(SECRET, "alice@example.com"));
  });

  it("keeps the id but still redacts secrets when disabled", () => {
    expect(pseudonymize("tenant-7", SECRET, false)).toBe("tenant-7");
    expect(pseudonymize("sk-live-4f9a8b7c6d5e4f3a2b1c0d9e", SECRET, false)).toBe("[REDACTED:api_key]");
  });
});

describe("ZPrivacyPolicy", () => {
  it("requires a secret of at least 16 characters", () => {
    expect(ZPrivacyPolicy.safeParse({ hmacSecret: "short", pseudonymizeIdentifiers: true }).success).toBe(false);
    expect(ZPrivacyPolicy.safeParse({ hmacSecret: SECRET, pseudonymizeIdentifiers: false }).success).toBe(true);
  });
});

describe("keyedHash matches createHmac", () => {
  it("for long, multi-byte, lone-surrogate and oversized values, and for long secrets", () => {
    const longSecret = "s".repeat(100);
    const values = ["", "é😀 prompt", "a\ud800b", "x".repeat(70_000), "ü".repeat(30_000)];
    for (const secret of [SECRET, longSecret]) {
      for (const value of values) {
        const expected = createHmac("sha256", secret).update(value, "utf8").digest("hex").slice(0, 32);
        expect(keyedHash(secret, value)).toBe(`h:${expected}`);
      }
    }
    // Switching secrets back and forth re-prepares the key.
    expect(keyedHash(SECRET, "v")).toBe(`h:${createHmac("sha256", SECRET).update("v").digest("hex").slice(0, 32)}`);
  });
});
