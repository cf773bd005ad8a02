import type { TCheckResult, TOutcome, TRequestClass, TRequestPath } from "@/lib/logs/record";
import { toBoolish, toText } from "@/lib/logs/values";

/**
 * Failure classes for incident review.
 *
 * Precedence (first match wins):
 *   1. A valid HTTP status code (100–599). The status is what the client actually received, so it
 *      beats an exception name when both are present and disagree. The one refinement: a 2xx with
 *      a response-parsing/output-validation exception is a quality regression.
 *   2. The exception class / error type.
 *   3. An explicit failure flag without status or exception (LiteLLM "failure", OTel ERROR).
 *   4. Timing: no response at all and latency ≥ the client timeout.
 *   5. Parse / output-validation results of a successful response.
 *   6. Otherwise OK.
 * Status codes outside 100–599 (0, 600+) are not HTTP statuses and are ignored.
 */

export type TClassificationInput = {
  statusCode?: number | null;
  exceptionClass?: string | null;
  outcome?: TOutcome | null;
  latencyMs?: number | null;
  clientTimeoutMs?: number | null;
  parseResult?: TCheckResult | null;
  validationResult?: TCheckResult | null;
  completionTokens?: number | null;
  hasResponse?: boolean | null;
};

export type TClassifyOptions = {
  /** Client timeout used when the row does not carry its own. */
  clientTimeoutMs?: number | null;
};

export type TClassificationBasis = "status" | "exception" | "outcome" | "timing" | "result" | "default";

export type TClassification = {
  requestClass: TRequestClass;
  basis: TClassificationBasis;
  /** Short human explanation, safe to show (contains no row values other than the status). */
  detail: string;
};

type TExceptionCategory = Exclude<TRequestClass, "OK">;

// Keywords are matched against the lower-cased exception text with everything but letters and
// digits removed, so "openai.RateLimitError", "rate_limit_exceeded" and "Rate limit exceeded"
// all become "...ratelimit...". Order matters: the first category with a hit wins.
const EXCEPTION_KEYWORDS: ReadonlyArray<{ category: TExceptionCategory; keywords: readonly string[] }> = [
  // Node/libc network error codes first: "ENOTFOUND" would otherwise hit the "notfound" (404) keyword.
  { category: "UPSTREAM_5XX", keywords: ["enotfound", "eaiagain", "econnrefused", "econnreset", "epipe", "ehostunreach", "enetunreach"] },
  {
    category: "AUTH",
    keywords: [
      "authentication",
      "authorization",
      "unauthorized",
      "unauthenticated",
      "permissiondenied",
      "forbidden",
      "invalidapikey",
      "incorrectapikey",
      "apikeyinvalid",
      "missingapikey",
      "noapikey",
      "accessdenied",
      "autherror",
      "authfailed",
      "invalidcredentials",
      "expiredtoken",
    ],
  },
  {
    category: "RATE_LIMIT_429",
    keywords: [
      "ratelimit",
      "toomanyrequests",
      "quota",
      "resourceexhausted",
      "throttl",
      "budgetexceeded",
      "tpmlimit",
      "rpmlimit",
      "requestlimit",
      "tokenlimitexceeded",
    ],
  },
  {
    category: "TIMEOUT",
    keywords: ["timeout", "timedout", "deadlineexceeded", "etimedout", "esockettimedout", "requestaborted", "clientclosedrequest"],
  },
  {
    category: "VALIDATION_4XX",
    keywords: [
      "badrequest",
      "invalidrequest",
      "requestvalidation",
      "notfound",
      "unprocessable",
      "contextlength",
      "contextwindow",
      "maximumcontext",
      "contentfilter",
      "contentpolicy",
      "contentmoderation",
      "safetyblock",
      "payloadtoolarge",
      "requesttoolarge",
      "entitytoolarge",
      "invalidargument",
      "unsupportedparam",
      "unsupportedmodel",
      "modelnotfound",
      "invalidparameter",
    ],
  },
  {
    category: "QUALITY_REGRESSION",
    keywords: [
      "jsondecode",
      "outputparser",
      "outputparsing",
      "parseerror",
      "parsingerror",
      "parsefailure",
      "validationerror",
      "schemavalidation",
      "outputvalidation",
      "lengthfinishreason",
      "invalidjson",
      "malformedoutput",
    ],
  },
  {
    category: "UPSTREAM_5XX",
    keywords: [
      "internalserver",
      "serviceunavailable",
      "badgateway",
      "apiconnection",
      "connectionerror",
      "connectionrefused",
      "connectionreset",
      "econnrefused",
      "econnreset",
      "epipe",
      "enotfound",
      "eaiagain",
      "socket",
      "overloaded",
      "unavailable",
      "upstream",
      "servererror",
      "apierror",
      "remoteprotocol",
      "networkerror",
      "brokenpipe",
    ],
  },
];

