// Step 4's example thresholds and the rollback checklist's error-rate
// condition, evaluated over recorded observation windows. The runbook calls
// the thresholds "starting points to tune", so every number comes from the
// incident's settings; only the shape of each rule is fixed here.
import { z } from "zod";
import { runbook } from "@/lib/runbook/runbook";
import type { TPath } from "./types";

/** What one observation window measured, as the ObservationWindow table stores it. */
export type TWindowMeasures = {
  requests: number;
  errors: number;
  timeouts: number;
  validationFailures: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
  activeClassErrors: number | null;
};

export type TObservationWindow = {
  readonly path: TPath;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly requests: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly validationFailures: number;
  readonly p95LatencyMs: number | null;
  /** Errors of the incident's active failure class, when the source splits them out. */
  readonly activeClassErrors?: number | null;
};

export const DEFAULT_MATERIAL_FACTOR = 1.5;

// Exporters round window bounds differently; a second of slack still tells a
// missing window (minutes) apart from rounding.
export const WINDOW_ALIGNMENT_TOLERANCE_MS = 1000;

const rate = z.number().min(0, { error: "Rates are fractions between 0 and 1." }).max(1, {
  error: "Rates are fractions between 0 and 1.",
});

export const ZRolloutSettings = z.object({
  /** Normal primary timeout rate (0–1); null leaves the "consider fallback" rule unevaluated. */
  baselineTimeoutRate: rate.nullable(),
  /** Normal error rate (0–1), compared against when a fallback window has no primary counterpart. */
  baselineErrorRate: rate.nullable().optional(),
  windowMinutes: z
    .number()
    .int({ error: "The observation window is a whole number of minutes." })
    .positive({ error: "The observation window must be at least one minute." }),
  /** Null leaves the "stop increasing traffic" rule unevaluated. */
  userFacingTimeoutBudgetMs: z
    .number()
    .int({ error: "The timeout budget is a whole number of milliseconds." })
    .positive({ error: "The timeout budget must be positive." })
    .nullable(),
  /** How far above baseline counts as "materially above" (1.5 = 50% above). */
  materialFactor: z.number().min(1, { error: "“Materially above” needs a factor of at least 1." }).optional(),
});
export type TRolloutSettings = z.input<typeof ZRolloutSettings>;

export const ROLLOUT_RULES = Object.freeze([
  "CONSIDER_FALLBACK",
  "ROLL_BACK_SCHEMA",
  "STOP_INCREASING_LATENCY",
  "ROLL_BACK_ERROR_RATE",
] as const);
export type TRolloutRule = (typeof ROLLOUT_RULES)[number];
export type TFindingSeverity = "WARNING" | "CRITICAL";

/** The runbook wording and origin of each rule. */
export const ROLLOUT_RULE_TEXT: Readonly<Record<TRolloutRule, { message: string; section: string; itemId: string }>> =
  Object.freeze({
    CONSIDER_FALLBACK: {
      message: runbook.steps.rollout.thresholds[0].text,
      section: runbook.steps.rollout.heading,
      itemId: runbook.steps.rollout.thresholds[0].id,
    },
    ROLL_BACK_SCHEMA: {
      message: runbook.steps.rollout.thresholds[1].text,
      section: runbook.steps.rollout.heading,
      itemId: runbook.steps.rollout.thresholds[1].id,
    },
    STOP_INCREASING_LATENCY: {
      message: runbook.steps.rollout.thresholds[2].text,
      section: runbook.steps.rollout.heading,
      itemId: runbook.steps.rollout.thresholds[2].id,
    },
    ROLL_BACK_ERROR_RATE: {
      message: runbook.rollback.conditions[0].text,
      section: runbook.rollback.heading,
      itemId: runbook.rollback.conditions[0].id,
    },
  });

const SEVERITY: Readonly<Record<TRolloutRule, TFindingSeverity>> = {
  CONSIDER_FALLBACK: "WARNING",
  STOP_INCREASING_LATENCY: "WARNING",
  ROLL_BACK_SCHEMA: "CRITICAL",
  ROLL_BACK_ERROR_RATE: "CRITICAL",
};

export type TRolloutFinding = {
  readonly rule: TRolloutRule;
  readonly severity: TFindingSeverity;
  /** Starts of the windows the finding rests on, ascending. */
  readonly windowStarts: readonly Date[];
  readonly message: string;
  readonly source: { readonly section: string; readonly itemId: string };
  /** What the error-rate comparison was made on. */
  readonly basis?: "ACTIVE_CLASS" | "OVERALL" | "BASELINE";
  readonly evidence: Readonly<Record<string, number>>;
};

// ─── Screening ─────────────────────────────────────────────────────────────

export type TSkippedWindow = { readonly index: number; readonly reason: string };

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n >= 0;
const isTime = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());

