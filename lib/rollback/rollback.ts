import "server-only";
// Rollback checklist: the six conditions (triggered, when, note) and the six
// steps (done, when, by whom, note). "By whom" is the user who ticked the
// item, recorded automatically.
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { listChecklistAnswers, lockIncident, writeChecklistAnswers, type TStoredAnswer } from "@/lib/decision/checklist-answers";
import { checklistItems } from "@/lib/decision/mapping";
import type { TChecklistAnswers } from "@/lib/decision/schemas";

export const ROLLBACK_CONDITIONS_ID = "rollback-conditions";
export const ROLLBACK_STEPS_ID = "rollback-steps";
export const ROLLBACK_ITEMS = checklistItems(ROLLBACK_CONDITIONS_ID, ROLLBACK_STEPS_ID);

export async function listRollbackAnswers(actor: TActor, incidentId: string): Promise<TStoredAnswer[]> {
  return listChecklistAnswers(actor, incidentId, [ROLLBACK_CONDITIONS_ID, ROLLBACK_STEPS_ID]);
}

/** Saves condition and step answers; a ticked item records when and by whom. */
export async function saveRollbackAnswers(actor: TActor, input: TChecklistAnswers): Promise<{ incidentKey: string; changed: number }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, input.incidentId);
    const changed = await writeChecklistAnswers(tx, actor, input, { allowed: ROLLBACK_ITEMS, byUser: "when-checked" });
    return { incidentKey: key, changed };
  });
}
