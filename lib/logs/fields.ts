import { createHash } from "node:crypto";

import { z } from "zod";

import type { TDurationUnit } from "@/lib/logs/values";

/**
 * The runbook's "logging fields to preserve", plus the few helper columns needed to derive them
 * (end timestamp → latency, alias → path, prompt/response text → hash and drop).
 */
export const LOG_FIELDS = [
  "request_timestamp",
  "end_timestamp",
  "request_id",
  "user_id",
  "tenant_id",
  "route",
  "primary_model",
  "requested_model",
  "resolved_model",
  "fallback_model",
  "fallback_flag",
  "fallback_reason",
  "retry_count",
  "client_timeout",
  "status_code",
  "exception_class",
  "latency",
  "parse_result",
  "validation_result",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "feature_flags",
  "deployment_version",
  "prompt_text",
  "response_text",
] as const;
export type TLogField = (typeof LOG_FIELDS)[number];

/** Labels and notes for the column-mapping editor. */
export const LOG_FIELD_INFO: Record<TLogField, { label: string; note: string }> = {
  request_timestamp: { label: "Request timestamp", note: "Required. ISO 8601 or epoch s/ms/µs/ns; no zone = UTC." },
  end_timestamp: { label: "End timestamp", note: "Only used to compute latency when there is no latency column." },
  request_id: { label: "Request / trace ID", note: "Secret-redacted." },
  user_id: { label: "User ID", note: "Pseudonymized (keyed hash) unless the team policy keeps raw IDs." },
  tenant_id: { label: "Tenant ID", note: "Pseudonymized (keyed hash) unless the team policy keeps raw IDs." },
  route: { label: "Route / feature", note: "" },
  primary_model: { label: "Primary model (configured)", note: "Defaults to the incident's primary model." },
  requested_model: { label: "Model requested", note: "The model the call actually went to." },
  resolved_model: { label: "Model alias / response model", note: "Second name for the same model; only used to detect fallback calls." },
  fallback_model: { label: "Fallback model", note: "Defaults to the incident's fallback model." },
  fallback_flag: { label: "Fallback flag", note: "true/1/yes marks a fallback call." },
  fallback_reason: { label: "Fallback reason", note: "Secret- and personal-data-redacted." },
  retry_count: { label: "Retry count", note: "" },
  client_timeout: { label: "Client timeout", note: "Unit from the column name (_ms, _s); unsuffixed values < 1000 are seconds." },
  status_code: { label: "HTTP status", note: "Text like success/failure is also understood." },
  exception_class: { label: "Exception / error type", note: "" },
  latency: { label: "Latency", note: "Unit from the column name (_ms, _s); unsuffixed = ms, response_time = s." },
  parse_result: { label: "Response parse result", note: "ok/failed, true/false (inverted for *_error / *_failed columns)." },
  validation_result: { label: "Output validation result", note: "ok/failed, true/false (inverted for *_error / *_failed columns)." },
  prompt_tokens: { label: "Prompt tokens", note: "" },
  completion_tokens: { label: "Completion tokens", note: "" },
  total_tokens: { label: "Total tokens", note: "" },
  feature_flags: { label: "Feature flags", note: "Stored compact and redacted." },
  deployment_version: { label: "Deployment version", note: "" },
  prompt_text: { label: "Prompt text", note: "Hashed with the team secret, never stored." },
  response_text: { label: "Response text", note: "Dropped, never stored." },
};

/**
 * Known names per field, already normalized (see normalizeFieldName), best first. A name belongs
 * to exactly one field (checked by a test), so a header never maps to two fields.
 */
