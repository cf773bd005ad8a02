import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { assertVersion, CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { lockIncidentByKey } from "@/lib/configuration/incident-lock";
import { evaluateImpact, impactMeasuresFromRows, type TImpactEvaluation } from "@/lib/fallback/impact";
import { IMPACT_MEASURE_IDS } from "@/lib/runbook/runbook";
import {
  IMPACT_PHASES,
  impactVersionToken,
  measuresToForm,
  PHASE_KEYS,
  type TImpactMeasureRowInput,
  type TImpactMeasuresData,
  type TStoredMeasure,
} from "./schemas";

export type TImpactPageData = {
  incidentId: string;
  incidentVersion: number;
  businessMetricLabel: string | null;
  token: string;
  values: Record<string, TImpactMeasureRowInput>;
  evaluation: TImpactEvaluation;
};

export async function getImpactPageData(actor: TActor, incidentKey: string): Promise<TImpactPageData> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({
    where: { key: incidentKey },
    select: { id: true, version: true, businessMetricLabel: true },
  });
  if (!incident) throw new NotFoundError(`Incident ${incidentKey} was not found.`);
  const rows = await prisma.impactMeasure.findMany({ where: { incidentId: incident.id } });
  return {
    incidentId: incident.id,
    incidentVersion: incident.version,
    businessMetricLabel: incident.businessMetricLabel,
    token: impactVersionToken(rows),
    values: measuresToForm(rows),
    evaluation: evaluateImpact(impactMeasuresFromRows(rows)),
  };
}

/**
 * Saves all seven measures at once: a blank cell removes its value. Refused
 * when the measures changed since the form was loaded (token), or when the
 * business-metric label is changed on an incident saved meanwhile (version).
 */
export async function saveImpactMeasures(actor: TActor, data: TImpactMeasuresData): Promise<{ token: string; incidentVersion: number }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const locked = await lockIncidentByKey(tx, data.incidentKey);
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: locked.id } });
    const rows = await tx.impactMeasure.findMany({ where: { incidentId: incident.id } });
    if (impactVersionToken(rows) !== data.basedOn) {
      throw new ConflictError(CONFLICT_MESSAGE, { values: measuresToForm(rows), token: impactVersionToken(rows) }, incident.version);
    }

    let incidentVersion = incident.version;
    if ((incident.businessMetricLabel ?? null) !== data.businessMetricLabel) {
      assertVersion(incident, data.incidentVersion, (c) => ({ businessMetricLabel: c.businessMetricLabel }));
      const updated = await tx.incident.updateMany({
        where: { id: incident.id, version: data.incidentVersion },
        data: { businessMetricLabel: data.businessMetricLabel, version: { increment: 1 } },
      });
      if (updated.count !== 1) throw new ConflictError(CONFLICT_MESSAGE, { businessMetricLabel: incident.businessMetricLabel }, incident.version);
      incidentVersion = data.incidentVersion + 1;
      await recordAudit(tx, {
        actor,
        incidentId: incident.id,
        action: "UPDATE",
        entityType: "Incident",
        entityId: incident.id,
        changes: diffFields({ businessMetricLabel: incident.businessMetricLabel }, { businessMetricLabel: data.businessMetricLabel }),
      });
    }

    for (const measure of IMPACT_MEASURE_IDS) {
      const row = data.measures[measure];
      for (const phase of IMPACT_PHASES) {
        const value = row[PHASE_KEYS[phase]];
        const existing = rows.find((r) => r.measure === measure && r.phase === phase);
        const entityId = existing?.id;
        if (value === null) {
          if (!existing) continue;
          await tx.impactMeasure.delete({ where: { id: existing.id } });
          await recordAudit(tx, { actor, incidentId: incident.id, action: "DELETE", entityType: "ImpactMeasure", entityId: existing.id, snapshot: stored(existing) });
        } else if (!existing) {
          const created = await tx.impactMeasure.create({ data: { incidentId: incident.id, measure, phase, value, unit: row.unit } });
          await recordAudit(tx, { actor, incidentId: incident.id, action: "CREATE", entityType: "ImpactMeasure", entityId: created.id, snapshot: stored(created) });
        } else {
          const changes = diffFields({ value: existing.value, unit: existing.unit }, { value, unit: row.unit });
          if (changes.length === 0) continue;
          await tx.impactMeasure.update({ where: { id: existing.id }, data: { value, unit: row.unit } });
          await recordAudit(tx, {
            actor,
            incidentId: incident.id,
            action: "UPDATE",
            entityType: "ImpactMeasure",
            entityId: entityId!,
            changes: changes.map((c) => ({ ...c, field: `${measure}.${phase}.${c.field}` })),
          });
        }
      }
    }
    const after = await tx.impactMeasure.findMany({ where: { incidentId: incident.id } });
    return { token: impactVersionToken(after), incidentVersion };
  });
}

const stored = (r: TStoredMeasure) => ({ measure: r.measure, phase: r.phase, value: r.value, unit: r.unit });
