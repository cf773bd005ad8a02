import { describe, expect, it } from "vitest";

import {
  durationUnitFromName,
  emptyColumnMapping,
  FIELD_SYNONYMS,
  latencyUnitFor,
  LOG_FIELD_INFO,
  LOG_FIELDS,
  lookupField,
  mappingSignature,
  normalizeFieldName,
  suggestColumnMapping,
  ZColumnMapping,
} from "@/lib/logs/fields";

describe("normalizeFieldName", () => {
  it.each([
    ["X-Request-ID", "x_request_id"],
    ["startTime", "start_time"],
    ["requestID", "request_id"],
    ["HTTPStatus", "http_status"],
    ["Latency (ms)", "latency_ms"],
    ["@timestamp", "timestamp"],
    ["gen_ai.usage.input_tokens", "gen_ai_usage_input_tokens"],
    ["  Tenant  ID ", "tenant_id"],
    ["\uFEFFtimestamp", "timestamp"],
    ["retry--count__", "retry_count"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeFieldName(input)).toBe(expected);
  });
});

describe("synonym table", () => {
  it("maps each normalized name to exactly one field", () => {
    const seen = new Map<string, string>();
    for (const field of LOG_FIELDS) {
      for (const name of FIELD_SYNONYMS[field]) {
        expect(normalizeFieldName(name), `${name} is not normalized`).toBe(name);
        expect(seen.get(name), `${name} is listed for ${seen.get(name)} and ${field}`).toBeUndefined();
        seen.set(name, field);
      }
    }
  });

  it("documents every field", () => {
    expect(Object.keys(LOG_FIELD_INFO).sort()).toEqual([...LOG_FIELDS].sort());
  });

  it("recognises names behind a common prefix", () => {
    expect(lookupField("metadata.tenant_id")?.field).toBe("tenant_id");
    expect(lookupField("app.output.validation_result")?.field).toBe("validation_result");
    expect(lookupField("request_latency_ms")?.field).toBe("latency");
    expect(lookupField("tenant_id")!.score).toBeLessThan(lookupField("metadata.tenant_id")!.score);
    expect(lookupField("cached_tokens")).toBeNull();
  });
});

describe("suggestColumnMapping", () => {
  it("maps a typical gateway export", () => {
    const mapping = suggestColumnMapping([
      "@timestamp",
      "X-Request-ID",
      "Org ID",
      "user",
      "feature",
      "model",
      "HTTP Status",
      "error_type",
      "Latency (ms)",
      "input_tokens",
      "output_tokens",
      "prompt",
      "completion",
      "release",
      "something_else",
    ]);
    expect(mapping).toMatchObject({
      request_timestamp: "@timestamp",
      request_id: "X-Request-ID",
      tenant_id: "Org ID",
      user_id: "user",
      route: "feature",
      requested_model: "model",
      status_code: "HTTP Status",
      exception_class: "error_type",
      latency: "Latency (ms)",
      prompt_tokens: "input_tokens",
      completion_tokens: "output_tokens",
      prompt_text: "prompt",
      response_text: "completion",
      deployment_version: "release",
      fallback_model: null,
    });
    expect(ZColumnMapping.parse(mapping)).toEqual(mapping);
  });

  it("prefers the better synonym when several columns could feed a field", () => {
    expect(suggestColumnMapping(["status", "status_code"]).status_code).toBe("status_code");
    expect(suggestColumnMapping(["time", "timestamp", "created_at"]).request_timestamp).toBe("timestamp");
    expect(suggestColumnMapping(["model", "actual_model"]).requested_model).toBe("actual_model");
  });

  it("keeps the first of duplicated headers", () => {
    expect(suggestColumnMapping(["Timestamp", "timestamp"]).request_timestamp).toBe("Timestamp");
  });

  it("returns an all-null mapping for unknown headers", () => {
    expect(suggestColumnMapping(["a", "b"])).toEqual(emptyColumnMapping());
  });
});

describe("ZColumnMapping", () => {
  it("rejects unknown fields and empty names", () => {
    expect(ZColumnMapping.safeParse({ ...emptyColumnMapping(), bogus: "x" }).success).toBe(false);
    expect(ZColumnMapping.safeParse({ ...emptyColumnMapping(), route: "" }).success).toBe(false);
    expect(ZColumnMapping.partial().safeParse({ route: "feature" }).success).toBe(true);
  });
});

describe("mappingSignature", () => {
  it("ignores order, case and punctuation but not the set of columns", () => {
    const a = mappingSignature(["timestamp", "Request-ID", "model"]);
    expect(mappingSignature(["model", "request_id", "Timestamp"])).toBe(a);
    expect(mappingSignature(["timestamp", "request_id"])).not.toBe(a);
    expect(a).toMatch(/^m:[0-9a-f]{32}$/);
  });
});

describe("duration units", () => {
  it.each([
    ["latency_ms", "ms"],
    ["Duration (s)", "s"],
    ["elapsed_seconds", "s"],
    ["latency_us", "us"],
    ["time_unix_nano", "ns"],
    ["latency", null],
  ])("%s → %s", (name, unit) => {
    expect(durationUnitFromName(name)).toBe(unit);
  });

  it("reads unsuffixed latency as ms except by-convention seconds columns", () => {
    expect(latencyUnitFor("latency")).toBe("ms");
    expect(latencyUnitFor("response_time")).toBe("s");
    expect(latencyUnitFor("response_time_ms")).toBe("ms");
    expect(latencyUnitFor(null)).toBe("ms");
  });
});
