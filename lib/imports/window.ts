import "server-only";
import { diffFields } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { FUTURE_TOLERANCE_MS, windowOrderErrors } from "@/lib/incidents/schemas";
import { toIncidentWindowView } from "@/lib/incidents/window-view";
import { assertVersion, CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { getLogSpan, getRequestHistogram, type TLogSpan } from "./analytics";
import type { TBucketSize } from "./buckets";
import { ZAcceptWindow, type TAcceptWindow } from "./schemas";
import { detectionLagMs, suggestIncidentWindow, type TWindowSuggestion } from "./suggest-window";

export type TWindowSuggestionView = {
  suggestion: TWindowSuggestion;
  bucketSize: TBucketSize;
  /** Recorded detection minus the suggested start (ms); null when either is unknown. */
  detectionLagMs: number | null;
  recorded: { degradationStartedAt: string; endedAt: string | null; detectedAt: string | null; version: number };
};

/** The incident window the imported logs suggest, next to the recorded one. Null when nothing is imported. */
export async function getWindowSuggestion(actor: TActor, incidentId: string, span?: TLogSpan): Promise<TWindowSuggestionView | null> {
  requirePermission(actor, "incident:read");
  const incident = await getPrisma().incident.findUnique({
    where: { id: incidentId },
    select: { degradationStartedAt: true, endedAt: true, detectedAt: true, version: true },
  });
  if (!incident) throw new NotFoundError("This incident no longer exists.");
  const s = span ?? (await getLogSpan(actor, incidentId));
  if (!s.firstTs) return null;
  const histogram = await getRequestHistogram(actor, incidentId, { bucket: "auto", path: "ALL" }, s);
  const suggestion = suggestIncidentWindow(
    histogram.rows.map((r) => ({
      startMs: Date.parse(r.windowStart),
      endMs: Date.parse(r.windowEnd),
      requests: r.total,
      errors: r.total - r.OK,
    })),
  );
  return {
    suggestion,
    bucketSize: histogram.size,
    detectionLagMs: detectionLagMs(suggestion.startMs, incident.detectedAt),
    recorded: {
      degradationStartedAt: incident.degradationStartedAt.toISOString(),
      endedAt: incident.endedAt?.toISOString() ?? null,
      detectedAt: incident.detectedAt?.toISOString() ?? null,
      version: incident.version,
    },
  };
}

const ACCEPTED_FIELDS = ["degradationStartedAt", "endedAt"] as const;

/**
 * Writes the suggested start (and end, when the logs show a recovery) into
 * the incident window. Detection time is left as recorded. Refused when the
 * incident changed since `version`, or when the new times break the window's
 * order (e.g. a start after the recorded detection). One history row per
 * changed field, in the same transaction.
 */
export async function acceptSuggestedWindow(actor: TActor, raw: TAcceptWindow): Promise<{ key: string; version: number; changedFields: string[] }> {
  requirePermission(actor, "incident:write");
  const input = ZAcceptWindow.parse(raw);
  const degradationStartedAt = new Date(input.degradationStartedAt);
  const endedAt = input.endedAt ? new Date(input.endedAt) : null;
  const now = Date.now() + FUTURE_TOLERANCE_MS;
  if (degradationStartedAt.getTime() > now || (endedAt && endedAt.getTime() > now)) {
    throw new ValidationError("The suggested window is in the future.", { window: ["The suggested window is in the future."] });
  }
  return getPrisma().$transaction(async (tx) => {
    const current = await tx.incident.findUnique({ where: { id: input.incidentId } });
    if (!current) throw new NotFoundError("This incident no longer exists.");
    assertVersion(current, input.version, toIncidentWindowView);
    const next = { degradationStartedAt, endedAt: endedAt ?? current.endedAt };
    const order = windowOrderErrors({ degradationStartedAt: next.degradationStartedAt, detectedAt: current.detectedAt, mitigatedAt: current.mitigatedAt, endedAt: next.endedAt });
    if (Object.keys(order).length > 0) {
      throw new ValidationError(`The suggested window does not fit the recorded times: ${Object.values(order).join(" ")} Edit the window by hand instead.`, {
        window: Object.values(order),
      });
    }
    const changes = diffFields(current, next, ACCEPTED_FIELDS);
    if (changes.length === 0) return { key: current.key, version: current.version, changedFields: [] };
    const updated = await tx.incident.updateMany({ where: { id: current.id, version: input.version }, data: { ...next, version: { increment: 1 } } });
    if (updated.count !== 1) {
      const latest = await tx.incident.findUnique({ where: { id: current.id } });
      throw new ConflictError(CONFLICT_MESSAGE, latest ? toIncidentWindowView(latest) : null, latest?.version ?? 0);
    }
    await recordAudit(tx, { actor, incidentId: current.id, action: "UPDATE", entityType: "Incident", entityId: current.id, changes });
    return { key: current.key, version: input.version + 1, changedFields: changes.map((c) => c.field) };
  });
}
