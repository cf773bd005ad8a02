/**
 * Deterministic, fast generators of realistic gateway logs in every supported format, with a
 * configurable mix of failure classes. Tests use a few rows; the benchmark streams a million.
 * Each generated row carries the class and path the classifier must produce, plus the strings
 * (prompts, responses, planted credentials, e-mails) that must never reach a sanitized record.
 */
import type { TLogFormat } from "@/lib/logs/detect";
import { REQUEST_CLASSES, type TCheckResult, type TRequestClass, type TRequestPath } from "@/lib/logs/record";

export type TTimestampStyle = "iso" | "iso_offset" | "iso_no_zone" | "epoch_s" | "epoch_ms" | "epoch_us" | "epoch_ns";

export type TFixtureOptions = {
  count: number;
  seed?: number;
  /** Relative weights per class; classes left out get weight 0. */
  classMix?: Partial<Record<TRequestClass, number>>;
  /** Share of rows sent to the fallback model. */
  fallbackRate?: number;
  startMs?: number;
  /** Mean gap between consecutive requests. */
  stepMs?: number;
  primaryModel?: string;
  fallbackModel?: string;
  clientTimeoutMs?: number;
  /** Include prompt and response text (default true). */
  prompts?: boolean;
  /** Plant fake credentials, bearer tokens and e-mail addresses in text and identifier fields. */
  plantSecrets?: boolean;
  /** CSV: prompts containing quoted newlines, commas and quotes. */
  multilinePrompts?: boolean;
  /** OTel: GenAI spans per exported line (each line also gets one non-GenAI span). */
  spansPerLine?: number;
  /** CSV / JSON Lines timestamp encoding. */
  timestampStyle?: TTimestampStyle;
};

/** The options the per-row renderers read. */
export type TFixtureRenderOptions = Pick<TFixtureOptions, "primaryModel" | "fallbackModel" | "timestampStyle">;

export const DEFAULT_CLASS_MIX: Record<TRequestClass, number> = {
  OK: 70,
  AUTH: 2,
  VALIDATION_4XX: 4,
  RATE_LIMIT_429: 8,
  UPSTREAM_5XX: 6,
  TIMEOUT: 6,
  QUALITY_REGRESSION: 4,
};

export type TFixtureRow = {
  index: number;
  requestId: string;
  tsMs: number;
  requestClass: TRequestClass;
  path: TRequestPath;
  model: string;
  statusCode: number | null;
  exception: string | null;
  errorMessage: string | null;
  latencyMs: number;
  clientTimeoutMs: number;
  retryCount: number;
  parseResult: TCheckResult | null;
  validationResult: TCheckResult | null;
  promptTokens: number;
  completionTokens: number;
  userId: string;
  tenantId: string;
  route: string;
  featureFlags: Record<string, boolean>;
  deploymentVersion: string;
  fallbackReason: string | null;
  prompt: string | null;
  response: string | null;
  /** Text that must not appear anywhere in the sanitized output. */
  forbidden: string[];
};

