import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { ZChecklistAnswers } from "@/lib/decision/schemas";
import { listRollbackAnswers, ROLLBACK_CONDITIONS_ID, ROLLBACK_STEPS_ID, saveRollbackAnswers } from "./rollback";

async function setup() {
  const commander = await makeActor("COMMANDER");
  const { id } = await createIncident(commander, { title: "rollback", severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  return { commander, incidentId: id };
}
const save = (incidentId: string, answers: Record<string, unknown>[]) =>
  ZChecklistAnswers.parse({ incidentId, timeZone: "UTC", answers: answers.map((a) => ({ version: 0, note: "", occurredAtLocal: "", ...a })) });

describe("rollback checklist", () => {
  it("a done step records when and by whom (the acting user); a later note edit keeps them; unticking clears them", async () => {
    const { commander, incidentId } = await setup();
    const colleague = await makeActor("COMMANDER");
    await saveRollbackAnswers(
      commander,
      save(incidentId, [
        { checklistId: ROLLBACK_STEPS_ID, itemId: "freeze-ramp-up", checked: true, occurredAtLocal: "2026-05-08T10:02" },
        { checklistId: ROLLBACK_STEPS_ID, itemId: "restore-primary-slice", checked: true },
        { checklistId: ROLLBACK_CONDITIONS_ID, itemId: "latency-breach", checked: true, note: "p95 12s" },
      ]),
    );
    let rows = await listRollbackAnswers(commander, incidentId);
    const freeze = rows.find((r) => r.itemId === "freeze-ramp-up")!;
    expect(freeze).toMatchObject({ checked: true, byUserId: commander.id, byUserName: commander.name, version: 1 });
    expect(freeze.occurredAt!.toISOString()).toBe("2026-05-08T10:02:00.000Z");
    // Ticked without a time: now is recorded.
    const restore = rows.find((r) => r.itemId === "restore-primary-slice")!;
    expect(Math.abs(restore.occurredAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(rows.find((r) => r.itemId === "latency-breach")).toMatchObject({ checked: true, note: "p95 12s" });

    await saveRollbackAnswers(colleague, save(incidentId, [{ checklistId: ROLLBACK_STEPS_ID, itemId: "freeze-ramp-up", checked: true, note: "confirmed", version: 1 }]));
    rows = await listRollbackAnswers(commander, incidentId);
    expect(rows.find((r) => r.itemId === "freeze-ramp-up")).toMatchObject({ byUserId: commander.id, note: "confirmed", version: 2 });

    await saveRollbackAnswers(colleague, save(incidentId, [{ checklistId: ROLLBACK_STEPS_ID, itemId: "freeze-ramp-up", checked: false, version: 2 }]));
    rows = await listRollbackAnswers(commander, incidentId);
    expect(rows.find((r) => r.itemId === "freeze-ramp-up")).toMatchObject({ checked: false, byUserId: null, occurredAt: null });
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId, entityType: "ChecklistAnswer" } });
    expect(audit.filter((a) => a.action === "CREATE")).toHaveLength(3);
    expect(audit.map((a) => a.field)).toContain(`${ROLLBACK_STEPS_ID}.freeze-ramp-up.byUserId`);
  });

  it("a viewer cannot tick anything", async () => {
    const { incidentId } = await setup();
    const viewer = await makeActor("VIEWER");
    await expect(
      saveRollbackAnswers(viewer, save(incidentId, [{ checklistId: ROLLBACK_STEPS_ID, itemId: "freeze-ramp-up", checked: true }])),
    ).rejects.toBeInstanceOf(AuthError);
    expect(await getPrisma().checklistAnswer.count({ where: { incidentId } })).toBe(0);
    expect(await getPrisma().auditLog.count({ where: { incidentId, entityType: "ChecklistAnswer" } })).toBe(0);
  });
});
