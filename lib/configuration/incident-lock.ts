import "server-only";
import type { Prisma } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/http/errors";

export type TLockedIncident = {
  id: string;
  key: string;
  degradationStartedAt: Date;
};

/**
 * Locks the incident row for the rest of the caller's transaction, so numbers
 * allocated per incident (snapshot versions, smoke sequences) are handed out
 * one at a time. FOR NO KEY UPDATE does not block inserts of other child rows
 * (their foreign-key checks take KEY SHARE).
 */
export async function lockIncidentByKey(tx: Prisma.TransactionClient, key: string): Promise<TLockedIncident> {
  const rows = await tx.$queryRaw<TLockedIncident[]>`
    SELECT "id", "key", "degradationStartedAt" FROM "Incident" WHERE "key" = ${key} FOR NO KEY UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError(`Incident ${key} was not found.`);
  return row;
}

/** The incident's id by key, without a lock (reads and non-numbered writes). */
export async function findIncidentIdByKey(tx: Prisma.TransactionClient, key: string): Promise<string> {
  const row = await tx.incident.findUnique({ where: { key }, select: { id: true } });
  if (!row) throw new NotFoundError(`Incident ${key} was not found.`);
  return row.id;
}