/** mulberry32: tiny, fast and good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUTES = ["/v1/support/answer", "/v1/summarize", "/v1/extract/invoice", "/v1/classify/ticket", "/v1/agent/plan"];
const VERSIONS = ["2025.03.12-1a2b3c4", "2025.03.14-5d6e7f8"];
const TENANTS = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka"];
const TOPICS = ["refund policy", "invoice INV-2291", "the March outage", "shipping delays", "password reset", "API quota", "SSO setup"];

type TFailure = { status: number | null; exception: string | null; message: string };

const FAILURES: Record<Exclude<TRequestClass, "OK" | "QUALITY_REGRESSION">, readonly TFailure[]> = {
  AUTH: [
    { status: 401, exception: "AuthenticationError", message: "Incorrect API key provided." },
    { status: 403, exception: "PermissionDeniedError", message: "Project does not have access to this model." },
  ],
  VALIDATION_4XX: [
    { status: 400, exception: "BadRequestError", message: "This model's maximum context length is 128000 tokens (context_length_exceeded)." },
    { status: 404, exception: "NotFoundError", message: "The model does not exist or you do not have access to it." },
    { status: 422, exception: "UnprocessableEntityError", message: "Invalid schema for response_format." },
  ],
  RATE_LIMIT_429: [{ status: 429, exception: "RateLimitError", message: "Rate limit reached for requests per min (RPM): Limit 500." }],
  UPSTREAM_5XX: [
    { status: 500, exception: "InternalServerError", message: "The server had an error while processing your request." },
    { status: 502, exception: "InternalServerError", message: "Bad gateway." },
    { status: 503, exception: "ServiceUnavailableError", message: "The engine is currently overloaded, please try again later." },
  ],
  TIMEOUT: [
    { status: 504, exception: "InternalServerError", message: "Gateway timeout." },
    { status: 408, exception: "APITimeoutError", message: "Request timed out." },
    { status: null, exception: "APITimeoutError", message: "Request timed out." },
  ],
};

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length) % items.length] as T;
}

function hex(rand: () => number, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(rand() * 0x100000000).toString(16).padStart(8, "0");
  return out.slice(0, length);
}

function alnum(rand: () => number, length: number): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < length; i += 1) out += chars[Math.floor(rand() * chars.length)];
  return out;
}

/** Format-neutral rows; the renderers below turn them into log lines. */
export function* fixtureRows(options: TFixtureOptions): Generator<TFixtureRow, void, undefined> {
  const rand = seededRandom(options.seed ?? 1);
  const mix = options.classMix ?? DEFAULT_CLASS_MIX;
  const weights = REQUEST_CLASSES.map((c) => Math.max(0, mix[c] ?? 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (totalWeight <= 0) throw new Error("classMix needs at least one positive weight");
  const primaryModel = options.primaryModel ?? "gpt-4o";
  const fallbackModel = options.fallbackModel ?? "gpt-4o-mini";
  const timeout = options.clientTimeoutMs ?? 30_000;
  const fallbackRate = options.fallbackRate ?? 0.2;
  const withPrompts = options.prompts ?? true;
  const plant = options.plantSecrets ?? false;
  let tsMs = options.startMs ?? Date.UTC(2025, 2, 14, 9, 0, 0);
  const step = options.stepMs ?? 50;

  for (let index = 0; index < options.count; index += 1) {
    let roll = rand() * totalWeight;
    let requestClass: TRequestClass = "OK";
    for (let i = 0; i < weights.length; i += 1) {
      roll -= weights[i] as number;
      if (roll < 0) {
        requestClass = REQUEST_CLASSES[i] as TRequestClass;
        break;
      }
    }
    const path: TRequestPath = rand() < fallbackRate ? "FALLBACK" : "PRIMARY";
    tsMs += Math.floor(rand() * step * 2) + 1;
    const forbidden: string[] = [];
    const tenantId = pick(TENANTS, rand());
    let userId = `user-${Math.floor(rand() * 5000)}`;
    if (plant && index % 2 === 0) {
      userId = `${userId}@${tenantId}.example.com`;
      forbidden.push(userId);
    }
    const topic = pick(TOPICS, rand());
    let prompt: string | null = null;
    let response: string | null = null;
    if (withPrompts) {
      prompt = `Customer ${tenantId}/${index} asks about ${topic}. Draft a reply for ticket T-${100000 + index}`;
      if (options.multilinePrompts) prompt += `,\nquoting "the last message"\nand keeping it short.`;
      if (plant) {
        const key = `sk-live-${alnum(rand, 32)}`;
        const bearer = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1${alnum(rand, 12)}.${alnum(rand, 22)}`;
        const email = `jane.doe${index}@corp.example.org`;
        prompt += ` My key is ${key}, header Authorization: Bearer ${bearer}, mail me at ${email}.`;
        forbidden.push(key, bearer, email);
      }
      forbidden.push(prompt);
    }
    let statusCode: number | null = 200;
    let exception: string | null = null;
    let errorMessage: string | null = null;
    let parseResult: TCheckResult | null = "OK";
    let validationResult: TCheckResult | null = "OK";
    let latencyMs = 300 + Math.floor(rand() * 2500);
    let completionTokens = 40 + Math.floor(rand() * 400);
    if (requestClass === "QUALITY_REGRESSION") {
      if (rand() < 0.5) parseResult = "FAILED";
      else validationResult = "FAILED";
    } else if (requestClass !== "OK") {
      const failure = pick(FAILURES[requestClass], rand());
      statusCode = failure.status;
      exception = failure.exception;
      errorMessage = failure.message;
      parseResult = null;
      validationResult = null;
      completionTokens = 0;
      if (requestClass === "TIMEOUT") latencyMs = timeout + Math.floor(rand() * 500);
      else latencyMs = 20 + Math.floor(rand() * 400);
      if (plant) {
        const leaked = `sk-proj-${alnum(rand, 40)}`;
        errorMessage += ` (key ${leaked})`;
        forbidden.push(leaked);
      }
    }
    if (withPrompts && completionTokens > 0) {
      response = `Hello ${tenantId} team, regarding ${topic}: here is what we found for T-${100000 + index}.`;
      forbidden.push(response);
    }
    let fallbackReason: string | null = null;
    if (path === "FALLBACK") {
      fallbackReason = `primary ${primaryModel} returned 503`;
      if (plant) {
        const token = `ghp_${alnum(rand, 36)}`;
        fallbackReason += ` token=${token}`;
        forbidden.push(token);
      }
    }
    const promptTokens = 200 + Math.floor(rand() * 3000);
    yield {
      index,
      requestId: `req_${hex(rand, 24)}`,
      tsMs,
      requestClass,
      path,
      model: path === "FALLBACK" ? fallbackModel : primaryModel,
      statusCode,
      exception,
      errorMessage,
      latencyMs,
      clientTimeoutMs: timeout,
      retryCount: requestClass === "RATE_LIMIT_429" || requestClass === "UPSTREAM_5XX" ? 2 : Math.floor(rand() * 1.2),
      parseResult,
      validationResult,
      promptTokens,
      completionTokens,
      userId,
      tenantId,
      route: pick(ROUTES, rand()),
      featureFlags: { new_router: rand() < 0.5, strict_json: rand() < 0.3 },
      deploymentVersion: pick(VERSIONS, rand()),
      fallbackReason,
      prompt,
      response,
      forbidden,
    };
  }
}

function formatTs(ms: number, style: TTimestampStyle): string | number {
  switch (style) {
    case "iso":
      return new Date(ms).toISOString();
    case "iso_offset": {
      // Same instant written in UTC+02:00.
      const shifted = new Date(ms + 2 * 3_600_000).toISOString();
      return `${shifted.slice(0, 23)}+02:00`;
    }
    case "iso_no_zone":
      return new Date(ms).toISOString().slice(0, 23);
    case "epoch_s":
      return ms / 1000;
    case "epoch_ms":
      return ms;
    case "epoch_us":
      return `${ms}000`;
    case "epoch_ns":
      return `${ms}000000`;
  }
}

export const CSV_FIXTURE_HEADERS = [
  "timestamp",
  "request_id",
  "tenant_id",
  "user_id",
  "route",
  "primary_model",
  "model",
  "fallback_model",
  "is_fallback",
  "fallback_reason",
  "retry_count",
  "client_timeout_ms",
  "status_code",
  "exception",
  "latency_ms",
  "parse_result",
  "validation_result",
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "feature_flags",
  "deployment_version",
  "prompt",
  "response",
] as const;

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function flagsText(flags: Record<string, boolean>): string {
  return Object.entries(flags)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

function checkText(result: TCheckResult | null): string | null {
  return result === null ? null : result === "OK" ? "ok" : "failed";
}

export function csvFixtureRow(row: TFixtureRow, options: TFixtureRenderOptions): string {
  const cells: (string | number | boolean | null)[] = [
    formatTs(row.tsMs, options.timestampStyle ?? "iso"),
    row.requestId,
    row.tenantId,
    row.userId,
    row.route,
    options.primaryModel ?? "gpt-4o",
    row.model,
    options.fallbackModel ?? "gpt-4o-mini",
    row.path === "FALLBACK",
    row.fallbackReason,
    row.retryCount,
    row.clientTimeoutMs,
    row.statusCode,
    row.exception,
    row.latencyMs,
    checkText(row.parseResult),
    checkText(row.validationResult),
    row.promptTokens,
    row.completionTokens,
    row.promptTokens + row.completionTokens,
    flagsText(row.featureFlags),
    row.deploymentVersion,
    row.prompt,
    row.response,
  ];
  return cells.map(csvCell).join(",");
}

export function jsonlFixtureRow(row: TFixtureRow, options: TFixtureRenderOptions): string {
  return JSON.stringify({
    timestamp: formatTs(row.tsMs, options.timestampStyle ?? "iso"),
    request_id: row.requestId,
    route: row.route,
    user: { id: row.userId },
    metadata: { tenant_id: row.tenantId, deployment_version: row.deploymentVersion },
    primary_model: options.primaryModel ?? "gpt-4o",
    model: row.model,
    fallback_model: options.fallbackModel ?? "gpt-4o-mini",
    fallback: row.path === "FALLBACK",
    fallback_reason: row.fallbackReason,
    retries: row.retryCount,
    client_timeout_ms: row.clientTimeoutMs,
    status: row.statusCode,
    error: row.exception === null ? null : { type: row.exception, message: row.errorMessage },
    latency_ms: row.latencyMs,
    parse_result: checkText(row.parseResult),
    validation_result: checkText(row.validationResult),
    usage: { prompt_tokens: row.promptTokens, completion_tokens: row.completionTokens, total_tokens: row.promptTokens + row.completionTokens },
    feature_flags: row.featureFlags,
    messages: row.prompt === null ? undefined : [{ role: "system", content: "You are a support assistant." }, { role: "user", content: row.prompt }],
    response: row.response === null ? undefined : { choices: [{ message: { role: "assistant", content: row.response } }] },
  });
}

export function litellmFixtureRow(row: TFixtureRow, options: TFixtureRenderOptions): string {
  const start = row.tsMs / 1000;
  const end = (row.tsMs + row.latencyMs) / 1000;
  const failed = row.requestClass !== "OK" && row.requestClass !== "QUALITY_REGRESSION";
  const provider = "openai";
  return JSON.stringify({
    id: `chatcmpl-${row.requestId.slice(4)}`,
    trace_id: row.requestId,
    call_type: "acompletion",
    stream: false,
    response_cost: failed ? 0 : 0.00042,
    status: failed ? "failure" : "success",
    custom_llm_provider: provider,
    total_tokens: row.promptTokens + row.completionTokens,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    startTime: start,
    endTime: end,
    completionStartTime: failed ? end : start + 0.2,
    response_time: row.latencyMs / 1000,
    model_map_information: { model_map_key: row.model, model_map_value: null },
    model: row.model,
    model_id: hexOf(row.index, 16),
    model_group: row.model,
    api_base: "https://api.openai.com/v1",
    metadata: {
      user_api_key_hash: hexOf(row.index * 7 + 3, 64),
      user_api_key_alias: null,
      user_api_key_team_id: row.tenantId,
      user_api_key_user_id: null,
      user_api_key_org_id: null,
      user_api_key_team_alias: `${row.tenantId}-team`,
      attempted_retries: row.retryCount,
      attempted_fallbacks: row.path === "FALLBACK" ? 1 : 0,
      spend_logs_metadata: null,
      requester_ip_address: "10.0.3.17",
      requester_metadata: {
        route: row.route,
        feature_flags: row.featureFlags,
        deployment_version: row.deploymentVersion,
        parse_result: checkText(row.parseResult),
        validation_result: checkText(row.validationResult),
        fallback_reason: row.fallbackReason,
        primary_model: options.primaryModel ?? "gpt-4o",
      },
    },
    cache_hit: false,
    cache_key: null,
    saved_cache_cost: 0,
    request_tags: ["support-bot"],
    end_user: row.userId,
    requester_ip_address: "10.0.3.17",
    messages: row.prompt === null ? [] : [{ role: "system", content: "You are a support assistant." }, { role: "user", content: row.prompt }],
    response:
      row.response === null ? {} : { id: `chatcmpl-${row.index}`, object: "chat.completion", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: row.response } }] },
    model_parameters: { temperature: 0.2, max_tokens: 800, timeout: row.clientTimeoutMs / 1000 },
    hidden_params: {
      model_id: hexOf(row.index, 16),
      cache_key: null,
      api_base: "https://api.openai.com/v1",
      response_cost: failed ? null : "0.00042",
      litellm_model_name: `${provider}/${row.model}`,
      additional_headers: {},
    },
    error_str: failed ? `litellm.${row.exception}: ${row.exception}: OpenAIException - ${row.errorMessage}` : null,
    error_information: failed
      ? {
          error_code: row.statusCode === null ? "" : String(row.statusCode),
          error_class: row.exception,
          llm_provider: provider,
          traceback: `Traceback (most recent call last):\n  File "router.py", line 912, in acompletion\n${row.exception}: ${row.errorMessage}`,
          error_message: row.errorMessage,
        }
      : null,
  });
}

function hexOf(n: number, length: number): string {
  let h = (Math.imul(n + 1, 2654435761) >>> 0).toString(16);
  while (h.length < length) h += (Math.imul(h.length + n, 40503) >>> 0).toString(16);
  return h.slice(0, length);
}

type TOtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
type TOtlpAttribute = { key: string; value: TOtlpValue };

function attr(key: string, value: string | number | boolean | null): TOtlpAttribute[] {
  if (value === null) return [];
  if (typeof value === "string") return [{ key, value: { stringValue: value } }];
  if (typeof value === "boolean") return [{ key, value: { boolValue: value } }];
  return Number.isInteger(value) ? [{ key, value: { intValue: String(value) } }] : [{ key, value: { doubleValue: value } }];
}

function otelSpan(row: TFixtureRow): Record<string, unknown> {
  const startNs = `${row.tsMs}000000`;
  const endNs = `${row.tsMs + row.latencyMs}000000`;
  const failed = row.requestClass !== "OK" && row.requestClass !== "QUALITY_REGRESSION";
  const attributes: TOtlpAttribute[] = [
    ...attr("gen_ai.operation.name", "chat"),
    ...attr("gen_ai.provider.name", "openai"),
    ...attr("gen_ai.request.model", row.model),
    ...attr("gen_ai.response.model", failed ? null : `${row.model}-2024-08-06`),
    ...attr("gen_ai.usage.input_tokens", row.promptTokens),
    ...attr("gen_ai.usage.output_tokens", failed ? null : row.completionTokens),
    ...attr("server.address", "api.openai.com"),
    ...attr("http.response.status_code", row.statusCode),
    ...attr("error.type", failed ? row.exception : null),
    ...attr("http.request.resend_count", row.retryCount),
    ...attr("user.id", row.userId),
    ...attr("tenant.id", row.tenantId),
    ...attr("app.feature", row.route),
    ...attr("app.is_fallback", row.path === "FALLBACK"),
    ...attr("app.fallback_reason", row.fallbackReason),
    ...attr("app.client_timeout_ms", row.clientTimeoutMs),
    ...attr("app.parse_result", checkText(row.parseResult)),
    ...attr("app.output.validation_result", checkText(row.validationResult)),
    ...attr("app.deployment_version", row.deploymentVersion),
    ...attr("gen_ai.input.messages", row.prompt === null ? null : JSON.stringify([{ role: "user", parts: [{ type: "text", content: row.prompt }] }])),
    ...attr(
      "gen_ai.output.messages",
      row.response === null ? null : JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: row.response }], finish_reason: "stop" }]),
    ),
  ];
  const events: Record<string, unknown>[] = Object.entries(row.featureFlags).map(([key, on]) => ({
    timeUnixNano: startNs,
    name: "feature_flag.evaluation",
    attributes: [...attr("feature_flag.key", key), ...attr("feature_flag.result.variant", on ? "on" : "off")],
  }));
  if (failed) {
    events.push({
      timeUnixNano: endNs,
      name: "exception",
      attributes: [
        ...attr("exception.type", `openai.${row.exception}`),
        ...attr("exception.message", row.errorMessage),
        ...attr("exception.stacktrace", `Traceback (most recent call last):\n  File "client.py", line 88\nopenai.${row.exception}`),
      ],
    });
  }
  return {
    traceId: hexOf(row.index * 3 + 1, 32),
    spanId: hexOf(row.index * 5 + 2, 16),
    name: `chat ${row.model}`,
    kind: 3,
    startTimeUnixNano: startNs,
    endTimeUnixNano: endNs,
    attributes,
    events,
    status: failed ? { code: 2, message: row.errorMessage } : {},
  };
}

export function otelFixtureLine(rows: readonly TFixtureRow[]): string {
  const first = rows[0];
  const serverSpan = {
    traceId: hexOf((first?.index ?? 0) * 11, 32),
    spanId: hexOf((first?.index ?? 0) * 13, 16),
    name: "POST /v1/support/answer",
    kind: 2,
    startTimeUnixNano: `${first?.tsMs ?? 0}000000`,
    endTimeUnixNano: `${(first?.tsMs ?? 0) + 5}000000`,
    attributes: [...attr("http.request.method", "POST"), ...attr("http.route", "/v1/support/answer"), ...attr("http.response.status_code", 200)],
    status: {},
  };
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [...attr("service.name", "support-bot"), ...attr("service.version", first?.deploymentVersion ?? "0"), ...attr("deployment.environment.name", "prod")],
        },
        scopeSpans: [{ scope: { name: "opentelemetry.instrumentation.openai_v2", version: "2.1b0" }, spans: [serverSpan, ...rows.map(otelSpan)] }],
      },
    ],
  });
}

/** One logical record of a rendered file: its text (a CSV record may span lines) and the rows in it. */
export type TFixtureRecord = { text: string; rows: TFixtureRow[] };

export function* fixtureRecords(format: TLogFormat, options: TFixtureOptions): Generator<TFixtureRecord, void, undefined> {
  const rows = fixtureRows(options);
  if (format === "csv") {
    yield { text: CSV_FIXTURE_HEADERS.join(","), rows: [] };
    for (const row of rows) yield { text: csvFixtureRow(row, options), rows: [row] };
    return;
  }
  if (format === "otel") {
    const perLine = Math.max(1, options.spansPerLine ?? 3);
    let batch: TFixtureRow[] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === perLine) {
        yield { text: otelFixtureLine(batch), rows: batch };
        batch = [];
      }
    }
    if (batch.length > 0) yield { text: otelFixtureLine(batch), rows: batch };
    return;
  }
  const render = format === "litellm" ? litellmFixtureRow : jsonlFixtureRow;
  for (const row of rows) yield { text: render(row, options), rows: [row] };
}

export function fixtureText(format: TLogFormat, options: TFixtureOptions, lineEnding: "\n" | "\r\n" = "\n"): string {
  const parts: string[] = [];
  for (const record of fixtureRecords(format, options)) parts.push(record.text);
  return parts.join(lineEnding) + lineEnding;
}

/** Streams a rendered file as UTF-8 chunks of about chunkBytes, without building it in memory. */
export async function* fixtureByteStream(
  format: TLogFormat,
  options: TFixtureOptions,
  chunkBytes = 64 * 1024,
  lineEnding: "\n" | "\r\n" = "\n",
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoder = new TextEncoder();
  let buffer: string[] = [];
  let size = 0;
  for (const record of fixtureRecords(format, options)) {
    buffer.push(record.text, lineEnding);
    size += record.text.length + lineEnding.length;
    if (size >= chunkBytes) {
      yield encoder.encode(buffer.join(""));
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length > 0) yield encoder.encode(buffer.join(""));
}

/** Splits bytes into fixed-size chunks (1 byte exercises every chunk-boundary case). */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

export function textStream(text: string, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array, void, undefined> {
  return chunked(new TextEncoder().encode(text), chunkSize);
}
