import { CandidateTable, rawFromFieldSource, type TExtractOptions, type TExtractResult, type TInvalidValueCounts } from "@/lib/logs/extract";
import { hasContent, isPlainObject, toNumber, toText } from "@/lib/logs/values";

/**
 * OTLP/JSON traces (one ExportTraceServiceRequest per line, as written by the collector's file
 * exporter). Only GenAI client spans become requests; everything else on the line is ignored.
 * Attribute names follow the OpenTelemetry GenAI semantic conventions, with the older
 * gen_ai.prompt / gen_ai.completion / prompt_tokens spellings also understood.
 */

export const GENAI_MARKERS = ["gen_ai.operation.name", "gen_ai.request.model", "gen_ai.system", "gen_ai.provider.name"];
const MAX_VALUE_DEPTH = 8;

/** OTLP AnyValue → plain JS value. intValue may arrive as a string (int64 in JSON). */
export function fromAnyValue(value: unknown, depth = 0): unknown {
  if (!isPlainObject(value) || depth > MAX_VALUE_DEPTH) return undefined;
  if ("stringValue" in value) return typeof value.stringValue === "string" ? value.stringValue : undefined;
  if ("intValue" in value) return toNumber(value.intValue) ?? undefined;
  if ("doubleValue" in value) {
    const d = value.doubleValue;
    // Non-finite doubles are encoded as strings ("NaN", "Infinity") in OTLP/JSON.
    return typeof d === "number" ? d : toNumber(d) ?? undefined;
  }
  if ("boolValue" in value) return typeof value.boolValue === "boolean" ? value.boolValue : undefined;
  if ("bytesValue" in value) return typeof value.bytesValue === "string" ? value.bytesValue : undefined;
  if ("arrayValue" in value) {
    const values = isPlainObject(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map((v) => fromAnyValue(v, depth + 1));
  }
  if ("kvlistValue" in value) {
    const values = isPlainObject(value.kvlistValue) && Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    const entries: [string, unknown][] = [];
    for (const kv of values) {
      if (isPlainObject(kv) && typeof kv.key === "string") entries.push([kv.key, fromAnyValue(kv.value, depth + 1)]);
    }
    return Object.fromEntries(entries);
  }
  return undefined;
}

/** KeyValue list → Map (a Map, so hostile keys like "__proto__" are just keys). */
export function attributeMap(attributes: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(attributes)) return map;
  for (const kv of attributes) {
    if (!isPlainObject(kv) || typeof kv.key !== "string") continue;
    const value = fromAnyValue(kv.value);
    if (value !== undefined && !map.has(kv.key)) map.set(kv.key, value);
  }
  return map;
}

const GENAI_MARKER_SET = new Set(GENAI_MARKERS);

/**
 * Whether a span is a GenAI one: one of GENAI_MARKERS has a usable value, as in attributeMap. Read
 * from the raw attributes: most spans of a trace are not GenAI ones, and converting all their
 * attributes only to drop them cost more than the check.
 */
export function hasGenAiMarker(attributes: unknown): boolean {
  if (!Array.isArray(attributes)) return false;
  for (const kv of attributes) {
    if (isPlainObject(kv) && typeof kv.key === "string" && GENAI_MARKER_SET.has(kv.key) && fromAnyValue(kv.value) !== undefined) return true;
  }
  return false;
}

type TEvent = { name: string; attributes: Map<string, unknown> };

function spanEvents(span: Record<string, unknown>): TEvent[] {
  if (!Array.isArray(span.events)) return [];
  const events: TEvent[] = [];
  for (const event of span.events) {
    if (isPlainObject(event) && typeof event.name === "string") events.push({ name: event.name, attributes: attributeMap(event.attributes) });
  }
  return events;
}

/** OpenLLMetry-style indexed attributes: gen_ai.prompt.0.role, gen_ai.prompt.0.content, … */
function indexedAttributes(attributes: ReadonlyMap<string, unknown>, prefix: string): Record<string, unknown> | null {
  let found: Record<string, unknown> | null = null;
  for (const [key, value] of attributes) {
    if (key.startsWith(prefix)) {
      found ??= {};
      found[key.slice(prefix.length)] = value;
    }
  }
  return found;
}