const exceptionCache = new Map<string, TExceptionCategory | null>();
const EXCEPTION_CACHE_LIMIT = 2048;

/**
 * Category named by an exception class or error text; null when nothing matches.
 * Unrecognised exceptions are treated as upstream failures by classifyRequest (see rules).
 */
export function categorizeException(exception: string): TExceptionCategory | null {
  const cached = exceptionCache.get(exception);
  if (cached !== undefined) return cached;
  // Only the head of very long messages matters; also bounds the work per row.
  const squashed = exception.slice(0, 512).toLowerCase().replace(/[^a-z0-9]+/g, "");
  let found: TExceptionCategory | null = null;
  for (const { category, keywords } of EXCEPTION_KEYWORDS) {
    if (keywords.some((k) => squashed.includes(k))) {
      found = category;
      break;
    }
  }
  if (exceptionCache.size >= EXCEPTION_CACHE_LIMIT) exceptionCache.clear();
  exceptionCache.set(exception, found);
  return found;
}

/** Class implied by a status code alone; "SUCCESS" for 2xx; null when not a valid HTTP status. */
export function classifyStatusCode(status: number): TRequestClass | "SUCCESS" | null {
  if (!Number.isInteger(status) || status < 100 || status > 599) return null;
  if (status === 401 || status === 403) return "AUTH";
  if (status === 429) return "RATE_LIMIT_429";
  // 499 is nginx/Envoy "client closed request": the caller gave up waiting.
  if (status === 408 || status === 504 || status === 499) return "TIMEOUT";
  if (status >= 500) return "UPSTREAM_5XX";
  if (status >= 400) return "VALIDATION_4XX";
  if (status >= 200 && status < 300) return "SUCCESS";
  // 1xx/3xx as a final status means no completion came back.
  return "UPSTREAM_5XX";
}

