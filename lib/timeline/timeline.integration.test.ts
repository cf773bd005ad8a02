import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";

// The action wrapper runs for real; only the request's session and Next's cache are stood in for.
const hooks = vi.hoisted(() => ({ actor: null as TActor | null, failAfterAudit: false }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => hooks.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/audit/record", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/audit/record")>();
  return {
    ...real,
    recordAudit: async (...args: Parameters<typeof real.recordAudit>) => {
      await real.recordAudit(...args);
      if (hooks.failAfterAudit) throw new Error("forced failure after the change and its history were written");
    },
  };
});

import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { createTimelineEventAction, deleteTimelineEventAction, updateTimelineEventAction } from "./actions";
import { ZTimelineEvent, ZUpdateTimelineEvent } from "./schemas";
import { createTimelineEvent, deleteTimelineEvent, listTimelineEvents, updateTimelineEvent } from "./timeline";

async function setup() {
  const commander = await makeActor("COMMANDER");
  const { id: incidentId, key } = await createIncident(commander, {
    title: "Timeline test",
    severity: "SEV3",
    degradationStartedAt: new Date("2026-05-08T09:12:00Z"),
  });
  return { commander, incidentId, key };
}

const eventInput = (incidentId: string, over: Record<string, unknown> = {}) =>
  ZTimelineEvent.parse({
    incidentId,
    kind: "FALLBACK_CHANGE",
    occurredAtLocal: "2026-05-08T09:41",
    timeZone: "UTC",
    description: "Secondary model enabled for 25% of eligible requests.",
    trafficPercent: "25",
    ...over,
  });

const history = (incidentId: string) =>
  getPrisma().auditLog.findMany({ where: { incidentId, entityType: "TimelineEvent" }, orderBy: { id: "asc" } });

beforeEach(() => {
  hooks.actor = null;
  hooks.failAfterAudit = false;
});

