import { z } from "zod";

import type { TDroppedTextField } from "@/lib/privacy/policy";

export const REQUEST_CLASSES = [
  "OK",
  "AUTH",
  "VALIDATION_4XX",
  "RATE_LIMIT_429",
  "UPSTREAM_5XX",
  "TIMEOUT",
  "QUALITY_REGRESSION",
] as const;
export type TRequestClass = (typeof REQUEST_CLASSES)[number];

export const REQUEST_PATHS = ["PRIMARY", "FALLBACK"] as const;
export type TRequestPath = (typeof REQUEST_PATHS)[number];

export const CHECK_RESULTS = ["OK", "FAILED"] as const;
export type TCheckResult = (typeof CHECK_RESULTS)[number];

export type TOutcome = "success" | "failure";

/** Longest value kept per string field; longer values are cut with "…" after redaction. */
export const FIELD_MAX_LENGTH = {
  requestId: 200,
  identifier: 200,
  route: 200,
  model: 200,
  fallbackReason: 500,
  exceptionClass: 200,
  featureFlags: 1000,
  deploymentVersion: 100,
} as const;

const nullableText = (max: number) => z.string().max(max).nullable();
const nullableCount = z.number().int().min(0).nullable();

/**
 * One imported request after sanitisation: what the database stores and the app shows.
 * No prompt or response text; user/tenant ids are keyed hashes unless the team's policy keeps
 * them; every string has been through secret redaction.
 */
export const ZSanitizedRequest = z.strictObject({
  ts: z.date(),
  requestId: nullableText(FIELD_MAX_LENGTH.requestId),
  userHash: nullableText(FIELD_MAX_LENGTH.identifier),
  tenantHash: nullableText(FIELD_MAX_LENGTH.identifier),
  route: nullableText(FIELD_MAX_LENGTH.route),
  primaryModel: nullableText(FIELD_MAX_LENGTH.model),
  requestedModel: nullableText(FIELD_MAX_LENGTH.model),
  fallbackModel: nullableText(FIELD_MAX_LENGTH.model),
  fallbackReason: nullableText(FIELD_MAX_LENGTH.fallbackReason),
  path: z.enum(REQUEST_PATHS),
  retryCount: nullableCount,
  clientTimeoutMs: z.number().min(0).nullable(),
  statusCode: z.number().int().min(100).max(599).nullable(),
  exceptionClass: nullableText(FIELD_MAX_LENGTH.exceptionClass),
  latencyMs: z.number().min(0).nullable(),
  parseResult: z.enum(CHECK_RESULTS).nullable(),
  validationResult: z.enum(CHECK_RESULTS).nullable(),
  promptTokens: nullableCount,
  completionTokens: nullableCount,
  totalTokens: nullableCount,
  featureFlags: nullableText(FIELD_MAX_LENGTH.featureFlags),
  deploymentVersion: nullableText(FIELD_MAX_LENGTH.deploymentVersion),
  promptHash: z.string().regex(/^h:[0-9a-f]{32}$/).nullable(),
  requestClass: z.enum(REQUEST_CLASSES),
});
export type TSanitizedRequest = z.infer<typeof ZSanitizedRequest>;

/**
 * What a format parser extracts from one log row, before sanitisation. It may hold prompt text
 * and raw identifiers, so it must never leave lib/logs: parseLogStream turns it into a
 * TSanitizedRequest immediately.
 */
export type TRawRequest = {
  ts: Date;
  /** The source timestamp had no zone and was read as UTC. */
  tsAssumedUtc: boolean;
  requestId: string | null;
  userId: string | null;
  tenantId: string | null;
  route: string | null;
  primaryModel: string | null;
  /** Model the request actually went to (provider model name). */
  requestedModel: string | null;
  /** Another name for the same model (gateway alias / response model), used for path matching. */
  resolvedModel: string | null;
  fallbackModel: string | null;
  fallbackReason: string | null;
  /** Explicit "this was a fallback call" signal from the log, when present. */
  fallbackFlag: boolean | null;
  retryCount: number | null;
  clientTimeoutMs: number | null;
  /** Valid HTTP status (100–599) or null. */
  statusCode: number | null;
  /** Exception class name, or a short error description when the log has no class name. */
  exceptionClass: string | null;
  /** Error message text: used for classification only, never stored. */
  errorText: string | null;
  /** Explicit success/failure flag from the log (LiteLLM status, OTel span status). */
  outcome: TOutcome | null;
  latencyMs: number | null;
  parseResult: TCheckResult | null;
  validationResult: TCheckResult | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Compact "flag=value,…" form, not yet redacted. */
  featureFlags: string | null;
  deploymentVersion: string | null;
  /** A response body or completion tokens were present. */
  hasResponse: boolean | null;
  /** Canonical prompt text, only so it can be hashed. */
  promptText: string | null;
  /** Raw text fields that were present in the row and will be dropped. */
  droppedText: TDroppedTextField[];
};

export function emptyRawRequest(ts: Date, tsAssumedUtc: boolean): TRawRequest {
  return {
    ts,
    tsAssumedUtc,
    requestId: null,
    userId: null,
    tenantId: null,
    route: null,
    primaryModel: null,
    requestedModel: null,
    resolvedModel: null,
    fallbackModel: null,
    fallbackReason: null,
    fallbackFlag: null,
    retryCount: null,
    clientTimeoutMs: null,
    statusCode: null,
    exceptionClass: null,
    errorText: null,
    outcome: null,
    latencyMs: null,
    parseResult: null,
    validationResult: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    featureFlags: null,
    deploymentVersion: null,
    hasResponse: null,
    promptText: null,
    droppedText: [],
  };
}

/** Why a row was rejected. Stable codes so the app can group and explain them. */
export const REJECT_CODES = [
  "LINE_TOO_LONG",
  "INVALID_JSON",
  "NOT_AN_OBJECT",
  "NOT_OTLP_TRACES",
  "MISSING_TIMESTAMP",
  "INVALID_TIMESTAMP",
  "CSV_COLUMN_COUNT",
  "CSV_UNTERMINATED_QUOTE",
  "CSV_RECORD_TOO_LONG",
  "CSV_MALFORMED_QUOTES",
  "UNPROCESSABLE_ROW",
] as const;
export type TRejectCode = (typeof REJECT_CODES)[number];

export type TRowRejection = { ok: false; lineNumber: number; code: TRejectCode; reason: string };
