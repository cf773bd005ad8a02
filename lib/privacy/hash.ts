import { createHmac, createSecretKey, type KeyObject } from "node:crypto";

import { redactSecrets } from "@/lib/privacy/redact";

/**
 * Keyed hashes for prompts and identifiers.
 *
 * Format: `h:` followed by the first 32 hex characters (128 bits) of HMAC-SHA256(secret, value).
 * 128 bits is far beyond any collision risk for one team's logs and keeps the stored value short.
 * The hash is keyed so nobody holding the database can confirm a guessed prompt or user id
 * without the team's secret; the same secret always maps the same input to the same hash, which
 * is what lets an incident commander group rows by prompt or user.
 */
export const HASH_PREFIX = "h:";
const HASH_HEX_CHARS = 32;

export class HashSecretError extends Error {
  constructor() {
    super("A non-empty HMAC secret is required for hashing.");
    this.name = "HashSecretError";
  }
}

// An import hashes millions of values with one secret: preparing the key once per secret (a
// KeyObject) instead of on every call saves about a quarter of each hash.
let cachedSecret: string | null = null;
let cachedKey: KeyObject | null = null;

function hmacKey(secret: string | Buffer): KeyObject | Buffer {
  if (typeof secret !== "string") return secret;
  if (secret !== cachedSecret || cachedKey === null) {
    cachedKey = createSecretKey(Buffer.from(secret, "utf8"));
    cachedSecret = secret;
  }
  return cachedKey;
}

export function keyedHash(secret: string | Buffer, value: string): string {
  if (secret.length === 0) throw new HashSecretError();
  const digest = createHmac("sha256", hmacKey(secret)).update(value, "utf8").digest("hex");
  return HASH_PREFIX + digest.slice(0, HASH_HEX_CHARS);
}

/** True when the value has the shape produced by keyedHash. */
export function isKeyedHash(value: string): boolean {
  return value.length === HASH_PREFIX.length + HASH_HEX_CHARS && value.startsWith(HASH_PREFIX) && /^[0-9a-f]+$/.test(value.slice(HASH_PREFIX.length));
}

/**
 * Normalises line endings and surrounding whitespace before hashing, so the same prompt exported
 * through a CSV tool (which may turn LF into CRLF or pad cells) hashes identically.
 */
export function normalizePromptForHash(prompt: string): string {
  return prompt.replace(/\r\n?/g, "\n").trim();
}

export function hashPrompt(secret: string | Buffer, prompt: string): string {
  return keyedHash(secret, normalizePromptForHash(prompt));
}

/**
 * Identifier pseudonymisation. When enabled, returns the keyed hash of the trimmed id; when the
 * team's policy keeps raw identifiers, the id is still passed through secret redaction (people do
 * put API keys into "user" fields).
 */
export function pseudonymize(id: string, secret: string | Buffer, enabled: boolean): string {
  const trimmed = id.trim();
  if (enabled) return keyedHash(secret, trimmed);
  return redactSecrets(trimmed).text;
}
