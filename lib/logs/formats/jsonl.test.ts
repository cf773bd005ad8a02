import { describe, expect, it } from "vitest";

import type { TExtractResult, TInvalidValueCounts } from "@/lib/logs/extract";
import { rawFromJsonObject } from "@/lib/logs/formats/jsonl";
import type { TRawRequest } from "@/lib/logs/record";
import { fixtureRecords, jsonlFixtureRow, fixtureRows } from "@/lib/logs/testing/fixtures";

function raw(obj: Record<string, unknown>, invalid: TInvalidValueCounts = {}, mapping: Parameters<typeof rawFromJsonObject>[1] = null): TRawRequest {
  const result: TExtractResult = rawFromJsonObject(obj, mapping, {}, invalid);
  if (!result.ok) throw new Error(result.reason);
  return result.raw;
}

describe("generic JSON Lines", () => {
  it("reads a generated gateway row", () => {
    const [row] = [...fixtureRows({ count: 1, seed: 5, classMix: { RATE_LIMIT_429: 1 }, fallbackRate: 1 })];
    const r = raw(JSON.parse(jsonlFixtureRow(row!, {})) as Record<string, unknown>);
    expect(r).toMatchObject({
      ts: new Date(row!.tsMs),
      requestId: row!.requestId,
      userId: row!.userId,
      tenantId: row!.tenantId,
      route: row!.route,
      primaryModel: "gpt-4o",
      requestedModel: "gpt-4o-mini",
      fallbackModel: "gpt-4o-mini",
      fallbackFlag: true,
      retryCount: 2,
      clientTimeoutMs: 30_000,
      statusCode: 429,
      exceptionClass: "RateLimitError",
      latencyMs: row!.latencyMs,
      promptTokens: row!.promptTokens,
      deploymentVersion: row!.deploymentVersion,
    });
    expect(r.promptText).toContain(row!.prompt!);
    expect(r.droppedText).toEqual(["prompt"]);
  });

  it("understands camelCase, dotted and nested keys", () => {
    const r = raw({
      "@timestamp": "2025-03-14T09:00:00Z",
      requestId: "abc",
      http: { status: 503 },
      "error.type": "ServiceUnavailableError",
      usage: { input_tokens: 10, output_tokens: 0 },
      meta: { tenant_id: "acme", featureFlags: ["new_router", "strict_json"] },
      durationMs: 812,
    });
    expect(r).toMatchObject({
      requestId: "abc",
      statusCode: 503,
      exceptionClass: "ServiceUnavailableError",
      promptTokens: 10,
      completionTokens: 0,
      totalTokens: 10,
      tenantId: "acme",
      featureFlags: "new_router,strict_json",
      latencyMs: 812,
    });
  });

  it("never takes a nested generic key like user.id as the request id", () => {
    const r = raw({ ts: "2025-03-14T09:00:00Z", user: { id: "u-1" } });
    expect(r.requestId).toBeNull();
    expect(r.userId).toBe("u-1");
  });

  it("prefers top-level keys over nested ones and exact names over prefixed ones", () => {
    const r = raw({ timestamp: "2025-03-14T09:00:00Z", tenant_id: "top", metadata: { tenant_id: "nested" }, attributes: { model: "x" }, model: "gpt-4o" });
    expect(r.tenantId).toBe("top");
    expect(r.requestedModel).toBe("gpt-4o");
  });

  it("converts latency and timeout units from the key name", () => {
    expect(raw({ ts: 1741942800, response_time: 1.25, timeout: 30 })).toMatchObject({ latencyMs: 1250, clientTimeoutMs: 30_000 });
    expect(raw({ ts: 1741942800, latency_s: 2, client_timeout_ms: 45_000 })).toMatchObject({ latencyMs: 2000, clientTimeoutMs: 45_000 });
    expect(raw({ ts: 1741942800, duration: 950, timeout: 20_000 })).toMatchObject({ latencyMs: 950, clientTimeoutMs: 20_000 });
  });

  it("derives latency from start and end timestamps", () => {
    expect(raw({ start_time: "2025-03-14T09:00:00Z", end_time: "2025-03-14T09:00:02.5Z" }).latencyMs).toBe(2500);
  });

  it("reads status words and error hints in the status field", () => {
    expect(raw({ ts: 1741942800, status: "success" })).toMatchObject({ outcome: "success", statusCode: null });
    expect(raw({ ts: 1741942800, status: "error" })).toMatchObject({ outcome: "failure" });
    expect(raw({ ts: 1741942800, status: "HTTP 429 Too Many Requests" })).toMatchObject({ statusCode: 429 });
    expect(raw({ ts: 1741942800, status: "rate_limit_exceeded" })).toMatchObject({ statusCode: null, exceptionClass: "rate_limit_exceeded" });
  });

  it("inverts check results for *_error / *_failed columns", () => {
    expect(raw({ ts: 1741942800, parse_error: true, validation_failed: "no" })).toMatchObject({ parseResult: "FAILED", validationResult: "OK" });
    expect(raw({ ts: 1741942800, parse_error: "JSONDecodeError: Expecting value" }).parseResult).toBe("FAILED");
    expect(raw({ ts: 1741942800, parse_ok: true, valid: false })).toMatchObject({ parseResult: "OK", validationResult: "FAILED" });
  });

  it("counts present-but-unusable values and stores null", () => {
    const invalid: TInvalidValueCounts = {};
    const r = raw({ ts: 1741942800, latency_ms: "fast", status: 600, retries: -1, prompt_tokens: 1.5 }, invalid);
    expect(r).toMatchObject({ latencyMs: null, statusCode: null, retryCount: null, promptTokens: null });
    expect(invalid).toEqual({ latency: 1, status_code: 1, retry_count: 1, prompt_tokens: 1 });
  });

  it("follows an explicit key-path mapping instead of synonyms", () => {
    const r = raw({ when: "2025-03-14T09:00:00Z", ctx: { org: "acme" }, timestamp: "2000-01-02T00:00:00Z" }, {}, { request_timestamp: "when", tenant_id: "ctx.org" });
    expect(r.ts.toISOString()).toBe("2025-03-14T09:00:00.000Z");
    expect(r.tenantId).toBe("acme");
  });

  it("rejects a row without a timestamp", () => {
    expect(rawFromJsonObject({ model: "gpt-4o" }, null, {}, {})).toMatchObject({ ok: false, code: "MISSING_TIMESTAMP" });
    expect(rawFromJsonObject({ timestamp: "soon" }, null, {}, {})).toMatchObject({ ok: false, code: "INVALID_TIMESTAMP" });
  });

  it("is not fooled by __proto__ keys", () => {
    const obj = JSON.parse('{"timestamp":"2025-03-14T09:00:00Z","__proto__":{"status":500},"constructor":{"prototype":{}}}') as Record<string, unknown>;
    expect(raw(obj).statusCode).toBeNull();
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it("renders every fixture row as a single JSON line", () => {
    for (const record of fixtureRecords("jsonl", { count: 50, plantSecrets: true })) expect(record.text).not.toContain("\n");
  });
});
