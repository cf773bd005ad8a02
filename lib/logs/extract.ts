import { durationUnitFromName, latencyUnitFor, lookupField, normalizeFieldName, type TFieldHit, type TLogField } from "@/lib/logs/fields";
import { emptyRawRequest, type TRawRequest, type TRejectCode } from "@/lib/logs/record";
import { parseTimestamp } from "@/lib/logs/timestamp";
import {
  canonicalText,
  compactFeatureFlags,
  hasContent,
  isNegativeFieldName,
  isPlainObject,
  roundMs,
  toBoolish,
  toCheckResult,
  toCount,
  toDurationMs,
  toNumber,
  toStatus,
  toText,
  type TDurationUnit,
} from "@/lib/logs/values";
import { redactSecrets, truncateText } from "@/lib/privacy/redact";

/** Where a parser reads logical fields from (a CSV row, a JSON object, OTel attributes…). */
export interface TFieldSource {
  /** The field's raw value, or undefined when the row has none. */
  get(field: TLogField): unknown;
  /** The column/key the value came from; drives unit and polarity hints. */
  name(field: TLogField): string | null;
}

export type TExtractOptions = {
  /** Overrides the unit inferred from the column name. */
  units?: Partial<Record<"latency" | "client_timeout", TDurationUnit>>;
};

/** Per-field count of values that were present but unusable (set to null instead). */
export type TInvalidValueCounts = Partial<Record<TLogField, number>>;

export type TExtractResult = { ok: true; raw: TRawRequest } | { ok: false; code: TRejectCode; reason: string };

const STRUCTURED_FIELDS = new Set<TLogField>(["prompt_text", "response_text", "feature_flags"]);

/** Whether a value can feed the field at all (objects only feed prompt/response/flags). */
export function isUsableValue(field: TLogField, value: unknown): boolean {
  if (STRUCTURED_FIELDS.has(field)) return hasContent(value);
  if (typeof value === "string") return toText(value) !== null;
  return typeof value === "number" || typeof value === "boolean" || typeof value === "bigint";
}

type TCandidate = { score: number; value: unknown; name: string };

/**
 * Collects name/value pairs and keeps, per field, the usable value whose name is the best synonym.
 * Direct assignments (format-specific knowledge) always beat synonym guesses.
 */
export class CandidateTable implements TFieldSource {
  private readonly best = new Map<TLogField, TCandidate>();

  offer(name: string, value: unknown, scoreOffset = 0): void {
    const hit = lookupField(name);
    if (hit) this.consider(hit.field, value, name, scoreOffset + hit.score);
  }

  /** Offers a resolved hit (see nestedHits); `name` is only built when the value is kept. */
  offerHit(hit: TFieldHit, value: unknown, name: () => string, scoreOffset: number): void {
    const current = this.best.get(hit.field);
    const score = scoreOffset + hit.score;
    if (current !== undefined && current.score <= score) return;
    if (isUsableValue(hit.field, value)) this.best.set(hit.field, { score, value, name: name() });
  }

  /** Format-specific knowledge: beats any synonym guess; among several, the first usable wins. */
  set(field: TLogField, value: unknown, name: string): void {
    this.consider(field, value, name, -1);
  }

  /** A last resort used only when nothing better was offered (e.g. trace id as request id). */
  fallback(field: TLogField, value: unknown, name: string): void {
    this.consider(field, value, name, 1_000_000);
  }

  private consider(field: TLogField, value: unknown, name: string, score: number): void {
    if (!isUsableValue(field, value)) return;
    const current = this.best.get(field);
    if (current === undefined || score < current.score) this.best.set(field, { score, value, name });
  }

  /** Number of fields that have a value. */
  get size(): number {
    return this.best.size;
  }

  has(field: TLogField): boolean {
    return this.best.has(field);
  }

  get(field: TLogField): unknown {
    return this.best.get(field)?.value;
  }

  name(field: TLogField): string | null {
    return this.best.get(field)?.name ?? null;
  }
}

/**
 * Offers a JSON object's keys, and one nested level. Nested keys are offered joined to their
 * parent ("metadata.tenant_id", "http.status"); a nested key on its own only counts when it is
 * specific (contains "_", like "tenant_id"), so {"user": {"id": …}} never becomes the request id.
 */