const PROMPT_EVENTS = new Set(["gen_ai.content.prompt", "gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message"]);
const COMPLETION_EVENTS = new Set(["gen_ai.content.completion", "gen_ai.choice"]);

function promptValue(attributes: ReadonlyMap<string, unknown>, events: readonly TEvent[]): unknown {
  const direct = attributes.get("gen_ai.input.messages") ?? attributes.get("gen_ai.prompt");
  if (hasContent(direct)) return direct;
  const indexed = indexedAttributes(attributes, "gen_ai.prompt.");
  if (indexed) return indexed;
  const parts = events.filter((e) => PROMPT_EVENTS.has(e.name)).map((e) => Object.fromEntries(e.attributes));
  return parts.length > 0 ? parts : undefined;
}

function completionValue(attributes: ReadonlyMap<string, unknown>, events: readonly TEvent[]): unknown {
  const direct = attributes.get("gen_ai.output.messages") ?? attributes.get("gen_ai.completion");
  if (hasContent(direct)) return direct;
  const indexed = indexedAttributes(attributes, "gen_ai.completion.");
  if (indexed) return indexed;
  const parts = events.filter((e) => COMPLETION_EVENTS.has(e.name)).map((e) => Object.fromEntries(e.attributes));
  return parts.length > 0 ? parts : undefined;
}

/** feature_flag.* attributes and feature_flag evaluation events → {flag: variant}. */
function featureFlags(attributes: ReadonlyMap<string, unknown>, events: readonly TEvent[]): Record<string, unknown> | null {
  const flags: Record<string, unknown> = {};
  let any = false;
  const addPair = (attrs: ReadonlyMap<string, unknown>) => {
    const key = toText(attrs.get("feature_flag.key"));
    if (key === null) return false;
    flags[key] = attrs.get("feature_flag.result.variant") ?? attrs.get("feature_flag.variant") ?? attrs.get("feature_flag.result.value") ?? true;
    any = true;
    return true;
  };
  if (!addPair(attributes)) {
    for (const [key, value] of attributes) {
      if (key.startsWith("feature_flag.")) {
        flags[key.slice("feature_flag.".length)] = value;
        any = true;
      }
    }
  }
  for (const event of events) if (event.name.startsWith("feature_flag")) addPair(event.attributes);
  return any ? flags : null;
}

function spanOutcome(status: unknown): "success" | "failure" | null {
  if (!isPlainObject(status)) return null;
  const code = status.code;
  if (code === 2 || code === "2" || code === "STATUS_CODE_ERROR") return "failure";
  if (code === 1 || code === "1" || code === "STATUS_CODE_OK") return "success";
  return null;
}

