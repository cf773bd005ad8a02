import "server-only";
import { getPrisma, Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { refreshIncidentSearchDocument } from "@/lib/analytics/search-document";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { RUNBOOK_VERSION } from "@/lib/runbook/runbook";
import { assertVersion, CONFLICT_MESSAGE } from "./concurrency";
import { ZSaveAnswer, type TSaveAnswerInput } from "./schemas";

const ENTITY_TYPE = "QuestionAnswer";

export type TAnswer = {
  questionId: string;
  body: string;
  version: number;
  runbookVersion: string;
  updatedAt: Date;
  updatedByName: string | null;
};

/** What a conflict shows of the other person's answer. */
export type TAnswerConflict = { body: string };

export type TSavedAnswer = { questionId: string; body: string; version: number };

/** Every stored answer of an incident (any runbook version), in no particular order. */
export async function listAnswers(actor: TActor, incidentId: string): Promise<TAnswer[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().questionAnswer.findMany({
    where: { incidentId },
    include: { updatedBy: { select: { name: true } } },
  });
  return rows.map((r) => ({
    questionId: r.questionId,
    body: r.body,
    version: r.version,
    runbookVersion: r.runbookVersion,
    updatedAt: r.updatedAt,
    updatedByName: r.updatedBy?.name ?? null,
  }));
}

const present = (row: { body: string }): TAnswerConflict => ({ body: row.body });

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Saves one answer based on `version` (0 = never saved). A stale version, or a
 * first save racing another first save, is a ConflictError carrying the
 * current body; nothing is written then. Versions are per answer, so saving
 * different answers at the same time never conflicts.
 */
export async function saveAnswer(actor: TActor, input: TSaveAnswerInput): Promise<TSavedAnswer> {
  requirePermission(actor, "incident:write");
  const parsed = ZSaveAnswer.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { incidentId, questionId, body, version } = parsed.data;
  const prisma = getPrisma();
  const where = { incidentId_questionId: { incidentId, questionId } };
  try {
    return await prisma.$transaction(async (tx) => {
      const current = await tx.questionAnswer.findUnique({ where });
      assertVersion(current, version, present);

      if (current) {
        // Nothing changed: no new version, no history row.
        if (current.body === body) {
          return { questionId, body, version: current.version };
        }
        const updated = await tx.questionAnswer.updateMany({
          where: { id: current.id, version },
          data: { body, runbookVersion: RUNBOOK_VERSION, updatedById: actor.id, version: { increment: 1 } },
        });
        if (updated.count === 0) {
          // Someone saved between our read and our write: show what they saved.
          const now = await tx.questionAnswer.findUnique({ where });
          throw new ConflictError(CONFLICT_MESSAGE, now ? present(now) : null, now?.version ?? 0);
        }
        await refreshIncidentSearchDocument(tx, incidentId);
        await recordAudit(tx, {
          actor,
          incidentId,
          action: "UPDATE",
          entityType: ENTITY_TYPE,
          entityId: current.id,
          changes: diffFields({ body: current.body }, { body }),
        });
        return { questionId, body, version: version + 1 };
      }

      const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
      if (!incident) throw new NotFoundError("This incident was not found.");
      const created = await tx.questionAnswer.create({
        data: { incidentId, questionId, body, runbookVersion: RUNBOOK_VERSION, updatedById: actor.id, version: 1 },
      });
      await refreshIncidentSearchDocument(tx, incidentId);
      await recordAudit(tx, {
        actor,
        incidentId,
        action: "CREATE",
        entityType: ENTITY_TYPE,
        entityId: created.id,
        snapshot: { questionId, body },
      });
      return { questionId, body, version: created.version };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another first save of this answer committed before ours: theirs stands.
    const now = await prisma.questionAnswer.findUnique({ where });
    throw new ConflictError(CONFLICT_MESSAGE, now ? present(now) : null, now?.version ?? 0);
  }
}
