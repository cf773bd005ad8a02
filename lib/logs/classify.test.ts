import { describe, expect, it } from "vitest";

import {
  CLASSIFICATION_PRECEDENCE,
  CLASSIFICATION_RULES,
  categorizeException,
  classifyPath,
  classifyRequest,
  classifyRequestDetailed,
  classifyStatusCode,
  PATH_RULES,
  type TClassificationInput,
} from "@/lib/logs/classify";
import { REQUEST_CLASSES, type TRequestClass } from "@/lib/logs/record";

const ok = (input: TClassificationInput, timeout?: number) => classifyRequest(input, { clientTimeoutMs: timeout });

describe("classifyRequest — HTTP status", () => {
  it.each<[number, TRequestClass]>([
    [200, "OK"],
    [201, "OK"],
    [299, "OK"],
    [400, "VALIDATION_4XX"],
    [401, "AUTH"],
    [402, "VALIDATION_4XX"],
    [403, "AUTH"],
    [404, "VALIDATION_4XX"],
    [407, "VALIDATION_4XX"],
    [408, "TIMEOUT"],
    [409, "VALIDATION_4XX"],
    [413, "VALIDATION_4XX"],
    [422, "VALIDATION_4XX"],
    [428, "VALIDATION_4XX"],
    [429, "RATE_LIMIT_429"],
    [430, "VALIDATION_4XX"],
    [498, "VALIDATION_4XX"],
    [499, "TIMEOUT"],
    [500, "UPSTREAM_5XX"],
    [502, "UPSTREAM_5XX"],
    [503, "UPSTREAM_5XX"],
    [504, "TIMEOUT"],
    [505, "UPSTREAM_5XX"],
    [529, "UPSTREAM_5XX"],
    [599, "UPSTREAM_5XX"],
    [100, "UPSTREAM_5XX"],
    [302, "UPSTREAM_5XX"],
  ])("HTTP %i → %s", (status, expected) => {
    expect(ok({ statusCode: status })).toBe(expected);
  });

  it("ignores statuses outside 100–599 (0, 600+, fractions) and falls through", () => {
    for (const status of [0, 99, 600, 700, 999, -1, 200.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(classifyStatusCode(status)).toBeNull();
      expect(ok({ statusCode: status })).toBe("OK");
      expect(ok({ statusCode: status, exceptionClass: "RateLimitError" })).toBe("RATE_LIMIT_429");
    }
  });

  it("lets the status win over a disagreeing exception", () => {
    expect(ok({ statusCode: 503, exceptionClass: "RateLimitError" })).toBe("UPSTREAM_5XX");
    expect(ok({ statusCode: 429, exceptionClass: "APITimeoutError" })).toBe("RATE_LIMIT_429");
    expect(ok({ statusCode: 200, exceptionClass: "APITimeoutError" })).toBe("OK");
    expect(classifyRequestDetailed({ statusCode: 504, exceptionClass: "InternalServerError" }).basis).toBe("status");
  });

  it("distinguishes 504 from 503 and 408 from 400", () => {
    expect(ok({ statusCode: 504 })).toBe("TIMEOUT");
    expect(ok({ statusCode: 503 })).toBe("UPSTREAM_5XX");
    expect(ok({ statusCode: 408 })).toBe("TIMEOUT");
    expect(ok({ statusCode: 400 })).toBe("VALIDATION_4XX");
  });

  it("never applies the timing rule when a status exists", () => {
    expect(ok({ statusCode: 200, latencyMs: 60_000 }, 30_000)).toBe("OK");
    expect(ok({ statusCode: 503, latencyMs: 60_000 }, 30_000)).toBe("UPSTREAM_5XX");
  });
});

describe("classifyRequest — quality regressions", () => {
  it("flags a 2xx with a failed parse or output validation", () => {
    expect(ok({ statusCode: 200, validationResult: "FAILED" })).toBe("QUALITY_REGRESSION");
    expect(ok({ statusCode: 200, parseResult: "FAILED", validationResult: "OK" })).toBe("QUALITY_REGRESSION");
    expect(ok({ statusCode: 200, parseResult: "OK", validationResult: "OK" })).toBe("OK");
  });

  it("flags a status-less, exception-less row with failed checks", () => {
    expect(ok({ validationResult: "FAILED" })).toBe("QUALITY_REGRESSION");
    expect(ok({ outcome: "success", parseResult: "FAILED" })).toBe("QUALITY_REGRESSION");
  });

  it("treats a response-parsing exception on a 2xx as a quality regression", () => {
    expect(ok({ statusCode: 200, exceptionClass: "json.decoder.JSONDecodeError" })).toBe("QUALITY_REGRESSION");
    expect(ok({ exceptionClass: "OutputParserException" })).toBe("QUALITY_REGRESSION");
    expect(ok({ exceptionClass: "pydantic_core.ValidationError" })).toBe("QUALITY_REGRESSION");
  });

  it("does not call a failed request a quality regression", () => {
    expect(ok({ statusCode: 500, validationResult: "FAILED" })).toBe("UPSTREAM_5XX");
    expect(ok({ exceptionClass: "RateLimitError", parseResult: "FAILED" })).toBe("RATE_LIMIT_429");
  });
});

describe("classifyRequest — exceptions without a status", () => {
  it.each<[string, TRequestClass]>([
    ["AuthenticationError", "AUTH"],
    ["openai.PermissionDeniedError", "AUTH"],
    ["invalid_api_key", "AUTH"],
    ["Unauthorized", "AUTH"],
    ["RateLimitError", "RATE_LIMIT_429"],
    ["litellm.RateLimitError", "RATE_LIMIT_429"],
    ["rate_limit_exceeded", "RATE_LIMIT_429"],
    ["insufficient_quota", "RATE_LIMIT_429"],
    ["RESOURCE_EXHAUSTED", "RATE_LIMIT_429"],
    ["BudgetExceededError", "RATE_LIMIT_429"],
    ["ThrottlingException", "RATE_LIMIT_429"],
    ["Timeout", "TIMEOUT"],
    ["APITimeoutError", "TIMEOUT"],
    ["httpx.ReadTimeout", "TIMEOUT"],
    ["ConnectTimeout", "TIMEOUT"],
    ["ETIMEDOUT", "TIMEOUT"],
    ["DEADLINE_EXCEEDED", "TIMEOUT"],
    ["asyncio.TimeoutError", "TIMEOUT"],
    ["Request timed out.", "TIMEOUT"],
    ["InternalServerError", "UPSTREAM_5XX"],
    ["ServiceUnavailableError", "UPSTREAM_5XX"],
    ["APIConnectionError", "UPSTREAM_5XX"],
    ["BadGateway", "UPSTREAM_5XX"],
    ["ECONNRESET", "UPSTREAM_5XX"],
    ["ECONNREFUSED", "UPSTREAM_5XX"],
    ["ENOTFOUND", "UPSTREAM_5XX"],
    ["overloaded_error", "UPSTREAM_5XX"],
    ["BadRequestError", "VALIDATION_4XX"],
    ["NotFoundError", "VALIDATION_4XX"],
    ["UnprocessableEntityError", "VALIDATION_4XX"],
    ["context_length_exceeded", "VALIDATION_4XX"],
    ["ContextWindowExceededError", "VALIDATION_4XX"],
    ["ContentPolicyViolationError", "VALIDATION_4XX"],
    ["content_filter", "VALIDATION_4XX"],
    ["invalid_request_error", "VALIDATION_4XX"],
    ["model_not_found", "VALIDATION_4XX"],
    ["KeyError", "UPSTREAM_5XX"],
  ])("%s → %s", (exception, expected) => {
    expect(ok({ exceptionClass: exception })).toBe(expected);
  });

  it("matches no status + ReadTimeout as a timeout even far below the client timeout", () => {
    expect(ok({ exceptionClass: "ReadTimeout", latencyMs: 10 }, 30_000)).toBe("TIMEOUT");
  });

  it("reports unrecognised exceptions as upstream failures, never OK", () => {
    expect(classifyRequestDetailed({ exceptionClass: "ZeroDivisionError" })).toMatchObject({ requestClass: "UPSTREAM_5XX", basis: "exception" });
    expect(categorizeException("ZeroDivisionError")).toBeNull();
  });

  it("treats blank exception text as absent", () => {
    expect(ok({ exceptionClass: "   " })).toBe("OK");
  });
});

describe("classifyRequest — timing", () => {
  it("is a timeout when nothing came back and latency reached the client timeout", () => {
    expect(ok({ latencyMs: 30_000 }, 30_000)).toBe("TIMEOUT");
    expect(ok({ latencyMs: 30_001 }, 30_000)).toBe("TIMEOUT");
    expect(ok({ latencyMs: 29_999 }, 30_000)).toBe("OK");
  });

  it("prefers the row's own client timeout over the incident default", () => {
    expect(ok({ latencyMs: 10_000, clientTimeoutMs: 10_000 }, 30_000)).toBe("TIMEOUT");
    expect(ok({ latencyMs: 10_000, clientTimeoutMs: 60_000 }, 5_000)).toBe("OK");
  });

  it("needs a timeout to compare against", () => {
    expect(ok({ latencyMs: 1e9 })).toBe("OK");
    expect(ok({ latencyMs: 1e9, clientTimeoutMs: 0 })).toBe("OK");
  });

  it("does not apply when there is evidence of a response", () => {
    expect(ok({ latencyMs: 40_000, completionTokens: 12 }, 30_000)).toBe("OK");
    expect(ok({ latencyMs: 40_000, parseResult: "OK" }, 30_000)).toBe("OK");
    expect(ok({ latencyMs: 40_000, hasResponse: true }, 30_000)).toBe("OK");
    expect(ok({ latencyMs: 40_000, outcome: "success" }, 30_000)).toBe("OK");
    expect(ok({ latencyMs: 40_000, completionTokens: 0 }, 30_000)).toBe("TIMEOUT");
  });

  it("classifies a bare failure by its latency", () => {
    expect(ok({ outcome: "failure", latencyMs: 31_000 }, 30_000)).toBe("TIMEOUT");
    expect(ok({ outcome: "failure", latencyMs: 100 }, 30_000)).toBe("UPSTREAM_5XX");
  });
});

describe("classifyRequest — robustness", () => {
  it("returns OK for an empty row and never throws on junk", () => {
    expect(ok({})).toBe("OK");
    for (const junk of [null, undefined, 42, "x", [], { statusCode: "500" }, { exceptionClass: 5 }, { latencyMs: -1 }]) {
      expect(REQUEST_CLASSES).toContain(classifyRequest(junk as unknown as TClassificationInput));
    }
  });
});

describe("CLASSIFICATION_RULES", () => {
  it("documents every class exactly once with a condition and examples", () => {
    expect(CLASSIFICATION_RULES.map((r) => r.class).sort()).toEqual([...REQUEST_CLASSES].sort());
    for (const rule of CLASSIFICATION_RULES) {
      expect(rule.condition.length).toBeGreaterThan(20);
      expect(rule.examples.length).toBeGreaterThan(0);
    }
    expect(CLASSIFICATION_PRECEDENCE.length).toBeGreaterThan(0);
  });

  it("has examples that classify as documented", () => {
    for (const rule of CLASSIFICATION_RULES) {
      for (const example of rule.examples) {
        const status = /^HTTP (\d{3})$/.exec(example);
        if (status) expect(ok({ statusCode: Number(status[1]) }), example).toBe(rule.class);
        else if (/^[\w.]+$/.test(example) && rule.class !== "OK") expect(ok({ exceptionClass: example }), example).toBe(rule.class);
      }
    }
  });
});

describe("classifyPath", () => {
  const config = { primaryModel: "gpt-4o", fallbackModel: "gpt-4o-mini" };

  it("honours an explicit boolean-ish fallback flag first", () => {
    for (const flag of [true, "true", "1", "yes", "Y", 1]) expect(classifyPath({ fallbackFlag: flag, requestedModel: "gpt-4o" }, config)).toBe("FALLBACK");
    for (const flag of [false, "false", "0", "no", 0]) expect(classifyPath({ fallbackFlag: flag, requestedModel: "gpt-4o-mini" }, config)).toBe("PRIMARY");
  });

  it("treats a fallback reason as explicit", () => {
    expect(classifyPath({ fallbackReason: "primary returned 503", requestedModel: "gpt-4o" }, config)).toBe("FALLBACK");
    expect(classifyPath({ fallbackReason: "  ", requestedModel: "gpt-4o" }, config)).toBe("PRIMARY");
  });

  it("ignores an unparseable flag", () => {
    expect(classifyPath({ fallbackFlag: "maybe", requestedModel: "gpt-4o-mini" }, config)).toBe("FALLBACK");
  });

  it("compares requested model and alias with the configured fallback, case-insensitively", () => {
    expect(classifyPath({ requestedModel: "GPT-4o-Mini" }, config)).toBe("FALLBACK");
    expect(classifyPath({ requestedModel: "azure/gpt-4o-2024-08-06", resolvedModel: "gpt-4o-mini" }, config)).toBe("FALLBACK");
    expect(classifyPath({ requestedModel: "gpt-4o" }, config)).toBe("PRIMARY");
    expect(classifyPath({ requestedModel: "claude-3-5-haiku" }, config)).toBe("PRIMARY");
  });

  it("accepts a provider prefix on either side", () => {
    expect(classifyPath({ requestedModel: "openai/gpt-4o-mini" }, config)).toBe("FALLBACK");
    expect(classifyPath({ requestedModel: "gpt-4o-mini" }, { primaryModel: "gpt-4o", fallbackModel: "azure/gpt-4o-mini" })).toBe("FALLBACK");
  });

  it("does not call a call FALLBACK when primary and fallback are the same model", () => {
    expect(classifyPath({ requestedModel: "gpt-4o" }, { primaryModel: "gpt-4o", fallbackModel: "gpt-4o" })).toBe("PRIMARY");
    expect(classifyPath({ requestedModel: "openai/gpt-4o" }, { primaryModel: "azure/gpt-4o", fallbackModel: "openai/gpt-4o" })).toBe("FALLBACK");
    expect(classifyPath({ requestedModel: "vertex/gpt-4o" }, { primaryModel: "azure/gpt-4o", fallbackModel: "openai/gpt-4o" })).toBe("PRIMARY");
  });

  it("uses the row's own configured models when present", () => {
    expect(classifyPath({ requestedModel: "claude-3-5-haiku", fallbackModel: "claude-3-5-haiku" }, config)).toBe("FALLBACK");
  });

  it("defaults to PRIMARY without information", () => {
    expect(classifyPath({})).toBe("PRIMARY");
    expect(classifyPath({ requestedModel: "gpt-4o-mini" })).toBe("PRIMARY");
    expect(classifyPath(null as unknown as object)).toBe("PRIMARY");
  });

  it("documents both paths", () => {
    expect(PATH_RULES.map((r) => r.path).sort()).toEqual(["FALLBACK", "PRIMARY"]);
  });
});