export const FIELD_SYNONYMS: Record<TLogField, readonly string[]> = {
  request_timestamp: [
    "request_timestamp",
    "timestamp",
    "ts",
    "time",
    "request_time",
    "requested_at",
    "start_time",
    "started_at",
    "start_timestamp",
    "created_at",
    "created",
    "datetime",
    "date_time",
    "event_time",
    "log_time",
    "received_at",
    "time_unix_nano",
    "start_time_unix_nano",
    "date",
  ],
  end_timestamp: ["end_timestamp", "end_time", "ended_at", "completed_at", "finished_at", "response_timestamp", "end_time_unix_nano"],
  request_id: [
    "request_id",
    "trace_id",
    "x_request_id",
    "req_id",
    "correlation_id",
    "litellm_call_id",
    "call_id",
    "span_id",
    "id",
  ],
  user_id: ["user_id", "user", "end_user", "end_user_id", "enduser_id", "uid", "username", "user_name", "user_api_key_user_id", "customer_user_id"],
  tenant_id: [
    "tenant_id",
    "tenant",
    "org_id",
    "organization_id",
    "org",
    "organization",
    "customer_id",
    "customer",
    "account_id",
    "account",
    "team_id",
    "team",
    "workspace_id",
    "project_id",
    "user_api_key_team_id",
    "user_api_key_org_id",
  ],
  route: ["route", "feature", "feature_name", "route_name", "endpoint", "http_route", "url_path", "path", "operation", "use_case", "task"],
  primary_model: ["primary_model", "configured_model", "model_configured", "default_model", "primary_model_configured"],
  requested_model: [
    "requested_model",
    "actual_model",
    "model",
    "model_requested",
    "actual_model_requested",
    "model_name",
    "llm_model",
    "gen_ai_request_model",
    "request_model",
  ],
  resolved_model: [
    "resolved_model",
    "model_group",
    "model_alias",
    "response_model",
    "gen_ai_response_model",
    "served_model",
    "litellm_model_name",
    "deployment_model",
  ],
  fallback_model: ["fallback_model", "fallback_model_requested", "backup_model", "secondary_model", "fallback_model_name"],
  fallback_flag: [
    "is_fallback",
    "fallback",
    "fallback_used",
    "used_fallback",
    "fallback_triggered",
    "fallback_flag",
    "was_fallback",
    "via_fallback",
    "attempted_fallbacks",
  ],
  fallback_reason: ["fallback_reason", "fallback_cause", "fallback_trigger", "fallback_error"],
  retry_count: [
    "retry_count",
    "retries",
    "num_retries",
    "retry_attempts",
    "attempted_retries",
    "retry",
    "retries_count",
    "http_request_resend_count",
  ],
  client_timeout: [
    "client_timeout",
    "client_timeout_ms",
    "client_timeout_s",
    "timeout",
    "timeout_ms",
    "timeout_s",
    "timeout_seconds",
    "request_timeout",
    "request_timeout_ms",
    "deadline_ms",
  ],
  status_code: [
    "status_code",
    "http_status",
    "http_status_code",
    "status",
    "response_status",
    "response_status_code",
    "response_code",
    "http_code",
    "statuscode",
    "http_response_status_code",
    "error_code",
  ],
  exception_class: [
    "exception_class",
    "exception",
    "exception_type",
    "error_class",
    "error_type",
    "error_name",
    "error_kind",
    "exc_type",
    "error",
    "err",
  ],
  latency: [
    "latency_ms",
    "latency",
    "duration_ms",
    "duration",
    "response_time_ms",
    "response_time",
    "elapsed_ms",
    "elapsed",
    "latency_s",
    "latency_seconds",
    "duration_s",
    "duration_seconds",
    "request_duration_ms",
    "request_duration",
    "total_time",
    "time_taken",
    "time_taken_ms",
  ],
  parse_result: ["parse_result", "response_parse_result", "parse_status", "parse_ok", "parsed", "parse_error", "parse_failed", "json_parse"],
  validation_result: [
    "validation_result",
    "output_validation_result",
    "output_validation",
    "validation_status",
    "validation",
    "validation_ok",
    "schema_valid",
    "valid",
    "validation_error",
    "validation_failed",
    "schema_validation",
  ],
  prompt_tokens: [
    "prompt_tokens",
    "input_tokens",
    "tokens_in",
    "prompt_token_count",
    "usage_prompt_tokens",
    "usage_input_tokens",
    "gen_ai_usage_input_tokens",
    "gen_ai_usage_prompt_tokens",
  ],
  completion_tokens: [
    "completion_tokens",
    "output_tokens",
    "tokens_out",
    "completion_token_count",
    "usage_completion_tokens",
    "usage_output_tokens",
    "gen_ai_usage_output_tokens",
    "gen_ai_usage_completion_tokens",
  ],
  total_tokens: ["total_tokens", "tokens", "token_count", "usage_total_tokens", "total_token_count"],
  feature_flags: ["feature_flags", "flags", "feature_flag", "feature_flag_state", "flag_state", "experiments", "ff"],
  deployment_version: [
    "deployment_version",
    "version",
    "app_version",
    "service_version",
    "release",
    "build",
    "build_version",
    "deploy_version",
    "git_sha",
    "commit",
    "commit_sha",
    "image_tag",
  ],
  prompt_text: [
    "prompt_text",
    "prompt",
    "messages",
    "input",
    "input_text",
    "request_messages",
    "user_prompt",
    "system_prompt",
    "query",
    "question",
    "request_body",
    "gen_ai_prompt",
    "gen_ai_input_messages",
  ],
  response_text: [
    "response_text",
    "response",
    "output",
    "output_text",
    "completion",
    "completion_text",
    "answer",
    "choices",
    "response_body",
    "gen_ai_completion",
    "gen_ai_output_messages",
  ],
};

/** Prefixes that loggers put in front of field names; stripped as a lower-priority second try. */
const STRIPPABLE_PREFIXES = ["metadata_", "attributes_", "labels_", "fields_", "tags_", "context_", "app_", "llm_", "request_", "resource_", "span_"];

type TSynonymHit = { field: TLogField; rank: number };

