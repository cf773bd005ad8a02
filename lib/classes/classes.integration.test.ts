import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { REQUEST_CLASSES } from "@/lib/fallback/types";
import { getClassesView, listHistogramBuckets, replaceManualHistogram, saveFailureClasses } from "./classes";
import { classRowsToForm } from "./class-rows";
import { ZManualHistogram } from "./schemas";

async function setup() {
  const commander = await makeActor("COMMANDER");
  const { id } = await createIncident(commander, { title: "classes", severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  return { commander, incidentId: id };
}

const auditCount = (incidentId: string) => getPrisma().auditLog.count({ where: { incidentId } });

function form(roles: Record<string, "PRIMARY" | "SECONDARY">) {
  return classRowsToForm([]).map((c) => ({ ...c, role: roles[c.classId] ?? ("NONE" as const) }));
}

const zeros = () => Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0]));
const manual = (incidentId: string, basedOn: string, windows: [string, string, number][]) =>
  ZManualHistogram.parse({
    incidentId,
    timeZone: "UTC",
    basedOn,
    windows: windows.map(([startLocal, endLocal, timeouts]) => ({
      startLocal,
      endLocal,
      counts: { PRIMARY: { ...zeros(), TIMEOUT: timeouts, OK: 100 }, FALLBACK: { ...zeros(), OK: 10 } },
    })),
  });

