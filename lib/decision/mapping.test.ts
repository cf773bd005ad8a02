import { describe, expect, it } from "vitest";
import { PAUSE_CRITERION_IDS, SAFER_CRITERION_IDS, SMOKE_CRITERION_IDS } from "@/lib/runbook/runbook";
import { computeFallbackVerdict } from "@/lib/fallback/verdict";
import {
  answersToCriteria,
  buildVerdictInput,
  checklistItems,
  isAllowedItem,
  nextByUserId,
  nextOccurredAt,
  smokeRunPassed,
  DECISION_ITEMS,
  PAUSED_CHECKLIST_ID,
  SAFER_CHECKLIST_ID,
} from "./mapping";

const passAll = () => Object.fromEntries(SMOKE_CRITERION_IDS.map((id) => [id, { result: "pass", note: "" }]));

describe("answersToCriteria", () => {
  it("maps decision checklist rows to criteria answers and ignores other checklists or mismatched items", () => {
    const criteria = answersToCriteria([
      { checklistId: SAFER_CHECKLIST_ID, itemId: "stateless-or-retry-safe", checked: true, note: "idempotent GET" },
      { checklistId: PAUSED_CHECKLIST_ID, itemId: "fallback-model-not-approved", checked: false, note: null },
      { checklistId: PAUSED_CHECKLIST_ID, itemId: "controls-unknown", checked: null, note: null },
      // a safer item filed under the paused checklist is not an answer
      { checklistId: PAUSED_CHECKLIST_ID, itemId: "paths-distinguishable", checked: true, note: null },
      { checklistId: "rollback-steps", itemId: "freeze-ramp-up", checked: true, note: null },
    ]);
    expect(criteria).toEqual({
      "stateless-or-retry-safe": { value: true, evidence: "idempotent GET" },
      "fallback-model-not-approved": { value: false, evidence: null },
      "controls-unknown": { value: null, evidence: null },
    });
  });
});

describe("smokeRunPassed", () => {
  it("passes only when every Step 2 criterion is pass", () => {
    expect(smokeRunPassed(passAll())).toBe(true);
    expect(smokeRunPassed({ ...passAll(), ROUTE_LOGGED: { result: "unknown" } })).toBe(false);
    expect(smokeRunPassed({ ...passAll(), RESPONSE_SUCCESS: { result: "fail" } })).toBe(false);
    const missing: Record<string, unknown> = passAll();
    delete missing.PROMPT_SANITIZED;
    expect(smokeRunPassed(missing)).toBe(false);
    expect(smokeRunPassed({})).toBe(false);
    expect(smokeRunPassed(null)).toBe(false);
    expect(smokeRunPassed([])).toBe(false);
  });
});

describe("buildVerdictInput", () => {
  const green = [
    ...SAFER_CRITERION_IDS.map((itemId) => ({ checklistId: SAFER_CHECKLIST_ID, itemId, checked: true, note: null })),
    ...PAUSE_CRITERION_IDS.map((itemId) => ({ checklistId: PAUSED_CHECKLIST_ID, itemId, checked: false, note: null })),
  ];

  it("AUTH as primary class blocks fallback", () => {
    const input = buildVerdictInput({
      answers: green,
      classes: [{ failureClass: "AUTH", role: "PRIMARY" }],
      taskSpecificValidationDone: false,
      fallbackSmokeRuns: [],
    });
    expect(computeFallbackVerdict(input).verdict).toBe("BLOCKED");
  });

  it("treats no fallback smoke runs as not passed, so 5xx limits fallback until one passes", () => {
    const base = { answers: green, classes: [{ failureClass: "UPSTREAM_5XX", role: "PRIMARY" as const }], taskSpecificValidationDone: false };
    const none = buildVerdictInput({ ...base, fallbackSmokeRuns: [] });
    expect(none.fallbackSmokeTestPassed).toBe(false);
    expect(computeFallbackVerdict(none).verdict).toBe("LIMITED");
    const passed = buildVerdictInput({ ...base, fallbackSmokeRuns: [{ criteria: {} }, { criteria: passAll() }] });
    expect(passed.fallbackSmokeTestPassed).toBe(true);
    expect(computeFallbackVerdict(passed).verdict).toBe("ALLOWED");
  });

  it("passes the task-specific validation toggle through and drops unknown classes", () => {
    const input = buildVerdictInput({
      answers: [],
      classes: [{ failureClass: "QUALITY_REGRESSION", role: "PRIMARY" }, { failureClass: "NOT_A_CLASS", role: "SECONDARY" }],
      taskSpecificValidationDone: true,
      fallbackSmokeRuns: [],
    });
    expect(input.taskSpecificValidationPassed).toBe(true);
    expect(input.failureClasses).toEqual([{ classId: "QUALITY_REGRESSION", role: "PRIMARY" }]);
  });
});

describe("allowed items", () => {
  it("derive from the runbook checklists", () => {
    expect(DECISION_ITEMS[SAFER_CHECKLIST_ID]).toEqual(SAFER_CRITERION_IDS);
    expect(isAllowedItem(DECISION_ITEMS, PAUSED_CHECKLIST_ID, "controls-unknown")).toBe(true);
    expect(isAllowedItem(DECISION_ITEMS, PAUSED_CHECKLIST_ID, "stateless-or-retry-safe")).toBe(false);
    expect(isAllowedItem(DECISION_ITEMS, "toString", "x")).toBe(false);
    expect(checklistItems("rollback-steps")["rollback-steps"]).toHaveLength(6);
    expect(() => checklistItems("no-such-list")).toThrow();
  });
});

describe("nextByUserId / nextOccurredAt", () => {
  const now = new Date("2026-05-08T10:00:00Z");
  it("actor mode records whoever saved", () => {
    expect(nextByUserId("actor", { checked: true, byUserId: "a" }, false, "b")).toBe("b");
    expect(nextOccurredAt("actor", null, { checked: true, occurredAt: null }, now)).toBeNull();
  });
  it("when-checked mode keeps who first ticked it, and clears on untick", () => {
    expect(nextByUserId("when-checked", null, true, "b")).toBe("b");
    expect(nextByUserId("when-checked", { checked: true, byUserId: "a" }, true, "b")).toBe("a");
    expect(nextByUserId("when-checked", { checked: false, byUserId: null }, true, "b")).toBe("b");
    expect(nextByUserId("when-checked", { checked: true, byUserId: "a" }, false, "b")).toBeNull();
  });
  it("when-checked mode records now for a newly ticked item without a time, keeps a stored one", () => {
    const earlier = new Date("2026-05-08T09:30:00Z");
    expect(nextOccurredAt("when-checked", null, { checked: true, occurredAt: null }, now)).toEqual(now);
    expect(nextOccurredAt("when-checked", { checked: true, occurredAt: earlier }, { checked: true, occurredAt: null }, now)).toEqual(earlier);
    expect(nextOccurredAt("when-checked", null, { checked: true, occurredAt: earlier }, now)).toEqual(earlier);
    expect(nextOccurredAt("when-checked", { checked: true, occurredAt: earlier }, { checked: false, occurredAt: null }, now)).toBeNull();
  });
});
