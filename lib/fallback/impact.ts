// Step 5: "A mitigation is not complete until user impact drops." Compares
// each measure during the incident with after the mitigation, in the
// direction that counts as better for that measure.
import {
  IMPACT_MEASURE_IDS,
  getImpactMeasure,
  isImpactMeasureId,
  runbook,
  type TImpactMeasureId,
} from "@/lib/runbook/runbook";

export type TImpactDirection = "LOWER_IS_BETTER" | "HIGHER_IS_BETTER";

export const IMPACT_DIRECTIONS: Readonly<Record<TImpactMeasureId, TImpactDirection>> = Object.freeze({
  CUSTOMER_VISIBLE_ERROR_RATE: "LOWER_IS_BETTER",
  QUEUE_DEPTH: "LOWER_IS_BETTER",
  TIMEOUT_COUNT: "LOWER_IS_BETTER",
  SUCCESSFUL_COMPLETION_COUNT: "HIGHER_IS_BETTER",
  SUPPORT_TICKET_VOLUME: "LOWER_IS_BETTER",
  USER_RETRY_BEHAVIOR: "LOWER_IS_BETTER",
  FEATURE_BUSINESS_METRIC: "HIGHER_IS_BETTER",
});

export type TPhaseValues = {
  readonly before?: number | null;
  readonly during?: number | null;
  readonly after?: number | null;
};
export type TImpactMeasures = Readonly<Partial<Record<TImpactMeasureId, TPhaseValues>>>;

export type TImpactOptions = {
  /** After ÷ during at or above this still counts as high (default 0.5). */
  readonly stillHighFraction?: number;
  /** After above before × this still counts as high (default 2). */
  readonly baselineMultiplier?: number;
};

export type TMeasureChange = "IMPROVED" | "WORSENED" | "UNCHANGED" | "UNKNOWN";
export type TImpactVerdict = "DROPPED" | "NOT_DROPPED" | "UNKNOWN";

export type TMeasureEvaluation = {
  readonly measureId: TImpactMeasureId;
  readonly label: string;
  readonly unit: string;
  readonly direction: TImpactDirection;
  readonly before: number | null;
  readonly during: number | null;
  readonly after: number | null;
  /** After compared with during. */
  readonly change: TMeasureChange;
};

export type TImpactEvaluation = {
  readonly verdict: TImpactVerdict;
  readonly measures: readonly TMeasureEvaluation[];
  readonly customerVisibleErrorsStillHigh: boolean;
  /** Why the verdict is what it is, in plain words. */
  readonly reasons: readonly string[];
  /** Runbook warnings that apply. */
  readonly warnings: readonly string[];
};

export const DEFAULT_STILL_HIGH_FRACTION = 0.5;
export const DEFAULT_BASELINE_MULTIPLIER = 2;

const value = (v: number | null | undefined): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : null;

function changeOf(direction: TImpactDirection, during: number | null, after: number | null): TMeasureChange {
  if (during === null || after === null) return "UNKNOWN";
  if (after === during) return "UNCHANGED";
  const lower = after < during;
  return lower === (direction === "LOWER_IS_BETTER") ? "IMPROVED" : "WORSENED";
}

/**
 * Customer-visible errors are still high when the after value is at least
 * `stillHighFraction` of the during value, or above before × `baselineMultiplier`.
 * Back at or below the before baseline never counts as high: a small spike
 * that returned to normal is not an unresolved bottleneck. Without an after
 * value there is no evidence either way, so it reads false.
 */
export function customerVisibleErrorsStillHigh(values: TPhaseValues | undefined, options: TImpactOptions = {}): boolean {
  const fraction = options.stillHighFraction ?? DEFAULT_STILL_HIGH_FRACTION;
  const multiplier = options.baselineMultiplier ?? DEFAULT_BASELINE_MULTIPLIER;
  const before = value(values?.before);
  const during = value(values?.during);
  const after = value(values?.after);
  if (after === null) return false;
  if (before !== null && after <= before) return false;
  const byRatio = during !== null && during > 0 && after >= fraction * during;
  const byBaseline = before !== null && after > before * multiplier;
  return byRatio || byBaseline;
}

export function evaluateImpact(input: TImpactMeasures, options: TImpactOptions = {}): TImpactEvaluation {
  const measures: TMeasureEvaluation[] = IMPACT_MEASURE_IDS.map((measureId) => {
    const info = getImpactMeasure(measureId);
    const v = input[measureId];
    const direction = IMPACT_DIRECTIONS[measureId];
    const during = value(v?.during);
    const after = value(v?.after);
    return {
      measureId,
      label: info.label,
      unit: info.unit,
      direction,
      before: value(v?.before),
      during,
      after,
      change: changeOf(direction, during, after),
    };
  });

  const errors = measures[0]!;
  const others = measures.slice(1);
  const stillHigh = customerVisibleErrorsStillHigh(input.CUSTOMER_VISIBLE_ERROR_RATE, options);
  const worsened = measures.filter((m) => m.change === "WORSENED");
  const reasons: string[] = [];
  let verdict: TImpactVerdict;

  if (worsened.length > 0) {
    verdict = "NOT_DROPPED";
    reasons.push(...worsened.map((m) => `${m.label} got worse`));
  } else if (errors.change === "IMPROVED" && !stillHigh) {
    verdict = "DROPPED";
    reasons.push(`${errors.label} dropped`);
  } else if (errors.change === "IMPROVED" || (errors.change === "UNCHANGED" && errors.during !== 0)) {
    verdict = "NOT_DROPPED";
    reasons.push(stillHigh ? `${errors.label} is still high` : `${errors.label} did not drop`);
  } else if (errors.change === "UNKNOWN") {
    // The runbook's headline signal is missing; other measures alone cannot settle it.
    verdict = "UNKNOWN";
    reasons.push(`${errors.label} not recorded both during and after`);
  } else {
    // Zero customer-visible errors throughout: the impact showed elsewhere
    // (timeouts, queueing), so the other measures decide.
    const improved = others.filter((m) => m.change === "IMPROVED");
    if (improved.length > 0) {
      verdict = "DROPPED";
      reasons.push(...improved.map((m) => `${m.label} improved`));
    } else if (others.some((m) => m.change === "UNCHANGED")) {
      verdict = "NOT_DROPPED";
      reasons.push("no measure improved");
    } else {
      verdict = "UNKNOWN";
      reasons.push("no other measure recorded both during and after");
    }
  }

  const warnings: string[] = [];
  if (stillHigh) warnings.push(runbook.steps.impact.warning);
  if (verdict !== "DROPPED") warnings.push(runbook.steps.impact.completion);

  return { verdict, measures, customerVisibleErrorsStillHigh: stillHigh, reasons, warnings };
}

export type TImpactRow = { readonly measure: string; readonly phase: "BEFORE" | "DURING" | "AFTER"; readonly value: number };

/** Builds the input from stored rows (one per measure and phase); unknown measures are ignored. */
export function impactMeasuresFromRows(rows: readonly TImpactRow[]): TImpactMeasures {
  const out: Partial<Record<TImpactMeasureId, { before?: number; during?: number; after?: number }>> = {};
  for (const row of rows) {
    if (!isImpactMeasureId(row.measure)) continue;
    const entry = (out[row.measure] ??= {});
    if (row.phase === "BEFORE") entry.before = row.value;
    else if (row.phase === "DURING") entry.during = row.value;
    else entry.after = row.value;
  }
  return out;
}
