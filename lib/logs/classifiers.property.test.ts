import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { CLASS_ROLES, VERDICTS } from "@/lib/fallback/types";
import { computeFallbackVerdict, type TVerdictInput } from "@/lib/fallback/verdict";
import { checkSmokeMessageSafety } from "@/lib/fallback/sanitize";
import { evaluateSmokeResult, type TSmokeRecord } from "@/lib/fallback/smoke-evaluate";
import { classifyPath, classifyRequest, classifyRequestDetailed, classifyStatusCode, type TClassificationInput } from "@/lib/logs/classify";
import { REQUEST_CLASSES, REQUEST_PATHS } from "@/lib/logs/record";
import { classificationException } from "@/lib/logs/sanitize";
import { CRITERION_IDS, FAILURE_CLASS_IDS } from "@/lib/runbook/runbook";
import { hostileNumber, hostileString, hostileValue } from "@/lib/testing/fuzz-arbitraries";

// Issue #8: classifiers are total functions: ≥10,000 generated inputs each, always one of the
// runbook's classes (request classes, paths, verdicts, smoke results), never a throw.
const RUNS = 10_000;
const BASES = ["status", "exception", "outcome", "timing", "result", "default"];

const exceptionText = fc.oneof(
  hostileString,
  fc.constantFrom("RateLimitError", "openai.APITimeoutError", "ENOTFOUND", "rate_limit_exceeded", "context_length_exceeded", "JSONDecodeError", "AuthenticationError", " "),
);

const row = fc.record(
  {
    statusCode: fc.oneof(hostileNumber, fc.integer({ min: 0, max: 700 }), hostileValue),
    exceptionClass: fc.oneof(exceptionText, hostileValue),
    outcome: fc.oneof(fc.constantFrom("success", "failure", "error", null), hostileValue),
    latencyMs: fc.oneof(hostileNumber, hostileValue),
    clientTimeoutMs: fc.oneof(hostileNumber, hostileValue),
    parseResult: fc.oneof(fc.constantFrom("OK", "FAILED", null), hostileValue),
    validationResult: fc.oneof(fc.constantFrom("OK", "FAILED", null), hostileValue),
    completionTokens: fc.oneof(hostileNumber, hostileValue),
    hasResponse: fc.oneof(fc.boolean(), hostileValue),
  },
  { requiredKeys: [] },
);
const classifyInput = fc.oneof({ weight: 4, arbitrary: row }, { weight: 1, arbitrary: hostileValue });

