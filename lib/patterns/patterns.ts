import "server-only";
// "Safe fallback patterns": rule checklists, which patterns were used, and the
// approvals a manual operator-controlled fallback requires (commander
// approval, change ticket, expiry time).
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, canApproveFallback, requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { approvalStatus, type TApprovalReason, type TApprovalStatus } from "@/lib/fallback/approval";
import { listChecklistAnswers, lockIncident, writeChecklistAnswers, type TStoredAnswer } from "@/lib/decision/checklist-answers";
import type { TChecklistAnswers } from "@/lib/decision/schemas";
import {
  MANUAL_PATTERN_ID,
  PATTERN_CHECKLIST_IDS,
  PATTERN_ITEMS,
  PATTERN_USAGE_CHECKLIST_ID,
  manualFallbackApprovalAlert,
  manualUseLacksApproval,
  type TApprovalAlert,
} from "./usage";
import type { TRecordApproval, TRevokeApproval } from "./schemas";

export const APPROVER_REFUSED = "Only the incident commander or an admin can approve or revoke a manual fallback.";

export type TApprovalRow = {
  id: string;
  approverId: string;
  approverName: string;
  changeTicket: string;
  approvedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  note: string | null;
  status: TApprovalStatus;
  reasons: readonly TApprovalReason[];
};

/** The incident's approvals, newest first, each with its status at `now`. */
export async function listFallbackApprovals(actor: TActor, incidentId: string, now = new Date()): Promise<TApprovalRow[]> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const [incident, rows] = await Promise.all([
    prisma.incident.findUnique({ where: { id: incidentId }, select: { commanderId: true } }),
    prisma.fallbackApproval.findMany({
      where: { incidentId },
      include: { approver: { select: { name: true, role: true } } },
      orderBy: [{ approvedAt: "desc" }, { createdAt: "desc" }],
    }),
  ]);
  if (!incident) throw new NotFoundError("This incident was not found.");
  return rows.map((r) => {
    const evaluation = approvalStatus(
      {
        approverId: r.approverId,
        approverRole: r.approver.role,
        incidentCommanderId: incident.commanderId,
        changeTicket: r.changeTicket,
        approvedAt: r.approvedAt,
        expiresAt: r.expiresAt,
        revokedAt: r.revokedAt,
      },
      now,
    );
    return {
      id: r.id,
      approverId: r.approverId,
      approverName: r.approver.name,
      changeTicket: r.changeTicket,
      approvedAt: r.approvedAt,
      expiresAt: r.expiresAt,
      revokedAt: r.revokedAt,
      note: r.note,
      status: evaluation.status,
      reasons: evaluation.reasons,
    };
  });
}

export type TPatternsView = {
  answers: TStoredAnswer[];
  approvals: TApprovalRow[];
  manualUsed: boolean;
  /** The manual pattern is marked used but no approval was ever in force. */
  manualUseWarning: boolean;
  /** Fallback is in manual mode and no approval is active. */
  approvalAlert: TApprovalAlert;
  fallbackMode: string;
  /** Whether the viewer may approve (the incident's commander or an admin). */
  canApprove: boolean;
};

export async function getPatternsView(actor: TActor, incidentId: string, now = new Date()): Promise<TPatternsView> {
  requirePermission(actor, "incident:read");
  const [incident, answers, approvals] = await Promise.all([
    getPrisma().incident.findUnique({ where: { id: incidentId }, select: { fallbackMode: true, commanderId: true } }),
    listChecklistAnswers(actor, incidentId, PATTERN_CHECKLIST_IDS),
    listFallbackApprovals(actor, incidentId, now),
  ]);
  if (!incident) throw new NotFoundError("This incident was not found.");
  const statuses = approvals.map((a) => a.status);
  const manualUsed = answers.some(
    (a) => a.checklistId === PATTERN_USAGE_CHECKLIST_ID && a.itemId === MANUAL_PATTERN_ID && a.checked === true,
  );
  return {
    answers,
    approvals,
    manualUsed,
    manualUseWarning: manualUseLacksApproval(manualUsed, statuses),
    approvalAlert: manualFallbackApprovalAlert(incident.fallbackMode, statuses),
    fallbackMode: incident.fallbackMode,
    canApprove: canApproveFallback(actor, incident.commanderId) && actor.tokenScope !== "READ",
  };
}

/** Saves rule checks and "used in this incident" answers of the safe fallback patterns. */
export async function savePatternAnswers(actor: TActor, input: TChecklistAnswers): Promise<{ incidentKey: string; changed: number }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, input.incidentId);
    const changed = await writeChecklistAnswers(tx, actor, input, { allowed: PATTERN_ITEMS, byUser: "actor" });
    return { incidentKey: key, changed };
  });
}

async function requireApprover(
  tx: Parameters<typeof lockIncident>[0],
  actor: TActor,
  incidentId: string,
): Promise<{ key: string }> {
  const { key } = await lockIncident(tx, incidentId);
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { commanderId: true } });
  if (!canApproveFallback(actor, incident.commanderId)) throw new AuthError(403, APPROVER_REFUSED);
  return { key };
}

/** Records the acting user's approval of a manual fallback: change ticket and an expiry in the future. */
export async function recordFallbackApproval(
  actor: TActor,
  input: TRecordApproval,
  now = new Date(),
): Promise<{ incidentKey: string; id: string }> {
  requirePermission(actor, "incident:write");
  if (!input.changeTicket.trim()) throw new ValidationError("Record the change ticket.", { changeTicket: ["Record the change ticket."] });
  if (input.expiresAt.getTime() <= now.getTime()) {
    throw new ValidationError("The expiry must be in the future.", { expiresAtLocal: ["The expiry must be in the future."] });
  }
  return getPrisma().$transaction(async (tx) => {
    const { key } = await requireApprover(tx, actor, input.incidentId);
    const row = await tx.fallbackApproval.create({
      data: {
        incidentId: input.incidentId,
        approverId: actor.id,
        changeTicket: input.changeTicket.trim(),
        approvedAt: now,
        expiresAt: input.expiresAt,
        note: input.note,
      },
    });
    await recordAudit(tx, {
      actor,
      incidentId: input.incidentId,
      action: "CREATE",
      entityType: "FallbackApproval",
      entityId: row.id,
      snapshot: { changeTicket: row.changeTicket, approvedAt: row.approvedAt, expiresAt: row.expiresAt, note: row.note },
    });
    return { incidentKey: key, id: row.id };
  });
}

export async function revokeFallbackApproval(actor: TActor, input: TRevokeApproval, now = new Date()): Promise<{ incidentKey: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const { key } = await requireApprover(tx, actor, input.incidentId);
    const approval = await tx.fallbackApproval.findFirst({ where: { id: input.approvalId, incidentId: input.incidentId } });
    if (!approval) throw new NotFoundError("This approval was not found.");
    if (approval.revokedAt) throw new ValidationError("This approval is already revoked.");
    await tx.fallbackApproval.update({ where: { id: approval.id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actor,
      incidentId: input.incidentId,
      action: "UPDATE",
      entityType: "FallbackApproval",
      entityId: approval.id,
      changes: [{ field: "revokedAt", before: null, after: now }],
    });
    return { incidentKey: key };
  });
}