function finiteNonNegative(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function checkFailed(value: unknown): boolean {
  return value === "FAILED";
}

/** Full classification with the rule that decided it. Never throws, whatever the input. */
export function classifyRequestDetailed(input: TClassificationInput, options: TClassifyOptions = {}): TClassification {
  const row: Partial<Record<keyof TClassificationInput, unknown>> = typeof input === "object" && input !== null ? input : {};
  const status = typeof row.statusCode === "number" ? classifyStatusCode(row.statusCode) : null;
  const exception = typeof row.exceptionClass === "string" ? row.exceptionClass.trim() : "";
  const exceptionCategory = exception.length > 0 ? categorizeException(exception) : null;
  const qualityFailed = checkFailed(row.parseResult) || checkFailed(row.validationResult);

  if (status !== null) {
    const code = row.statusCode as number;
    if (status !== "SUCCESS") return { requestClass: status, basis: "status", detail: `HTTP ${code}` };
    if (qualityFailed) return { requestClass: "QUALITY_REGRESSION", basis: "result", detail: `HTTP ${code} with failed parse/validation` };
    if (exceptionCategory === "QUALITY_REGRESSION") {
      return { requestClass: "QUALITY_REGRESSION", basis: "exception", detail: `HTTP ${code} with a response-parsing exception` };
    }
    return { requestClass: "OK", basis: "status", detail: `HTTP ${code}` };
  }

  if (exception.length > 0) {
    if (exceptionCategory !== null) return { requestClass: exceptionCategory, basis: "exception", detail: "exception class" };
    return { requestClass: "UPSTREAM_5XX", basis: "exception", detail: "unrecognized exception" };
  }

  const latency = finiteNonNegative(row.latencyMs);
  const rowTimeout = finiteNonNegative(row.clientTimeoutMs);
  const timeout = rowTimeout !== null && rowTimeout > 0 ? rowTimeout : finiteNonNegative(options.clientTimeoutMs);
  const timedOut = latency !== null && timeout !== null && timeout > 0 && latency >= timeout;

  if (row.outcome === "failure") {
    if (timedOut) return { requestClass: "TIMEOUT", basis: "timing", detail: "failure with latency ≥ client timeout" };
    return { requestClass: "UPSTREAM_5XX", basis: "outcome", detail: "failure without status or exception" };
  }

  const completion = finiteNonNegative(row.completionTokens);
  const noResponse =
    row.outcome !== "success" &&
    row.hasResponse !== true &&
    row.parseResult == null &&
    row.validationResult == null &&
    !(completion !== null && completion > 0);
  if (noResponse && timedOut) return { requestClass: "TIMEOUT", basis: "timing", detail: "no response and latency ≥ client timeout" };

  if (qualityFailed) return { requestClass: "QUALITY_REGRESSION", basis: "result", detail: "failed parse/validation" };
  return { requestClass: "OK", basis: "default", detail: "no failure signal" };
}

/** Exactly one class per request; see CLASSIFICATION_RULES for the rules in prose. */
export function classifyRequest(input: TClassificationInput, options: TClassifyOptions = {}): TRequestClass {
  return classifyRequestDetailed(input, options).requestClass;
}

export type TClassificationRule = {
  class: TRequestClass;
  condition: string;
  examples: readonly string[];
};

/** The rules above as a table for the app's documentation page, in precedence order of checks. */
export const CLASSIFICATION_RULES: readonly TClassificationRule[] = [
  {
    class: "AUTH",
    condition:
      "HTTP 401 or 403; or, when there is no HTTP status, an authentication/permission exception (invalid or missing API key, forbidden).",
    examples: ["HTTP 401", "HTTP 403", "AuthenticationError", "PermissionDeniedError", "invalid_api_key"],
  },
  {
    class: "RATE_LIMIT_429",
    condition: "HTTP 429; or, when there is no HTTP status, a rate-limit or quota exception.",
    examples: ["HTTP 429", "RateLimitError", "rate_limit_exceeded", "insufficient_quota", "RESOURCE_EXHAUSTED", "BudgetExceededError"],
  },
  {
    class: "TIMEOUT",
    condition:
      "HTTP 408, 504 or 499 (client closed request); or, when there is no HTTP status, a client/network timeout exception; or no response at all (no status, no exception, no parse/validation result, no completion tokens) with latency ≥ the client timeout (the row's own timeout, else the incident's).",
    examples: ["HTTP 504", "HTTP 408", "HTTP 499", "APITimeoutError", "ReadTimeout", "ETIMEDOUT", "DeadlineExceeded", "no status, latency 30000 ms ≥ timeout 30000 ms"],
  },
  {
    class: "UPSTREAM_5XX",
    condition:
      "HTTP 500–599 except 504; or an unexpected final 1xx/3xx status; or, when there is no HTTP status, a server/connection exception (connection resets included) or any unrecognised exception; or an explicit failure without status or exception.",
    examples: ["HTTP 500", "HTTP 502", "HTTP 503", "InternalServerError", "ServiceUnavailableError", "APIConnectionError", "ECONNRESET", "LiteLLM status=failure without error details"],
  },
  {
    class: "VALIDATION_4XX",
    condition:
      "Any other HTTP 400–498 (not 401, 403, 408, 429); or, when there is no HTTP status, a bad-request exception: invalid request, model not found, payload too large, context length exceeded, content policy / content filter.",
    examples: ["HTTP 400", "HTTP 404", "HTTP 413", "HTTP 422", "BadRequestError", "NotFoundError", "UnprocessableEntityError", "context_length_exceeded", "content_filter"],
  },
  {
    class: "QUALITY_REGRESSION",
    condition:
      "A successful response (HTTP 2xx, or no status and no exception) whose response parse result or output validation result is FAILED; also a 2xx (or status-less) row whose exception is a response-parsing/validation exception.",
    examples: ["HTTP 200 + validation_result=failed", "HTTP 200 + parse_result=failed", "JSONDecodeError", "OutputParserException", "ValidationError"],
  },
  {
    class: "OK",
    condition: "Everything else: a 2xx response, or a row with no failure signal at all, whose parse and validation did not fail.",
    examples: ["HTTP 200", "LiteLLM status=success", "no status, no exception, latency below the timeout"],
  },
];

/** How conflicting signals are resolved, for the same documentation page. */
export const CLASSIFICATION_PRECEDENCE: readonly string[] = [
  "A valid HTTP status (100–599) decides first: it is what the client actually received, so it wins over an exception name when they disagree (e.g. HTTP 503 + RateLimitError → UPSTREAM_5XX).",
  "Status codes outside 100–599 (0, 600+) are not HTTP statuses and are ignored.",
  "Without a status, the exception class decides. Exceptions are matched by keyword, in the order AUTH, RATE_LIMIT_429, TIMEOUT, VALIDATION_4XX, QUALITY_REGRESSION, UPSTREAM_5XX.",
  "Without status or exception, timing decides: latency ≥ client timeout with no sign of a response is a TIMEOUT.",
  "Finally the parse and output-validation results of a successful response decide between QUALITY_REGRESSION and OK.",
];

export type TPathInput = {
  fallbackFlag?: boolean | string | number | null;
  fallbackReason?: string | null;
  requestedModel?: string | null;
  resolvedModel?: string | null;
  primaryModel?: string | null;
  fallbackModel?: string | null;
};

export type TPathOptions = {
  /** Incident's configured primary model (alias or resolved id). */
  primaryModel?: string | null;
  /** Incident's configured fallback model (alias or resolved id). */
  fallbackModel?: string | null;
};

function modelNames(...values: unknown[]): string[] {
  const names: string[] = [];
  for (const value of values) {
    const text = toText(value);
    if (text !== null) names.push(text.toLowerCase());
  }
  return names;
}

/** "azure/gpt-4o" and "openai/gpt-4o" both name "gpt-4o". */
function withoutProvider(name: string): string {
  const slash = name.lastIndexOf("/");
  return slash === -1 ? name : name.slice(slash + 1);
}

/**
 * PRIMARY or FALLBACK. An explicit signal in the log wins (a boolean-ish fallback flag — which
 * LiteLLM's attempted_fallbacks count is mapped to — then a non-empty fallback reason). Otherwise
 * the model the request went to is compared, case-insensitively, with the configured fallback
 * model, using both the provider model name and the gateway alias, first exactly and then
 * ignoring a "provider/" prefix. A model that is configured as both primary and fallback is
 * PRIMARY, since nothing shows a fallback happened.
 */
export function classifyPath(input: TPathInput, options: TPathOptions = {}): TRequestPath {
  const row: Partial<Record<keyof TPathInput, unknown>> = typeof input === "object" && input !== null ? input : {};
  const opts: Partial<Record<keyof TPathOptions, unknown>> = typeof options === "object" && options !== null ? options : {};
  const flag = toBoolish(row.fallbackFlag);
  if (flag !== null) return flag ? "FALLBACK" : "PRIMARY";
  if (toText(row.fallbackReason) !== null) return "FALLBACK";

  const requested = modelNames(row.requestedModel, row.resolvedModel);
  const fallbacks = modelNames(row.fallbackModel, opts.fallbackModel);
  const primaries = modelNames(row.primaryModel, opts.primaryModel);
  if (requested.length === 0 || fallbacks.length === 0) return "PRIMARY";

  const isPrimary = (name: string) => primaries.includes(name);
  if (requested.some((name) => fallbacks.includes(name) && !isPrimary(name))) return "FALLBACK";
  if (requested.some(isPrimary)) return "PRIMARY";

  const strippedPrimaries = primaries.map(withoutProvider);
  const strippedFallbacks = fallbacks.map(withoutProvider).filter((name) => !strippedPrimaries.includes(name));
  if (requested.some((name) => strippedFallbacks.includes(withoutProvider(name)))) return "FALLBACK";
  return "PRIMARY";
}

export const PATH_RULES: readonly { path: TRequestPath; condition: string; examples: readonly string[] }[] = [
  {
    path: "FALLBACK",
    condition:
      "The log says so explicitly: a fallback flag that is true/1/yes, a non-empty fallback reason, or LiteLLM attempted_fallbacks > 0. Without an explicit signal: the requested model (provider name or gateway alias) equals the configured fallback model, case-insensitively, optionally ignoring a provider/ prefix.",
    examples: ["is_fallback=true", "fallback_reason=primary 503", "attempted_fallbacks=1", "model=gpt-4o-mini when the fallback is GPT-4o-mini"],
  },
  {
    path: "PRIMARY",
    condition: "An explicit fallback flag that is false/0/no, or no fallback signal and a model that is not the configured fallback model.",
    examples: ["is_fallback=false", "model=gpt-4o when the primary is gpt-4o"],
  },
];
