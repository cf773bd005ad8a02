import { afterEach, describe, expect, it, vi } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { createFollowUp, deleteFollowUp, listFollowUps, setFollowUpStatus, updateFollowUp } from "./followups";
import { ZCreateFollowUp, ZDeleteFollowUp, ZSetFollowUpStatus, ZUpdateFollowUp, type TFollowUpInput } from "./schemas";

async function setup() {
  const commander = await makeActor("COMMANDER");
  const viewer = await makeActor("VIEWER");
  const incident = await createIncident(commander, { title: "Follow-up tests", severity: "SEV3", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  return { commander, viewer, incident };
}

const fields = (over: Partial<TFollowUpInput> = {}): TFollowUpInput => ({
  title: "Separate fallback traffic on the dashboard",
  ownerUserId: "",
  ownerExternalName: "Dana from SRE",
  dueDate: "2026-06-01",
  status: "OPEN",
  ticketUrl: "https://tickets.example.com/OPS-1",
  source: "question:detection.dashboards-separated",
  ...over,
});

const auditRows = (incidentId: string) => getPrisma().auditLog.findMany({ where: { incidentId, entityType: "FollowUp" }, orderBy: { id: "asc" } });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("follow-ups data layer", () => {
  it("creates with an audit row, stores the due date as a date, and lists it", async () => {
    const { commander, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields({ ownerUserId: commander.id, ownerExternalName: "" }) }));
    expect(created).toMatchObject({ ownerUserId: commander.id, ownerUserName: commander.name, dueDate: "2026-06-01", status: "OPEN", version: 1, completedAt: null });
    expect(created.sourceSectionId).toBe("DETECTION");
    const raw = await getPrisma().$queryRaw<{ due: string }[]>`SELECT "dueDate"::text AS due FROM "FollowUp" WHERE id = ${created.id}`;
    expect(raw[0]!.due).toBe("2026-06-01");
    const audit = await auditRows(incident.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "CREATE", entityId: created.id, actorId: commander.id });
    expect(audit[0]!.after).toMatchObject({ title: "Separate fallback traffic on the dashboard", dueDate: "2026-06-01", ownerUserId: commander.id });
    expect((await listFollowUps(commander, incident.id)).map((f) => f.id)).toEqual([created.id]);
  });

  it("updates record one history row per changed field, in the same transaction, and bump the version", async () => {
    const { commander, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    const updated = await updateFollowUp(
      commander,
      ZUpdateFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1, followUp: fields({ dueDate: "2026-07-15", status: "IN_PROGRESS" }) }),
    );
    expect(updated).toMatchObject({ version: 2, dueDate: "2026-07-15", status: "IN_PROGRESS" });
    const updates = (await auditRows(incident.id)).filter((a) => a.action === "UPDATE");
    expect(updates.map((a) => [a.field, a.before, a.after])).toEqual([
      ["dueDate", "2026-06-01", "2026-07-15"],
      ["status", "OPEN", "IN_PROGRESS"],
    ]);
  });

  it("sets completedAt when the status becomes done and clears it when reopened", async () => {
    const { commander, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    const done = await setFollowUpStatus(commander, ZSetFollowUpStatus.parse({ incidentKey: incident.key, id: created.id, version: 1, status: "DONE" }));
    expect(done.completedAt).not.toBeNull();
    expect(Math.abs(Date.parse(done.completedAt!) - Date.now())).toBeLessThan(60_000);
    const audit = (await auditRows(incident.id)).filter((a) => a.action === "UPDATE").map((a) => a.field);
    expect(audit).toEqual(["status", "completedAt"]);
    const reopened = await setFollowUpStatus(commander, ZSetFollowUpStatus.parse({ incidentKey: incident.key, id: created.id, version: 2, status: "OPEN" }));
    expect(reopened).toMatchObject({ completedAt: null, version: 3 });
    const createdDone = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields({ status: "DONE" }) }));
    expect(createdDone.completedAt).not.toBeNull();
  });

  it("a save based on a stale version is refused with the current value; nothing is written", async () => {
    const { commander, incident } = await setup();
    const other = await makeActor("COMMANDER");
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    await updateFollowUp(other, ZUpdateFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1, followUp: fields({ title: "Theirs" }) }));
    const before = await auditRows(incident.id);
    const stale = updateFollowUp(commander, ZUpdateFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1, followUp: fields({ title: "Mine" }) }));
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    const error = (await stale.catch((e: unknown) => e)) as ConflictError;
    expect(error.currentVersion).toBe(2);
    expect(error.current).toMatchObject({ title: "Theirs", version: 2 });
    await expect(setFollowUpStatus(commander, ZSetFollowUpStatus.parse({ incidentKey: incident.key, id: created.id, version: 1, status: "DONE" }))).rejects.toBeInstanceOf(ConflictError);
    await expect(deleteFollowUp(commander, ZDeleteFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1 }))).rejects.toBeInstanceOf(ConflictError);
    const row = await getPrisma().followUp.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ title: "Theirs", status: "OPEN", version: 2 });
    expect(await auditRows(incident.id)).toHaveLength(before.length);
  });

  it("two concurrent saves from the same version: exactly one wins", async () => {
    const { commander, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    const results = await Promise.allSettled(
      ["A", "B"].map((t) => updateFollowUp(commander, ZUpdateFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1, followUp: fields({ title: `Title ${t}` }) }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await auditRows(incident.id)).filter((a) => a.action === "UPDATE")).toHaveLength(1);
  });

  it("deletes with a history row holding the last values", async () => {
    const { commander, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    await deleteFollowUp(commander, ZDeleteFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1 }));
    expect(await getPrisma().followUp.count({ where: { id: created.id } })).toBe(0);
    const last = (await auditRows(incident.id)).at(-1)!;
    expect(last).toMatchObject({ action: "DELETE", entityId: created.id });
    expect(last.before).toMatchObject({ title: "Separate fallback traffic on the dashboard", ownerExternalName: "Dana from SRE" });
    await expect(deleteFollowUp(commander, ZDeleteFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1 }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an owner who is not an active user, and a follow-up of another incident", async () => {
    const { commander, incident } = await setup();
    const disabled = await makeActor("COMMANDER");
    await getPrisma().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const attempt = createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields({ ownerUserId: disabled.id, ownerExternalName: "" }) }));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    expect(await getPrisma().followUp.count({ where: { incidentId: incident.id } })).toBe(0);

    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    const otherIncident = await createIncident(commander, { title: "Another", severity: "SEV4", degradationStartedAt: new Date("2026-05-01T00:00:00Z") });
    await expect(
      setFollowUpStatus(commander, ZSetFollowUpStatus.parse({ incidentKey: otherIncident.key, id: created.id, version: 1, status: "DONE" })),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a viewer can read but every write is refused and nothing is written", async () => {
    const { commander, viewer, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    const before = { rows: await getPrisma().followUp.count(), audit: await getPrisma().auditLog.count() };
    await expect(createFollowUp(viewer, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }))).rejects.toBeInstanceOf(AuthError);
    await expect(
      updateFollowUp(viewer, ZUpdateFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1, followUp: fields({ title: "Viewer edit" }) })),
    ).rejects.toMatchObject({ status: 403 });
    await expect(setFollowUpStatus(viewer, ZSetFollowUpStatus.parse({ incidentKey: incident.key, id: created.id, version: 1, status: "DONE" }))).rejects.toBeInstanceOf(AuthError);
    await expect(deleteFollowUp(viewer, ZDeleteFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1 }))).rejects.toBeInstanceOf(AuthError);
    expect({ rows: await getPrisma().followUp.count(), audit: await getPrisma().auditLog.count() }).toEqual(before);
    expect(await getPrisma().followUp.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ title: created.title, version: 1 });
    expect(await listFollowUps(viewer, incident.id)).toHaveLength(1);
  });

  it("a change that fails after writing leaves neither the change nor its history", async () => {
    const { commander, incident } = await setup();
    const created = await createFollowUp(commander, ZCreateFollowUp.parse({ incidentKey: incident.key, followUp: fields() }));
    const before = await getPrisma().auditLog.count({ where: { incidentId: incident.id } });
    const prisma = getPrisma();
    const original = prisma.$transaction.bind(prisma) as (fn: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
    // Fail at the very end of the transaction, after the update and its audit rows were written.
    vi.spyOn(prisma, "$transaction").mockImplementationOnce(((fn: (tx: unknown) => Promise<unknown>) =>
      original(async (tx) => {
        await fn(tx);
        throw new Error("simulated failure before commit");
      })) as never);
    await expect(
      updateFollowUp(commander, ZUpdateFollowUp.parse({ incidentKey: incident.key, id: created.id, version: 1, followUp: fields({ title: "Never saved", status: "DONE" }) })),
    ).rejects.toThrow("simulated failure before commit");
    expect(await getPrisma().auditLog.count({ where: { incidentId: incident.id } })).toBe(before);
    expect(await getPrisma().followUp.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ title: created.title, status: "OPEN", version: 1 });
  });
});
