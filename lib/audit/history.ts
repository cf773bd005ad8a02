import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";

export type THistoryEntry = {
  id: string;
  createdAt: Date;
  actorLabel: string;
  action: "CREATE" | "UPDATE" | "DELETE";
  entityType: string;
  entityId: string;
  field: string | null;
  before: unknown;
  after: unknown;
};

/** An incident's history, newest first. Readable by every role; no one can change it. */
export async function listIncidentHistory(actor: TActor, incidentId: string, take = 500): Promise<THistoryEntry[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().auditLog.findMany({
    where: { incidentId },
    orderBy: { id: "desc" },
    take,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    createdAt: r.createdAt,
    actorLabel: r.actorLabel,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    field: r.field,
    before: r.before,
    after: r.after,
  }));
}
