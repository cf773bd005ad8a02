import "server-only";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { assertVersion, CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { dueDateString } from "./overdue";
import type { TFollowUp, TFollowUpStatus, ZCreateFollowUp, ZDeleteFollowUp, ZSetFollowUpStatus, ZUpdateFollowUp } from "./schemas";
import type { z } from "zod";

type TTx = Prisma.TransactionClient;

/** A follow-up as pages and forms see it: plain, serializable values. */
export type TFollowUpItem = {
  id: string;
  title: string;
  ownerUserId: string | null;
  ownerUserName: string | null;
  ownerExternalName: string | null;
  /** "YYYY-MM-DD" */
  dueDate: string | null;
  status: TFollowUpStatus;
  ticketUrl: string | null;
  sourceSectionId: string | null;
  sourceQuestionId: string | null;
  completedAt: string | null;
  version: number;
  createdAt: string;
};

const WITH_OWNER = { ownerUser: { select: { name: true } } } as const;
type TFollowUpRow = Prisma.FollowUpGetPayload<{ include: typeof WITH_OWNER }>;

function toItem(row: TFollowUpRow): TFollowUpItem {
  return {
    id: row.id,
    title: row.title,
    ownerUserId: row.ownerUserId,
    ownerUserName: row.ownerUser?.name ?? null,
    ownerExternalName: row.ownerExternalName,
    dueDate: dueDateString(row.dueDate),
    status: row.status,
    ticketUrl: row.ticketUrl,
    sourceSectionId: row.sourceSectionId,
    sourceQuestionId: row.sourceQuestionId,
    completedAt: row.completedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The audited fields, with the due date as a calendar date rather than a midnight instant. */
const AUDITED_FIELDS = [
  "title",
  "ownerUserId",
  "ownerExternalName",
  "dueDate",
  "status",
  "ticketUrl",
  "sourceSectionId",
  "sourceQuestionId",
  "completedAt",
] as const;

type TAuditView = Record<(typeof AUDITED_FIELDS)[number], unknown>;

function auditView(row: {
  title: string;
  ownerUserId: string | null;
  ownerExternalName: string | null;
  dueDate: Date | null;
  status: TFollowUpStatus;
  ticketUrl: string | null;
  sourceSectionId: string | null;
  sourceQuestionId: string | null;
  completedAt: Date | null;
}): TAuditView {
  return {
    title: row.title,
    ownerUserId: row.ownerUserId,
    ownerExternalName: row.ownerExternalName,
    dueDate: dueDateString(row.dueDate),
    status: row.status,
    ticketUrl: row.ticketUrl,
    sourceSectionId: row.sourceSectionId,
    sourceQuestionId: row.sourceQuestionId,
    completedAt: row.completedAt,
  };
}

/** A `date` column value for "YYYY-MM-DD". */
function toDbDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** completedAt follows the status: set when it becomes DONE, kept while DONE, cleared otherwise. */
function completedAtFor(status: TFollowUpStatus, previous: { status: TFollowUpStatus; completedAt: Date | null } | null, now: Date): Date | null {
  if (status !== "DONE") return null;
  return previous?.status === "DONE" ? previous.completedAt : now;
}

async function incidentIdByKey(tx: TTx, key: string): Promise<string> {
  const incident = await tx.incident.findUnique({ where: { key }, select: { id: true } });
  if (!incident) throw new NotFoundError(`Incident ${key} was not found.`);
  return incident.id;
}

async function assertActiveOwner(tx: TTx, ownerUserId: string | null): Promise<void> {
  if (!ownerUserId) return;
  const user = await tx.user.findUnique({ where: { id: ownerUserId }, select: { disabledAt: true } });
  if (!user || user.disabledAt) {
    throw new ValidationError("Some fields need attention.", { ownerUserId: ["Choose an active user as the owner."] });
  }
}

function columns(f: TFollowUp) {
  return {
    title: f.title,
    ownerUserId: f.ownerUserId,
    ownerExternalName: f.ownerExternalName,
    dueDate: toDbDate(f.dueDate),
    status: f.status,
    ticketUrl: f.ticketUrl,
    sourceSectionId: f.sourceSectionId,
    sourceQuestionId: f.sourceQuestionId,
  };
}

async function loadForChange(tx: TTx, incidentKey: string, id: string): Promise<TFollowUpRow> {
  const incidentId = await incidentIdByKey(tx, incidentKey);
  const current = await tx.followUp.findFirst({ where: { id, incidentId }, include: WITH_OWNER });
  if (!current) throw new NotFoundError("This follow-up no longer exists; someone may have deleted it.");
  return current;
}

/** Guarded write: only applies when the row is still at `version` (a concurrent save turns into a conflict). */
async function updateAtVersion(tx: TTx, id: string, version: number, data: Prisma.FollowUpUncheckedUpdateManyInput): Promise<void> {
  const { count } = await tx.followUp.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) {
    const now = await tx.followUp.findUnique({ where: { id }, include: WITH_OWNER });
    throw new ConflictError(CONFLICT_MESSAGE, now ? toItem(now) : null, now?.version ?? 0);
  }
}

export async function listFollowUps(actor: TActor, incidentId: string): Promise<TFollowUpItem[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().followUp.findMany({
    where: { incidentId },
    include: WITH_OWNER,
    orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(toItem);
}

export async function createFollowUp(actor: TActor, input: z.output<typeof ZCreateFollowUp>): Promise<TFollowUpItem> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incidentId = await incidentIdByKey(tx, input.incidentKey);
    await assertActiveOwner(tx, input.followUp.ownerUserId);
    const data = columns(input.followUp);
    const row = await tx.followUp.create({
      data: { ...data, incidentId, completedAt: completedAtFor(data.status, null, new Date()) },
      include: WITH_OWNER,
    });
    await recordAudit(tx, {
      actor,
      incidentId,
      action: "CREATE",
      entityType: "FollowUp",
      entityId: row.id,
      snapshot: auditView(row),
    });
    return toItem(row);
  });
}

export async function updateFollowUp(actor: TActor, input: z.output<typeof ZUpdateFollowUp>): Promise<TFollowUpItem> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const current = await loadForChange(tx, input.incidentKey, input.id);
    assertVersion(current, input.version, toItem);
    const data = columns(input.followUp);
    if (data.ownerUserId !== current.ownerUserId) await assertActiveOwner(tx, data.ownerUserId);
    const completedAt = completedAtFor(data.status, current, new Date());
    await updateAtVersion(tx, current.id, input.version, { ...data, completedAt });
    const after = { ...current, ...data, completedAt };
    await recordAudit(tx, {
      actor,
      incidentId: current.incidentId,
      action: "UPDATE",
      entityType: "FollowUp",
      entityId: current.id,
      changes: diffFields(auditView(current), auditView(after), AUDITED_FIELDS),
    });
    const saved = await tx.followUp.findUniqueOrThrow({ where: { id: current.id }, include: WITH_OWNER });
    return toItem(saved);
  });
}

