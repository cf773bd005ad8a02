import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { makeActor } from "@/lib/testing/integration";
import { createIncident, getIncidentByKey, listIncidents } from "./incidents";

const input = (title: string) => ({ title, severity: "SEV2" as const, degradationStartedAt: new Date("2026-05-08T09:12:00Z") });

describe("incidents data layer", () => {
  it("a viewer can read but not create; nothing is written when refused", async () => {
    const viewer = await makeActor("VIEWER");
    const before = await getPrisma().incident.count();
    await expect(createIncident(viewer, input("viewer attempt"))).rejects.toBeInstanceOf(AuthError);
    expect(await getPrisma().incident.count()).toBe(before);
    await expect(listIncidents(viewer)).resolves.toBeInstanceOf(Array);
  });

  it("allocates sequential keys per year and audits the creation in the same transaction", async () => {
    const commander = await makeActor("COMMANDER");
    const a = await createIncident(commander, input("first"));
    const b = await createIncident(commander, input("second"));
    const seq = (k: string) => Number(k.split("-")[2]);
    expect(a.key).toMatch(/^INC-2026-\d{4}$/);
    expect(seq(b.key)).toBe(seq(a.key) + 1);
    const incident = await getIncidentByKey(commander, a.key);
    expect(incident.commanderId).toBe(commander.id);
    expect(incident.runbookVersion).toBe("2026-05-08");
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId: a.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "CREATE", entityType: "Incident", actorId: commander.id });
  });

  it("concurrent creations never share a key", async () => {
    const commander = await makeActor("COMMANDER");
    const keys = await Promise.all(Array.from({ length: 8 }, (_, i) => createIncident(commander, input(`parallel ${i}`))));
    expect(new Set(keys.map((k) => k.key)).size).toBe(8);
  });

  it("the audit log cannot be edited or deleted", async () => {
    const commander = await makeActor("COMMANDER");
    const { id } = await createIncident(commander, input("audited"));
    const row = await getPrisma().auditLog.findFirstOrThrow({ where: { incidentId: id } });
    await expect(getPrisma().auditLog.update({ where: { id: row.id }, data: { actorLabel: "someone else" } })).rejects.toThrow();
    await expect(getPrisma().auditLog.delete({ where: { id: row.id } })).rejects.toThrow();
    await expect(getPrisma().$executeRaw`UPDATE "AuditLog" SET "actorLabel" = 'x' WHERE id = ${row.id}`).rejects.toThrow(/append-only/);
    await expect(getPrisma().$executeRaw`DELETE FROM "AuditLog" WHERE id = ${row.id}`).rejects.toThrow(/append-only/);
    expect((await getPrisma().auditLog.findUniqueOrThrow({ where: { id: row.id } })).actorLabel).toBe(row.actorLabel);
  });
});
