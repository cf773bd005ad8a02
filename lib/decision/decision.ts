import "server-only";
// §3 "Decide whether fallback is allowed": the criteria answers, the verdict
// computed from them and the incident's classes (persisted on every change),
// and the commander's override with its reason.
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { NotFoundError } from "@/lib/http/errors";
import { assertVersion } from "@/lib/review/concurrency";
import {
  applyVerdictOverride,
  computeFallbackVerdict,
  ZVerdictOverride,
  type TEffectiveVerdict,
  type TVerdictResult,
} from "@/lib/fallback/verdict";
import type { TVerdict } from "@/lib/fallback/types";
import { listChecklistAnswers, lockIncident, writeChecklistAnswers, type TStoredAnswer } from "./checklist-answers";
import { buildVerdictInput, DECISION_CHECKLIST_IDS, DECISION_ITEMS } from "./mapping";
import type { TChecklistAnswers, TClearVerdictOverride, TSetVerdictOverride, TTaskValidation } from "./schemas";

type TDb = Prisma.TransactionClient;

/** Everything the verdict depends on, read with the given client (a transaction or the pool). */
async function computeVerdictFor(db: TDb, incidentId: string): Promise<{ result: TVerdictResult; smokePassed: boolean; taskValidationDone: boolean }> {
  const [incident, classes, answers, fallbackSmokeRuns] = await Promise.all([
    db.incident.findUnique({ where: { id: incidentId }, select: { taskSpecificValidationDone: true } }),
    db.incidentFailureClass.findMany({ where: { incidentId }, select: { failureClass: true, role: true } }),
    db.checklistAnswer.findMany({
      where: { incidentId, checklistId: { in: [...DECISION_CHECKLIST_IDS] } },
      select: { checklistId: true, itemId: true, checked: true, note: true },
    }),
    db.smokeTestRun.findMany({ where: { incidentId, path: "FALLBACK" }, select: { criteria: true } }),
  ]);
  if (!incident) throw new NotFoundError("This incident was not found.");
  const input = buildVerdictInput({
    answers,
    classes,
    taskSpecificValidationDone: incident.taskSpecificValidationDone,
    fallbackSmokeRuns,
  });
  return {
    result: computeFallbackVerdict(input),
    smokePassed: input.fallbackSmokeTestPassed === true,
    taskValidationDone: incident.taskSpecificValidationDone,
  };
}

/**
 * Recomputes the verdict and stores it in FallbackDecision.computedVerdict
 * (audited when it changes). Call inside any transaction that changes an
 * input of the verdict: criteria answers, classes, task validation, smoke runs.
 */
export async function recomputeFallbackDecision(tx: TDb, actor: TActor, incidentId: string): Promise<TVerdictResult> {
  // Re-entrant inside one transaction; keeps two writers from both creating the decision row.
  await lockIncident(tx, incidentId);
  const { result } = await computeVerdictFor(tx, incidentId);
  const decision = await tx.fallbackDecision.findUnique({ where: { incidentId } });
  if (!decision) {
    const created = await tx.fallbackDecision.create({ data: { incidentId, computedVerdict: result.verdict } });
    await recordAudit(tx, {
      actor,
      incidentId,
      action: "CREATE",
      entityType: "FallbackDecision",
      entityId: created.id,
      snapshot: { computedVerdict: result.verdict },
    });
  } else if (decision.computedVerdict !== result.verdict) {
    await tx.fallbackDecision.update({
      where: { id: decision.id },
      data: { computedVerdict: result.verdict, version: { increment: 1 } },
    });
    await recordAudit(tx, {
      actor,
      incidentId,
      action: "UPDATE",
      entityType: "FallbackDecision",
      entityId: decision.id,
      changes: [{ field: "computedVerdict", before: decision.computedVerdict, after: result.verdict }],
    });
  }
  return result;
}

// ─── Reads ─────────────────────────────────────────────────────────────────

export type TIncidentVerdict = TEffectiveVerdict & {
  /** The verdict's reasons and class guidance, computed now from the stored inputs. */
  result: TVerdictResult;
  /** The override as stored (kept even when it equals the computed verdict). */
  overrideVerdict: TVerdict | null;
  overriddenAt: Date | null;
  overriddenByName: string | null;
  /** FallbackDecision version (0 = none stored yet): what an override save is based on. */
  version: number;
};

async function loadVerdict(actor: TActor, incidentId: string) {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const [inputs, decision] = await Promise.all([
    computeVerdictFor(prisma, incidentId),
    prisma.fallbackDecision.findUnique({ where: { incidentId }, include: { overriddenBy: { select: { name: true } } } }),
  ]);
  const override =
    decision?.overrideVerdict && decision.overrideReason ? { verdict: decision.overrideVerdict, reason: decision.overrideReason } : null;
  const verdict: TIncidentVerdict = {
    ...applyVerdictOverride(inputs.result.verdict, override),
    result: inputs.result,
    overrideVerdict: decision?.overrideVerdict ?? null,
    overriddenAt: decision?.overriddenAt ?? null,
    overriddenByName: decision?.overriddenBy?.name ?? null,
    version: decision?.version ?? 0,
  };
  return { verdict, smokePassed: inputs.smokePassed, taskValidationDone: inputs.taskValidationDone };
}