export async function setFollowUpStatus(actor: TActor, input: z.output<typeof ZSetFollowUpStatus>): Promise<TFollowUpItem> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const current = await loadForChange(tx, input.incidentKey, input.id);
    assertVersion(current, input.version, toItem);
    const completedAt = completedAtFor(input.status, current, new Date());
    await updateAtVersion(tx, current.id, input.version, { status: input.status, completedAt });
    await recordAudit(tx, {
      actor,
      incidentId: current.incidentId,
      action: "UPDATE",
      entityType: "FollowUp",
      entityId: current.id,
      changes: diffFields(auditView(current), auditView({ ...current, status: input.status, completedAt }), AUDITED_FIELDS),
    });
    const saved = await tx.followUp.findUniqueOrThrow({ where: { id: current.id }, include: WITH_OWNER });
    return toItem(saved);
  });
}

export async function deleteFollowUp(actor: TActor, input: z.output<typeof ZDeleteFollowUp>): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const current = await loadForChange(tx, input.incidentKey, input.id);
    assertVersion(current, input.version, toItem);
    const { count } = await tx.followUp.deleteMany({ where: { id: current.id, version: input.version } });
    if (count === 0) {
      const now = await tx.followUp.findUnique({ where: { id: current.id }, include: WITH_OWNER });
      throw new ConflictError(CONFLICT_MESSAGE, now ? toItem(now) : null, now?.version ?? 0);
    }
    await recordAudit(tx, {
      actor,
      incidentId: current.incidentId,
      action: "DELETE",
      entityType: "FollowUp",
      entityId: current.id,
      snapshot: auditView(current),
    });
    return { id: current.id };
  });
}
