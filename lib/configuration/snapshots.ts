import "server-only";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ZConfigSnapshot, type TConfigSnapshot } from "@/lib/fallback/config-diff";
import { ValidationError } from "@/lib/http/errors";
import { findIncidentIdByKey, lockIncidentByKey } from "./incident-lock";
import { snapshotFromRow, type TSaveConfigSnapshot, type TSnapshotLabel } from "./schemas";

export type TSnapshotView = {
  id: string;
  versionNumber: number;
  label: TSnapshotLabel;
  labelNote: string | null;
  createdAt: Date;
  createdByName: string | null;
  snapshot: TConfigSnapshot;
};

type TSnapshotRow = Prisma.ConfigSnapshotGetPayload<{ include: { createdBy: { select: { name: true } } } }>;

function toView(row: TSnapshotRow): TSnapshotView {
  return {
    id: row.id,
    versionNumber: row.versionNumber,
    label: row.label,
    labelNote: row.labelNote,
    createdAt: row.createdAt,
    createdByName: row.createdBy?.name ?? null,
    snapshot: snapshotFromRow(row),
  };
}

/** Every version of the incident's configuration, newest first. */
export async function listConfigSnapshots(actor: TActor, incidentKey: string): Promise<TSnapshotView[]> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incidentId = await findIncidentIdByKey(prisma, incidentKey);
  const rows = await prisma.configSnapshot.findMany({
    where: { incidentId },
    orderBy: { versionNumber: "desc" },
    include: { createdBy: { select: { name: true } } },
  });
  return rows.map(toView);
}

/**
 * Saves a new version; snapshots are never edited in place. The version
 * number is allocated under a lock on the incident row, so concurrent saves
 * get consecutive, distinct numbers.
 */
export async function createConfigSnapshot(
  actor: TActor,
  input: TSaveConfigSnapshot,
): Promise<{ id: string; versionNumber: number }> {
  requirePermission(actor, "incident:write");
  // The snapshot is checked once more (idempotent): callers outside the action wrapper exist.
  const snapshot = ZConfigSnapshot.parse(input.snapshot);
  const data = { ...input, labelNote: input.label === "OTHER" || input.labelNote ? input.labelNote : null };
  if (data.label === "OTHER" && !data.labelNote) {
    throw new ValidationError("Say when this snapshot was taken.", { labelNote: ["Say when this snapshot was taken."] });
  }
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncidentByKey(tx, data.incidentKey);
    const last = await tx.configSnapshot.aggregate({ where: { incidentId: incident.id }, _max: { versionNumber: true } });
    const versionNumber = (last._max.versionNumber ?? 0) + 1;
    const row = await tx.configSnapshot.create({
      data: {
        incidentId: incident.id,
        versionNumber,
        label: data.label,
        labelNote: data.labelNote,
        ...snapshot,
        featureFlags: snapshot.featureFlags as Prisma.InputJsonValue,
        createdById: actor.id,
      },
    });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "CREATE",
      entityType: "ConfigSnapshot",
      entityId: row.id,
      snapshot: { versionNumber, label: data.label, labelNote: data.labelNote, ...snapshot },
    });
    return { id: row.id, versionNumber };
  });
}
