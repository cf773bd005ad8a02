// Response shapes of /api/v1 for the OpenAPI document (the `data` of a JSON
// answer). Request shapes are never written here: they are the forms' schemas.
import { z } from "zod";
import { FOLLOW_UP_STATUSES } from "@/lib/followups/schemas";
import { FALLBACK_MODES, INCIDENT_STATUSES, SCOPE_FIELDS, SEVERITIES } from "@/lib/incidents/schemas";
import { TIMELINE_EVENT_KINDS } from "@/lib/timeline/schemas";

const iso = () => z.string().describe("ISO 8601 instant (UTC)");
const isoOrNull = () => iso().nullable();

export const ZApiIncidentListRow = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  primaryModelAlias: z.string().nullable(),
  primaryModelResolvedId: z.string().nullable(),
  fallbackMode: z.enum(FALLBACK_MODES),
  failureClasses: z.array(z.object({ failureClass: z.string(), role: z.enum(["PRIMARY", "SECONDARY"]) })),
  startedAt: iso(),
  endedAt: isoOrNull(),
  durationMs: z.number(),
  ongoing: z.boolean(),
  commanderId: z.string().nullable(),
  commanderName: z.string().nullable(),
  answered: z.number().int(),
  questionTotal: z.number().int(),
  openFollowUps: z.number().int(),
});

export const ZApiIncidentPage = z.object({
  rows: z.array(ZApiIncidentListRow),
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  pageCount: z.number().int(),
});

const scope = Object.fromEntries(SCOPE_FIELDS.map((f) => [f, z.array(z.string())])) as Record<(typeof SCOPE_FIELDS)[number], z.ZodArray<z.ZodString>>;

export const ZApiIncident = z.object({
  key: z.string(),
  incidentId: z.string(),
  version: z.number().int().describe("Send it back with PATCH: a stale version gets 409."),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  commanderId: z.string().nullable(),
  commander: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  degradationStartedAt: iso(),
  detectionSource: z.string().nullable(),
  detectedAt: isoOrNull(),
  mitigatedAt: isoOrNull(),
  endedAt: isoOrNull(),
  currentStatusNote: z.string().nullable(),
  ...scope,
  primaryModelAlias: z.string().nullable(),
  primaryModelResolvedId: z.string().nullable(),
  fallbackMode: z.enum(FALLBACK_MODES),
  primarySymptom: z.string().nullable(),
  fallbackAction: z.string().nullable(),
  rollbackCondition: z.string().nullable(),
  createdAt: iso(),
});

export const ZApiCreatedIncident = z.object({ id: z.string(), key: z.string() });
export const ZApiIncidentUpdated = z.object({ key: z.string(), version: z.number().int(), changedFields: z.array(z.string()) });

export const ZApiTimelineEvent = z.object({
  id: z.string(),
  version: z.number().int(),
  occurredAt: iso(),
  kind: z.enum(TIMELINE_EVENT_KINDS),
  description: z.string(),
  trafficPercent: z.number().nullable(),
  authorName: z.string().nullable(),
  createdAt: iso().optional(),
});
export const ZApiSaved = z.object({ id: z.string(), version: z.number().int(), incidentKey: z.string() });

export const ZApiFollowUp = z.object({
  id: z.string(),
  title: z.string(),
  ownerUserId: z.string().nullable(),
  ownerUserName: z.string().nullable(),
  ownerExternalName: z.string().nullable(),
  dueDate: z.string().nullable().describe("YYYY-MM-DD"),
  status: z.enum(FOLLOW_UP_STATUSES),
  ticketUrl: z.string().nullable(),
  sourceSectionId: z.string().nullable(),
  sourceQuestionId: z.string().nullable(),
  completedAt: isoOrNull(),
  version: z.number().int(),
  createdAt: iso(),
});

const counts = z.record(z.string(), z.number().int());

export const ZApiImportResult = z.object({
  importId: z.string(),
  incidentId: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  format: z.string(),
  rows: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  byClass: counts,
  byPath: counts,
  privacyReport: z.record(z.string(), z.unknown()),
  rejectedLines: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })),
  bytes: z.number().int(),
  firstTs: isoOrNull(),
  lastTs: isoOrNull(),
  bucketSize: z.string(),
  histogramBuckets: z.number().int(),
  observationWindows: z.number().int(),
  startedAt: iso(),
  finishedAt: iso(),
  timings: z.object({ streamMs: z.number(), aggregateMs: z.number(), totalMs: z.number() }),
});

export const ZApiImportStatus = z.object({
  id: z.string(),
  fileName: z.string(),
  format: z.string(),
  status: z.enum(["RUNNING", "COMPLETED", "FAILED", "CANCELLED"]),
  rows: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  byClass: counts,
  byPath: counts,
  privacy: z.record(z.string(), z.number()),
  rejectedLines: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })),
  error: z.string().nullable(),
  startedAt: iso(),
  finishedAt: isoOrNull(),
  createdBy: z.string().nullable(),
});

export const ZApiOpenApi = z.record(z.string(), z.unknown()).describe("This OpenAPI 3.1 document.");
