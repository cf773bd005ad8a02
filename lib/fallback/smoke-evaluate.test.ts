import { describe, expect, it } from "vitest";
import { SMOKE_CRITERION_IDS, runbook } from "@/lib/runbook/runbook";
import {
  criteriaRecord,
  describeResponseShape,
  evaluateSmokeResult,
  jsonEqual,
  type TSmokeRecord,
} from "./smoke-evaluate";

function completion(content: unknown, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion",
    model: "fallback-model-2026-04",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
    ...extra,
  });
}

const passing: TSmokeRecord = {
  status: 200,
  latencyMs: 840,
  bodyText: completion('{"ok":true,"path":"fallback"}'),
  expectedJson: { path: "fallback", ok: true },
  latencyToleranceMs: 2000,
  routeLoggedClearly: true,
  promptSafe: true,
  model: "fallback-model-2026-04",
  requestIdSent: "incident-20260508-smoke-001",
  requestIdEchoed: "incident-20260508-smoke-001",
};

const resultOf = (record: TSmokeRecord) =>
  Object.fromEntries(evaluateSmokeResult(record).criteria.map((c) => [c.id, c.result]));

describe("evaluateSmokeResult", () => {
  it("passes all five criteria for a clean run, in runbook order with runbook wording", () => {
    const evaluation = evaluateSmokeResult(passing);
    expect(evaluation.overall).toBe("pass");
    expect(evaluation.criteria.map((c) => c.id)).toEqual(SMOKE_CRITERION_IDS);
    expect(evaluation.criteria.map((c) => c.label)).toEqual(runbook.steps.smokeRequest.criteria.map((c) => c.text));
    expect(evaluation.criteria.every((c) => c.result === "pass")).toBe(true);
    expect(evaluation).toMatchObject({
      content: '{"ok":true,"path":"fallback"}',
      outputParses: true,
      matchesExpected: true,
      respondedModel: "fallback-model-2026-04",
      usage: { promptTokens: 21, completionTokens: 9, totalTokens: 30 },
      requestIdEchoedMatches: true,
      responseShape:
        "{choices[{finish_reason,index,message{content,role}}],id,model,object,usage{completion_tokens,prompt_tokens,total_tokens}}",
    });
  });

  describe("RESPONSE_SUCCESS", () => {
    it("fails on a client exception even with a status", () => {
      const evaluation = evaluateSmokeResult({ ...passing, exception: "ETIMEDOUT", status: 200 });
      expect(evaluation.criteria[0]).toMatchObject({ result: "fail", reasons: ["client exception: ETIMEDOUT"] });
      expect(evaluation.overall).toBe("fail");
    });

    it("fails on non-2xx statuses", () => {
      for (const status of [199, 301, 401, 429, 500, 503]) {
        expect(resultOf({ ...passing, status }).RESPONSE_SUCCESS, String(status)).toBe("fail");
      }
      expect(resultOf({ ...passing, status: 299 }).RESPONSE_SUCCESS).toBe("pass");
    });

    it("fails on a 2xx without a chat message or with a non-JSON body", () => {
      expect(resultOf({ ...passing, bodyText: "<html>gateway</html>" }).RESPONSE_SUCCESS).toBe("fail");
      expect(resultOf({ ...passing, bodyText: '{"choices":[]}' }).RESPONSE_SUCCESS).toBe("fail");
      expect(resultOf({ ...passing, bodyText: completion(null) }).RESPONSE_SUCCESS).toBe("fail");
    });

    it("is unknown without a status or without a recorded body", () => {
      expect(resultOf({ ...passing, status: undefined }).RESPONSE_SUCCESS).toBe("unknown");
      expect(resultOf({ ...passing, bodyText: null }).RESPONSE_SUCCESS).toBe("unknown");
      expect(evaluateSmokeResult({ ...passing, exception: "   ", status: null }).criteria[0]?.reasons).toEqual([
        "no status code recorded",
      ]);
    });
  });

  describe("OUTPUT_ACCEPTED", () => {
    it("passes when the output parses and no expectation is given", () => {
      const evaluation = evaluateSmokeResult({ ...passing, expectedJson: undefined });
      expect(evaluation.criteria[1]).toMatchObject({ result: "pass", reasons: ["output parses as JSON"] });
      expect(evaluation.matchesExpected).toBeNull();
    });

    it("tolerates surrounding whitespace but not prose around the JSON", () => {
      expect(resultOf({ ...passing, bodyText: completion('\n {"ok":true,"path":"fallback"} \n') }).OUTPUT_ACCEPTED).toBe("pass");
      const prose = evaluateSmokeResult({ ...passing, bodyText: completion('Sure! {"ok":true}') });
      expect(prose.criteria[1]?.result).toBe("fail");
      expect(prose.outputParses).toBe(false);
    });

    it("fails when the output differs from the expected JSON", () => {
      const evaluation = evaluateSmokeResult({ ...passing, bodyText: completion('{"ok":true,"path":"primary"}') });
      expect(evaluation.criteria[1]).toMatchObject({
        result: "fail",
        reasons: ["output parses but differs from the expected JSON"],
      });
      expect(evaluation.matchesExpected).toBe(false);
    });

    it("checks an expected null literally", () => {
      expect(resultOf({ ...passing, bodyText: completion("null"), expectedJson: null }).OUTPUT_ACCEPTED).toBe("pass");
      expect(resultOf({ ...passing, bodyText: completion("{}"), expectedJson: null }).OUTPUT_ACCEPTED).toBe("fail");
    });

    it("is unknown when there is no output", () => {
      expect(resultOf({ ...passing, status: 500, bodyText: '{"error":{"message":"x"}}' }).OUTPUT_ACCEPTED).toBe("unknown");
    });
  });

  describe("LATENCY_WITHIN_TOLERANCE", () => {
    it("passes up to and including the tolerance", () => {
      expect(resultOf({ ...passing, latencyMs: 2000 }).LATENCY_WITHIN_TOLERANCE).toBe("pass");
      expect(evaluateSmokeResult({ ...passing, latencyMs: 2001 }).criteria[2]).toMatchObject({
        result: "fail",
        reasons: ["2001 ms > 2000 ms"],
      });
    });

    it("is unknown when latency was not recorded", () => {
      expect(resultOf({ ...passing, latencyMs: null }).LATENCY_WITHIN_TOLERANCE).toBe("unknown");
      expect(resultOf({ ...passing, latencyMs: Number.NaN }).LATENCY_WITHIN_TOLERANCE).toBe("unknown");
    });
  });

  describe("ROUTE_LOGGED", () => {
    it("needs the operator's confirmation", () => {
      expect(resultOf({ ...passing, routeLoggedClearly: false }).ROUTE_LOGGED).toBe("fail");
      expect(resultOf({ ...passing, routeLoggedClearly: undefined }).ROUTE_LOGGED).toBe("unknown");
      expect(evaluateSmokeResult({ ...passing, routeLoggedClearly: undefined }).overall).toBe("unknown");
    });

    it("fails when the request id comes back changed", () => {
      const evaluation = evaluateSmokeResult({ ...passing, requestIdEchoed: "other-id" });
      expect(evaluation.requestIdEchoedMatches).toBe(false);
      expect(evaluation.criteria[3]).toMatchObject({
        result: "fail",
        reasons: [
          "operator confirmed the logs show the route",
          'request id came back as "other-id", sent "incident-20260508-smoke-001"',
        ],
      });
    });

    it("notes a different responded model without failing", () => {
      const evaluation = evaluateSmokeResult({ ...passing, model: "fallback-alias", requestIdEchoed: null });
      expect(evaluation.requestIdEchoedMatches).toBeNull();
      expect(evaluation.criteria[3]?.result).toBe("pass");
      expect(evaluation.criteria[3]?.reasons).toContain(
        'response names model "fallback-model-2026-04", requested "fallback-alias"',
      );
    });
  });

  describe("PROMPT_SANITIZED", () => {
    it("fails when the prompt is not safe", () => {
      const evaluation = evaluateSmokeResult({ ...passing, promptSafe: false });
      expect(evaluation.criteria[4]?.result).toBe("fail");
      expect(evaluation.overall).toBe("fail");
    });
  });

  it("reports no shape or usage for a body that is not JSON", () => {
    const evaluation = evaluateSmokeResult({ ...passing, status: 502, bodyText: "Bad Gateway" });
    expect(evaluation).toMatchObject({ responseShape: null, usage: null, content: null, respondedModel: null });
  });

  it("reads partial usage", () => {
    const evaluation = evaluateSmokeResult({
      ...passing,
      bodyText: completion('{"ok":true,"path":"fallback"}', { usage: { total_tokens: 12 } }),
    });
    expect(evaluation.usage).toEqual({ promptTokens: null, completionTokens: null, totalTokens: 12 });
  });
});

