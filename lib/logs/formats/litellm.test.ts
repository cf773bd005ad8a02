import { describe, expect, it } from "vitest";

import { rawFromLiteLLM } from "@/lib/logs/formats/litellm";
import type { TRawRequest } from "@/lib/logs/record";
import { classificationException } from "@/lib/logs/sanitize";
import { classifyPath, classifyRequest } from "@/lib/logs/classify";
import { fixtureRows, litellmFixtureRow } from "@/lib/logs/testing/fixtures";

const START = 1741942800.125;

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "chatcmpl-8a1b2c",
    trace_id: "4e3b-trace",
    call_type: "acompletion",
    status: "success",
    custom_llm_provider: "openai",
    startTime: START,
    endTime: START + 1.5,
    completionStartTime: START + 0.4,
    response_time: 0.4,
    model: "gpt-4o",
    model_id: "d1e2f3",
    model_group: "chat-default",
    api_base: "https://api.openai.com/v1",
    prompt_tokens: 120,
    completion_tokens: 30,
    total_tokens: 150,
    metadata: {
      user_api_key_hash: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      user_api_key_team_id: "team-acme",
      user_api_key_user_id: "u-key-owner",
      requester_metadata: { feature: "support-answer", app_version: "2025.03.14", flags: { new_router: true } },
    },
    end_user: "end-user-9",
    messages: [{ role: "user", content: "What is our refund policy?" }],
    response: { choices: [{ message: { role: "assistant", content: "30 days." } }] },
    model_parameters: { temperature: 0, timeout: 45 },
    hidden_params: { litellm_model_name: "openai/gpt-4o", additional_headers: {} },
    error_str: null,
    error_information: null,
    ...overrides,
  };
}

function raw(obj: Record<string, unknown>): TRawRequest {
  const result = rawFromLiteLLM(obj, {}, {});
  if (!result.ok) throw new Error(result.reason);
  return result.raw;
}

function classOf(r: TRawRequest): string {
  return classifyRequest({ ...r, exceptionClass: classificationException(r) });
}

describe("LiteLLM StandardLoggingPayload", () => {
  it("reads a successful call", () => {
    const r = raw(payload());
    expect(r).toMatchObject({
      ts: new Date(1741942800125),
      requestId: "chatcmpl-8a1b2c",
      userId: "end-user-9",
      tenantId: "team-acme",
      route: "support-answer",
      requestedModel: "gpt-4o",
      resolvedModel: "chat-default",
      outcome: "success",
      latencyMs: 1500,
      clientTimeoutMs: 45_000,
      promptTokens: 120,
      completionTokens: 30,
      totalTokens: 150,
      featureFlags: "new_router=true",
      deploymentVersion: "2025.03.14",
      hasResponse: true,
      statusCode: null,
    });
    expect(r.droppedText).toEqual(["prompt", "response"]);
    expect(classOf(r)).toBe("OK");
  });

  it("reads a failure from error_information and drops the message and traceback", () => {
    const r = raw(
      payload({
        status: "failure",
        response: null,
        completion_tokens: 0,
        error_str: "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o",
        error_information: { error_code: "429", error_class: "RateLimitError", llm_provider: "openai", traceback: "Traceback…", error_message: "Rate limit" },
      }),
    );
    expect(r).toMatchObject({ statusCode: 429, exceptionClass: "RateLimitError", outcome: "failure" });
    expect(r.errorText).toContain("Rate limit reached");
    expect(r.droppedText).toEqual(["prompt", "error_message", "traceback"]);
    expect(classOf(r)).toBe("RATE_LIMIT_429");
  });

  it("falls back to error_str for the class and status code", () => {
    const r = raw(
      payload({
        status: "failure",
        error_str: "litellm.ServiceUnavailableError: OpenAIException - Error code: 503 - {'error': 'overloaded'}",
        error_information: { error_code: "", error_class: "" },
      }),
    );
    expect(r).toMatchObject({ statusCode: 503, exceptionClass: "ServiceUnavailableError" });
  });

  it("classifies a bare failure with a timeout-looking message as TIMEOUT", () => {
    const r = raw(payload({ status: "failure", error_str: "Request timed out after 600 seconds", error_information: {} }));
    expect(r.exceptionClass).toBeNull();
    expect(classOf(r)).toBe("TIMEOUT");
  });

  it("treats attempted_fallbacks as the explicit fallback signal", () => {
    const fallback = raw(payload({ metadata: { attempted_fallbacks: 1, attempted_retries: 2 } }));
    expect(fallback).toMatchObject({ fallbackFlag: true, retryCount: 2 });
    expect(classifyPath(fallback, { fallbackModel: "gpt-4o" })).toBe("FALLBACK");
    const primary = raw(payload({ metadata: { attempted_fallbacks: 0 }, model: "gpt-4o-mini" }));
    expect(classifyPath(primary, { fallbackModel: "gpt-4o-mini" })).toBe("PRIMARY");
  });

  it("reads the fallback signal from the x-litellm response headers", () => {
    const r = raw(payload({ hidden_params: { additional_headers: { "x-litellm-attempted-fallbacks": "1", x_litellm_attempted_retries: 3 } } }));
    expect(r).toMatchObject({ fallbackFlag: true, retryCount: 3 });
  });

  it("matches the alias (model_group) against the configured fallback when there is no signal", () => {
    const r = raw(payload({ model: "gpt-4o-mini-2024-07-18", model_group: "cheap-fallback" }));
    expect(classifyPath(r, { primaryModel: "chat-default", fallbackModel: "cheap-fallback" })).toBe("FALLBACK");
  });

  it("takes parse/validation results and quality regressions from requester metadata", () => {
    const r = raw(payload({ metadata: { requester_metadata: { output_validation: "failed" } } }));
    expect(r.validationResult).toBe("FAILED");
    expect(classOf(r)).toBe("QUALITY_REGRESSION");
  });

  it("uses response_time (seconds) when there is no end time", () => {
    expect(raw(payload({ endTime: null, response_time: 2.5 })).latencyMs).toBe(2500);
  });

  it("falls back to the key's request route and team ids", () => {
    const r = raw(payload({ end_user: null, metadata: { user_api_key_request_route: "/chat/completions", user_api_key_user_id: "owner", user_api_key_org_id: "org-1" } }));
    expect(r).toMatchObject({ route: "/chat/completions", userId: "owner", tenantId: "org-1" });
  });

  it("reads generated fixture rows of every class", () => {
    const rows = [...fixtureRows({ count: 400, seed: 9 })];
    for (const row of rows) {
      const r = raw(JSON.parse(litellmFixtureRow(row, {})) as Record<string, unknown>);
      expect(classOf(r), row.requestClass).toBe(row.requestClass);
    }
  });

  it("rejects a payload without startTime", () => {
    expect(rawFromLiteLLM(payload({ startTime: null }), {}, {})).toMatchObject({ ok: false, code: "MISSING_TIMESTAMP" });
  });
});
