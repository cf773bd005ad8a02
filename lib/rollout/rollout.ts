import "server-only";
import { getPrisma, Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { assertVersion } from "@/lib/review/concurrency";
import { findIncidentIdByKey } from "@/lib/configuration/incident-lock";
import { evaluateIncidentRollout, type TRolloutEvaluation, type TStoredWindow } from "./evaluate";
import type { TDeleteRolloutRow, TObservationWindowData, TRolloutStep, TRuleSettings, TRuleSettingsData } from "./schemas";

export type TRolloutStepView = {
  id: string;
  occurredAt: Date;
  trafficPercent: number;
  scope: string;
  approverName: string | null;
  note: string | null;
};

export type TWindowView = TStoredWindow & { importId: string | null };

export type TRolloutPageData = {
  incidentId: string;
  version: number;
  settings: TRuleSettings;
  steps: TRolloutStepView[];
  windows: TWindowView[];
  evaluation: TRolloutEvaluation;
};

const settingsOf = (i: {
  baselineTimeoutRate: number | null;
  baselineErrorRate: number | null;
  observationWindowMinutes: number;
  userFacingTimeoutBudgetMs: number | null;
}): TRuleSettings => ({
  baselineTimeoutRate: i.baselineTimeoutRate,
  baselineErrorRate: i.baselineErrorRate,
  observationWindowMinutes: i.observationWindowMinutes,
  userFacingTimeoutBudgetMs: i.userFacingTimeoutBudgetMs,
});

export async function getRolloutPageData(actor: TActor, incidentKey: string): Promise<TRolloutPageData> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({ where: { key: incidentKey } });
  if (!incident) throw new NotFoundError(`Incident ${incidentKey} was not found.`);
  const [steps, windows] = await Promise.all([
    prisma.rolloutStep.findMany({ where: { incidentId: incident.id }, orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }] }),
    prisma.observationWindow.findMany({ where: { incidentId: incident.id }, orderBy: [{ windowStart: "asc" }, { path: "asc" }] }),
  ]);
  const settings = settingsOf(incident);
  const views: TWindowView[] = windows.map((w) => ({
    id: w.id,
    source: w.source,
    importId: w.importId,
    path: w.path,
    windowStart: w.windowStart,
    windowEnd: w.windowEnd,
    requests: w.requests,
    errors: w.errors,
    timeouts: w.timeouts,
    validationFailures: w.validationFailures,
    p95LatencyMs: w.p95LatencyMs,
    activeClassErrors: w.activeClassErrors,
  }));
  return {
    incidentId: incident.id,
    version: incident.version,
    settings,
    steps: steps.map((s) => ({
      id: s.id,
      occurredAt: s.occurredAt,
      trafficPercent: s.trafficPercent,
      scope: s.scope,
      approverName: s.approverName,
      note: s.note,
    })),
    windows: views,
    evaluation: evaluateIncidentRollout(views, settings),
  };
}

export async function addRolloutStep(actor: TActor, data: TRolloutStep): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incidentId = await findIncidentIdByKey(tx, data.incidentKey);
    const step = await tx.rolloutStep.create({
      data: {
        incidentId,
        occurredAt: data.occurredAt,
        trafficPercent: data.trafficPercent,
        scope: data.scope,
        approverName: data.approverName,
        note: data.note,
      },
    });
    await recordAudit(tx, {
      actor,
      incidentId,
      action: "CREATE",
      entityType: "RolloutStep",
      entityId: step.id,
      snapshot: { occurredAt: data.occurredAt, trafficPercent: data.trafficPercent, scope: data.scope, approverName: data.approverName, note: data.note },
    });
    return { id: step.id };
  });
}

export async function deleteRolloutStep(actor: TActor, data: TDeleteRolloutRow): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incidentId = await findIncidentIdByKey(tx, data.incidentKey);
    const step = await tx.rolloutStep.findFirst({ where: { id: data.id, incidentId } });
    if (!step) throw new NotFoundError("This rollout step no longer exists.");
    await tx.rolloutStep.delete({ where: { id: step.id } });
    await recordAudit(tx, { actor, incidentId, action: "DELETE", entityType: "RolloutStep", entityId: step.id, snapshot: step });
    return { id: step.id };
  });
}

export async function addObservationWindow(actor: TActor, data: TObservationWindowData): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  try {
    return await getPrisma().$transaction(async (tx) => {
      const incidentId = await findIncidentIdByKey(tx, data.incidentKey);
      const values = {
        path: data.path,
        windowStart: data.windowStart,
        windowEnd: data.windowEnd,
        requests: data.requests,
        errors: data.errors,
        timeouts: data.timeouts,
        validationFailures: data.validationFailures,
        p95LatencyMs: data.p95LatencyMs,
        activeClassErrors: data.activeClassErrors,
      };
      const window = await tx.observationWindow.create({ data: { incidentId, source: "MANUAL", ...values } });
      await recordAudit(tx, { actor, incidentId, action: "CREATE", entityType: "ObservationWindow", entityId: window.id, snapshot: { source: "MANUAL", ...values } });
      return { id: window.id };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const which = data.path === "PRIMARY" ? "primary" : "fallback";
      throw new ValidationError(`A ${which} window starting at this time is already recorded.`, {
        startLocal: [`A ${which} window starting at this time is already recorded.`],
      });
    }
    throw error;
  }
}

/** Hand-entered windows only: imported ones belong to their import. */
export async function deleteObservationWindow(actor: TActor, data: TDeleteRolloutRow): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incidentId = await findIncidentIdByKey(tx, data.incidentKey);
    const window = await tx.observationWindow.findFirst({ where: { id: data.id, incidentId } });
    if (!window) throw new NotFoundError("This window no longer exists.");
    if (window.source !== "MANUAL") throw new ValidationError("Imported windows are removed with their import, not one by one.");
    await tx.observationWindow.delete({ where: { id: window.id } });
    await recordAudit(tx, { actor, incidentId, action: "DELETE", entityType: "ObservationWindow", entityId: window.id, snapshot: window });
    return { id: window.id };
  });
}

/**
 * The rule settings live on the incident: saved against the incident's
 * version, refused with the current values when someone saved in between.
 */
export async function saveRuleSettings(actor: TActor, data: TRuleSettingsData): Promise<{ version: number }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { key: data.incidentKey } });
    if (!incident) throw new NotFoundError(`Incident ${data.incidentKey} was not found.`);
    assertVersion(incident, data.version, (current) => settingsOf(current));
    const changes = diffFields(settingsOf(incident), data.settings);
    if (changes.length === 0) return { version: incident.version };
    const updated = await tx.incident.updateMany({
      where: { id: incident.id, version: data.version },
      data: { ...data.settings, version: { increment: 1 } },
    });
    if (updated.count !== 1) {
      const current = await tx.incident.findUniqueOrThrow({ where: { id: incident.id } });
      assertVersion(current, data.version, (c) => settingsOf(c));
    }
    await recordAudit(tx, { actor, incidentId: incident.id, action: "UPDATE", entityType: "Incident", entityId: incident.id, changes });
    return { version: data.version + 1 };
  });
}
