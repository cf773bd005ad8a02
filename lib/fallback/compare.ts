// Step 3: the same sanitized prompt on both paths, compared on the runbook's
// seven dimensions — not just "did it respond".
import { runbook, type TComparisonDimensionId } from "@/lib/runbook/runbook";

/** One path's result; field names follow the stored comparison side. */
export type TPathObservation = {
  /** HTTP status (e.g. "200") or the client exception class. */
  readonly statusOrException?: string | number | null;
  readonly latencyMs?: number | null;
  readonly bodyShape?: string | null;
  readonly parseable?: boolean | null;
  readonly totalTokens?: number | null;
  readonly retryCount?: number | null;
  readonly requestIdPropagated?: boolean | null;
};

export type TComparisonRow = {
  readonly dimensionId: TComparisonDimensionId;
  /** The runbook's wording of the dimension. */
  readonly label: string;
  /** Display values; "not recorded" when a side lacks the value. */
  readonly primary: string;
  readonly fallback: string;
  readonly differs: boolean;
};

export type TCompareOptions = {
  /** Latency gap that still counts as the same; 0 compares exactly. */
  readonly latencyToleranceMs?: number;
};

export const NOT_RECORDED = "not recorded";

type TValue = string | number | boolean;

const known = <T,>(v: T | null | undefined): v is T =>
  v !== null && v !== undefined && (typeof v !== "number" || Number.isFinite(v));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function statusValue(v: TPathObservation["statusOrException"]): string | null {
  if (!known(v)) return null;
  const text = String(v).trim();
  return text.length > 0 ? text : null;
}

/**
 * Compares the two paths dimension by dimension, in runbook order. A value
 * recorded on one side only counts as a difference: the gap in evidence is
 * itself something the review should see. Both sides unrecorded do not differ.
 */
export function comparePaths(
  primary: TPathObservation,
  fallback: TPathObservation,
  options: TCompareOptions = {},
): TComparisonRow[] {
  const tolerance = Math.max(0, options.latencyToleranceMs ?? 0);

  const dims: Record<
    TComparisonDimensionId,
    { read: (o: TPathObservation) => TValue | null; show: (v: TValue) => string; same?: (a: TValue, b: TValue) => boolean }
  > = {
    STATUS_OR_EXCEPTION: { read: (o) => statusValue(o.statusOrException), show: String },
    LATENCY: {
      read: (o) => (known(o.latencyMs) ? o.latencyMs : null),
      show: (v) => `${v} ms`,
      same: (a, b) => Math.abs((a as number) - (b as number)) <= tolerance,
    },
    BODY_SHAPE: { read: (o) => (known(o.bodyShape) && o.bodyShape.length > 0 ? o.bodyShape : null), show: String },
    PARSEABILITY: { read: (o) => (known(o.parseable) ? o.parseable : null), show: (v) => (v ? "parses" : "does not parse") },
    TOKEN_USAGE: {
      read: (o) => (known(o.totalTokens) ? o.totalTokens : null),
      show: (v) => plural(v as number, "token", "tokens"),
    },
    RETRY_COUNT: {
      read: (o) => (known(o.retryCount) ? o.retryCount : null),
      show: (v) => plural(v as number, "retry", "retries"),
    },
    REQUEST_ID_PROPAGATION: {
      read: (o) => (known(o.requestIdPropagated) ? o.requestIdPropagated : null),
      show: (v) => (v ? "propagated" : "not propagated"),
    },
  };

  return runbook.steps.comparison.dimensions.map(({ id, label }) => {
    const dim = dims[id];
    const a = dim.read(primary);
    const b = dim.read(fallback);
    const differs = a === null || b === null ? a !== b : !(dim.same ?? ((x, y) => x === y))(a, b);
    return {
      dimensionId: id,
      label,
      primary: a === null ? NOT_RECORDED : dim.show(a),
      fallback: b === null ? NOT_RECORDED : dim.show(b),
      differs,
    };
  });
}
