import "server-only";
// Answers to the runbook's checklists (ChecklistAnswer rows): one writer for
// the fallback criteria, the safe-pattern rules and the rollback checklist.
// Each item has its own version; a save is refused whole when any item it
// touches changed since the form was loaded.
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { RUNBOOK_VERSION } from "@/lib/runbook/runbook";
import { isAllowedItem, nextByUserId, nextOccurredAt, type TAllowedItems, type TByUserMode } from "./mapping";
import type { TChecklistAnswers } from "./schemas";

type TTx = Prisma.TransactionClient;

/**
 * Serializes writes that derive state from several rows of one incident
 * (verdict, one primary class). NO KEY UPDATE still lets others insert rows
 * that reference the incident.
 */
export async function lockIncident(tx: TTx, incidentId: string): Promise<{ id: string; key: string }> {
  const rows = await tx.$queryRaw<{ id: string; key: string }[]>`
    SELECT "id", "key" FROM "Incident" WHERE "id" = ${incidentId} FOR NO KEY UPDATE`;
  if (!rows[0]) throw new NotFoundError("This incident was not found.");
  return rows[0];
}

export type TStoredAnswer = {
  id: string;
  checklistId: string;
  itemId: string;
  checked: boolean | null;
  note: string | null;
  occurredAt: Date | null;
  byUserId: string | null;
  byUserName: string | null;
  version: number;
  updatedAt: Date;
};

/** What a conflicting user is shown of the other person's saved answer. */
export type TAnswerConflict = {
  checklistId: string;
  itemId: string;
  checked: boolean | null;
  note: string | null;
  occurredAt: string | null;
  version: number;
};

export async function listChecklistAnswers(
  actor: TActor,
  incidentId: string,
  checklistIds: readonly string[],
): Promise<TStoredAnswer[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().checklistAnswer.findMany({
    where: { incidentId, checklistId: { in: [...checklistIds] } },
    include: { byUser: { select: { name: true } } },
    orderBy: { updatedAt: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    checklistId: r.checklistId,
    itemId: r.itemId,
    checked: r.checked,
    note: r.note,
    occurredAt: r.occurredAt,
    byUserId: r.byUserId,
    byUserName: r.byUser?.name ?? null,
    version: r.version,
    updatedAt: r.updatedAt,
  }));
}

/**
 * Writes the answers inside the caller's transaction (which should hold
 * lockIncident), with one history row per changed field. Unchanged answers
 * are skipped. Returns how many answers changed.
 */
export async function writeChecklistAnswers(
  tx: TTx,
  actor: TActor,
  input: TChecklistAnswers,
  options: { allowed: TAllowedItems; byUser: TByUserMode; now?: Date },
): Promise<number> {
  requirePermission(actor, "incident:write");
  const now = options.now ?? new Date();
  const refused = input.answers.filter((a) => !isAllowedItem(options.allowed, a.checklistId, a.itemId));
  if (refused.length > 0) {
    throw new ValidationError("Some answers are not items of this checklist.", {
      answers: refused.map((a) => `${a.checklistId}/${a.itemId} is not a runbook item here.`),
    });
  }

  const existing = await tx.checklistAnswer.findMany({
    where: {
      incidentId: input.incidentId,
      OR: input.answers.map((a) => ({ checklistId: a.checklistId, itemId: a.itemId })),
    },
  });
  const byKey = new Map(existing.map((r) => [`${r.checklistId}/${r.itemId}`, r]));

  const conflicts: TAnswerConflict[] = [];
  for (const a of input.answers) {
    const current = byKey.get(`${a.checklistId}/${a.itemId}`) ?? null;
    if ((current?.version ?? 0) !== a.version) {
      conflicts.push({
        checklistId: a.checklistId,
        itemId: a.itemId,
        checked: current?.checked ?? null,
        note: current?.note ?? null,
        occurredAt: current?.occurredAt?.toISOString() ?? null,
        version: current?.version ?? 0,
      });
    }
  }
  if (conflicts.length > 0) throw new ConflictError(CONFLICT_MESSAGE, conflicts, conflicts[0]!.version);

  let changed = 0;
  for (const a of input.answers) {
    const current = byKey.get(`${a.checklistId}/${a.itemId}`) ?? null;
    const next = {
      checked: a.checked,
      note: a.note,
      occurredAt: nextOccurredAt(options.byUser, current, { checked: a.checked, occurredAt: a.occurredAt }, now),
      byUserId: nextByUserId(options.byUser, current, a.checked, actor.id),
    };
    if (!current) {
      const row = await tx.checklistAnswer.create({
        data: {
          incidentId: input.incidentId,
          checklistId: a.checklistId,
          itemId: a.itemId,
          ...next,
          runbookVersion: RUNBOOK_VERSION,
        },
      });
      await recordAudit(tx, {
        actor,
        incidentId: input.incidentId,
        action: "CREATE",
        entityType: "ChecklistAnswer",
        entityId: row.id,
        snapshot: { checklistId: a.checklistId, itemId: a.itemId, ...next },
      });
      changed++;
      continue;
    }
    // Who saved last only counts as a change when something else changed too.
    const content = diffFields(current, { checked: next.checked, note: next.note, occurredAt: next.occurredAt });
    if (content.length === 0) continue;
    const changes = diffFields(current, next);
    const updated = await tx.checklistAnswer.updateMany({
      where: { id: current.id, version: current.version },
      data: { ...next, runbookVersion: RUNBOOK_VERSION, version: { increment: 1 } },
    });
    if (updated.count !== 1) {
      const fresh = await tx.checklistAnswer.findUnique({ where: { id: current.id } });
      throw new ConflictError(
        CONFLICT_MESSAGE,
        [
          {
            checklistId: a.checklistId,
            itemId: a.itemId,
            checked: fresh?.checked ?? null,
            note: fresh?.note ?? null,
            occurredAt: fresh?.occurredAt?.toISOString() ?? null,
            version: fresh?.version ?? 0,
          } satisfies TAnswerConflict,
        ],
        fresh?.version ?? 0,
      );
    }
    await recordAudit(tx, {
      actor,
      incidentId: input.incidentId,
      action: "UPDATE",
      entityType: "ChecklistAnswer",
      entityId: current.id,
      changes: changes.map((c) => ({ ...c, field: `${a.checklistId}.${a.itemId}.${c.field}` })),
    });
    changed++;
  }
  return changed;
}
