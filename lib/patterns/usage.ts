// "Safe fallback patterns" as checklists: each pattern's rules, whether the
// pattern was used in this incident, and when a manual operator-controlled
// fallback lacks the approval its rules require. Pure.
import { PATTERN_IDS, type TPatternId } from "@/lib/runbook/runbook";
import type { TApprovalStatus } from "@/lib/fallback/approval";
import { checklistItems, type TAllowedItems } from "@/lib/decision/mapping";

/** Runbook checklist id of a pattern's rules (see CHECKLISTS in lib/runbook). */
export const patternChecklistId = (patternId: TPatternId): string => `pattern-${patternId}`;

/**
 * "Used in this incident", one item per pattern. The runbook has no such
 * list, so its id lives here; item ids are the runbook's pattern ids.
 */
export const PATTERN_USAGE_CHECKLIST_ID = "patterns-used";

export const MANUAL_PATTERN_ID: TPatternId = "MANUAL_OPERATOR_CONTROLLED";

export const PATTERN_ITEMS: TAllowedItems = Object.freeze({
  ...checklistItems(...PATTERN_IDS.map(patternChecklistId)),
  [PATTERN_USAGE_CHECKLIST_ID]: PATTERN_IDS,
});

export const PATTERN_CHECKLIST_IDS: readonly string[] = Object.freeze(Object.keys(PATTERN_ITEMS));

/** An approval that is or was in force: active, expired or revoked (not invalid). */
export function hasActiveOrPastApproval(statuses: readonly TApprovalStatus[]): boolean {
  return statuses.some((s) => s === "ACTIVE" || s === "EXPIRED" || s === "REVOKED");
}

/** Warn when the manual pattern is marked as used but no approval was ever in force. */
export function manualUseLacksApproval(manualUsed: boolean, statuses: readonly TApprovalStatus[]): boolean {
  return manualUsed && !hasActiveOrPastApproval(statuses);
}

export type TApprovalAlert = "NONE" | "EXPIRED" | "MISSING";

/**
 * While fallback is in manual mode an approval must be in force. EXPIRED: the
 * approvals there are have run out (or were revoked); MISSING: none valid was recorded.
 */
export function manualFallbackApprovalAlert(fallbackMode: string, statuses: readonly TApprovalStatus[]): TApprovalAlert {
  if (fallbackMode !== "MANUAL" || statuses.includes("ACTIVE")) return "NONE";
  return hasActiveOrPastApproval(statuses) ? "EXPIRED" : "MISSING";
}
