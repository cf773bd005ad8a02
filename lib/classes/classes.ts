import "server-only";
// §2 "Classify the failure mode": which classes the incident showed (at most
// one primary), and the manual error-class histogram used when no request
// logs were imported.
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { lockIncident } from "@/lib/decision/checklist-answers";
import { recomputeFallbackDecision } from "@/lib/decision/decision";
import { isFailureClassId } from "@/lib/runbook/runbook";
import type { TVerdict } from "@/lib/fallback/types";
import { classesFingerprint, classRowsToForm, planClassChanges, type TClassRow } from "./class-rows";
import {
  bucketsToManualWindows,
  describeManualWindows,
  histogramFingerprint,
  manualWindowsToBuckets,
  type THistogramBucket,
  type TManualWindow,
} from "./histogram";
import type { TFailureClasses, TManualHistogram } from "./schemas";

function toClassRows(rows: { failureClass: string; role: "PRIMARY" | "SECONDARY"; note: string | null }[]): TClassRow[] {
  return rows.flatMap((r) => (isFailureClassId(r.failureClass) ? [{ classId: r.failureClass, role: r.role, note: r.note }] : []));
}

export async function listFailureClasses(actor: TActor, incidentId: string): Promise<TClassRow[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().incidentFailureClass.findMany({ where: { incidentId } });
  return toClassRows(rows);
}

/**
 * Every histogram bucket of the incident (manual and imported), for charts.
 * The chart picks the source (imported logs when present).
 */
export async function listHistogramBuckets(actor: TActor, incidentId: string): Promise<THistogramBucket[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().histogramBucket.findMany({
    where: { incidentId, source: { in: ["MANUAL", "IMPORT"] } },
    orderBy: [{ windowStart: "asc" }, { path: "asc" }],
    select: { source: true, windowStart: true, windowEnd: true, path: true, requestClass: true, count: true },
  });
  return rows.map((r) => ({ ...r, windowStart: r.windowStart.toISOString(), windowEnd: r.windowEnd.toISOString() }));
}

export type TClassesView = {
  classes: ReturnType<typeof classRowsToForm>;
  classesBasedOn: string;
  buckets: THistogramBucket[];
  manualWindows: TManualWindow[];
  manualBasedOn: string;
};

export async function getClassesView(actor: TActor, incidentId: string): Promise<TClassesView> {
  requirePermission(actor, "incident:read");
  const [classes, buckets] = await Promise.all([listFailureClasses(actor, incidentId), listHistogramBuckets(actor, incidentId)]);
  const manualWindows = bucketsToManualWindows(buckets.filter((b) => b.source === "MANUAL"));
  return {
    classes: classRowsToForm(classes),
    classesBasedOn: classesFingerprint(classes),
    buckets,
    manualWindows,
    manualBasedOn: histogramFingerprint(manualWindows),
  };
}

export type TClassesWriteResult = { incidentKey: string; verdict: TVerdict };

/** Records which classes the incident showed; at most one is primary. Recomputes the fallback verdict. */
export async function saveFailureClasses(actor: TActor, input: TFailureClasses): Promise<TClassesWriteResult> {
  requirePermission(actor, "incident:write");
  if (input.classes.filter((c) => c.role === "PRIMARY").length > 1) {
    throw new ValidationError("Mark at most one class as primary.", { classes: ["Mark at most one class as primary."] });
  }
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, input.incidentId);
    const current = toClassRows(await tx.incidentFailureClass.findMany({ where: { incidentId: input.incidentId } }));
    if (classesFingerprint(current) !== input.basedOn) {
      throw new ConflictError(CONFLICT_MESSAGE, { classes: classRowsToForm(current), basedOn: classesFingerprint(current) }, 0);
    }
    const changes = planClassChanges(current, input.classes);
    const byId = new Map(current.map((r) => [r.classId, r]));
    // Deletes first, so a class can become primary in the same save another one stops being it.
    const ordered = [...changes].sort((a, b) => (a.kind === "delete" ? -1 : 0) - (b.kind === "delete" ? -1 : 0));
    for (const change of ordered) {
      const where = { incidentId_failureClass: { incidentId: input.incidentId, failureClass: change.classId } };
      if (change.kind === "delete") {
        const row = await tx.incidentFailureClass.delete({ where });
        await recordAudit(tx, {
          actor,
          incidentId: input.incidentId,
          action: "DELETE",
          entityType: "IncidentFailureClass",
          entityId: row.id,
          snapshot: { failureClass: row.failureClass, role: row.role, note: row.note },
        });
      } else if (change.kind === "create") {
        const row = await tx.incidentFailureClass.create({
          data: { incidentId: input.incidentId, failureClass: change.classId, role: change.role, note: change.note },
        });
        await recordAudit(tx, {
          actor,
          incidentId: input.incidentId,
          action: "CREATE",
          entityType: "IncidentFailureClass",
          entityId: row.id,
          snapshot: { failureClass: row.failureClass, role: row.role, note: row.note },
        });
      } else {
        const before = byId.get(change.classId)!;
        const row = await tx.incidentFailureClass.update({ where, data: { role: change.role, note: change.note } });
        await recordAudit(tx, {
          actor,
          incidentId: input.incidentId,
          action: "UPDATE",
          entityType: "IncidentFailureClass",
          entityId: row.id,
          changes: diffFields(before, { role: change.role, note: change.note }).map((c) => ({
            ...c,
            field: `${change.classId}.${c.field}`,
          })),
        });
      }
    }
    // The database has no partial unique index for this; the incident lock makes the check race-free.
    const primaries = await tx.incidentFailureClass.count({ where: { incidentId: input.incidentId, role: "PRIMARY" } });
    if (primaries > 1) throw new ValidationError("Mark at most one class as primary.", { classes: ["Mark at most one class as primary."] });
    const result = await recomputeFallbackDecision(tx, actor, input.incidentId);
    return { incidentKey: key, verdict: result.verdict };
  });
}

/** Replaces the whole manual histogram in one transaction, with one history row describing before and after. */
export async function replaceManualHistogram(actor: TActor, input: TManualHistogram): Promise<{ incidentKey: string; windows: number }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const { key } = await lockIncident(tx, input.incidentId);
    const currentRows = await tx.histogramBucket.findMany({
      where: { incidentId: input.incidentId, source: "MANUAL" },
      select: { windowStart: true, windowEnd: true, path: true, requestClass: true, count: true },
    });
    const current = bucketsToManualWindows(currentRows);
    if (histogramFingerprint(current) !== input.basedOn) {
      throw new ConflictError(
        CONFLICT_MESSAGE,
        { windows: current.map((w) => ({ ...w, windowStart: w.windowStart.toISOString(), windowEnd: w.windowEnd.toISOString() })), basedOn: histogramFingerprint(current) },
        0,
      );
    }
    const next = bucketsToManualWindows(manualWindowsToBuckets(input.windows));
    const changes = diffFields({ manualHistogram: describeManualWindows(current) }, { manualHistogram: describeManualWindows(next) });
    if (changes.length === 0) return { incidentKey: key, windows: next.length };
    await tx.histogramBucket.deleteMany({ where: { incidentId: input.incidentId, source: "MANUAL" } });
    await tx.histogramBucket.createMany({
      data: manualWindowsToBuckets(input.windows).map((b) => ({ ...b, incidentId: input.incidentId, source: "MANUAL" as const })),
    });
    await recordAudit(tx, {
      actor,
      incidentId: input.incidentId,
      action: "UPDATE",
      entityType: "HistogramBucket",
      entityId: input.incidentId,
      changes,
    });
    return { incidentKey: key, windows: next.length };
  });
}