/**
 * The verdict to show wherever a fallback is recorded: computed live from the
 * answers, classes, task validation and smoke runs, with the override applied.
 */
export async function getEffectiveVerdict(actor: TActor, incidentId: string): Promise<TIncidentVerdict> {
  return (await loadVerdict(actor, incidentId)).verdict;
}

export type TDecisionView = {
  verdict: TIncidentVerdict;
  answers: TStoredAnswer[];
  smokePassed: boolean;
  taskValidationDone: boolean;
  incidentVersion: number;
};

export async function getDecisionView(actor: TActor, incidentId: string): Promise<TDecisionView> {
  requirePermission(actor, "incident:read");
  const [loaded, answers, incident] = await Promise.all([
    loadVerdict(actor, incidentId),
    listChecklistAnswers(actor, incidentId, DECISION_CHECKLIST_IDS),
    getPrisma().incident.findUnique({ where: { id: incidentId }, select: { version: true } }),
  ]);
  if (!incident) throw new NotFoundError("This incident was not found.");
  return { ...loaded, answers, incidentVersion: incident.version };
}

// ─── Writes ────────────────────────────────────────────────────────────────

export type TDecisionWriteResult = { incidentKey: string; verdict: TVerdict };

/** Saves §3 criteria answers (yes / no / unanswered + evidence) and recomputes the verdict. */
export async function saveDecisionAnswers(actor: TActor, input: TChecklistAnswers): Promise<TDecisionWriteResult> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, input.incidentId);
    await writeChecklistAnswers(tx, actor, input, { allowed: DECISION_ITEMS, byUser: "actor" });
    const result = await recomputeFallbackDecision(tx, actor, input.incidentId);
    return { incidentKey: key, verdict: result.verdict };
  });
}

/** §2 quality regressions: "Fallback only after task-specific validation". */
export async function setTaskSpecificValidation(actor: TActor, input: TTaskValidation): Promise<TDecisionWriteResult> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, input.incidentId);
    const current = await tx.incident.findUniqueOrThrow({
      where: { id: input.incidentId },
      select: { id: true, version: true, taskSpecificValidationDone: true },
    });
    assertVersion(current, input.version, (c) => ({ taskSpecificValidationDone: c.taskSpecificValidationDone }));
    const changes = diffFields(current, { taskSpecificValidationDone: input.done });
    if (changes.length > 0) {
      await tx.incident.updateMany({
        where: { id: current.id, version: current.version },
        data: { taskSpecificValidationDone: input.done, version: { increment: 1 } },
      });
      await recordAudit(tx, { actor, incidentId: current.id, action: "UPDATE", entityType: "Incident", entityId: current.id, changes });
    }
    const result = await recomputeFallbackDecision(tx, actor, input.incidentId);
    return { incidentKey: key, verdict: result.verdict };
  });
}

async function writeOverride(
  actor: TActor,
  incidentId: string,
  version: number,
  override: { overrideVerdict: TVerdict; overrideReason: string } | null,
): Promise<TDecisionWriteResult> {
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, incidentId);
    const before = await tx.fallbackDecision.findUnique({ where: { incidentId } });
    assertVersion(before, version, (d) => ({
      computedVerdict: d.computedVerdict,
      overrideVerdict: d.overrideVerdict,
      overrideReason: d.overrideReason,
    }));
    // Also makes sure a decision row exists, with the current computed verdict.
    const result = await recomputeFallbackDecision(tx, actor, incidentId);
    const decision = await tx.fallbackDecision.findUniqueOrThrow({ where: { incidentId } });
    const next = override
      ? { ...override, overriddenById: actor.id, overriddenAt: new Date() }
      : { overrideVerdict: null, overrideReason: null, overriddenById: null, overriddenAt: null };
    const changes = diffFields(decision, { overrideVerdict: next.overrideVerdict, overrideReason: next.overrideReason });
    if (changes.length > 0) {
      await tx.fallbackDecision.update({ where: { id: decision.id }, data: { ...next, version: { increment: 1 } } });
      await recordAudit(tx, {
        actor,
        incidentId,
        action: "UPDATE",
        entityType: "FallbackDecision",
        entityId: decision.id,
        changes: diffFields(decision, next),
      });
    }
    return { incidentKey: key, verdict: result.verdict };
  });
}

/** The commander's override: a verdict and a required written reason, recorded and audited. */
export async function setVerdictOverride(actor: TActor, input: TSetVerdictOverride): Promise<TDecisionWriteResult> {
  requirePermission(actor, "incident:write");
  // Checked here too, so no caller can store an unexplained override.
  const { verdict, reason } = ZVerdictOverride.parse({ verdict: input.verdict, reason: input.reason });
  return writeOverride(actor, input.incidentId, input.version, { overrideVerdict: verdict, overrideReason: reason });
}

export async function clearVerdictOverride(actor: TActor, input: TClearVerdictOverride): Promise<TDecisionWriteResult> {
  requirePermission(actor, "incident:write");
  return writeOverride(actor, input.incidentId, input.version, null);
}
