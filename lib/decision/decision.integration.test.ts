import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ConflictError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { PAUSE_CRITERION_IDS, SAFER_CRITERION_IDS, SMOKE_CRITERION_IDS } from "@/lib/runbook/runbook";
import { getClassesView, saveFailureClasses } from "@/lib/classes/classes";
import { classRowsToForm } from "@/lib/classes/class-rows";
import type { TActor } from "@/lib/auth/permissions";
import {
  clearVerdictOverride,
  getDecisionView,
  getEffectiveVerdict,
  saveDecisionAnswers,
  setTaskSpecificValidation,
  setVerdictOverride,
} from "./decision";
import { PAUSED_CHECKLIST_ID, SAFER_CHECKLIST_ID } from "./mapping";
import { ZChecklistAnswers } from "./schemas";

async function setup() {
  const commander = await makeActor("COMMANDER");
  const { id } = await createIncident(commander, { title: "decision", severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  return { commander, incidentId: id };
}

const auditCount = (incidentId: string) => getPrisma().auditLog.count({ where: { incidentId } });

function answers(incidentId: string, items: { checklistId: string; itemId: string; checked: string; note?: string; version?: number }[]) {
  return ZChecklistAnswers.parse({
    incidentId,
    timeZone: "UTC",
    answers: items.map((i) => ({ note: "", occurredAtLocal: "", version: 0, ...i })),
  });
}

const greenAnswers = (incidentId: string) =>
  answers(incidentId, [
    ...SAFER_CRITERION_IDS.map((itemId) => ({ checklistId: SAFER_CHECKLIST_ID, itemId, checked: "yes" })),
    ...PAUSE_CRITERION_IDS.map((itemId) => ({ checklistId: PAUSED_CHECKLIST_ID, itemId, checked: "no" })),
  ]);

async function classify(actor: TActor, incidentId: string, roles: Record<string, "PRIMARY" | "SECONDARY">) {
  const view = await getClassesView(actor, incidentId);
  return saveFailureClasses(actor, {
    incidentId,
    basedOn: view.classesBasedOn,
    classes: classRowsToForm([]).map((c) => ({ ...c, role: roles[c.classId] ?? ("NONE" as const) })),
  });
}

const stored = (incidentId: string) => getPrisma().fallbackDecision.findUnique({ where: { incidentId } });

describe("fallback decision", () => {
  it("stores answers with versions and refuses a save based on a stale version, leaving no history", async () => {
    const { commander, incidentId } = await setup();
    const other = await makeActor("COMMANDER");
    await saveDecisionAnswers(commander, answers(incidentId, [{ checklistId: SAFER_CHECKLIST_ID, itemId: "stateless-or-retry-safe", checked: "yes", note: "idempotent" }]));
    const row = await getPrisma().checklistAnswer.findFirstOrThrow({ where: { incidentId, itemId: "stateless-or-retry-safe" } });
    expect(row).toMatchObject({ checked: true, note: "idempotent", version: 1, byUserId: commander.id, runbookVersion: "2026-05-08" });

    await saveDecisionAnswers(other, answers(incidentId, [{ checklistId: SAFER_CHECKLIST_ID, itemId: "stateless-or-retry-safe", checked: "no", version: 1 }]));
    const before = await auditCount(incidentId);
    const error = await saveDecisionAnswers(
      commander,
      answers(incidentId, [
        { checklistId: SAFER_CHECKLIST_ID, itemId: "paths-distinguishable", checked: "yes" },
        { checklistId: SAFER_CHECKLIST_ID, itemId: "stateless-or-retry-safe", checked: "yes", version: 1 },
      ]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).current).toEqual([
      expect.objectContaining({ itemId: "stateless-or-retry-safe", checked: false, version: 2 }),
    ]);
    // Refused whole: the other, non-conflicting answer was not written either.
    expect(await getPrisma().checklistAnswer.count({ where: { incidentId, itemId: "paths-distinguishable" } })).toBe(0);
    expect(await auditCount(incidentId)).toBe(before);
  });

  it("recomputes and persists the verdict on every change: green + timeout → ALLOWED, AUTH primary → BLOCKED", async () => {
    const { commander, incidentId } = await setup();
    await classify(commander, incidentId, { TIMEOUT: "PRIMARY" });
    expect((await stored(incidentId))!.computedVerdict).toBe("LIMITED");
    const r = await saveDecisionAnswers(commander, greenAnswers(incidentId));
    expect(r.verdict).toBe("ALLOWED");
    expect((await stored(incidentId))!.computedVerdict).toBe("ALLOWED");

    await classify(commander, incidentId, { AUTH: "PRIMARY", TIMEOUT: "SECONDARY" });
    expect((await stored(incidentId))!.computedVerdict).toBe("BLOCKED");
    const history = await getPrisma().auditLog.findMany({ where: { incidentId, entityType: "FallbackDecision", field: "computedVerdict" }, orderBy: { id: "asc" } });
    expect(history.map((h) => [h.before, h.after])).toEqual([
      ["LIMITED", "ALLOWED"],
      ["ALLOWED", "BLOCKED"],
    ]);
    const verdict = await getEffectiveVerdict(commander, incidentId);
    expect(verdict.effective).toBe("BLOCKED");
    expect(verdict.result.reasons[0]).toMatchObject({ code: "CLASS_BLOCKS", message: "Do not model-fallback first; fix credentials" });
  });

  it("counts a passing FALLBACK smoke run for 5xx; no runs means not passed", async () => {
    const { commander, incidentId } = await setup();
    await classify(commander, incidentId, { UPSTREAM_5XX: "PRIMARY" });
    await saveDecisionAnswers(commander, greenAnswers(incidentId));
    let view = await getDecisionView(commander, incidentId);
    expect(view.smokePassed).toBe(false);
    expect(view.verdict.computed).toBe("LIMITED");
    await getPrisma().smokeTestRun.create({
      data: {
        incidentId,
        sequence: 1,
        requestId: "incident-20260508-smoke-001",
        path: "FALLBACK",
        model: "fallback-model",
        systemMessage: "s",
        userMessage: "u",
        maxTokens: 32,
        source: "MANUAL",
        criteria: Object.fromEntries(SMOKE_CRITERION_IDS.map((id) => [id, { result: "pass", note: "" }])),
      },
    });
    view = await getDecisionView(commander, incidentId);
    expect(view.smokePassed).toBe(true);
    expect(view.verdict.computed).toBe("ALLOWED");
  });

  it("the task-specific validation toggle lifts the quality-regression limit; a stale toggle is refused", async () => {
    const { commander, incidentId } = await setup();
    await classify(commander, incidentId, { QUALITY_REGRESSION: "PRIMARY" });
    await saveDecisionAnswers(commander, greenAnswers(incidentId));
    const { incidentVersion } = await getDecisionView(commander, incidentId);
    expect((await stored(incidentId))!.computedVerdict).toBe("LIMITED");
    await setTaskSpecificValidation(commander, { incidentId, done: true, version: incidentVersion });
    expect((await stored(incidentId))!.computedVerdict).toBe("ALLOWED");
    await expect(setTaskSpecificValidation(commander, { incidentId, done: false, version: incidentVersion })).rejects.toBeInstanceOf(ConflictError);
    expect(await getPrisma().auditLog.count({ where: { incidentId, field: "taskSpecificValidationDone" } })).toBe(1);
  });

  it("an override needs a reason, is recorded and audited; clearing it is audited too", async () => {
    const { commander, incidentId } = await setup();
    await classify(commander, incidentId, { AUTH: "PRIMARY" });
    let verdict = await getEffectiveVerdict(commander, incidentId);
    const before = await auditCount(incidentId);
    await expect(setVerdictOverride(commander, { incidentId, version: verdict.version, verdict: "LIMITED", reason: "  " })).rejects.toBeInstanceOf(ZodError);
    expect(await auditCount(incidentId)).toBe(before);
    expect((await stored(incidentId))!.overrideVerdict).toBeNull();

    await setVerdictOverride(commander, { incidentId, version: verdict.version, verdict: "LIMITED", reason: "Credentials rotated; 5% canary approved" });
    const decision = (await stored(incidentId))!;
    expect(decision).toMatchObject({ computedVerdict: "BLOCKED", overrideVerdict: "LIMITED", overrideReason: "Credentials rotated; 5% canary approved", overriddenById: commander.id });
    verdict = await getEffectiveVerdict(commander, incidentId);
    expect(verdict).toMatchObject({ computed: "BLOCKED", effective: "LIMITED", overridden: true, overriddenByName: commander.name });
    const fields = await getPrisma().auditLog.findMany({ where: { incidentId, entityType: "FallbackDecision", action: "UPDATE" } });
    expect(fields.map((f) => f.field)).toEqual(expect.arrayContaining(["overrideVerdict", "overrideReason", "overriddenById", "overriddenAt"]));

    // A stale version is refused.
    await expect(clearVerdictOverride(commander, { incidentId, version: verdict.version - 1 })).rejects.toBeInstanceOf(ConflictError);
    await clearVerdictOverride(commander, { incidentId, version: verdict.version });
    expect(await getEffectiveVerdict(commander, incidentId)).toMatchObject({ effective: "BLOCKED", overridden: false, overrideVerdict: null });
    const cleared = await getPrisma().auditLog.findFirstOrThrow({ where: { incidentId, field: "overrideReason" }, orderBy: { id: "desc" } });
    expect(cleared).toMatchObject({ before: "Credentials rotated; 5% canary approved", after: null });
  });

  it("a viewer reads the decision but every write is refused without a trace", async () => {
    const { commander, incidentId } = await setup();
    await classify(commander, incidentId, { TIMEOUT: "PRIMARY" });
    const viewer = await makeActor("VIEWER");
    const view = await getDecisionView(viewer, incidentId);
    const before = await auditCount(incidentId);
    await expect(saveDecisionAnswers(viewer, greenAnswers(incidentId))).rejects.toBeInstanceOf(AuthError);
    await expect(setTaskSpecificValidation(viewer, { incidentId, done: true, version: view.incidentVersion })).rejects.toBeInstanceOf(AuthError);
    await expect(setVerdictOverride(viewer, { incidentId, version: view.verdict.version, verdict: "ALLOWED", reason: "x" })).rejects.toBeInstanceOf(AuthError);
    await expect(clearVerdictOverride(viewer, { incidentId, version: view.verdict.version })).rejects.toBeInstanceOf(AuthError);
    expect(await auditCount(incidentId)).toBe(before);
    expect(await getPrisma().checklistAnswer.count({ where: { incidentId } })).toBe(0);
  });

  it("refuses items that are not part of the decision checklists", async () => {
    const { commander, incidentId } = await setup();
    await expect(
      saveDecisionAnswers(commander, answers(incidentId, [{ checklistId: "rollback-steps", itemId: "freeze-ramp-up", checked: "yes" }])),
    ).rejects.toThrow(/not items of this checklist/);
  });
});
