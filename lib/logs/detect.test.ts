import { describe, expect, it } from "vitest";

import { detectFormat, inspectLogSample } from "@/lib/logs/detect";
import { fixtureRecords, type TFixtureOptions } from "@/lib/logs/testing/fixtures";
import type { TLogFormat } from "@/lib/logs/detect";

function sample(format: TLogFormat, options: Partial<TFixtureOptions> = {}): string[] {
  return [...fixtureRecords(format, { count: 5, seed: 3, ...options })].flatMap((r) => r.text.split("\n"));
}

describe("detectFormat", () => {
  it.each<TLogFormat>(["csv", "jsonl", "litellm", "otel"])("recognises generated %s", (format) => {
    const result = detectFormat(sample(format));
    expect(result).toMatchObject({ ok: true, format });
    if (result.ok) {
      expect(result.confidence).toBeGreaterThan(0.5);
      expect(result.reason.length).toBeGreaterThan(10);
    }
  });

  it("recognises CSV with quoted multi-line prompts, a BOM and CRLF", () => {
    const lines = sample("csv", { multilinePrompts: true });
    lines[0] = `\uFEFF${lines[0]}\r`;
    expect(detectFormat(lines)).toMatchObject({ ok: true, format: "csv" });
  });

  it("recognises semicolon and tab separated files", () => {
    expect(detectFormat(["timestamp;status;model", "2025-03-14T09:00:00Z;200;gpt-4o"])).toMatchObject({ ok: true, format: "csv", reason: expect.stringContaining('";"') });
    expect(detectFormat(["timestamp\tstatus\tmodel"])).toMatchObject({ ok: true, format: "csv", reason: expect.stringContaining("tab") });
  });

  it("accepts a CSV with unknown column names at low confidence so the user can map them", () => {
    const result = detectFormat(["colA,colB,colC", "1,2,3"]);
    expect(result).toMatchObject({ ok: true, format: "csv" });
    if (result.ok) expect(result.confidence).toBeLessThan(0.5);
  });

  it("recognises generic JSON Lines with a nested timestamp and odd key names", () => {
    expect(detectFormat(['{"meta":{"created_at":"2025-03-14T09:00:00Z"},"HTTPStatus":200}'])).toMatchObject({ ok: true, format: "jsonl" });
  });

  it("picks the majority when a sample mixes kinds", () => {
    const lines = [...sample("litellm"), '{"timestamp":"2025-03-14T09:00:00Z","status":200}'];
    expect(detectFormat(lines)).toMatchObject({ ok: true, format: "litellm" });
  });

  it.each([
    ["empty input", [], "empty"],
    ["only blank lines", ["", "  ", "\r"], "empty"],
    ["binary data", ["\u0000\u0001PK\u0003\u0004"], "binary"],
    ["a replacement character", ["abc\uFFFDdef,ghi"], "binary"],
    ["HTML", ["<!doctype html>", "<html>"], "HTML"],
    ["XML", ['<?xml version="1.0"?>'], "HTML or XML"],
    ["a JSON array", ['[{"timestamp": 1}]'], "JSON array"],
    ["pretty-printed JSON", ["{", '  "timestamp": 1', "}"], "pretty-printed"],
    ["broken JSON", ['{"timestamp": 1,}'], "not valid JSON"],
    ["JSON scalars", ['{"a":1}', "42"], "not an object"],
    ["JSON without logging fields", ['{"foo": 1, "bar": 2}'], "match none"],
    ["JSON without a timestamp", ['{"model": "gpt-4o", "status": 200}'], "timestamp"],
    ["OTLP logs", ['{"resourceLogs": []}'], "logs/metrics"],
    ["plain text", ["Mar 14 09:00:01 host app[123]: started"], "neither JSON nor"],
    ["prose with commas", ["Hello, this is a sentence that is not, in fact, a header row at all."], "header"],
  ])("rejects %s with a clear message", (_label, lines, fragment) => {
    const result = detectFormat(lines as string[]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^Unrecognized log format: /);
      expect(result.error).toContain(fragment);
    }
  });

  it("never throws on non-string entries", () => {
    expect(detectFormat([1, null, "timestamp,status"] as unknown as string[])).toMatchObject({ ok: true, format: "csv" });
    expect(detectFormat(null as unknown as string[]).ok).toBe(false);
  });
});

describe("inspectLogSample", () => {
  it("returns the header, suggested mapping and signature for CSV", () => {
    const result = inspectLogSample(["\uFEFFtimestamp;HTTP Status;;Model\r", "2025-03-14T09:00:00Z;200;x;gpt-4o"]);
    expect(result.detection).toMatchObject({ ok: true, format: "csv" });
    expect(result.csv).toMatchObject({
      headers: ["timestamp", "HTTP Status", "column_3", "Model"],
      delimiter: ";",
      suggestedMapping: { request_timestamp: "timestamp", status_code: "HTTP Status", requested_model: "Model" },
      signature: expect.stringMatching(/^m:/),
    });
    expect(inspectLogSample(['{"resourceSpans":[]}']).csv).toBeNull();
  });
});