function skipReason(w: TObservationWindow, windowMs: number): string | null {
  if (w === null || typeof w !== "object") return "not a window";
  if (w.path !== "PRIMARY" && w.path !== "FALLBACK") return "unknown path";
  if (!isTime(w.windowStart) || !isTime(w.windowEnd)) return "invalid window bounds";
  if (w.windowEnd.getTime() <= w.windowStart.getTime()) return "window ends before it starts";
  const duration = w.windowEnd.getTime() - w.windowStart.getTime();
  // Rates over windows of another length are not comparable with the tuned baseline.
  if (Math.abs(duration - windowMs) > WINDOW_ALIGNMENT_TOLERANCE_MS) {
    return "window length differs from the configured observation window";
  }
  for (const key of ["requests", "errors", "timeouts", "validationFailures"] as const) {
    if (!isCount(w[key])) return `${key} is not a non-negative number`;
  }
  for (const key of ["errors", "timeouts", "validationFailures"] as const) {
    if (w[key] > w.requests) return `${key} exceed requests`;
  }
  if (w.activeClassErrors !== undefined && w.activeClassErrors !== null) {
    if (!isCount(w.activeClassErrors)) return "activeClassErrors is not a non-negative number";
    if (w.activeClassErrors > w.requests) return "activeClassErrors exceed requests";
  }
  if (w.p95LatencyMs !== null && !isCount(w.p95LatencyMs)) return "p95LatencyMs is not a non-negative number";
  return null;
}

/**
 * Splits windows into those the rules can use, sorted by start (then end),
 * and those they ignore, with the reason. Never throws.
 */
export function screenWindows(
  windows: readonly TObservationWindow[],
  windowMinutes: number,
): { valid: TObservationWindow[]; skipped: TSkippedWindow[] } {
  const valid: TObservationWindow[] = [];
  const skipped: TSkippedWindow[] = [];
  const windowMs = windowMinutes * 60_000;
  windows.forEach((w, index) => {
    const reason = skipReason(w, windowMs);
    if (reason === null) valid.push(w);
    else skipped.push({ index, reason });
  });
  valid.sort(
    (a, b) =>
      a.windowStart.getTime() - b.windowStart.getTime() || a.windowEnd.getTime() - b.windowEnd.getTime(),
  );
  return { valid, skipped };
}

// ─── Rules ─────────────────────────────────────────────────────────────────

const ratio = (part: number, whole: number) => part / whole;

function finding(
  rule: TRolloutRule,
  windows: readonly TObservationWindow[],
  evidence: Record<string, number>,
  basis?: TRolloutFinding["basis"],
): TRolloutFinding {
  const { message, section, itemId } = ROLLOUT_RULE_TEXT[rule];
  const starts = [...new Set(windows.map((w) => w.windowStart.getTime()))].sort((a, b) => a - b);
  return {
    rule,
    severity: SEVERITY[rule],
    windowStarts: starts.map((t) => new Date(t)),
    message,
    source: { section, itemId },
    ...(basis === undefined ? {} : { basis }),
    evidence,
  };
}

/** Adjacent = the next window starts where the previous one ended (no gap, no overlap). */
function adjacent(prev: TObservationWindow, next: TObservationWindow): boolean {
  return Math.abs(next.windowStart.getTime() - prev.windowEnd.getTime()) <= WINDOW_ALIGNMENT_TOLERANCE_MS;
}

function considerFallback(
  primary: readonly TObservationWindow[],
  baseline: number,
  factor: number,
): TRolloutFinding[] {
  const threshold = baseline * factor;
  const findings: TRolloutFinding[] = [];
  let run: TObservationWindow[] = [];

  const flush = () => {
    // One elevated window can be noise; the runbook asks for two in a row.
    if (run.length >= 2) {
      const rates = run.map((w) => ratio(w.timeouts, w.requests));
      findings.push(
        finding("CONSIDER_FALLBACK", run, {
          baselineTimeoutRate: baseline,
          materialFactor: factor,
          thresholdRate: threshold,
          consecutiveWindows: run.length,
          // reduce, not spread: a long incident can exceed the argument limit.
          lowestTimeoutRate: rates.reduce((a, b) => Math.min(a, b)),
          highestTimeoutRate: rates.reduce((a, b) => Math.max(a, b)),
        }),
      );
    }
    run = [];
  };

  for (const w of primary) {
    // A window without requests says nothing about the timeout rate.
    const above = w.requests > 0 && ratio(w.timeouts, w.requests) > threshold;
    if (!above) {
      flush();
      continue;
    }
    const last = run.at(-1);
    if (last !== undefined && !adjacent(last, w)) flush();
    run.push(w);
  }
  flush();
  return findings;
}

/** The primary window a fallback window belongs to: the one its start falls in. */
function pairOf(fallback: TObservationWindow, primary: readonly TObservationWindow[]): TObservationWindow | undefined {
  const t = fallback.windowStart.getTime();
  return primary.find((p) => p.windowStart.getTime() <= t && t < p.windowEnd.getTime());
}

