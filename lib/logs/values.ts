import type { TCheckResult, TOutcome } from "@/lib/logs/record";

/** Cell values that spreadsheets and loggers use for "nothing here". */
const NULL_TOKENS = new Set(["", "null", "none", "nil", "n/a", "na", "-", "undefined", "nan", "(null)"]);
/** Length of the longest NULL_TOKENS entry: longer text is never a null token, no need to lower-case it. */
const NULL_TOKEN_MAX_LENGTH = Math.max(...[...NULL_TOKENS].map((t) => t.length));

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Scalar → trimmed string, or null for missing/placeholder/non-scalar values. */
export function toText(value: unknown): string | null {
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed.length <= NULL_TOKEN_MAX_LENGTH && NULL_TOKENS.has(trimmed.toLowerCase()) ? null : trimmed;
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  return null;
}

const NUMERIC_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Finite number from a number or numeric string; null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 64 || !NUMERIC_RE.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/** Non-negative integer ("3", 3, "3.0"); null for fractions, negatives and garbage. */
export function toCount(value: unknown): number | null {
  const n = toNumber(value);
  if (n === null || n < 0 || !Number.isInteger(n) || n > Number.MAX_SAFE_INTEGER) return null;
  return n;
}

const TRUE_WORDS = new Set(["true", "t", "1", "yes", "y", "on", "fallback", "used"]);
const FALSE_WORDS = new Set(["false", "f", "0", "no", "n", "off", "primary", "none"]);

/** Boolean-ish: true/1/yes/on, false/0/no/off; numbers > 0 are true (e.g. attempted_fallbacks). */
export function toBoolish(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value > 0 : null;
  if (typeof value !== "string") return null;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  const n = toNumber(word);
  return n === null ? null : n > 0;
}

const OK_WORDS = new Set(["ok", "success", "succeeded", "pass", "passed", "valid", "true", "1", "yes", "y", "parsed", "good"]);
const FAILED_WORDS = new Set([
  "failed",
  "fail",
  "failure",
  "error",
  "errored",
  "invalid",
  "false",
  "0",
  "no",
  "n",
  "bad",
  "rejected",
  "unparseable",
  "parse_error",
  "schema_error",
]);

/**
 * Parse/validation result. `inverted` is for columns whose name asks the negative question
 * ("parse_error", "validation_failed"), where `true` means the check failed.
 */
export function toCheckResult(value: unknown, inverted: boolean): TCheckResult | null {
  let verdict: boolean | null = null;
  if (typeof value === "boolean") verdict = value;
  else if (typeof value === "number") verdict = value === 1 ? true : value === 0 ? false : null;
  else if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (OK_WORDS.has(word)) verdict = true;
    else if (FAILED_WORDS.has(word)) verdict = false;
  }
  if (verdict === null) {
    // An error column holding an error description ("JSONDecodeError: …") means the check failed.
    return inverted && toText(value) !== null && typeof value === "string" ? "FAILED" : null;
  }
  if (inverted && (typeof value === "boolean" || typeof value === "number" || isBooleanWord(value))) verdict = !verdict;
  return verdict ? "OK" : "FAILED";
}

function isBooleanWord(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const word = value.trim().toLowerCase();
  return ["true", "false", "1", "0", "yes", "no", "y", "n"].includes(word);
}

/** True for a field name that asks "did it fail?" rather than "did it pass?". */
export function isNegativeFieldName(normalizedName: string): boolean {
  return /(?:^|_)(?:error|errors|failed|failure|fail|invalid)(?:_|$)/.test(normalizedName);
}

export type TDurationUnit = "s" | "ms" | "us" | "ns";

const UNIT_TO_MS: Record<TDurationUnit, number> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

export function toDurationMs(value: unknown, unit: TDurationUnit): number | null {
  const n = toNumber(value);
  if (n === null || n < 0) return null;
  const ms = n * UNIT_TO_MS[unit];
  return Number.isFinite(ms) ? roundMs(ms) : null;
}

/** Keeps microsecond precision; more is noise and makes stored values ugly. */
export function roundMs(ms: number): number {
  // Above ~1.8e305 ms scaling overflows to Infinity (found by the parser fuzz test); such a value has no fraction anyway.
  const scaled = ms * 1000;
  return Number.isFinite(scaled) ? Math.round(scaled) / 1000 : ms;
}

const SUCCESS_STATUS_WORDS = new Set(["success", "succeeded", "ok", "completed", "complete", "done", "status_code_ok"]);
const FAILURE_STATUS_WORDS = new Set(["failure", "failed", "fail", "error", "errored", "status_code_error"]);

