// Timeline events, shared by forms (client) and actions (server).
import { z } from "zod";
import { checkLocalTime, EVEN_WITH_FIELD_ERRORS, ZTimeZone } from "@/lib/incidents/schemas";
import { zonedLocalToUtc } from "@/lib/time/zone";

export const TIMELINE_EVENT_KINDS = [
  "DETECTION",
  "ALERT",
  "DEPLOYMENT_OR_CHANGE",
  "MITIGATION",
  "FALLBACK_CHANGE",
  "ROLLBACK",
  "RECOVERY",
  "CUSTOMER_COMMUNICATION",
  "NOTE",
] as const;
export const ZTimelineEventKind = z.enum(TIMELINE_EVENT_KINDS, { error: "Choose what kind of event this was." });
export type TTimelineEventKind = z.infer<typeof ZTimelineEventKind>;

export const TIMELINE_KIND_LABELS: Record<TTimelineEventKind, string> = {
  DETECTION: "Detection",
  ALERT: "Alert",
  DEPLOYMENT_OR_CHANGE: "Deployment or change",
  MITIGATION: "Mitigation",
  FALLBACK_CHANGE: "Fallback change",
  ROLLBACK: "Rollback",
  RECOVERY: "Recovery",
  CUSTOMER_COMMUNICATION: "Customer communication",
  NOTE: "Note",
};

export const DESCRIPTION_MAX = 2000;

/** "" (none), a number, or the text of a number input. */
const ZTrafficPercentInput = z.union([z.string(), z.number(), z.null()], { error: "Enter a percentage from 0 to 100." }).optional();

function parsePercent(value: unknown): number | null | "invalid" {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  // Only text or a number can be a percentage (String() of some objects throws).
  if (typeof value !== "number" && typeof value !== "string") return "invalid";
  const n = typeof value === "number" ? value : Number(value.trim().replace(",", "."));
  return Number.isFinite(n) ? n : "invalid";
}

const eventFields = {
  kind: ZTimelineEventKind,
  occurredAtLocal: z.string(),
  timeZone: ZTimeZone,
  description: z
    .string()
    .trim()
    .min(1, { error: "Describe what happened." })
    .max(DESCRIPTION_MAX, { error: `Use at most ${DESCRIPTION_MAX} characters.` }),
  trafficPercent: ZTrafficPercentInput,
};

type TEventFieldsRaw = { kind?: unknown; occurredAtLocal?: unknown; timeZone?: unknown; trafficPercent?: unknown };

/** Time not in the future; traffic % required for a fallback change (0–100), not allowed otherwise. */
function refineEvent(v: TEventFieldsRaw, ctx: z.RefinementCtx): void {
  checkLocalTime(v.occurredAtLocal, v.timeZone, ctx, "occurredAtLocal");
  const percent = parsePercent(v.trafficPercent);
  if (v.kind === "FALLBACK_CHANGE") {
    if (percent === null) {
      ctx.addIssue({ code: "custom", path: ["trafficPercent"], message: "Enter the share of traffic on the fallback path (0–100 %)." });
    } else if (percent === "invalid" || percent < 0 || percent > 100) {
      ctx.addIssue({ code: "custom", path: ["trafficPercent"], message: "Enter a percentage from 0 to 100." });
    }
  } else if (percent !== null) {
    ctx.addIssue({ code: "custom", path: ["trafficPercent"], message: "Traffic % applies only to fallback changes." });
  }
}

function toEventData(v: z.output<z.ZodObject<typeof eventFields>>) {
  const percent = parsePercent(v.trafficPercent);
  return {
    kind: v.kind,
    occurredAt: zonedLocalToUtc(v.occurredAtLocal, v.timeZone)!,
    description: v.description,
    trafficPercent: typeof percent === "number" ? percent : null,
  };
}

/** A new event on an incident's timeline. */
export const ZTimelineEvent = z
  .object({ incidentId: z.string().min(1), ...eventFields })
  .superRefine(refineEvent, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({ incidentId: v.incidentId, ...toEventData(v) }));
export type TTimelineEventInput = z.input<typeof ZTimelineEvent>;
export type TTimelineEvent = z.output<typeof ZTimelineEvent>;

/** An edit of an event, based on the event `version` the user saw. */
export const ZUpdateTimelineEvent = z
  .object({ id: z.string().min(1), version: z.number().int().min(1), ...eventFields })
  .superRefine(refineEvent, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({ id: v.id, version: v.version, ...toEventData(v) }));
export type TUpdateTimelineEventInput = z.input<typeof ZUpdateTimelineEvent>;
export type TUpdateTimelineEvent = z.output<typeof ZUpdateTimelineEvent>;

/** Deleting an event, refused when it changed since the user saw it. */
export const ZDeleteTimelineEvent = z.object({ id: z.string().min(1), version: z.number().int().min(1) });
export type TDeleteTimelineEvent = z.infer<typeof ZDeleteTimelineEvent>;
