import * as nodeCrypto from "node:crypto";
import { createHash, createHmac, createSecretKey, type KeyObject } from "node:crypto";

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

// An import hashes millions of values with one secret. createHmac builds a stream object per
// call, which costs more than the hashing itself, so for a string secret the key is prepared once
// as the two padded blocks of RFC 2104 and each value is hashed with two one-shot SHA-256 calls
// (crypto.hash, Node ≥ 20.12) over reused buffers. Same digest as createHmac (hash.test.ts).
const BLOCK_BYTES = 64;
const SCRATCH_BYTES = 64 * 1024;
const oneShotHash = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;

type TPreparedKey = { secret: string; key: KeyObject; inner: Buffer; outer: Buffer };
let prepared: TPreparedKey | null = null;

function prepareKey(secret: string): TPreparedKey {
  if (prepared !== null && prepared.secret === secret) return prepared;
  let keyBytes = Buffer.from(secret, "utf8");
  if (keyBytes.length > BLOCK_BYTES) keyBytes = createHash("sha256").update(keyBytes).digest();
  // inner: key XOR ipad, then room for the value; outer: key XOR opad, then the inner digest.
  const inner = Buffer.alloc(BLOCK_BYTES + SCRATCH_BYTES);
  const outer = Buffer.alloc(BLOCK_BYTES + 32);
  for (let i = 0; i < BLOCK_BYTES; i += 1) {
    const k = keyBytes[i] ?? 0;
    inner[i] = k ^ 0x36;
    outer[i] = k ^ 0x5c;
  }
  prepared = { secret, key: createSecretKey(keyBytes), inner, outer };
  return prepared;
}

function hmacHex(secret: string | Buffer, value: string): string {
  if (typeof secret !== "string") return createHmac("sha256", secret).update(value, "utf8").digest("hex");
  const key = prepareKey(secret);
  // A UTF-16 unit takes at most 3 UTF-8 bytes, so a value this short always fits the scratch space.
  if (oneShotHash === undefined || value.length * 3 > SCRATCH_BYTES) return createHmac("sha256", key.key).update(value, "utf8").digest("hex");
  const written = key.inner.write(value, BLOCK_BYTES, "utf8");
  const innerDigest = oneShotHash("sha256", key.inner.subarray(0, BLOCK_BYTES + written), "buffer");
  innerDigest.copy(key.outer, BLOCK_BYTES);
  return oneShotHash("sha256", key.outer, "hex");
}

export function keyedHash(secret: string | Buffer, value: string): string {
  if (secret.length === 0) throw new HashSecretError();
  return HASH_PREFIX + hmacHex(secret, value).slice(0, HASH_HEX_CHARS);
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
  // Most prompts have no CR: skip the regex pass over the whole text.
  return (prompt.includes("\r") ? prompt.replace(/\r\n?/g, "\n") : prompt).trim();
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
