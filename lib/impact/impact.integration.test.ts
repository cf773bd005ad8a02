import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { createIncident } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";
import { makeActor } from "@/lib/testing/integration";
import { getImpactPageData, saveImpactMeasures } from "./impact";
import { measuresToForm, ZImpactMeasures } from "./schemas";

let commander: TActor;
let viewer: TActor;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
});

const newIncident = (title: string) =>
  createIncident(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });

describe("user impact", () => {
  it("saves the seven measures and evaluates whether impact dropped", async () => {
    const { key, id } = await newIncident("impact dropped");
    const page = await getImpactPageData(commander, key);
    expect(page.evaluation.verdict).toBe("UNKNOWN");
    const measures = measuresToForm([]);
    measures.CUSTOMER_VISIBLE_ERROR_RATE = { before: "0.4", during: "12", after: "0.6", unit: "%" };
    measures.TIMEOUT_COUNT = { before: "3", during: "420", after: "8", unit: "count" };
    measures.FEATURE_BUSINESS_METRIC = { before: "900", during: "310", after: "880", unit: "drafts" };
    const saved = await saveImpactMeasures(
      commander,
      ZImpactMeasures.parse({ incidentKey: key, basedOn: page.token, incidentVersion: page.incidentVersion, businessMetricLabel: "completed drafts", measures }),
    );
    expect(saved.incidentVersion).toBe(page.incidentVersion + 1);
    const after = await getImpactPageData(viewer, key);
    expect(after.businessMetricLabel).toBe("completed drafts");
    expect(after.values.FEATURE_BUSINESS_METRIC).toEqual({ before: "900", during: "310", after: "880", unit: "drafts" });
    expect(after.evaluation.verdict).toBe("DROPPED");
    expect(after.evaluation.customerVisibleErrorsStillHigh).toBe(false);
    expect(after.evaluation.measures.find((m) => m.measureId === "TIMEOUT_COUNT")!.change).toBe("IMPROVED");
    expect(after.evaluation.warnings).toEqual([]);
    expect(await getPrisma().impactMeasure.count({ where: { incidentId: id } })).toBe(9);

    // Clearing a cell removes it; a still-high error rate brings the runbook's warning.
    const again = measuresToForm(await getPrisma().impactMeasure.findMany({ where: { incidentId: id } }));
    again.CUSTOMER_VISIBLE_ERROR_RATE = { before: "0.4", during: "12", after: "9", unit: "%" };
    again.TIMEOUT_COUNT = { before: "", during: "", after: "", unit: "count" };
    await saveImpactMeasures(commander, ZImpactMeasures.parse({ incidentKey: key, basedOn: after.token, incidentVersion: after.incidentVersion, businessMetricLabel: "completed drafts", measures: again }));
    const high = await getImpactPageData(commander, key);
    expect(high.evaluation.customerVisibleErrorsStillHigh).toBe(true);
    expect(high.evaluation.verdict).toBe("NOT_DROPPED");
    expect(high.evaluation.warnings).toEqual([runbook.steps.impact.warning, runbook.steps.impact.completion]);
    expect(await getPrisma().impactMeasure.count({ where: { incidentId: id } })).toBe(6);
    const audit = await getPrisma().auditLog.groupBy({ by: ["action"], where: { incidentId: id, entityType: "ImpactMeasure" }, _count: true });
    expect(Object.fromEntries(audit.map((a) => [a.action, a._count]))).toEqual({ CREATE: 9, UPDATE: 1, DELETE: 3 });
  });

  it("refuses a save based on measures changed meanwhile, and a viewer", async () => {
    const { key, id } = await newIncident("impact conflict");
    const page = await getImpactPageData(commander, key);
    const measures = measuresToForm([]);
    measures.QUEUE_DEPTH = { before: "10", during: "500", after: "20", unit: "requests" };
    const input = ZImpactMeasures.parse({ incidentKey: key, basedOn: page.token, incidentVersion: page.incidentVersion, businessMetricLabel: "", measures });
    await expect(saveImpactMeasures(viewer, input)).rejects.toBeInstanceOf(AuthError);
    await saveImpactMeasures(commander, input);
    await expect(saveImpactMeasures(commander, input)).rejects.toMatchObject({
      name: "ConflictError",
      current: { values: expect.objectContaining({ QUEUE_DEPTH: { before: "10", during: "500", after: "20", unit: "requests" } }) },
    });
    expect(await getPrisma().impactMeasure.count({ where: { incidentId: id } })).toBe(3);
  });
});
