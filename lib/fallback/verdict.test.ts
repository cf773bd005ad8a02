import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  PAUSE_CRITERION_IDS,
  SAFER_CRITERION_IDS,
  runbook,
  type TCriterionId,
  type TFailureClassId,
} from "@/lib/runbook/runbook";
import {
  VERDICT_RULES,
  applyVerdictOverride,
  computeFallbackVerdict,
  type TCriterionAnswer,
  type TIncidentFailureClass,
  type TVerdictInput,
} from "./verdict";

type TAnswers = Partial<Record<TCriterionId, TCriterionAnswer>>;

/** All five "safer" criteria hold and none of the "pause" criteria: the green path. */
function greenCriteria(): TAnswers {
  const answers: TAnswers = {};
  for (const id of SAFER_CRITERION_IDS) answers[id] = { value: true };
  for (const id of PAUSE_CRITERION_IDS) answers[id] = { value: false };
  return answers;
}

function input(overrides: Partial<TVerdictInput> & { criteria?: TAnswers } = {}): TVerdictInput {
  return {
    criteria: greenCriteria(),
    failureClasses: [{ classId: "TIMEOUT", role: "PRIMARY" }],
    ...overrides,
  };
}

const primary = (classId: TFailureClassId): TIncidentFailureClass => ({ classId, role: "PRIMARY" });
const secondary = (classId: TFailureClassId): TIncidentFailureClass => ({ classId, role: "SECONDARY" });
const likelyAction = (id: TFailureClassId) => runbook.failureModes.classes.find((c) => c.id === id)!.likelyAction;

describe("computeFallbackVerdict: criteria", () => {
  it("allows fallback when all safer criteria hold, no pause criterion holds and the class permits it", () => {
    const result = computeFallbackVerdict(input());
    expect(result.verdict).toBe("ALLOWED");
    expect(result.reasons).toEqual([]);
    expect(result.classGuidance).toEqual([
      {
        classId: "TIMEOUT",
        role: "PRIMARY",
        label: "Timeouts",
        whatToCheck: "Network, client timeout, long context, slow model path",
        likelyAction: "Reduce timeout risk, fallback, or degrade optional features",
        cap: "ALLOWED",
      },
    ]);
  });

  it.each(SAFER_CRITERION_IDS)("limits fallback when safer criterion %s is answered no", (id) => {
    const criteria = { ...greenCriteria(), [id]: { value: false, evidence: "  checked by on-call  " } };
    const result = computeFallbackVerdict(input({ criteria }));
    expect(result.verdict).toBe("LIMITED");
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatchObject({
      code: "SAFER_CRITERION_NOT_MET",
      message: runbook.fallbackDecision.saferWhen.find((c) => c.id === id)!.text,
      source: { section: "3. Decide whether fallback is allowed", itemId: id },
      imposes: "LIMITED",
      evidence: "checked by on-call",
    });
  });

  it("limits fallback when a safer criterion is unanswered, whether null or missing", () => {
    const withNull = computeFallbackVerdict(
      input({ criteria: { ...greenCriteria(), "stateless-or-retry-safe": { value: null } } }),
    );
    expect(withNull.verdict).toBe("LIMITED");
    expect(withNull.reasons.map((r) => r.code)).toEqual(["SAFER_CRITERION_UNANSWERED"]);

    const missing = greenCriteria();
    delete missing["paths-distinguishable"];
    const withMissing = computeFallbackVerdict(input({ criteria: missing }));
    expect(withMissing.reasons.map((r) => [r.code, r.source.itemId])).toEqual([
      ["SAFER_CRITERION_UNANSWERED", "paths-distinguishable"],
    ]);
    expect(withMissing.reasons[0]).not.toHaveProperty("evidence");
  });

  it.each([
    ["schema-conformance-untested", "output schema conformance is required but untested"],
    ["fallback-lacks-observability", "the fallback path lacks logs or metrics"],
    ["controls-unknown", "token budget, latency, or cost controls are unknown"],
  ] as const)("limits fallback when pause criterion %s holds", (id, text) => {
    const result = computeFallbackVerdict(input({ criteria: { ...greenCriteria(), [id]: { value: true } } }));
    expect(result.verdict).toBe("LIMITED");
    expect(result.reasons).toEqual([
      { code: "PAUSE_CRITERION_MET", message: text, source: { section: runbook.fallbackDecision.heading, itemId: id }, imposes: "LIMITED" },
    ]);
  });

  it.each([
    ["high-impact-action-without-confirmation", "the request performs a high-impact action without confirmation"],
    ["fallback-model-not-approved", "the fallback model is not approved for the feature"],
  ] as const)("blocks fallback when %s holds", (id, text) => {
    const result = computeFallbackVerdict(input({ criteria: { ...greenCriteria(), [id]: { value: true } } }));
    expect(result.verdict).toBe("BLOCKED");
    expect(result.reasons[0]).toMatchObject({ code: "PAUSE_CRITERION_BLOCKS", message: text, imposes: "BLOCKED" });
  });

  it("treats an unanswered blocking criterion as limiting, not blocking", () => {
    const result = computeFallbackVerdict(
      input({ criteria: { ...greenCriteria(), "fallback-model-not-approved": { value: null } } }),
    );
    expect(result.verdict).toBe("LIMITED");
    expect(result.reasons.map((r) => r.code)).toEqual(["PAUSE_CRITERION_UNANSWERED"]);
  });

  it("reports all ten criteria when nothing is answered", () => {
    const result = computeFallbackVerdict(input({ criteria: {} }));
    expect(result.verdict).toBe("LIMITED");
    expect(result.reasons).toHaveLength(10);
  });

  it("orders reasons most restrictive first and keeps runbook order within a level", () => {
    const result = computeFallbackVerdict(
      input({
        criteria: {
          ...greenCriteria(),
          "user-tolerates-different-response": { value: false },
          "controls-unknown": { value: true },
          "fallback-model-not-approved": { value: true },
        },
        failureClasses: [primary("AUTH")],
      }),
    );
    expect(result.verdict).toBe("BLOCKED");
    expect(result.reasons.map((r) => r.source.itemId)).toEqual([
      "fallback-model-not-approved",
      "AUTH",
      "user-tolerates-different-response",
      "controls-unknown",
    ]);
  });
});