function rawFromSpan(
  span: Record<string, unknown>,
  attributes: ReadonlyMap<string, unknown>,
  resource: ReadonlyMap<string, unknown>,
  options: TExtractOptions,
  invalid: TInvalidValueCounts,
): TExtractResult {
  const events = spanEvents(span);
  const exception = events.find((e) => e.name === "exception");
  const table = new CandidateTable();
  table.set("request_timestamp", span.startTimeUnixNano, "startTimeUnixNano");
  table.set("end_timestamp", span.endTimeUnixNano, "endTimeUnixNano");
  table.set("requested_model", attributes.get("gen_ai.request.model"), "gen_ai.request.model");
  table.set("resolved_model", attributes.get("gen_ai.response.model"), "gen_ai.response.model");
  table.set("status_code", attributes.get("http.response.status_code"), "http.response.status_code");
  table.set("status_code", attributes.get("http.status_code"), "http.status_code");
  const errorType = toText(attributes.get("error.type"));
  // error.type holds the status code when the error is an HTTP one ("500"), else a class name.
  if (errorType !== null && /^[1-5]\d\d$/.test(errorType)) table.set("status_code", errorType, "error.type");
  else table.set("exception_class", errorType, "error.type");
  if (exception) table.set("exception_class", exception.attributes.get("exception.type"), "exception.type");
  table.set("prompt_tokens", attributes.get("gen_ai.usage.input_tokens"), "gen_ai.usage.input_tokens");
  table.set("prompt_tokens", attributes.get("gen_ai.usage.prompt_tokens"), "gen_ai.usage.prompt_tokens");
  table.set("completion_tokens", attributes.get("gen_ai.usage.output_tokens"), "gen_ai.usage.output_tokens");
  table.set("completion_tokens", attributes.get("gen_ai.usage.completion_tokens"), "gen_ai.usage.completion_tokens");
  table.set("total_tokens", attributes.get("gen_ai.usage.total_tokens"), "gen_ai.usage.total_tokens");
  table.set("retry_count", attributes.get("http.request.resend_count"), "http.request.resend_count");
  table.set("prompt_text", promptValue(attributes, events), "gen_ai.input.messages");
  table.set("response_text", completionValue(attributes, events), "gen_ai.output.messages");
  table.set("feature_flags", featureFlags(attributes, events), "feature_flag");
  for (const [key, value] of attributes) if (key !== "error.type") table.offer(key, value, 0);
  for (const [key, value] of resource) table.offer(key, value, 5000);
  const traceId = toText(span.traceId);
  const spanId = toText(span.spanId);
  if (traceId !== null) table.fallback("request_id", spanId === null ? traceId : `${traceId}/${spanId}`, "traceId");

  const result = rawFromFieldSource(table, options, invalid);
  if (!result.ok) return result;
  const raw = result.raw;
  raw.outcome = spanOutcome(span.status) ?? raw.outcome;
  const messages: string[] = [];
  const statusMessage = isPlainObject(span.status) ? toText(span.status.message) : null;
  if (statusMessage !== null && raw.outcome === "failure") messages.push(statusMessage);
  const exceptionMessage = exception ? toText(exception.attributes.get("exception.message")) : null;
  if (exceptionMessage !== null) messages.push(exceptionMessage);
  if (messages.length > 0) {
    raw.errorText = messages.join(" | ").slice(0, 2000);
    raw.droppedText.push("error_message");
  }
  if (exception && hasContent(exception.attributes.get("exception.stacktrace"))) raw.droppedText.push("traceback");
  return result;
}

export type TOtelLineResult =
  | { ok: true; results: TExtractResult[]; ignoredSpans: number }
  | { ok: false; code: "NOT_OTLP_TRACES"; reason: string };

export function rawsFromOtlpLine(payload: Record<string, unknown>, options: TExtractOptions, invalid: TInvalidValueCounts): TOtelLineResult {
  if (!Array.isArray(payload.resourceSpans)) {
    return { ok: false, code: "NOT_OTLP_TRACES", reason: "The line is not an OTLP/JSON trace export (no resourceSpans array)." };
  }
  const results: TExtractResult[] = [];
  let ignoredSpans = 0;
  for (const resourceSpans of payload.resourceSpans) {
    if (!isPlainObject(resourceSpans)) continue;
    const resource = attributeMap(isPlainObject(resourceSpans.resource) ? resourceSpans.resource.attributes : undefined);
    // instrumentationLibrarySpans is the pre-1.0 OTLP name for scopeSpans.
    const scopes = Array.isArray(resourceSpans.scopeSpans)
      ? resourceSpans.scopeSpans
      : Array.isArray(resourceSpans.instrumentationLibrarySpans)
        ? resourceSpans.instrumentationLibrarySpans
        : [];
    for (const scope of scopes) {
      if (!isPlainObject(scope) || !Array.isArray(scope.spans)) continue;
      for (const span of scope.spans) {
        if (!isPlainObject(span)) {
          ignoredSpans += 1;
          continue;
        }
        if (!hasGenAiMarker(span.attributes)) {
          ignoredSpans += 1;
          continue;
        }
        results.push(rawFromSpan(span, attributeMap(span.attributes), resource, options, invalid));
      }
    }
  }
  return { ok: true, results, ignoredSpans };
}
