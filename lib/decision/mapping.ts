// Stored rows → the inputs of the runbook's pure rules (computeFallbackVerdict),
// and the bookkeeping rules of checklist answers. No I/O here.
import {
  PAUSE_CRITERION_IDS,
  SAFER_CRITERION_IDS,
  SMOKE_CRITERION_IDS,
  findChecklist,
  isFailureClassId,
  type TCriterionId,
} from "@/lib/runbook/runbook";
import type { TClassRole } from "@/lib/fallback/types";
import type { TCriterionAnswer, TIncidentFailureClass, TVerdictInput } from "@/lib/fallback/verdict";

export const SAFER_CHECKLIST_ID = "fallback-safer-when";
export const PAUSED_CHECKLIST_ID = "fallback-paused-when";
export const DECISION_CHECKLIST_IDS = Object.freeze([SAFER_CHECKLIST_ID, PAUSED_CHECKLIST_ID] as const);

// The ids above must name the runbook's checklists (fail at import, not at runtime in a page).
for (const id of DECISION_CHECKLIST_IDS) if (!findChecklist(id)) throw new Error(`Unknown checklist ${id}`);

/** Which item ids each checklist accepts: the shape every checklist save is validated against. */
export type TAllowedItems = Readonly<Record<string, readonly string[]>>;

export const DECISION_ITEMS: TAllowedItems = Object.freeze({
  [SAFER_CHECKLIST_ID]: SAFER_CRITERION_IDS,
  [PAUSED_CHECKLIST_ID]: PAUSE_CRITERION_IDS,
});

/** The runbook items of the named checklists, as an allowed-items map. */
export function checklistItems(...checklistIds: string[]): TAllowedItems {
  return Object.freeze(
    Object.fromEntries(
      checklistIds.map((id) => {
        const checklist = findChecklist(id);
        if (!checklist) throw new Error(`Unknown checklist ${id}`);
        return [id, checklist.items.map((item) => item.id)];
      }),
    ),
  );
}

export function isAllowedItem(allowed: TAllowedItems, checklistId: string, itemId: string): boolean {
  return Object.hasOwn(allowed, checklistId) && allowed[checklistId]!.includes(itemId);
}

export type TAnswerRow = {
  readonly checklistId: string;
  readonly itemId: string;
  readonly checked: boolean | null;
  readonly note: string | null;
};

/** Decision checklist answers → the verdict's criteria map; rows of other checklists are ignored. */
export function answersToCriteria(rows: readonly TAnswerRow[]): Partial<Record<TCriterionId, TCriterionAnswer>> {
  const criteria: Partial<Record<TCriterionId, TCriterionAnswer>> = {};
  for (const row of rows) {
    if (!isAllowedItem(DECISION_ITEMS, row.checklistId, row.itemId)) continue;
    criteria[row.itemId as TCriterionId] = { value: row.checked, evidence: row.note };
  }
  return criteria;
}

export function classRowsToVerdictClasses(
  rows: readonly { readonly failureClass: string; readonly role: TClassRole }[],
): TIncidentFailureClass[] {
  return rows.flatMap((r) => (isFailureClassId(r.failureClass) ? [{ classId: r.failureClass, role: r.role }] : []));
}

/** A stored smoke run passed overall when every Step 2 criterion is "pass" (unknown is not a pass). */
export function smokeRunPassed(criteria: unknown): boolean {
  if (typeof criteria !== "object" || criteria === null || Array.isArray(criteria)) return false;
  const record = criteria as Record<string, unknown>;
  return SMOKE_CRITERION_IDS.every((id) => {
    const entry = record[id];
    return typeof entry === "object" && entry !== null && (entry as { result?: unknown }).result === "pass";
  });
}

export function buildVerdictInput(data: {
  answers: readonly TAnswerRow[];
  classes: readonly { readonly failureClass: string; readonly role: TClassRole }[];
  taskSpecificValidationDone: boolean;
  /** criteria JSON of the incident's FALLBACK smoke runs; no runs = not passed. */
  fallbackSmokeRuns: readonly { readonly criteria: unknown }[];
}): TVerdictInput {
  return {
    criteria: answersToCriteria(data.answers),
    failureClasses: classRowsToVerdictClasses(data.classes),
    taskSpecificValidationPassed: data.taskSpecificValidationDone,
    fallbackSmokeTestPassed: data.fallbackSmokeRuns.some((run) => smokeRunPassed(run.criteria)),
  };
}

/**
 * Who an answer is recorded as done by.
 * "actor": whoever saved it last. "when-checked": whoever first checked it
 * (a later note edit keeps them); unchecking clears it.
 */
export type TByUserMode = "actor" | "when-checked";

export function nextByUserId(
  mode: TByUserMode,
  current: { checked: boolean | null; byUserId: string | null } | null,
  nextChecked: boolean | null,
  actorId: string,
): string | null {
  if (mode === "actor") return actorId;
  if (nextChecked !== true) return null;
  if (current?.checked === true && current.byUserId) return current.byUserId;
  return actorId;
}

/**
 * When an item happened: the time entered; otherwise, for an item just
 * checked, now (when-checked mode records the time automatically); otherwise
 * what was stored, and nothing once it is unchecked.
 */
export function nextOccurredAt(
  mode: TByUserMode,
  current: { checked: boolean | null; occurredAt: Date | null } | null,
  next: { checked: boolean | null; occurredAt: Date | null },
  now: Date,
): Date | null {
  if (next.occurredAt) return next.occurredAt;
  if (mode === "actor") return null;
  if (next.checked !== true) return null;
  return current?.checked === true && current.occurredAt ? current.occurredAt : now;
}
