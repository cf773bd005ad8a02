import "server-only";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { assertVersion, CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import type { TStoredTimelineEvent } from "./build";
import type { TDeleteTimelineEvent, TTimelineEvent, TTimelineEventKind, TUpdateTimelineEvent } from "./schemas";

const ENTITY = "TimelineEvent";
const EDITABLE_FIELDS = ["occurredAt", "kind", "description", "trafficPercent"] as const;

/** What the other person saw of an event, for the conflict notice. */
export type TTimelineEventView = {
  id: string;
  version: number;
  occurredAt: string;
  kind: TTimelineEventKind;
  description: string;
  trafficPercent: number | null;
};

type TEventRow = { id: string; version: number; occurredAt: Date; kind: TTimelineEventKind; description: string; trafficPercent: number | null };

const toView = (e: TEventRow): TTimelineEventView => ({
  id: e.id,
  version: e.version,
  occurredAt: e.occurredAt.toISOString(),
  kind: e.kind,
  description: e.description,
  trafficPercent: e.trafficPercent,
});

const snapshot = (e: TEventRow & { authorId: string | null }) => ({
  occurredAt: e.occurredAt,
  kind: e.kind,
  description: e.description,
  trafficPercent: e.trafficPercent,
  authorId: e.authorId,
});

export async function listTimelineEvents(actor: TActor, incidentId: string): Promise<TStoredTimelineEvent[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().timelineEvent.findMany({
    where: { incidentId },
    orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }],
    include: { author: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    occurredAt: r.occurredAt,
    kind: r.kind,
    description: r.description,
    trafficPercent: r.trafficPercent,
    authorName: r.author?.name ?? null,
    createdAt: r.createdAt,
  }));
}

type TSaved = { id: string; version: number; incidentKey: string };

async function incidentKeyOf(tx: Prisma.TransactionClient, incidentId: string): Promise<string> {
  const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { key: true } });
  if (!incident) throw new NotFoundError("This incident no longer exists.");
  return incident.key;
}

/** Adds an event written by the acting user; audited in the same transaction. */
export async function createTimelineEvent(actor: TActor, data: TTimelineEvent): Promise<TSaved> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incidentKey = await incidentKeyOf(tx, data.incidentId);
    const event = await tx.timelineEvent.create({
      data: {
        incidentId: data.incidentId,
        occurredAt: data.occurredAt,
        kind: data.kind,
        description: data.description,
        trafficPercent: data.trafficPercent,
        authorId: actor.id,
      },
    });
    await recordAudit(tx, { actor, incidentId: data.incidentId, action: "CREATE", entityType: ENTITY, entityId: event.id, snapshot: snapshot(event) });
    return { id: event.id, version: event.version, incidentKey };
  });
}

/** Edits an event based on `data.version`; a stale version is refused with the current event. */
export async function updateTimelineEvent(actor: TActor, data: TUpdateTimelineEvent): Promise<TSaved> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const current = await tx.timelineEvent.findUnique({ where: { id: data.id } });
    if (!current) throw new NotFoundError("This event no longer exists: someone deleted it.");
    assertVersion(current, data.version, toView);
    const incidentKey = await incidentKeyOf(tx, current.incidentId);
    const next = { occurredAt: data.occurredAt, kind: data.kind, description: data.description, trafficPercent: data.trafficPercent };
    const changes = diffFields(current, next, EDITABLE_FIELDS);
    if (changes.length === 0) return { id: current.id, version: current.version, incidentKey };
    const updated = await tx.timelineEvent.updateMany({
      where: { id: current.id, version: data.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (updated.count !== 1) {
      const latest = await tx.timelineEvent.findUnique({ where: { id: current.id } });
      throw new ConflictError(CONFLICT_MESSAGE, latest ? toView(latest) : null, latest?.version ?? 0);
    }
    await recordAudit(tx, { actor, incidentId: current.incidentId, action: "UPDATE", entityType: ENTITY, entityId: current.id, changes });
    return { id: current.id, version: data.version + 1, incidentKey };
  });
}

/** Deletes an event the user saw at `data.version`; the history keeps a snapshot of it. */
export async function deleteTimelineEvent(actor: TActor, data: TDeleteTimelineEvent): Promise<TSaved> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const current = await tx.timelineEvent.findUnique({ where: { id: data.id } });
    if (!current) throw new NotFoundError("This event no longer exists: someone deleted it.");
    assertVersion(current, data.version, toView);
    const incidentKey = await incidentKeyOf(tx, current.incidentId);
    const deleted = await tx.timelineEvent.deleteMany({ where: { id: current.id, version: data.version } });
    if (deleted.count !== 1) {
      const latest = await tx.timelineEvent.findUnique({ where: { id: current.id } });
      throw new ConflictError(CONFLICT_MESSAGE, latest ? toView(latest) : null, latest?.version ?? 0);
    }
    await recordAudit(tx, { actor, incidentId: current.incidentId, action: "DELETE", entityType: ENTITY, entityId: current.id, snapshot: snapshot(current) });
    return { id: current.id, version: data.version, incidentKey };
  });
}