function comparePaired(
  fallback: TObservationWindow,
  primary: TObservationWindow | undefined,
  baselineErrorRate: number | null,
): TRolloutFinding[] {
  const findings: TRolloutFinding[] = [];
  if (fallback.requests === 0) return findings;
  const paired = primary !== undefined && primary.requests > 0 ? primary : undefined;

  if (paired !== undefined) {
    const fb = ratio(fallback.validationFailures, fallback.requests);
    const pr = ratio(paired.validationFailures, paired.requests);
    if (fb > pr) {
      findings.push(
        finding("ROLL_BACK_SCHEMA", [paired, fallback], {
          fallbackValidationFailureRate: fb,
          primaryValidationFailureRate: pr,
          fallbackRequests: fallback.requests,
          primaryRequests: paired.requests,
        }),
      );
    }

    // The rollback condition names "the active failure class"; use it when both
    // sides report it, otherwise all errors are the closest comparable signal.
    const byClass =
      typeof fallback.activeClassErrors === "number" && typeof paired.activeClassErrors === "number";
    const fbErrors = byClass ? (fallback.activeClassErrors as number) : fallback.errors;
    const prErrors = byClass ? (paired.activeClassErrors as number) : paired.errors;
    const fbRate = ratio(fbErrors, fallback.requests);
    const prRate = ratio(prErrors, paired.requests);
    if (fbRate > prRate) {
      findings.push(
        finding(
          "ROLL_BACK_ERROR_RATE",
          [paired, fallback],
          { fallbackErrorRate: fbRate, primaryErrorRate: prRate, fallbackRequests: fallback.requests, primaryRequests: paired.requests },
          byClass ? "ACTIVE_CLASS" : "OVERALL",
        ),
      );
    }
  } else if (baselineErrorRate !== null) {
    // No primary traffic to compare in this window: the tuned baseline stands in for it.
    const fbRate = ratio(fallback.errors, fallback.requests);
    if (fbRate > baselineErrorRate) {
      findings.push(
        finding(
          "ROLL_BACK_ERROR_RATE",
          [fallback],
          { fallbackErrorRate: fbRate, baselineErrorRate, fallbackRequests: fallback.requests },
          "BASELINE",
        ),
      );
    }
  }
  return findings;
}

/**
 * Evaluates the four window rules:
 * - CONSIDER_FALLBACK: primary timeout rate above baseline × materialFactor in
 *   two or more adjacent primary windows (a gap, a window at or below the
 *   threshold, or a window without requests starts the count again);
 * - ROLL_BACK_SCHEMA: fallback validation-failure rate above the primary's in
 *   the paired window;
 * - STOP_INCREASING_LATENCY: fallback p95 above the user-facing budget;
 * - ROLL_BACK_ERROR_RATE: fallback error rate above the primary's in the
 *   paired window (active failure class when both report it).
 * "Above" is strict: equal rates trigger nothing. A fallback window pairs
 * with the primary window its start falls in. Invalid windows are ignored
 * (see screenWindows); invalid settings throw a ZodError.
 */
export function evaluateRolloutRules(
  windows: readonly TObservationWindow[],
  settings: TRolloutSettings,
): TRolloutFinding[] {
  const s = ZRolloutSettings.parse(settings);
  const { valid } = screenWindows(windows, s.windowMinutes);
  const primary = valid.filter((w) => w.path === "PRIMARY");
  const fallback = valid.filter((w) => w.path === "FALLBACK");
  const findings: TRolloutFinding[] = [];

  if (s.baselineTimeoutRate !== null) {
    findings.push(...considerFallback(primary, s.baselineTimeoutRate, s.materialFactor ?? DEFAULT_MATERIAL_FACTOR));
  }

  for (const fb of fallback) {
    findings.push(...comparePaired(fb, pairOf(fb, primary), s.baselineErrorRate ?? null));
    const budget = s.userFacingTimeoutBudgetMs;
    if (budget !== null && fb.requests > 0 && fb.p95LatencyMs !== null && fb.p95LatencyMs > budget) {
      findings.push(
        finding("STOP_INCREASING_LATENCY", [fb], {
          fallbackP95LatencyMs: fb.p95LatencyMs,
          userFacingTimeoutBudgetMs: budget,
        }),
      );
    }
  }

  // Time order for the timeline; within a window, rollbacks before warnings.
  const order = (rule: TRolloutRule) => ROLLOUT_RULES.indexOf(rule);
  const weight = (f: TRolloutFinding) => (f.severity === "CRITICAL" ? 0 : 1);
  return findings.sort(
    (a, b) =>
      (a.windowStarts[0]?.getTime() ?? 0) - (b.windowStarts[0]?.getTime() ?? 0) ||
      weight(a) - weight(b) ||
      order(a.rule) - order(b.rule),
  );
}
