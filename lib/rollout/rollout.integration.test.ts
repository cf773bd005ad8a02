import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { createIncident } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";
import { makeActor } from "@/lib/testing/integration";
import { addObservationWindow, addRolloutStep, deleteObservationWindow, deleteRolloutStep, getRolloutPageData, saveRuleSettings } from "./rollout";
import { ZObservationWindow, ZRolloutStep, ZRuleSettings, type TObservationWindowInput } from "./schemas";

let commander: TActor;
let viewer: TActor;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
});

const newIncident = (title: string) =>
  createIncident(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });

const windowInput = (key: string, over: Partial<TObservationWindowInput>) =>
  ZObservationWindow.parse({
    incidentKey: key,
    timeZone: "UTC",
    path: "PRIMARY",
    startLocal: "2026-05-08T09:15",
    endLocal: "2026-05-08T09:20",
    requests: "1000",
    errors: "20",
    timeouts: "10",
    validationFailures: "1",
    p95LatencyMs: "2000",
    activeClassErrors: "",
    ...over,
  });

const settings = (key: string, version: number) =>
  ZRuleSettings.parse({
    incidentKey: key,
    version,
    baselineTimeoutRatePercent: "1",
    baselineErrorRatePercent: "2",
    observationWindowMinutes: "5",
    userFacingTimeoutBudgetMs: "8000",
  });

describe("rollout steps, windows and rules", () => {
  it("computes the runbook's findings from stored windows and the incident's settings", async () => {
    const { key, id } = await newIncident("rollout findings");
    await saveRuleSettings(commander, settings(key, 1));
    await addRolloutStep(commander, ZRolloutStep.parse({ incidentKey: key, timeZone: "UTC", occurredAtLocal: "2026-05-08T09:20", trafficPercent: "5", scope: "low-risk", approverName: "Casey", note: "" }));
    await addObservationWindow(commander, windowInput(key, { timeouts: "80" }));
    await addObservationWindow(commander, windowInput(key, { startLocal: "2026-05-08T09:20", endLocal: "2026-05-08T09:25", timeouts: "95" }));
    await addObservationWindow(
      commander,
      windowInput(key, { path: "FALLBACK", startLocal: "2026-05-08T09:20", endLocal: "2026-05-08T09:25", requests: "50", errors: "0", timeouts: "0", validationFailures: "0", p95LatencyMs: "9100" }),
    );
    const data = await getRolloutPageData(viewer, key);
    expect(data.settings).toEqual({ baselineTimeoutRate: 0.01, baselineErrorRate: 0.02, observationWindowMinutes: 5, userFacingTimeoutBudgetMs: 8000 });
    expect(data.steps).toHaveLength(1);
    expect(data.evaluation.source).toBe("MANUAL");
    expect(data.evaluation.findings.map((f) => [f.rule, f.severity, f.message, f.windows.length])).toEqual([
      ["CONSIDER_FALLBACK", "WARNING", runbook.steps.rollout.thresholds[0].text, 2],
      ["STOP_INCREASING_LATENCY", "WARNING", runbook.steps.rollout.thresholds[2].text, 1],
    ]);
    expect(await getPrisma().auditLog.count({ where: { incidentId: id, entityType: { in: ["RolloutStep", "ObservationWindow"] } } })).toBe(4);

    // Imported windows take over once they exist; hand-entered ones are then not evaluated.
    await getPrisma().observationWindow.create({
      data: { incidentId: id, source: "IMPORT", path: "PRIMARY", windowStart: new Date("2026-05-08T09:15:00Z"), windowEnd: new Date("2026-05-08T09:20:00Z"), requests: 500, errors: 1, timeouts: 1, validationFailures: 0 },
    });
    const after = await getRolloutPageData(viewer, key);
    expect(after.evaluation.source).toBe("IMPORT");
    expect(after.evaluation.windowCount).toBe(1);
    expect(after.evaluation.findings).toEqual([]);
  });

  it("refuses a duplicate window start per path and removes only hand-entered windows", async () => {
    const { key, id } = await newIncident("rollout duplicates");
    const w = await addObservationWindow(commander, windowInput(key, {}));
    await expect(addObservationWindow(commander, windowInput(key, {}))).rejects.toMatchObject({
      name: "ValidationError",
      fieldErrors: { startLocal: ["A primary window starting at this time is already recorded."] },
    });
    await addObservationWindow(commander, windowInput(key, { path: "FALLBACK" }));
    const imported = await getPrisma().observationWindow.create({
      data: { incidentId: id, source: "IMPORT", path: "PRIMARY", windowStart: new Date("2026-05-08T09:15:00Z"), windowEnd: new Date("2026-05-08T09:20:00Z"), requests: 1, errors: 0, timeouts: 0, validationFailures: 0 },
    });
    await expect(deleteObservationWindow(commander, { incidentKey: key, id: imported.id })).rejects.toThrow(/Imported windows/);
    await deleteObservationWindow(commander, { incidentKey: key, id: w.id });
    expect(await getPrisma().observationWindow.count({ where: { incidentId: id } })).toBe(2);
    expect(await getPrisma().auditLog.count({ where: { incidentId: id, entityType: "ObservationWindow", action: "DELETE" } })).toBe(1);
  });

  it("saves rule settings against the incident version and refuses a stale save with the current values", async () => {
    const { key } = await newIncident("rollout settings");
    const first = await saveRuleSettings(commander, settings(key, 1));
    expect(first.version).toBe(2);
    await expect(saveRuleSettings(commander, { ...settings(key, 1), settings: { ...settings(key, 1).settings, observationWindowMinutes: 10 } })).rejects.toMatchObject({
      name: "ConflictError",
      currentVersion: 2,
      current: { baselineTimeoutRate: 0.01, observationWindowMinutes: 5 },
    });
    const { incidentId } = await getRolloutPageData(commander, key);
    const audit = await getPrisma().auditLog.findMany({ where: { entityType: "Incident", action: "UPDATE", entityId: incidentId } });
    expect(audit.map((a) => a.field).sort()).toEqual(["baselineErrorRate", "baselineTimeoutRate", "userFacingTimeoutBudgetMs"]);
  });

  it("refuses a viewer on every write", async () => {
    const { key, id } = await newIncident("rollout viewer");
    const step = await addRolloutStep(commander, ZRolloutStep.parse({ incidentKey: key, timeZone: "UTC", occurredAtLocal: "2026-05-08T09:20", trafficPercent: "5", scope: "x", approverName: "", note: "" }));
    await expect(addRolloutStep(viewer, ZRolloutStep.parse({ incidentKey: key, timeZone: "UTC", occurredAtLocal: "2026-05-08T09:20", trafficPercent: "5", scope: "x", approverName: "", note: "" }))).rejects.toBeInstanceOf(AuthError);
    await expect(deleteRolloutStep(viewer, { incidentKey: key, id: step.id })).rejects.toBeInstanceOf(AuthError);
    await expect(addObservationWindow(viewer, windowInput(key, {}))).rejects.toBeInstanceOf(AuthError);
    await expect(saveRuleSettings(viewer, settings(key, 1))).rejects.toBeInstanceOf(AuthError);
    expect(await getPrisma().rolloutStep.count({ where: { incidentId: id } })).toBe(1);
    await deleteRolloutStep(commander, { incidentKey: key, id: step.id });
    expect(await getPrisma().rolloutStep.count({ where: { incidentId: id } })).toBe(0);
  });
});