const SYNONYM_INDEX: ReadonlyMap<string, TSynonymHit> = (() => {
  const index = new Map<string, TSynonymHit>();
  for (const field of LOG_FIELDS) {
    FIELD_SYNONYMS[field].forEach((name, rank) => {
      if (!index.has(name)) index.set(name, { field, rank });
    });
  }
  return index;
})();

const normalizeCache = new Map<string, string>();

/**
 * "X-Request-ID" → "x_request_id", "startTime" → "start_time", "Latency (ms)" → "latency_ms",
 * "@timestamp" → "timestamp", "gen_ai.usage.input_tokens" → "gen_ai_usage_input_tokens".
 */
export function normalizeFieldName(name: string): string {
  const cached = normalizeCache.get(name);
  if (cached !== undefined) return cached;
  const normalized = name
    .slice(0, 256)
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (normalizeCache.size >= 4096) normalizeCache.clear();
  normalizeCache.set(name, normalized);
  return normalized;
}

/**
 * Which field a column/key name denotes, with a priority score (lower is better): exact synonyms
 * by their list position, then names that match after stripping one common prefix.
 */
export type TFieldHit = { field: TLogField; score: number };

const lookupCache = new Map<string, TFieldHit | null>();

export function lookupField(name: string): TFieldHit | null {
  // Every row of a log repeats the same keys; this lookup runs for each of them.
  const cached = lookupCache.get(name);
  if (cached !== undefined) return cached;
  const hit = resolveField(name);
  if (lookupCache.size >= 8192) lookupCache.clear();
  lookupCache.set(name, hit);
  return hit;
}

function resolveField(name: string): TFieldHit | null {
  const normalized = normalizeFieldName(name);
  const exact = SYNONYM_INDEX.get(normalized);
  if (exact) return { field: exact.field, score: exact.rank };
  for (const prefix of STRIPPABLE_PREFIXES) {
    if (normalized.startsWith(prefix) && normalized.length > prefix.length) {
      const hit = SYNONYM_INDEX.get(normalized.slice(prefix.length));
      if (hit) return { field: hit.field, score: 100 + hit.rank };
    }
  }
  return null;
}

const ZHeaderName = z.string().min(1).max(256).nullable();
const mappingShape = Object.fromEntries(LOG_FIELDS.map((field) => [field, ZHeaderName])) as Record<TLogField, typeof ZHeaderName>;

/** field → source column/key name (or null when unmapped). Every field is present. */
export const ZColumnMapping = z.strictObject(mappingShape);
export type TColumnMapping = z.infer<typeof ZColumnMapping>;

export function emptyColumnMapping(): TColumnMapping {
  return Object.fromEntries(LOG_FIELDS.map((field) => [field, null])) as TColumnMapping;
}

/** Best guess of which header feeds which field; the user can edit the result. */
export function suggestColumnMapping(headers: readonly string[]): TColumnMapping {
  const mapping = emptyColumnMapping();
  const best = new Map<TLogField, number>();
  for (const header of headers) {
    if (typeof header !== "string") continue;
    const hit = lookupField(header);
    if (!hit) continue;
    const current = best.get(hit.field);
    // Ties keep the first column: a duplicated header should not silently switch columns.
    if (current === undefined || hit.score < current) {
      best.set(hit.field, hit.score);
      mapping[hit.field] = header;
    }
  }
  return mapping;
}

/** Stable id of a header set (order/case/punctuation-insensitive), to remember a team's mapping. */
export function mappingSignature(headers: readonly string[]): string {
  const normalized = [...new Set(headers.map((h) => normalizeFieldName(String(h))))].sort();
  return "m:" + createHash("sha256").update(JSON.stringify(normalized)).digest("hex").slice(0, 32);
}

const UNIT_SUFFIXES: ReadonlyArray<[RegExp, TDurationUnit]> = [
  [/(?:^|_)(?:ms|msec|msecs|millis|milliseconds?)$/, "ms"],
  [/(?:^|_)(?:us|usec|micros|microseconds?)$/, "us"],
  [/(?:^|_)(?:ns|nsec|nanos|nanoseconds?|unix_nano)$/, "ns"],
  [/(?:^|_)(?:s|sec|secs|seconds?)$/, "s"],
];

/** Unit spelled out in a column name ("latency_ms", "Duration (s)"), or null. */
export function durationUnitFromName(name: string): TDurationUnit | null {
  const normalized = normalizeFieldName(name);
  for (const [re, unit] of UNIT_SUFFIXES) if (re.test(normalized)) return unit;
  return null;
}

/** Names that conventionally hold seconds without saying so (OpenAI/LiteLLM response_time). */
const SECONDS_BY_CONVENTION = new Set(["response_time", "total_time", "time_taken", "elapsed_time"]);

export function latencyUnitFor(name: string | null): TDurationUnit {
  if (name === null) return "ms";
  return durationUnitFromName(name) ?? (SECONDS_BY_CONVENTION.has(normalizeFieldName(name)) ? "s" : "ms");
}
