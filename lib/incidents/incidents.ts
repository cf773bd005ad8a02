import "server-only";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { refreshIncidentSearchDocument } from "@/lib/analytics/search-document";
import { NotFoundError } from "@/lib/http/errors";
import { RUNBOOK_VERSION } from "@/lib/runbook/runbook";
import { formatIncidentKey } from "./keys";
import type { TCreateIncident } from "./schemas";

/** Next key of the year, allocated inside the caller's transaction (row lock on the counter). */
async function allocateIncidentKey(tx: Prisma.TransactionClient, year: number): Promise<string> {
  const rows = await tx.$queryRaw<{ lastSeq: number }[]>`
    INSERT INTO "IncidentKeyCounter" ("year", "lastSeq") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "lastSeq" = "IncidentKeyCounter"."lastSeq" + 1
    RETURNING "lastSeq"`;
  return formatIncidentKey(year, Number(rows[0]!.lastSeq));
}

export type TCreateIncidentData = {
  title: string;
  severity: "SEV1" | "SEV2" | "SEV3" | "SEV4";
  degradationStartedAt: Date;
} & Partial<Omit<Prisma.IncidentUncheckedCreateInput, "id" | "key" | "runbookVersion" | "version">>;

/** Creates an incident (artifact kinds without a row read as missing); the commander defaults to the creator. */
export async function createIncidentRecord(
  actor: TActor,
  data: TCreateIncidentData,
  tx?: Prisma.TransactionClient,
): Promise<{ id: string; key: string }> {
  requirePermission(actor, "incident:write");
  const run = async (t: Prisma.TransactionClient) => {
    const key = await allocateIncidentKey(t, data.degradationStartedAt.getUTCFullYear());
    const incident = await t.incident.create({
      data: {
        commanderId: actor.id,
        createdById: actor.id,
        ...data,
        key,
        runbookVersion: RUNBOOK_VERSION,
      },
    });
    await refreshIncidentSearchDocument(t, incident.id);
    await recordAudit(t, {
      actor,
      incidentId: incident.id,
      action: "CREATE",
      entityType: "Incident",
      entityId: incident.id,
      snapshot: { key, title: incident.title, severity: incident.severity, degradationStartedAt: incident.degradationStartedAt },
    });
    return { id: incident.id, key };
  };
  return tx ? run(tx) : getPrisma().$transaction(run);
}

/** Input already parsed by ZCreateIncident (the action/route wrapper does it). */
export async function createIncident(actor: TActor, data: TCreateIncident): Promise<{ id: string; key: string }> {
  return createIncidentRecord(actor, data);
}

export type TIncidentListItem = {
  id: string;
  key: string;
  title: string;
  severity: string;
  status: string;
  degradationStartedAt: Date;
  endedAt: Date | null;
  primaryModelAlias: string | null;
  fallbackMode: string;
  commanderName: string | null;
};

export async function listIncidents(actor: TActor, take = 200): Promise<TIncidentListItem[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().incident.findMany({
    orderBy: { degradationStartedAt: "desc" },
    take,
    include: { commander: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    title: r.title,
    severity: r.severity,
    status: r.status,
    degradationStartedAt: r.degradationStartedAt,
    endedAt: r.endedAt,
    primaryModelAlias: r.primaryModelAlias,
    fallbackMode: r.fallbackMode,
    commanderName: r.commander?.name ?? null,
  }));
}

export async function getIncidentByKey(actor: TActor, key: string) {
  requirePermission(actor, "incident:read");
  const incident = await getPrisma().incident.findUnique({
    where: { key },
    include: { commander: { select: { id: true, name: true, email: true } } },
  });
  if (!incident) throw new NotFoundError(`Incident ${key} was not found.`);
  return incident;
}

export type TIncident = Awaited<ReturnType<typeof getIncidentByKey>>;
