import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { TSanitizedRequest } from "@/lib/logs";
import {
  REQUEST_LOG_COPY_COLUMNS,
  copyRowPrefix,
  decodeCopyLine,
  decodeCopyText,
  encodeCopyBool,
  encodeCopyInt,
  encodeCopyText,
  encodeRequestRow,
} from "./copy-encoding";

const NUL_FREE = fc.string({ unit: "binary" }).map((s) => s.replace(/\0/g, ""));
const TRICKY = fc
  .array(fc.constantFrom("\\", "\t", "\n", "\r", "\\N", "N", "\\.", ".", "a", "é", "😀", "\u2028", " ", "\b", "\\t"), { maxLength: 30 })
  .map((parts) => parts.join(""));

describe("COPY text escaping", () => {
  it("round-trips arbitrary NUL-free unicode strings", () => {
    fc.assert(
      fc.property(fc.oneof(NUL_FREE, TRICKY), (s) => {
        const encoded = encodeCopyText(s);
        expect(encoded).not.toMatch(/[\t\n\r]/);
        expect(decodeCopyText(encoded)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps fields and rows apart: a line of encoded fields splits back into the same fields", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.oneof(NUL_FREE, TRICKY), { nil: null }), { minLength: 1, maxLength: 8 }), (fields) => {
        const line = fields.map(encodeCopyText).join("\t");
        expect(line.includes("\n")).toBe(false);
        expect(decodeCopyLine(line)).toEqual(fields);
      }),
      { numRuns: 1000 },
    );
  });

  it("distinguishes NULL from the text \\N and from the empty string", () => {
    expect(encodeCopyText(null)).toBe("\\N");
    expect(encodeCopyText("\\N")).toBe("\\\\N");
    expect(decodeCopyText(encodeCopyText("\\N"))).toBe("\\N");
    expect(encodeCopyText("")).toBe("");
    expect(decodeCopyText("")).toBe("");
  });

  it("escapes exactly backslash, tab, newline and carriage return; drops NUL", () => {
    expect(encodeCopyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(encodeCopyText("x\0y")).toBe("xy");
    expect(encodeCopyText("plain ünïcödé 😀")).toBe("plain ünïcödé 😀");
  });

  it("encodes integers and booleans for int4/boolean columns", () => {
    expect(encodeCopyInt(12.6)).toBe("13");
    expect(encodeCopyInt(null)).toBe("\\N");
    expect(encodeCopyInt(Number.NaN)).toBe("\\N");
    expect(encodeCopyInt(3e12)).toBe("\\N");
    expect(encodeCopyBool(true)).toBe("t");
    expect(encodeCopyBool(false)).toBe("f");
    expect(encodeCopyBool(null)).toBe("\\N");
  });
});

describe("encodeRequestRow", () => {
  const record: TSanitizedRequest = {
    ts: new Date("2026-05-08T09:12:00.123Z"),
    requestId: "req\t1\nx",
    userHash: "h:0123",
    tenantHash: null,
    route: "/v1/a\\b",
    primaryModel: "gpt-4o",
    requestedModel: "gpt-4o-mini",
    fallbackModel: "gpt-4o-mini",
    fallbackReason: "primary 503",
    path: "FALLBACK",
    retryCount: 2,
    clientTimeoutMs: 30000,
    statusCode: 503,
    exceptionClass: "ServiceUnavailableError",
    latencyMs: 412.7,
    parseResult: null,
    validationResult: "FAILED",
    promptTokens: 10,
    completionTokens: 0,
    totalTokens: 10,
    featureFlags: "a=true",
    deploymentVersion: "v1",
    promptHash: "h:0123456789abcdef0123456789abcdef",
    requestClass: "UPSTREAM_5XX",
  };

  it("writes one line with a field per COPY column, in order", () => {
    const line = encodeRequestRow(copyRowPrefix("imp1", "inc1"), record);
    expect(line.endsWith("\n")).toBe(true);
    const fields = decodeCopyLine(line.slice(0, -1));
    expect(fields).toHaveLength(REQUEST_LOG_COPY_COLUMNS.length);
    const byName = Object.fromEntries(REQUEST_LOG_COPY_COLUMNS.map((c, i) => [c, fields[i]]));
    expect(byName).toMatchObject({
      importId: "imp1",
      incidentId: "inc1",
      ts: "2026-05-08T09:12:00.123Z",
      requestId: "req\t1\nx",
      tenantHash: null,
      route: "/v1/a\\b",
      path: "FALLBACK",
      latencyMs: "413",
      parseOk: null,
      validationOk: "f",
      requestClass: "UPSTREAM_5XX",
    });
  });
});
