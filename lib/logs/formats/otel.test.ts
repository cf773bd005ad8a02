import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { attributeMap, fromAnyValue, GENAI_MARKERS, hasGenAiMarker, rawsFromOtlpLine } from "@/lib/logs/formats/otel";
import type { TRawRequest } from "@/lib/logs/record";

const START_NS = "1741942800125000000";
const END_NS = "1741942801625000000";

type TAttr = { key: string; value: Record<string, unknown> };
const s = (key: string, v: string): TAttr => ({ key, value: { stringValue: v } });
const i = (key: string, v: number | string): TAttr => ({ key, value: { intValue: v } });
const b = (key: string, v: boolean): TAttr => ({ key, value: { boolValue: v } });

function span(attributes: TAttr[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: "eee19b7ec3c1b174",
    name: "chat gpt-4o",
    kind: 3,
    startTimeUnixNano: START_NS,
    endTimeUnixNano: END_NS,
    attributes,
    status: {},
    ...extra,
  };
}

function line(spans: Record<string, unknown>[], resource: TAttr[] = [s("service.name", "support-bot"), s("service.version", "2025.03.14")]) {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: "openai" }, spans }] }] };
}

function raws(payload: Record<string, unknown>): TRawRequest[] {
  const result = rawsFromOtlpLine(payload, {}, {});
  if (!result.ok) throw new Error(result.reason);
  return result.results.map((r) => {
    if (!r.ok) throw new Error(r.reason);
    return r.raw;
  });
}

describe("OTLP/JSON GenAI spans", () => {
  it("reads the GenAI semantic conventions", () => {
    const [r] = raws(
      line([
        span([
          s("gen_ai.operation.name", "chat"),
          s("gen_ai.provider.name", "openai"),
          s("gen_ai.request.model", "gpt-4o"),
          s("gen_ai.response.model", "gpt-4o-2024-08-06"),
          i("gen_ai.usage.input_tokens", "120"),
          i("gen_ai.usage.output_tokens", 30),
          i("http.response.status_code", 200),
          s("server.address", "api.openai.com"),
          s("user.id", "u-7"),
          s("tenant.id", "acme"),
          s("http.route", "/v1/support/answer"),
          i("http.request.resend_count", 1),
          s("gen_ai.input.messages", '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]'),
          s("gen_ai.output.messages", '[{"role":"assistant","parts":[{"type":"text","content":"hello"}]}]'),
        ]),
      ]),
    );
    expect(r).toMatchObject({
      ts: new Date(1741942800125),
      latencyMs: 1500,
      requestId: "5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174",
      requestedModel: "gpt-4o",
      resolvedModel: "gpt-4o-2024-08-06",
      promptTokens: 120,
      completionTokens: 30,
      statusCode: 200,
      userId: "u-7",
      tenantId: "acme",
      route: "/v1/support/answer",
      retryCount: 1,
      deploymentVersion: "2025.03.14",
      hasResponse: true,
    });
    expect(r!.droppedText).toEqual(["prompt", "response"]);
  });

  it("yields one request per GenAI span and ignores the rest", () => {
    const genai = (model: string) => span([s("gen_ai.request.model", model)]);
    const result = rawsFromOtlpLine(
      {
        resourceSpans: [
          { resource: {}, scopeSpans: [{ spans: [genai("a"), span([s("http.request.method", "POST")]), genai("b")] }] },
          { scopeSpans: [{ spans: [genai("c"), "junk"] }, { spans: null }] },
          "junk",
        ],
      },
      {},
      {},
    );
    expect(result.ok && result.results.map((r) => r.ok && r.raw.requestedModel)).toEqual(["a", "b", "c"]);
    expect(result.ok && result.ignoredSpans).toBe(2);
  });

  it("reads errors from span status, error.type and exception events", () => {
    const [rateLimited, serverError, timeout] = raws(
      line([
        span([s("gen_ai.system", "openai"), s("error.type", "RateLimitError"), i("http.response.status_code", 429)], {
          status: { code: 2, message: "Rate limit reached" },
        }),
        span([s("gen_ai.operation.name", "chat"), s("error.type", "500")], { status: { code: "STATUS_CODE_ERROR" } }),
        span([s("gen_ai.operation.name", "chat")], {
          status: { code: 2 },
          events: [
            {
              name: "exception",
              attributes: [s("exception.type", "openai.APITimeoutError"), s("exception.message", "Request timed out."), s("exception.stacktrace", "Traceback…")],
            },
          ],
        }),
      ]),
    );
    expect(rateLimited).toMatchObject({ statusCode: 429, exceptionClass: "RateLimitError", outcome: "failure", errorText: "Rate limit reached" });
    expect(serverError).toMatchObject({ statusCode: 500, exceptionClass: null, outcome: "failure" });
    expect(timeout).toMatchObject({ exceptionClass: "openai.APITimeoutError", errorText: "Request timed out." });
    expect(timeout!.droppedText).toEqual(["error_message", "traceback"]);
  });

  it("understands older attribute names and indexed prompt attributes", () => {
    const [r] = raws(
      line([
        span([
          s("gen_ai.system", "openai"),
          i("gen_ai.usage.prompt_tokens", 5),
          i("gen_ai.usage.completion_tokens", 6),
          i("http.status_code", 200),
          s("gen_ai.prompt.0.role", "user"),
          s("gen_ai.prompt.0.content", "hello"),
          s("gen_ai.completion.0.content", "hi"),
        ]),
      ]),
    );
    expect(r).toMatchObject({ promptTokens: 5, completionTokens: 6, statusCode: 200 });
    expect(r!.promptText).toContain("hello");
    expect(r!.droppedText).toEqual(["prompt", "response"]);
  });

  it("collects feature flags from attributes and evaluation events, and app.* fields by synonym", () => {
    const [r] = raws(
      line([
        span([s("gen_ai.operation.name", "chat"), b("app.is_fallback", true), s("app.fallback_reason", "primary 503"), i("app.client_timeout_ms", 20000), s("app.parse_result", "failed")], {
          events: [
            { name: "feature_flag.evaluation", attributes: [s("feature_flag.key", "new_router"), s("feature_flag.result.variant", "on")] },
            { name: "feature_flag.evaluation", attributes: [s("feature_flag.key", "strict_json"), s("feature_flag.variant", "off")] },
          ],
        }),
      ]),
    );
    expect(r).toMatchObject({
      featureFlags: "new_router=on,strict_json=off",
      fallbackFlag: true,
      fallbackReason: "primary 503",
      clientTimeoutMs: 20_000,
      parseResult: "FAILED",
    });
  });

  it("rejects a line that is not a trace export", () => {
    expect(rawsFromOtlpLine({ resourceLogs: [] }, {}, {})).toMatchObject({ ok: false, code: "NOT_OTLP_TRACES" });
  });

  it("rejects spans without a start time", () => {
    const result = rawsFromOtlpLine(line([span([s("gen_ai.operation.name", "chat")], { startTimeUnixNano: undefined })]), {}, {});
    expect(result.ok && result.results[0]).toMatchObject({ ok: false, code: "MISSING_TIMESTAMP" });
  });
});