export type TStatusValue = {
  /** Valid HTTP status 100–599. */
  code: number | null;
  /** An integer that is not a valid HTTP status (0, 600+), kept only for reporting. */
  invalidCode: boolean;
  outcome: TOutcome | null;
  /** Non-numeric, non-outcome text (e.g. "rate_limit_exceeded"), usable as an error hint. */
  hint: string | null;
};

export function toStatus(value: unknown): TStatusValue {
  const result: TStatusValue = { code: null, invalidCode: false, outcome: null, hint: null };
  const n = toNumber(value);
  if (n !== null) {
    if (Number.isInteger(n) && n >= 100 && n <= 599) result.code = n;
    else result.invalidCode = true;
    return result;
  }
  const text = toText(value);
  if (text === null) return result;
  const word = text.toLowerCase();
  if (SUCCESS_STATUS_WORDS.has(word)) result.outcome = "success";
  else if (FAILURE_STATUS_WORDS.has(word)) result.outcome = "failure";
  else {
    // "HTTP 429", "429 Too Many Requests"
    const embedded = /^(?:http\s*)?([1-5]\d\d)\b/i.exec(text);
    if (embedded?.[1]) result.code = Number(embedded[1]);
    else result.hint = text;
  }
  return result;
}

/**
 * Stable JSON-ish rendering of an arbitrary value with sorted keys and bounded depth, so the same
 * prompt structure always hashes the same and hostile nesting cannot overflow the stack.
 */
export function canonicalText(value: unknown, maxDepth = 32): string {
  if (typeof value === "string") return value;
  return canonicalWalk(value, 0, maxDepth);
}

// Builds the text by concatenation (V8 keeps it as a rope until hashed): a parts array and join
// cost about twice as much on every prompt of an import.
function canonicalWalk(node: unknown, depth: number, maxDepth: number): string {
  if (node === null || node === undefined) return "null";
  if (typeof node === "string") return JSON.stringify(node);
  if (typeof node === "number" || typeof node === "boolean" || typeof node === "bigint") return String(node);
  if (depth >= maxDepth) return '"…"';
  if (Array.isArray(node)) {
    let out = "[";
    for (let i = 0; i < node.length; i += 1) {
      if (i > 0) out += ",";
      out += canonicalWalk(node[i], depth + 1, maxDepth);
    }
    return out + "]";
  }
  if (typeof node === "object") {
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = "{";
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      if (i > 0) out += ",";
      out += JSON.stringify(key) + ":" + canonicalWalk(record[key], depth + 1, maxDepth);
    }
    return out + "}";
  }
  return "null";
}

/** True when a prompt/response value carries content (non-empty string, array or object). */
export function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

const FLAG_VALUE_KEYS = ["variant", "value", "enabled", "state", "on", "result"];

function flagScalar(value: unknown): string | null {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isPlainObject(value)) {
    for (const key of FLAG_VALUE_KEYS) {
      if (key in value && !isPlainObject(value[key]) && !Array.isArray(value[key])) return flagScalar(value[key]);
    }
  }
  return null;
}

/**
 * Feature-flag state in a compact, sorted "flag=value,flag2" form. Accepts objects
 * ({"new_router": true}), arrays of enabled flags, arrays of {key, variant} pairs, JSON strings
 * of those, or already-compact strings.
 */
export function compactFeatureFlags(value: unknown): string | null {
  let source = value;
  if (typeof source === "string") {
    const trimmed = source.trim();
    if (trimmed.length === 0) return null;
    if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
      try {
        source = JSON.parse(trimmed) as unknown;
      } catch {
        return trimmed.replace(/\s+/g, " ");
      }
    } else {
      return NULL_TOKENS.has(trimmed.toLowerCase()) ? null : trimmed.replace(/\s+/g, " ");
    }
  }
  const entries: string[] = [];
  if (Array.isArray(source)) {
    for (const item of source) {
      if (typeof item === "string" || typeof item === "number") entries.push(String(item).trim());
      else if (isPlainObject(item)) {
        const key = toText(item.key ?? item.name ?? item.flag ?? item.id);
        if (key === null) continue;
        const v = flagScalar(item);
        entries.push(v === null ? key : `${key}=${v}`);
      }
    }
  } else if (isPlainObject(source)) {
    for (const key of Object.keys(source)) {
      const v = flagScalar(source[key]);
      entries.push(v === null ? key : `${key}=${v}`);
    }
  } else {
    return toText(source);
  }
  const compact = entries.filter((e) => e.length > 0).sort();
  return compact.length === 0 ? null : compact.join(",");
}