describe("computeFallbackVerdict: failure classes", () => {
  it("blocks a primary AUTH class with the runbook's likely action", () => {
    const result = computeFallbackVerdict(input({ failureClasses: [primary("AUTH")] }));
    expect(result.verdict).toBe("BLOCKED");
    expect(result.reasons).toEqual([
      {
        code: "CLASS_BLOCKS",
        message: "Do not model-fallback first; fix credentials",
        source: { section: "2. Classify the failure mode", itemId: "AUTH" },
        imposes: "BLOCKED",
      },
    ]);
  });

  it("blocks a primary VALIDATION_4XX class", () => {
    const result = computeFallbackVerdict(input({ failureClasses: [primary("VALIDATION_4XX")] }));
    expect(result.verdict).toBe("BLOCKED");
    expect(result.reasons[0]?.message).toBe("Roll back client change or align with current API docs");
  });

  it("only limits AUTH and VALIDATION_4XX when they are secondary", () => {
    const result = computeFallbackVerdict(
      input({ failureClasses: [primary("TIMEOUT"), secondary("AUTH"), secondary("VALIDATION_4XX")] }),
    );
    expect(result.verdict).toBe("LIMITED");
    expect(result.reasons.map((r) => [r.code, r.imposes])).toEqual([
      ["CLASS_LIMITS", "LIMITED"],
      ["CLASS_LIMITS", "LIMITED"],
    ]);
  });

  it("limits QUALITY_REGRESSION until task-specific validation passes", () => {
    for (const flag of [undefined, null, false]) {
      const result = computeFallbackVerdict(
        input({ failureClasses: [primary("QUALITY_REGRESSION")], taskSpecificValidationPassed: flag }),
      );
      expect(result.verdict).toBe("LIMITED");
      expect(result.reasons[0]).toMatchObject({
        code: "CLASS_NEEDS_TASK_VALIDATION",
        message: "Fallback only after task-specific validation",
      });
    }
    const validated = computeFallbackVerdict(
      input({ failureClasses: [secondary("QUALITY_REGRESSION")], taskSpecificValidationPassed: true }),
    );
    expect(validated.verdict).toBe("ALLOWED");
    expect(validated.classGuidance[0]?.cap).toBe("ALLOWED");
  });

  it("always limits RATE_LIMIT_429 to selective fallback", () => {
    for (const role of ["PRIMARY", "SECONDARY"] as const) {
      const result = computeFallbackVerdict(input({ failureClasses: [{ classId: "RATE_LIMIT_429", role }] }));
      expect(result.verdict).toBe("LIMITED");
      expect(result.reasons[0]?.message).toBe("Throttle, queue, shed load, or fallback selectively");
    }
  });

  it("requires a passing smoke test for UPSTREAM_5XX", () => {
    const failing = computeFallbackVerdict(
      input({ failureClasses: [primary("UPSTREAM_5XX")], fallbackSmokeTestPassed: false }),
    );
    expect(failing.verdict).toBe("LIMITED");
    expect(failing.reasons[0]).toMatchObject({
      code: "CLASS_NEEDS_SMOKE_TEST",
      message: "Consider bounded fallback after smoke test",
    });
    const passing = computeFallbackVerdict(
      input({ failureClasses: [primary("UPSTREAM_5XX")], fallbackSmokeTestPassed: true }),
    );
    expect(passing.verdict).toBe("ALLOWED");
  });

  it("falls back to the §3 smoke-test answer when no explicit smoke result is given", () => {
    const fromCriterion = computeFallbackVerdict(input({ failureClasses: [primary("UPSTREAM_5XX")] }));
    expect(fromCriterion.verdict).toBe("ALLOWED");
    const explicitWins = computeFallbackVerdict(
      input({ failureClasses: [primary("UPSTREAM_5XX")], fallbackSmokeTestPassed: false }),
    );
    expect(explicitWins.reasons.map((r) => r.code)).toEqual(["CLASS_NEEDS_SMOKE_TEST"]);
  });

  it("gives TIMEOUT guidance without restricting the verdict", () => {
    const result = computeFallbackVerdict(input({ failureClasses: [secondary("TIMEOUT")] }));
    expect(result.verdict).toBe("ALLOWED");
    expect(result.classGuidance[0]?.likelyAction).toBe(likelyAction("TIMEOUT"));
  });

  it("limits fallback while no failure class is recorded", () => {
    const result = computeFallbackVerdict(input({ failureClasses: [] }));
    expect(result.verdict).toBe("LIMITED");
    expect(result.reasons).toEqual([
      {
        code: "FAILURE_MODE_UNCLASSIFIED",
        message: runbook.failureModes.intro,
        source: { section: runbook.failureModes.heading, itemId: "classes" },
        imposes: "LIMITED",
      },
    ]);
    expect(result.classGuidance).toEqual([]);
  });

  it("counts a class recorded as both primary and secondary once, as primary, primaries first", () => {
    const result = computeFallbackVerdict(
      input({ failureClasses: [secondary("TIMEOUT"), secondary("AUTH"), primary("UPSTREAM_5XX"), primary("AUTH")] }),
    );
    expect(result.classGuidance.map((g) => [g.classId, g.role, g.cap])).toEqual([
      ["AUTH", "PRIMARY", "BLOCKED"],
      ["UPSTREAM_5XX", "PRIMARY", "ALLOWED"],
      ["TIMEOUT", "SECONDARY", "ALLOWED"],
    ]);
    expect(result.verdict).toBe("BLOCKED");
  });

  it("takes class wording from the runbook data rather than its own copy", () => {
    const all = (["AUTH", "VALIDATION_4XX", "RATE_LIMIT_429", "UPSTREAM_5XX", "TIMEOUT", "QUALITY_REGRESSION"] as const).map(
      primary,
    );
    const result = computeFallbackVerdict(input({ failureClasses: all }));
    for (const guidance of result.classGuidance) {
      const row = runbook.failureModes.classes.find((c) => c.id === guidance.classId)!;
      expect(guidance.label).toBe(row.label);
      expect(guidance.likelyAction).toBe(row.likelyAction);
    }
  });
});