describe("criteriaRecord", () => {
  it("produces the stored { id: { result, note } } form", () => {
    const record = criteriaRecord(evaluateSmokeResult({ ...passing, latencyMs: 5000 }));
    expect(Object.keys(record)).toEqual(SMOKE_CRITERION_IDS);
    expect(record.LATENCY_WITHIN_TOLERANCE).toEqual({ result: "fail", note: "5000 ms > 2000 ms" });
    expect(record.RESPONSE_SUCCESS).toEqual({ result: "pass", note: "status 200 with a message" });
  });
});

describe("describeResponseShape", () => {
  it("sorts keys and describes arrays by their first element", () => {
    expect(describeResponseShape({ b: 1, a: [{ y: 1, x: { q: true } }, "ignored"], c: null })).toBe("{a[{x{q},y}],b,c}");
  });

  it("limits depth", () => {
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    expect(describeResponseShape(deep)).toBe("{a{b{c{d{…}}}}}");
    expect(describeResponseShape(deep, 2)).toBe("{a{b{…}}}");
    expect(describeResponseShape({ list: [[1]] }, 1)).toBe("{list[…]}");
  });

  it("names primitive and empty values", () => {
    expect(describeResponseShape("x")).toBe("string");
    expect(describeResponseShape(3)).toBe("number");
    expect(describeResponseShape(null)).toBe("null");
    expect(describeResponseShape([])).toBe("[]");
    expect(describeResponseShape({})).toBe("{}");
    expect(describeResponseShape([1, 2])).toBe("[number]");
  });

  it("quotes keys that would make the shape ambiguous", () => {
    expect(describeResponseShape({ "a,b": 1, "x{": 2, ok: 3 })).toBe('{"a,b",ok,"x{"}');
  });
});

describe("jsonEqual", () => {
  it("ignores key order but not array order", () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual({ a: null }, { a: 0 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });
});