export function offerObject(table: CandidateTable, obj: Record<string, unknown>, scoreOffset = 0): void {
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    table.offer(key, value, scoreOffset);
    if (isPlainObject(value)) {
      for (const child of Object.keys(value)) {
        const hits = nestedHits(key, child);
        if (hits.joined) table.offerHit(hits.joined, value[child], () => `${key}.${child}`, scoreOffset + 1000);
        if (hits.alone) table.offerHit(hits.alone, value[child], () => child, scoreOffset + 2000);
      }
    }
  }
}

type TNestedHits = { joined: TFieldHit | null; alone: TFieldHit | null };
const nestedCache = new Map<string, Map<string, TNestedHits>>();

/** Cached field lookups for "parent.child" and for a specific child name on its own. */
function nestedHits(parent: string, child: string): TNestedHits {
  let children = nestedCache.get(parent);
  if (children === undefined) {
    if (nestedCache.size >= 1024) nestedCache.clear();
    children = new Map();
    nestedCache.set(parent, children);
  }
  let hits = children.get(child);
  if (hits === undefined) {
    hits = {
      joined: lookupField(`${parent}.${child}`),
      alone: normalizeFieldName(child).includes("_") ? lookupField(child) : null,
    };
    if (children.size >= 1024) children.clear();
    children.set(child, hits);
  }
  return hits;
}

/** Own-property path lookup: exact key first (keys may contain dots), then "parent.child". */
export function valueAtPath(obj: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, path)) return obj[path];
  const dot = path.indexOf(".");
  if (dot <= 0) return undefined;
  const parent = path.slice(0, dot);
  if (!Object.prototype.hasOwnProperty.call(obj, parent)) return undefined;
  const child = obj[parent];
  if (!isPlainObject(child)) return undefined;
  return valueAtPath(child, path.slice(dot + 1));
}

const CLASS_NAME_RE = /^[A-Za-z_$][\w$.:-]{0,199}$/;
const CLASS_PREFIX_RE = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*:\s/;
const GENERIC_PREFIXES = new Set(["error", "exception", "err", "warning", "fatal"]);

/**
 * The exception class to store: the text itself when it is already a class name, the
 * "ClassName: message" prefix when there is one, otherwise the text (the sanitizer redacts and
 * shortens it).
 */
export function exceptionLabel(text: string): string {
  const trimmed = text.trim();
  if (CLASS_NAME_RE.test(trimmed)) return trimmed;
  const prefix = CLASS_PREFIX_RE.exec(trimmed);
  if (prefix?.[1] && !GENERIC_PREFIXES.has(prefix[1].toLowerCase())) return prefix[1];
  return trimmed;
}

/** A short, secret-redacted rendering of a source name for error messages. */
export function describeName(name: string | null): string {
  if (name === null) return "";
  return truncateText(redactSecrets(name).text, 60).text;
}

function bumpInvalid(invalid: TInvalidValueCounts, field: TLogField): void {
  invalid[field] = (invalid[field] ?? 0) + 1;
}

/** Reads a field and counts it as invalid when present but not convertible. */
function read<T>(src: TFieldSource, field: TLogField, convert: (v: unknown) => T | null, invalid: TInvalidValueCounts): T | null {
  const value = src.get(field);
  if (value === undefined || value === null) return null;
  const converted = convert(value);
  if (converted === null && toText(value) !== null) bumpInvalid(invalid, field);
  return converted;
}

function timeoutMs(value: unknown, name: string | null, override: TDurationUnit | undefined): number | null {
  const n = toNumber(value);
  if (n === null || n < 0) return null;
  // Unsuffixed timeouts: small numbers are seconds (SDK defaults like 60 or 600), big ones ms.
  const unit = override ?? (name === null ? null : durationUnitFromName(name)) ?? (n < 1000 ? "s" : "ms");
  return toDurationMs(n, unit);
}