describe("VERDICT_RULES", () => {
  it("describes every rule with a verdict and non-empty text", () => {
    expect(VERDICT_RULES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(VERDICT_RULES.map((r) => r.id)).size).toBe(VERDICT_RULES.length);
    for (const rule of VERDICT_RULES) {
      expect(["ALLOWED", "LIMITED", "BLOCKED"]).toContain(rule.verdict);
      expect(rule.text.length).toBeGreaterThan(20);
    }
  });
});

describe("applyVerdictOverride", () => {
  it("returns the computed verdict when there is no override", () => {
    expect(applyVerdictOverride("LIMITED")).toEqual({
      computed: "LIMITED",
      effective: "LIMITED",
      overridden: false,
      overrideReason: null,
    });
    expect(applyVerdictOverride("BLOCKED", null).effective).toBe("BLOCKED");
  });

  it("applies an override with a trimmed reason", () => {
    expect(applyVerdictOverride("LIMITED", { verdict: "ALLOWED", reason: "  IC accepted risk, CHG-42 " })).toEqual({
      computed: "LIMITED",
      effective: "ALLOWED",
      overridden: true,
      overrideReason: "IC accepted risk, CHG-42",
    });
  });

  it("does not count an override that keeps the computed verdict as overriding", () => {
    const result = applyVerdictOverride("BLOCKED", { verdict: "BLOCKED", reason: "confirmed" });
    expect(result.overridden).toBe(false);
    expect(result.overrideReason).toBe("confirmed");
  });

  it("rejects an override without a reason", () => {
    expect(() => applyVerdictOverride("BLOCKED", { verdict: "ALLOWED", reason: "   " })).toThrow(ZodError);
    expect(() => applyVerdictOverride("BLOCKED", { verdict: "ALLOWED", reason: "" })).toThrow(
      "An override needs a reason.",
    );
  });

  it("rejects an unknown verdict", () => {
    expect(() =>
      applyVerdictOverride("BLOCKED", { verdict: "MAYBE" as unknown as "ALLOWED", reason: "typo" }),
    ).toThrow(ZodError);
  });
});
