import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import type { TActor } from "@/lib/auth/permissions";
import { toAuditJson, type TFieldChange } from "./diff";

type TTx = Prisma.TransactionClient;

export type TAuditEntry = {
  actor: TActor | null;
  incidentId: string | null;
  action: "CREATE" | "UPDATE" | "DELETE";
  entityType: string;
  entityId: string;
  /** UPDATE: one row per changed field. CREATE/DELETE: the whole entity as after/before. */
  changes?: TFieldChange[];
  snapshot?: unknown;
};

/** Writes audit rows inside the caller's transaction, so a failed change leaves no history. */
export async function recordAudit(tx: TTx, entry: TAuditEntry): Promise<void> {
  const base = {
    incidentId: entry.incidentId,
    actorId: entry.actor?.id ?? null,
    actorLabel: entry.actor ? `${entry.actor.name} <${entry.actor.email}>` : "system",
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
  };
  if (entry.action === "UPDATE") {
    const changes = entry.changes ?? [];
    if (changes.length === 0) return;
    await tx.auditLog.createMany({
      data: changes.map((c) => ({
        ...base,
        field: c.field,
        before: toAuditJson(c.before) as Prisma.InputJsonValue,
        after: toAuditJson(c.after) as Prisma.InputJsonValue,
      })),
    });
    return;
  }
  const snapshot = toAuditJson(entry.snapshot ?? null) as Prisma.InputJsonValue;
  await tx.auditLog.create({
    data: {
      ...base,
      before: entry.action === "DELETE" ? snapshot : undefined,
      after: entry.action === "CREATE" ? snapshot : undefined,
    },
  });
}