describe("request classifiers: 10,000 rows each", () => {
  it("classifyRequestDetailed: one known class, a known basis and a detail", () => {
    fc.assert(
      fc.property(classifyInput, fc.oneof(hostileNumber, fc.constant(undefined)), (input, timeout) => {
        const result = classifyRequestDetailed(input as TClassificationInput, { clientTimeoutMs: timeout });
        expect(REQUEST_CLASSES).toContain(result.requestClass);
        expect(BASES).toContain(result.basis);
        expect(typeof result.detail).toBe("string");
        // The short form agrees with the detailed one.
        expect(classifyRequest(input as TClassificationInput, { clientTimeoutMs: timeout })).toBe(result.requestClass);
      }),
      { numRuns: RUNS },
    );
  });

  it("classifyStatusCode: a class, SUCCESS, or null for anything that is not an HTTP status", () => {
    fc.assert(
      fc.property(fc.oneof(hostileNumber, fc.integer({ min: -1, max: 1000 })), (status) => {
        const result = classifyStatusCode(status);
        if (Number.isInteger(status) && status >= 100 && status <= 599) expect([...REQUEST_CLASSES, "SUCCESS"]).toContain(result);
        else expect(result).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it("classificationException: one of the given texts or null", () => {
    fc.assert(
      fc.property(fc.option(exceptionText), fc.option(exceptionText), (exceptionClass, errorText) => {
        const result = classificationException({ exceptionClass, errorText });
        expect([exceptionClass, errorText, null]).toContain(result);
      }),
      { numRuns: RUNS },
    );
  });

  it("classifyPath: PRIMARY or FALLBACK for any row and options", () => {
    const pathRow = fc.record(
      {
        fallbackFlag: hostileValue,
        fallbackReason: hostileValue,
        requestedModel: fc.oneof(hostileString, hostileValue),
        resolvedModel: fc.oneof(hostileString, hostileValue),
      },
      { requiredKeys: [] },
    );
    const options = fc.record({ primaryModel: fc.oneof(hostileString, hostileValue), fallbackModel: fc.oneof(hostileString, hostileValue) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(pathRow, hostileValue), fc.oneof(options, hostileValue), (input, opts) => {
        expect(REQUEST_PATHS).toContain(classifyPath(input as object, opts as object));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("fallback judgement: 10,000 inputs each", () => {
  const answer = fc.record({ value: fc.constantFrom(true, false, null), evidence: fc.option(hostileString) }, { requiredKeys: ["value"] });
  const verdictInput: fc.Arbitrary<TVerdictInput> = fc.record(
    {
      criteria: fc.dictionary(fc.constantFrom(...CRITERION_IDS), answer, { maxKeys: CRITERION_IDS.length }),
      failureClasses: fc.array(fc.record({ classId: fc.constantFrom(...FAILURE_CLASS_IDS), role: fc.constantFrom(...CLASS_ROLES) }), { maxLength: 8 }),
      taskSpecificValidationPassed: fc.constantFrom(true, false, null, undefined),
      fallbackSmokeTestPassed: fc.constantFrom(true, false, null, undefined),
    },
    { requiredKeys: ["criteria", "failureClasses"] },
  ) as fc.Arbitrary<TVerdictInput>;

  it("computeFallbackVerdict: always ALLOWED, LIMITED or BLOCKED, with reasons for anything but ALLOWED", () => {
    fc.assert(
      fc.property(verdictInput, (input) => {
        const result = computeFallbackVerdict(input);
        expect(VERDICTS).toContain(result.verdict);
        if (result.verdict !== "ALLOWED") expect(result.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("checkSmokeMessageSafety: safe exactly when nothing was found", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.string({ unit: "grapheme", maxLength: 60 })), (text) => {
        const result = checkSmokeMessageSafety(text);
        expect(result.safe).toBe(result.findings.length === 0);
      }),
      { numRuns: RUNS },
    );
  });

  it("evaluateSmokeResult: every criterion and the overall result are pass, fail or unknown", () => {
    const record: fc.Arbitrary<TSmokeRecord> = fc.record(
      {
        status: fc.option(fc.oneof(hostileNumber, fc.integer({ min: 100, max: 599 }))),
        exception: fc.option(exceptionText),
        latencyMs: fc.option(hostileNumber),
        bodyText: fc.option(fc.oneof(hostileString, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ choices: [{ message: { content: JSON.stringify(v) } }], usage: v })))),
        expectedJson: hostileValue,
        latencyToleranceMs: hostileNumber,
        routeLoggedClearly: fc.constantFrom(true, false, null, undefined),
        promptSafe: fc.boolean(),
        model: hostileString,
        requestIdSent: hostileString,
        requestIdEchoed: fc.option(hostileString),
      },
      { requiredKeys: ["latencyToleranceMs", "promptSafe", "model", "requestIdSent"] },
    ) as fc.Arbitrary<TSmokeRecord>;
    fc.assert(
      fc.property(record, (input) => {
        const result = evaluateSmokeResult(input);
        expect(["pass", "fail", "unknown"]).toContain(result.overall);
        expect(result.criteria.length).toBeGreaterThan(0);
        for (const c of result.criteria) expect(["pass", "fail", "unknown"]).toContain(c.result);
      }),
      { numRuns: RUNS },
    );
  });
});