describe("OTLP AnyValue", () => {
  it("decodes every value kind", () => {
    expect(fromAnyValue({ intValue: "9007199254740991" })).toBe(9007199254740991);
    expect(fromAnyValue({ doubleValue: "NaN" })).toBeUndefined();
    expect(fromAnyValue({ doubleValue: 0.5 })).toBe(0.5);
    expect(fromAnyValue({ arrayValue: { values: [{ stringValue: "a" }, { boolValue: false }] } })).toEqual(["a", false]);
    expect(fromAnyValue({ kvlistValue: { values: [{ key: "k", value: { intValue: 1 } }] } })).toEqual({ k: 1 });
    expect(fromAnyValue({ bytesValue: "AAE=" })).toBe("AAE=");
    expect(fromAnyValue({})).toBeUndefined();
    expect(fromAnyValue("x")).toBeUndefined();
  });

  it("bounds nesting and keeps the first of duplicate keys", () => {
    let deep: Record<string, unknown> = { stringValue: "leaf" };
    for (let n = 0; n < 50; n += 1) deep = { arrayValue: { values: [deep] } };
    expect(() => fromAnyValue(deep)).not.toThrow();
    const map = attributeMap([s("k", "first"), s("k", "second"), { key: "__proto__", value: { stringValue: "x" } }, null, { key: 1 }]);
    expect(map.get("k")).toBe("first");
    expect(map.get("__proto__")).toBe("x");
  });
});

describe("GenAI span detection", () => {
  it("a marker counts only with a usable value, as attributeMap would keep it", () => {
    expect(hasGenAiMarker([s("http.route", "/x"), s("gen_ai.system", "openai")])).toBe(true);
    expect(hasGenAiMarker([{ key: "gen_ai.request.model", value: {} }, s("http.route", "/x")])).toBe(false);
    expect(hasGenAiMarker([{ key: "gen_ai.request.model", value: {} }, s("gen_ai.request.model", "gpt-4o")])).toBe(true);
    expect(hasGenAiMarker("not a list")).toBe(false);
    expect(hasGenAiMarker([null, 3, { key: 1 }])).toBe(false);
  });

  it("agrees with the attribute map on any attribute list", () => {
    const key = fc.constantFrom(...GENAI_MARKERS, "http.route", "gen_ai.usage.input_tokens", "__proto__");
    const anyValue = fc.oneof(
      fc.record({ stringValue: fc.oneof(fc.string(), fc.integer()) }),
      fc.record({ intValue: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
      fc.record({ boolValue: fc.oneof(fc.boolean(), fc.string()) }),
      fc.constant({}),
      fc.constant(null),
    );
    const kv = fc.oneof(fc.record({ key, value: anyValue }), fc.constant(null), fc.record({ key: fc.integer(), value: anyValue }));
    fc.assert(
      fc.property(fc.array(kv, { maxLength: 6 }), (attributes) => {
        const map = attributeMap(attributes);
        expect(hasGenAiMarker(attributes)).toBe(GENAI_MARKERS.some((marker) => map.has(marker)));
      }),
    );
  });
});
