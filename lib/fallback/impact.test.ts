import { describe, expect, it } from "vitest";
import { IMPACT_MEASURE_IDS, runbook } from "@/lib/runbook/runbook";
import {
  IMPACT_DIRECTIONS,
  customerVisibleErrorsStillHigh,
  evaluateImpact,
  impactMeasuresFromRows,
  type TImpactMeasures,
} from "./impact";

const WARNING = "If customer-visible errors remain high, the fallback may not be addressing the real bottleneck.";
const COMPLETION = "A mitigation is not complete until user impact drops.";

const recovered: TImpactMeasures = {
  CUSTOMER_VISIBLE_ERROR_RATE: { before: 0.5, during: 12, after: 0.8 },
  QUEUE_DEPTH: { before: 10, during: 900, after: 40 },
  TIMEOUT_COUNT: { during: 480, after: 20 },
  SUCCESSFUL_COMPLETION_COUNT: { during: 1000, after: 4000 },
  SUPPORT_TICKET_VOLUME: { during: 30, after: 30 },
  USER_RETRY_BEHAVIOR: { during: 2.4, after: 1.1 },
  FEATURE_BUSINESS_METRIC: { during: 150, after: 600 },
};

describe("evaluateImpact", () => {
  it("reports DROPPED when errors fall well below the during level and nothing got worse", () => {
    const result = evaluateImpact(recovered);
    expect(result.verdict).toBe("DROPPED");
    expect(result.customerVisibleErrorsStillHigh).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.reasons).toEqual(["customer-visible error rate dropped"]);
    expect(result.measures.map((m) => [m.measureId, m.change])).toEqual([
      ["CUSTOMER_VISIBLE_ERROR_RATE", "IMPROVED"],
      ["QUEUE_DEPTH", "IMPROVED"],
      ["TIMEOUT_COUNT", "IMPROVED"],
      ["SUCCESSFUL_COMPLETION_COUNT", "IMPROVED"],
      ["SUPPORT_TICKET_VOLUME", "UNCHANGED"],
      ["USER_RETRY_BEHAVIOR", "IMPROVED"],
      ["FEATURE_BUSINESS_METRIC", "IMPROVED"],
    ]);
  });

  it("carries runbook labels, default units and directions for all seven measures", () => {
    const { measures } = evaluateImpact({});
    expect(measures.map((m) => m.measureId)).toEqual(IMPACT_MEASURE_IDS);
    expect(measures.map((m) => m.label)).toEqual(runbook.steps.impact.measures.map((m) => m.label));
    expect(measures.map((m) => m.unit)).toEqual(runbook.steps.impact.measures.map((m) => m.unit));
    expect(measures.map((m) => m.direction)).toEqual([
      "LOWER_IS_BETTER",
      "LOWER_IS_BETTER",
      "LOWER_IS_BETTER",
      "HIGHER_IS_BETTER",
      "LOWER_IS_BETTER",
      "LOWER_IS_BETTER",
      "HIGHER_IS_BETTER",
    ]);
    expect(Object.keys(IMPACT_DIRECTIONS)).toEqual(IMPACT_MEASURE_IDS);
  });

  it("reads higher-is-better measures the right way round", () => {
    const fewer = evaluateImpact({ ...recovered, SUCCESSFUL_COMPLETION_COUNT: { during: 4000, after: 1000 } });
    expect(fewer.measures[3]?.change).toBe("WORSENED");
    expect(fewer.verdict).toBe("NOT_DROPPED");
    expect(fewer.reasons).toEqual(["successful completion count got worse"]);
  });

  it("is NOT_DROPPED when any measure got worse, even if errors fell", () => {
    const result = evaluateImpact({ ...recovered, QUEUE_DEPTH: { during: 100, after: 300 } });
    expect(result.verdict).toBe("NOT_DROPPED");
    expect(result.warnings).toEqual([COMPLETION]);
  });

  it("flags errors that fell but stay at half or more of the during level, with the runbook warning", () => {
    const result = evaluateImpact({ ...recovered, CUSTOMER_VISIBLE_ERROR_RATE: { before: 0.5, during: 12, after: 6 } });
    expect(result.customerVisibleErrorsStillHigh).toBe(true);
    expect(result.verdict).toBe("NOT_DROPPED");
    expect(result.reasons).toEqual(["customer-visible error rate is still high"]);
    expect(result.warnings).toEqual([WARNING, COMPLETION]);
  });

  it("is NOT_DROPPED when the error rate did not move", () => {
    const result = evaluateImpact({ ...recovered, CUSTOMER_VISIBLE_ERROR_RATE: { during: 5, after: 5 } });
    expect(result.verdict).toBe("NOT_DROPPED");
    expect(result.warnings).toContain(WARNING);
  });

  it("is UNKNOWN without during and after error rates, whatever else improved", () => {
    const result = evaluateImpact({ ...recovered, CUSTOMER_VISIBLE_ERROR_RATE: { during: 12 } });
    expect(result.verdict).toBe("UNKNOWN");
    expect(result.measures[0]?.change).toBe("UNKNOWN");
    expect(result.warnings).toEqual([COMPLETION]);
    expect(evaluateImpact({}).verdict).toBe("UNKNOWN");
  });

  it("judges by the other measures when there were no customer-visible errors", () => {
    const zero = { CUSTOMER_VISIBLE_ERROR_RATE: { before: 0, during: 0, after: 0 } };
    expect(evaluateImpact({ ...zero, TIMEOUT_COUNT: { during: 50, after: 2 } }).verdict).toBe("DROPPED");
    expect(evaluateImpact({ ...zero, TIMEOUT_COUNT: { during: 50, after: 50 } }).verdict).toBe("NOT_DROPPED");
    expect(evaluateImpact(zero).verdict).toBe("UNKNOWN");
  });

  it("ignores non-finite values", () => {
    const result = evaluateImpact({ CUSTOMER_VISIBLE_ERROR_RATE: { during: Number.NaN, after: 1 } });
    expect(result.measures[0]).toMatchObject({ during: null, after: 1, change: "UNKNOWN" });
  });
});

