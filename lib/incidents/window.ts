import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { refreshIncidentSearchDocument } from "@/lib/analytics/search-document";
import { diffFields } from "@/lib/audit/diff";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { assertVersion, CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { ConflictError } from "@/lib/http/errors";
import { FUTURE_TOLERANCE_MS, SCOPE_FIELDS, WINDOW_TIME_FIELDS, windowOrderErrors, type TIncidentWindow, type TScopeField } from "./schemas";
import { toIncidentWindowView } from "./window-view";

/** Every field the window page edits, in the order the history shows them. */
export const WINDOW_FIELDS = [
  "title",
  "severity",
  "status",
  "commanderId",
  "degradationStartedAt",
  "detectionSource",
  "detectedAt",
  "mitigatedAt",
  "endedAt",
  "currentStatusNote",
  ...SCOPE_FIELDS,
  "primaryModelAlias",
  "primaryModelResolvedId",
  "fallbackMode",
  "primarySymptom",
  "fallbackAction",
  "rollbackCondition",
] as const satisfies readonly (keyof TIncidentWindow)[];

const COMMANDER_ROLES = ["ADMIN", "COMMANDER"] as const;

/**
 * The window rules again on the instants themselves, for callers (CLI, API,
 * seeds) that build the data without the form schema.
 */
function checkWindowTimes(data: TIncidentWindow, now = Date.now()): void {
  const errors: Record<string, string[]> = {};
  for (const [field, formField] of Object.entries(WINDOW_TIME_FIELDS) as [keyof typeof WINDOW_TIME_FIELDS, string][]) {
    const at = data[field];
    if (at && at.getTime() > now + FUTURE_TOLERANCE_MS) errors[formField] = ["This time cannot be in the future."];
  }
  for (const [field, message] of Object.entries(windowOrderErrors(data))) errors[field] ??= [message];
  if (Object.keys(errors).length) throw new ValidationError("Some fields need attention.", errors);
}

/**
 * Saves §1 of the runbook for an incident. Refused when the incident changed
 * since `data.version` (ConflictError with the current window). One audit row
 * per changed field, in the same transaction as the update.
 */
export async function updateIncidentWindow(
  actor: TActor,
  data: TIncidentWindow,
): Promise<{ key: string; version: number; changedFields: string[] }> {
  requirePermission(actor, "incident:write");
  checkWindowTimes(data);
  return getPrisma().$transaction(async (tx) => {
    const current = await tx.incident.findUnique({ where: { id: data.incidentId } });
    if (!current) throw new NotFoundError("This incident no longer exists.");
    assertVersion(current, data.version, toIncidentWindowView);

    const next = Object.fromEntries(WINDOW_FIELDS.map((f) => [f, data[f]])) as Pick<TIncidentWindow, (typeof WINDOW_FIELDS)[number]>;
    const changes = diffFields(current, next, WINDOW_FIELDS);
    if (changes.length === 0) return { key: current.key, version: current.version, changedFields: [] };

    if (next.commanderId && next.commanderId !== current.commanderId) {
      const commander = await tx.user.findUnique({ where: { id: next.commanderId } });
      if (!commander || commander.disabledAt || !(COMMANDER_ROLES as readonly string[]).includes(commander.role)) {
        throw new ValidationError("Some fields need attention.", { commanderId: ["Choose an active admin or commander."] });
      }
    }

    const updated = await tx.incident.updateMany({
      where: { id: current.id, version: data.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (updated.count !== 1) {
      // Someone saved between our read and our write.
      const latest = await tx.incident.findUnique({ where: { id: current.id } });
      throw new ConflictError(CONFLICT_MESSAGE, latest ? toIncidentWindowView(latest) : null, latest?.version ?? 0);
    }
    if (changes.some((c) => c.field === "title")) await refreshIncidentSearchDocument(tx, current.id);
    await recordAudit(tx, { actor, incidentId: current.id, action: "UPDATE", entityType: "Incident", entityId: current.id, changes });
    return { key: current.key, version: data.version + 1, changedFields: changes.map((c) => c.field) };
  });
}

export type TScopeSuggestions = Record<TScopeField, string[]>;

/** Values used for the affected scope in earlier incidents, most used first, for the chips' suggestions. */
export async function listScopeSuggestions(actor: TActor, excludeIncidentId?: string, perField = 50): Promise<TScopeSuggestions> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().incident.findMany({
    where: excludeIncidentId ? { id: { not: excludeIncidentId } } : {},
    orderBy: { degradationStartedAt: "desc" },
    take: 500,
    select: Object.fromEntries(SCOPE_FIELDS.map((f) => [f, true])) as Record<TScopeField, true>,
  });
  const out = {} as TScopeSuggestions;
  for (const field of SCOPE_FIELDS) {
    const counts = new Map<string, number>();
    for (const row of rows) for (const value of row[field]) counts.set(value, (counts.get(value) ?? 0) + 1);
    out[field] = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, perField)
      .map(([value]) => value);
  }
  return out;
}

export type TCommanderOption = { id: string; name: string; email: string; eligible: boolean };

/** Who may be the incident commander: active admins and commanders, plus the current one whatever their state. */
export async function listCommanderOptions(actor: TActor, currentCommanderId: string | null): Promise<TCommanderOption[]> {
  requirePermission(actor, "incident:read");
  const users = await getPrisma().user.findMany({
    where: {
      OR: [{ role: { in: [...COMMANDER_ROLES] }, disabledAt: null }, ...(currentCommanderId ? [{ id: currentCommanderId }] : [])],
    },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabledAt: true },
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    eligible: !u.disabledAt && (COMMANDER_ROLES as readonly string[]).includes(u.role),
  }));
}
