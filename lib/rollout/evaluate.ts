// Which stored windows the Step 4 rules run on, and the findings with the
// windows they cite. Imported windows (from request logs) are the better
// evidence, so they are used whenever there are any; hand-entered ones
// otherwise. The two sources are never mixed.
import {
  evaluateRolloutRules,
  ROLLOUT_RULE_TEXT,
  screenWindows,
  type TFindingSeverity,
  type TObservationWindow,
  type TRolloutFinding,
  type TRolloutRule,
} from "@/lib/fallback/thresholds";
import type { TPath } from "@/lib/fallback/types";
import type { TRuleSettings } from "./schemas";

export type TStoredWindow = TObservationWindow & { readonly id: string; readonly source: "MANUAL" | "IMPORT" | "LIVE" };

export type TCitedWindow = { readonly id: string; readonly path: TPath; readonly windowStart: Date; readonly windowEnd: Date };

export type TRolloutFindingView = {
  readonly rule: TRolloutRule;
  readonly severity: TFindingSeverity;
  /** The runbook's wording of the rule. */
  readonly message: string;
  readonly section: string;
  readonly basis: TRolloutFinding["basis"] | null;
  readonly evidence: Readonly<Record<string, number>>;
  readonly windows: readonly TCitedWindow[];
};

export type TRolloutEvaluation = {
  /** The windows evaluated: IMPORT when any exist, else MANUAL; null when there are none. */
  readonly source: "IMPORT" | "MANUAL" | null;
  readonly windowCount: number;
  readonly findings: readonly TRolloutFindingView[];
  /** Windows of the chosen source the rules ignored, with the reason. */
  readonly skipped: readonly { readonly window: TCitedWindow; readonly reason: string }[];
  /** Rules that could not run for lack of a setting, with the runbook wording. */
  readonly notEvaluated: readonly { readonly rule: TRolloutRule; readonly message: string; readonly missing: string }[];
};

/** Which paths' windows a rule's finding rests on. */
const RULE_PATHS: Readonly<Record<TRolloutRule, readonly TPath[]>> = {
  CONSIDER_FALLBACK: ["PRIMARY"],
  ROLL_BACK_SCHEMA: ["PRIMARY", "FALLBACK"],
  STOP_INCREASING_LATENCY: ["FALLBACK"],
  ROLL_BACK_ERROR_RATE: ["PRIMARY", "FALLBACK"],
};

export function pickWindowSource<T extends { source: string }>(windows: readonly T[]): { source: "IMPORT" | "MANUAL" | null; windows: T[] } {
  const imported = windows.filter((w) => w.source === "IMPORT");
  if (imported.length > 0) return { source: "IMPORT", windows: imported };
  const manual = windows.filter((w) => w.source === "MANUAL");
  return { source: manual.length > 0 ? "MANUAL" : null, windows: manual };
}

const cite = (w: TStoredWindow): TCitedWindow => ({ id: w.id, path: w.path, windowStart: w.windowStart, windowEnd: w.windowEnd });

export function evaluateIncidentRollout(all: readonly TStoredWindow[], settings: TRuleSettings): TRolloutEvaluation {
  const { source, windows } = pickWindowSource(all);
  const rules = {
    baselineTimeoutRate: settings.baselineTimeoutRate,
    baselineErrorRate: settings.baselineErrorRate,
    windowMinutes: settings.observationWindowMinutes,
    userFacingTimeoutBudgetMs: settings.userFacingTimeoutBudgetMs,
  };
  const { valid, skipped } = screenWindows(windows, settings.observationWindowMinutes);
  const findings = evaluateRolloutRules(windows, rules).map((f): TRolloutFindingView => {
    const starts = new Set(f.windowStarts.map((d) => d.getTime()));
    const paths: readonly TPath[] = f.basis === "BASELINE" ? ["FALLBACK"] : RULE_PATHS[f.rule];
    return {
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      section: f.source.section,
      basis: f.basis ?? null,
      evidence: f.evidence,
      windows: valid
        .filter((w) => starts.has(w.windowStart.getTime()) && paths.includes(w.path))
        .map((w) => cite(w as TStoredWindow)),
    };
  });
  const notEvaluated: TRolloutEvaluation["notEvaluated"][number][] = [];
  if (settings.baselineTimeoutRate === null) {
    notEvaluated.push({ rule: "CONSIDER_FALLBACK", message: ROLLOUT_RULE_TEXT.CONSIDER_FALLBACK.message, missing: "baseline timeout rate" });
  }
  if (settings.userFacingTimeoutBudgetMs === null) {
    notEvaluated.push({
      rule: "STOP_INCREASING_LATENCY",
      message: ROLLOUT_RULE_TEXT.STOP_INCREASING_LATENCY.message,
      missing: "user-facing timeout budget",
    });
  }
  return {
    source,
    windowCount: windows.length,
    findings,
    skipped: skipped.map((s) => ({ window: cite(windows[s.index]!), reason: s.reason })),
    notEvaluated,
  };
}