describe("customerVisibleErrorsStillHigh", () => {
  it("uses 50% of the during value by default, inclusive", () => {
    expect(customerVisibleErrorsStillHigh({ during: 10, after: 5 })).toBe(true);
    expect(customerVisibleErrorsStillHigh({ during: 10, after: 4.9 })).toBe(false);
  });

  it("takes a configurable fraction", () => {
    expect(customerVisibleErrorsStillHigh({ during: 10, after: 3 }, { stillHighFraction: 0.25 })).toBe(true);
    expect(customerVisibleErrorsStillHigh({ during: 10, after: 2 }, { stillHighFraction: 0.25 })).toBe(false);
  });

  it("flags values above twice the before baseline even after a large drop", () => {
    expect(customerVisibleErrorsStillHigh({ before: 1, during: 50, after: 2.5 })).toBe(true);
    expect(customerVisibleErrorsStillHigh({ before: 1, during: 50, after: 2 })).toBe(false);
    expect(customerVisibleErrorsStillHigh({ before: 1, during: 50, after: 2.5 }, { baselineMultiplier: 3 })).toBe(false);
  });

  it("never flags a value back at or below the before baseline", () => {
    expect(customerVisibleErrorsStillHigh({ before: 1, during: 1.2, after: 1 })).toBe(false);
    expect(customerVisibleErrorsStillHigh({ before: 1, during: 1.2, after: 1.1 })).toBe(true);
  });

  it("is false without an after value or with a zero during value and no baseline", () => {
    expect(customerVisibleErrorsStillHigh({ before: 1, during: 10 })).toBe(false);
    expect(customerVisibleErrorsStillHigh({ during: 0, after: 0 })).toBe(false);
    expect(customerVisibleErrorsStillHigh(undefined)).toBe(false);
  });
});

describe("impactMeasuresFromRows", () => {
  it("groups stored rows by measure and phase and skips unknown measures", () => {
    expect(
      impactMeasuresFromRows([
        { measure: "QUEUE_DEPTH", phase: "BEFORE", value: 1 },
        { measure: "QUEUE_DEPTH", phase: "DURING", value: 9 },
        { measure: "QUEUE_DEPTH", phase: "AFTER", value: 2 },
        { measure: "TIMEOUT_COUNT", phase: "AFTER", value: 0 },
        { measure: "NOT_A_MEASURE", phase: "AFTER", value: 5 },
      ]),
    ).toEqual({ QUEUE_DEPTH: { before: 1, during: 9, after: 2 }, TIMEOUT_COUNT: { after: 0 } });
  });
});