describe("timeline events", () => {
  it("create, edit and delete, each with its history in the same transaction", async () => {
    const { commander, incidentId, key } = await setup();
    const created = await createTimelineEvent(commander, eventInput(incidentId));
    expect(created).toMatchObject({ version: 1, incidentKey: key });

    const [listed] = await listTimelineEvents(commander, incidentId);
    expect(listed).toMatchObject({ id: created.id, kind: "FALLBACK_CHANGE", trafficPercent: 25, authorName: commander.name });
    expect(listed!.occurredAt.toISOString()).toBe("2026-05-08T09:41:00.000Z");

    const updated = await updateTimelineEvent(
      commander,
      ZUpdateTimelineEvent.parse({
        id: created.id,
        version: 1,
        kind: "FALLBACK_CHANGE",
        occurredAtLocal: "2026-05-08T09:45",
        timeZone: "UTC",
        description: "Secondary model enabled for 50% of eligible requests.",
        trafficPercent: 50,
      }),
    );
    expect(updated.version).toBe(2);

    await deleteTimelineEvent(commander, { id: created.id, version: 2 });
    expect(await getPrisma().timelineEvent.findUnique({ where: { id: created.id } })).toBeNull();

    const rows = await history(incidentId);
    expect(rows.map((r) => [r.action, r.field])).toEqual([
      ["CREATE", null],
      ["UPDATE", "occurredAt"],
      ["UPDATE", "description"],
      ["UPDATE", "trafficPercent"],
      ["DELETE", null],
    ]);
    expect(rows.every((r) => r.entityId === created.id && r.actorId === commander.id)).toBe(true);
    expect(rows[0]!.after).toMatchObject({ kind: "FALLBACK_CHANGE", trafficPercent: 25, authorId: commander.id });
    expect(rows[3]).toMatchObject({ before: 25, after: 50 });
    // The deleted event survives in the history as a snapshot.
    expect(rows[4]!.before).toMatchObject({
      kind: "FALLBACK_CHANGE",
      occurredAt: "2026-05-08T09:45:00.000Z",
      description: "Secondary model enabled for 50% of eligible requests.",
      trafficPercent: 50,
    });
  });

  it("a stale edit or delete is refused with the current event and changes nothing", async () => {
    const { commander, incidentId } = await setup();
    const other = await makeActor("ADMIN");
    const { id } = await createTimelineEvent(commander, eventInput(incidentId, { kind: "NOTE", trafficPercent: "" }));
    await updateTimelineEvent(
      other,
      ZUpdateTimelineEvent.parse({ id, version: 1, kind: "NOTE", occurredAtLocal: "2026-05-08T09:41", timeZone: "UTC", description: "Theirs" }),
    );
    const before = await history(incidentId);

    const stale = ZUpdateTimelineEvent.parse({ id, version: 1, kind: "NOTE", occurredAtLocal: "2026-05-08T09:50", timeZone: "UTC", description: "Mine" });
    const error = await updateTimelineEvent(commander, stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(2);
    expect((error as ConflictError).current).toMatchObject({ id, version: 2, description: "Theirs", kind: "NOTE" });
    await expect(deleteTimelineEvent(commander, { id, version: 1 })).rejects.toBeInstanceOf(ConflictError);

    const row = await getPrisma().timelineEvent.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ version: 2, description: "Theirs" });
    expect(await history(incidentId)).toHaveLength(before.length);
  });

  it("editing an event someone deleted says so", async () => {
    const { commander, incidentId } = await setup();
    const { id } = await createTimelineEvent(commander, eventInput(incidentId));
    await deleteTimelineEvent(commander, { id, version: 1 });
    const edit = ZUpdateTimelineEvent.parse({ id, version: 1, kind: "NOTE", occurredAtLocal: "2026-05-08T09:50", timeZone: "UTC", description: "late" });
    await expect(updateTimelineEvent(commander, edit)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a viewer can read but cannot add, edit or delete; nothing is written", async () => {
    const { commander, incidentId } = await setup();
    const viewer = await makeActor("VIEWER");
    const { id } = await createTimelineEvent(commander, eventInput(incidentId));
    const before = await history(incidentId);

    await expect(createTimelineEvent(viewer, eventInput(incidentId))).rejects.toBeInstanceOf(AuthError);
    const edit = ZUpdateTimelineEvent.parse({ id, version: 1, kind: "NOTE", occurredAtLocal: "2026-05-08T09:50", timeZone: "UTC", description: "x" });
    await expect(updateTimelineEvent(viewer, edit)).rejects.toBeInstanceOf(AuthError);
    await expect(deleteTimelineEvent(viewer, { id, version: 1 })).rejects.toBeInstanceOf(AuthError);
    hooks.actor = viewer;
    expect(await deleteTimelineEventAction({ id, version: 1 })).toMatchObject({ ok: false, status: 403 });

    expect(await listTimelineEvents(viewer, incidentId)).toHaveLength(1);
    expect(await getPrisma().timelineEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 1, kind: "FALLBACK_CHANGE" });
    expect(await history(incidentId)).toHaveLength(before.length);
  });

  it("the actions refuse invalid events with field errors and save valid ones", async () => {
    const { commander, incidentId } = await setup();
    hooks.actor = commander;
    const invalid = await createTimelineEventAction({
      incidentId,
      kind: "FALLBACK_CHANGE",
      occurredAtLocal: "2099-01-01T00:00",
      timeZone: "UTC",
      description: "",
      trafficPercent: "",
    });
    expect(invalid).toMatchObject({ ok: false, status: 400 });
    if (invalid.ok) return;
    expect(invalid.fieldErrors).toEqual({
      description: ["Describe what happened."],
      occurredAtLocal: ["This time cannot be in the future."],
      trafficPercent: ["Enter the share of traffic on the fallback path (0–100 %)."],
    });
    const notFallback = await createTimelineEventAction({ incidentId, kind: "ALERT", occurredAtLocal: "2026-05-08T09:18", timeZone: "UTC", description: "Alert", trafficPercent: "10" });
    expect(notFallback).toMatchObject({ ok: false, fieldErrors: { trafficPercent: ["Traffic % applies only to fallback changes."] } });
    expect(await getPrisma().timelineEvent.count({ where: { incidentId } })).toBe(0);

    const ok = await createTimelineEventAction({ incidentId, kind: "ALERT", occurredAtLocal: "2026-05-08T09:18", timeZone: "UTC", description: "Alert", trafficPercent: "" });
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const update = await updateTimelineEventAction({ id: ok.data.id, version: 1, kind: "ALERT", occurredAtLocal: "2026-05-08T09:19", timeZone: "UTC", description: "Alert" });
    expect(update).toMatchObject({ ok: true, data: { version: 2 } });
    const stale = await updateTimelineEventAction({ id: ok.data.id, version: 1, kind: "ALERT", occurredAtLocal: "2026-05-08T09:20", timeZone: "UTC", description: "Alert" });
    expect(stale).toMatchObject({ ok: false, status: 409, conflict: { currentVersion: 2 } });
  });

  it("a change that fails after its write and history leaves neither (create and delete)", async () => {
    const { commander, incidentId } = await setup();
    const { id } = await createTimelineEvent(commander, eventInput(incidentId));
    const before = await history(incidentId);

    hooks.failAfterAudit = true;
    await expect(createTimelineEvent(commander, eventInput(incidentId, { description: "never saved" }))).rejects.toThrow(/forced failure/);
    await expect(deleteTimelineEvent(commander, { id, version: 1 })).rejects.toThrow(/forced failure/);
    hooks.failAfterAudit = false;

    expect(await getPrisma().timelineEvent.count({ where: { incidentId } })).toBe(1);
    expect(await getPrisma().timelineEvent.findUnique({ where: { id } })).not.toBeNull();
    expect(await history(incidentId)).toHaveLength(before.length);
  });

  it("an event for an incident that does not exist is refused", async () => {
    const commander = await makeActor("COMMANDER");
    await expect(createTimelineEvent(commander, eventInput("no-such-incident"))).rejects.toBeInstanceOf(NotFoundError);
  });
});