/** Builds the raw request from any field source; rejects only on a missing/invalid timestamp. */
export function rawFromFieldSource(src: TFieldSource, options: TExtractOptions, invalid: TInvalidValueCounts): TExtractResult {
  const tsValue = src.get("request_timestamp");
  if (tsValue === undefined || tsValue === null || (typeof tsValue === "string" && tsValue.trim() === "")) {
    const name = src.name("request_timestamp");
    return {
      ok: false,
      code: "MISSING_TIMESTAMP",
      reason: name ? `The request timestamp ("${describeName(name)}") is empty.` : "No request timestamp column or key was found; map one.",
    };
  }
  const ts = parseTimestamp(tsValue);
  if (!ts.ok) return { ok: false, code: "INVALID_TIMESTAMP", reason: ts.reason };

  const raw = emptyRawRequest(ts.date, ts.assumedUtc);
  raw.requestId = read(src, "request_id", toText, invalid);
  raw.userId = read(src, "user_id", toText, invalid);
  raw.tenantId = read(src, "tenant_id", toText, invalid);
  raw.route = read(src, "route", toText, invalid);
  raw.primaryModel = read(src, "primary_model", toText, invalid);
  raw.requestedModel = read(src, "requested_model", toText, invalid);
  raw.resolvedModel = read(src, "resolved_model", toText, invalid);
  raw.fallbackModel = read(src, "fallback_model", toText, invalid);
  raw.fallbackReason = read(src, "fallback_reason", toText, invalid);
  raw.fallbackFlag = read(src, "fallback_flag", toBoolish, invalid);
  raw.retryCount = read(src, "retry_count", toCount, invalid);
  raw.clientTimeoutMs = read(src, "client_timeout", (v) => timeoutMs(v, src.name("client_timeout"), options.units?.client_timeout), invalid);
  raw.deploymentVersion = read(src, "deployment_version", toText, invalid);

  const statusValue = src.get("status_code");
  if (statusValue !== undefined && statusValue !== null) {
    const status = toStatus(statusValue);
    raw.statusCode = status.code;
    raw.outcome = status.outcome;
    if (status.invalidCode) bumpInvalid(invalid, "status_code");
    if (status.hint !== null) raw.exceptionClass = status.hint;
  }
  const exception = read(src, "exception_class", toText, invalid);
  if (exception !== null) raw.exceptionClass = exception.slice(0, 1000);

  const latencyName = src.name("latency");
  const latencyUnit = options.units?.latency ?? latencyUnitFor(latencyName);
  raw.latencyMs = read(src, "latency", (v) => toDurationMs(v, latencyUnit), invalid);
  if (raw.latencyMs === null) {
    const endValue = src.get("end_timestamp");
    if (endValue !== undefined && endValue !== null) {
      const end = parseTimestamp(endValue);
      if (end.ok && end.date.getTime() >= ts.date.getTime()) raw.latencyMs = roundMs(end.date.getTime() - ts.date.getTime());
      else bumpInvalid(invalid, "end_timestamp");
    }
  }

  const parseName = src.name("parse_result");
  raw.parseResult = read(src, "parse_result", (v) => toCheckResult(v, parseName !== null && isNegativeFieldName(normalizeFieldName(parseName))), invalid);
  const validationName = src.name("validation_result");
  raw.validationResult = read(
    src,
    "validation_result",
    (v) => toCheckResult(v, validationName !== null && isNegativeFieldName(normalizeFieldName(validationName))),
    invalid,
  );

  raw.promptTokens = read(src, "prompt_tokens", toCount, invalid);
  raw.completionTokens = read(src, "completion_tokens", toCount, invalid);
  raw.totalTokens = read(src, "total_tokens", toCount, invalid);
  if (raw.totalTokens === null && raw.promptTokens !== null && raw.completionTokens !== null) {
    raw.totalTokens = raw.promptTokens + raw.completionTokens;
  }

  const flags = src.get("feature_flags");
  if (flags !== undefined && flags !== null) raw.featureFlags = compactFeatureFlags(flags);

  const prompt = src.get("prompt_text");
  if (hasContent(prompt)) {
    raw.promptText = canonicalText(prompt);
    raw.droppedText.push("prompt");
  }
  const response = src.get("response_text");
  if (hasContent(response)) {
    raw.droppedText.push("response");
    raw.hasResponse = true;
  }
  if (raw.completionTokens !== null && raw.completionTokens > 0) raw.hasResponse = true;
  return { ok: true, raw };
}