describe("failure classes", () => {
  it("records one primary and secondary classes, audits each, and recomputes the verdict", async () => {
    const { commander, incidentId } = await setup();
    let view = await getClassesView(commander, incidentId);
    await saveFailureClasses(commander, { incidentId, basedOn: view.classesBasedOn, classes: form({ TIMEOUT: "PRIMARY", UPSTREAM_5XX: "SECONDARY" }) });
    const rows = await getPrisma().incidentFailureClass.findMany({ where: { incidentId }, orderBy: { failureClass: "asc" } });
    expect(rows.map((r) => [r.failureClass, r.role])).toEqual([
      ["UPSTREAM_5XX", "SECONDARY"],
      ["TIMEOUT", "PRIMARY"],
    ]);
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId, entityType: "IncidentFailureClass" } });
    expect(audit).toHaveLength(2);

    // Moving the primary role in one save is fine (the old primary becomes secondary).
    view = await getClassesView(commander, incidentId);
    const r = await saveFailureClasses(commander, { incidentId, basedOn: view.classesBasedOn, classes: form({ AUTH: "PRIMARY", TIMEOUT: "SECONDARY" }) });
    expect(r.verdict).toBe("BLOCKED");
    expect((await getPrisma().fallbackDecision.findUniqueOrThrow({ where: { incidentId } })).computedVerdict).toBe("BLOCKED");
    expect(await getPrisma().incidentFailureClass.count({ where: { incidentId, role: "PRIMARY" } })).toBe(1);
  });

  it("enforces at most one primary even for partial saves; a refused save leaves no rows and no history", async () => {
    const { commander, incidentId } = await setup();
    let view = await getClassesView(commander, incidentId);
    await saveFailureClasses(commander, { incidentId, basedOn: view.classesBasedOn, classes: form({ TIMEOUT: "PRIMARY" }) });
    view = await getClassesView(commander, incidentId);
    const before = await auditCount(incidentId);
    await expect(
      saveFailureClasses(commander, {
        incidentId,
        basedOn: view.classesBasedOn,
        classes: [{ classId: "AUTH", role: "PRIMARY", note: "" }],
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      saveFailureClasses(commander, { incidentId, basedOn: view.classesBasedOn, classes: form({ TIMEOUT: "PRIMARY", AUTH: "PRIMARY" }) }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await getPrisma().incidentFailureClass.findMany({ where: { incidentId } })).toEqual([
      expect.objectContaining({ failureClass: "TIMEOUT", role: "PRIMARY" }),
    ]);
    expect(await auditCount(incidentId)).toBe(before);
  });

  it("two simultaneous saves naming different primaries: one wins, the other is refused", async () => {
    const { commander, incidentId } = await setup();
    const basedOn = (await getClassesView(commander, incidentId)).classesBasedOn;
    const results = await Promise.allSettled([
      saveFailureClasses(commander, { incidentId, basedOn, classes: form({ TIMEOUT: "PRIMARY" }) }),
      saveFailureClasses(commander, { incidentId, basedOn, classes: form({ RATE_LIMIT_429: "PRIMARY" }) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(await getPrisma().incidentFailureClass.count({ where: { incidentId, role: "PRIMARY" } })).toBe(1);
  });

  it("refuses a save based on a classification someone else changed", async () => {
    const { commander, incidentId } = await setup();
    const stale = (await getClassesView(commander, incidentId)).classesBasedOn;
    await saveFailureClasses(commander, { incidentId, basedOn: stale, classes: form({ TIMEOUT: "PRIMARY" }) });
    const error = await saveFailureClasses(commander, { incidentId, basedOn: stale, classes: form({ AUTH: "PRIMARY" }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    const current = (error as ConflictError).current as { classes: unknown[]; basedOn: string };
    expect(current.classes).toEqual(expect.arrayContaining([{ classId: "TIMEOUT", role: "PRIMARY", note: "" }]));
    expect(current.basedOn).toBe((await getClassesView(commander, incidentId)).classesBasedOn);
  });
});

describe("manual histogram", () => {
  it("replaces the manual set in one audited transaction and leaves imported buckets alone", async () => {
    const { commander, incidentId } = await setup();
    await getPrisma().histogramBucket.create({
      data: {
        incidentId,
        source: "IMPORT",
        windowStart: new Date("2026-05-08T09:00:00Z"),
        windowEnd: new Date("2026-05-08T09:05:00Z"),
        path: "PRIMARY",
        requestClass: "TIMEOUT",
        count: 42,
      },
    });
    let view = await getClassesView(commander, incidentId);
    const before = await auditCount(incidentId);
    await replaceManualHistogram(
      commander,
      manual(incidentId, view.manualBasedOn, [
        ["2026-05-08T09:00", "2026-05-08T09:05", 12],
        ["2026-05-08T09:05", "2026-05-08T09:10", 30],
      ]),
    );
    expect(await getPrisma().histogramBucket.count({ where: { incidentId, source: "MANUAL" } })).toBe(2 * 2 * REQUEST_CLASSES.length);
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId, entityType: "HistogramBucket" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "UPDATE", field: "manualHistogram", before: [], actorId: commander.id });
    expect(audit[0]!.after).toHaveLength(2);
    expect(await auditCount(incidentId)).toBe(before + 1);

    view = await getClassesView(commander, incidentId);
    expect(view.manualWindows.map((w) => w.counts.PRIMARY.TIMEOUT)).toEqual([12, 30]);
    await replaceManualHistogram(commander, manual(incidentId, view.manualBasedOn, [["2026-05-08T09:00", "2026-05-08T09:10", 5]]));
    expect(await getPrisma().histogramBucket.count({ where: { incidentId, source: "MANUAL" } })).toBe(2 * REQUEST_CLASSES.length);
    expect(await getPrisma().histogramBucket.count({ where: { incidentId, source: "IMPORT" } })).toBe(1);
    const buckets = await listHistogramBuckets(commander, incidentId);
    expect(new Set(buckets.map((b) => b.source))).toEqual(new Set(["MANUAL", "IMPORT"]));
  });

  it("refuses a replace based on an old set; nothing changes and no history is written", async () => {
    const { commander, incidentId } = await setup();
    const stale = (await getClassesView(commander, incidentId)).manualBasedOn;
    await replaceManualHistogram(commander, manual(incidentId, stale, [["2026-05-08T09:00", "2026-05-08T09:05", 1]]));
    const before = await auditCount(incidentId);
    await expect(
      replaceManualHistogram(commander, manual(incidentId, stale, [["2026-05-08T10:00", "2026-05-08T10:05", 2]])),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await auditCount(incidentId)).toBe(before);
    expect((await getClassesView(commander, incidentId)).manualWindows.map((w) => w.counts.PRIMARY.TIMEOUT)).toEqual([1]);
  });

  it("a viewer reads but cannot classify or enter counts", async () => {
    const { incidentId } = await setup();
    const viewer = await makeActor("VIEWER");
    const view = await getClassesView(viewer, incidentId);
    const before = await auditCount(incidentId);
    await expect(
      saveFailureClasses(viewer, { incidentId, basedOn: view.classesBasedOn, classes: form({ TIMEOUT: "PRIMARY" }) }),
    ).rejects.toBeInstanceOf(AuthError);
    await expect(
      replaceManualHistogram(viewer, manual(incidentId, view.manualBasedOn, [["2026-05-08T09:00", "2026-05-08T09:05", 1]])),
    ).rejects.toBeInstanceOf(AuthError);
    expect(await auditCount(incidentId)).toBe(before);
    expect(await getPrisma().histogramBucket.count({ where: { incidentId } })).toBe(0);
  });
});
