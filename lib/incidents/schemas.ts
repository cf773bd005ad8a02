// Shared by forms (client) and actions (server).
import { z } from "zod";
import { isValidTimeZone, zonedLocalToUtc } from "@/lib/time/zone";

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const ZSeverity = z.enum(SEVERITIES, { error: "Choose a severity." });
export type TSeverity = z.infer<typeof ZSeverity>;

export const INCIDENT_STATUSES = ["INVESTIGATING", "MITIGATING", "MONITORING", "RESOLVED", "CLOSED"] as const;
export const ZIncidentStatus = z.enum(INCIDENT_STATUSES);
export type TIncidentStatus = z.infer<typeof ZIncidentStatus>;

export const ZTimeZone = z.string().refine(isValidTimeZone, { error: "Unknown time zone." });

/** Allowed clock skew between browser and server when checking "not in the future". */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;

/**
 * Cross-field checks run even when some fields failed, so the user sees every
 * field error at once (zod skips refinements after a type error otherwise).
 */
export const EVEN_WITH_FIELD_ERRORS = {
  when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null,
};

/** Checks a local wall time in a zone: valid, and not in the future. Returns the UTC instant. */
export function checkLocalTime(
  local: unknown,
  timeZone: unknown,
  ctx: z.RefinementCtx,
  path: string,
  { required = true }: { required?: boolean } = {},
): Date | null {
  if (typeof local !== "string" || !local) {
    if (required) ctx.addIssue({ code: "custom", path: [path], message: "Enter a date and time." });
    return null;
  }
  const at = typeof timeZone === "string" && isValidTimeZone(timeZone) ? zonedLocalToUtc(local, timeZone) : null;
  if (!at) {
    ctx.addIssue({ code: "custom", path: [path], message: "Enter a valid date and time." });
    return null;
  }
  if (at.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    ctx.addIssue({ code: "custom", path: [path], message: "This time cannot be in the future." });
    return null;
  }
  return at;
}

export const ZCreateIncident = z
  .object({
    title: z.string().trim().min(3, { error: "Enter a title of at least 3 characters." }).max(200),
    severity: ZSeverity,
    startedAtLocal: z.string().min(1, { error: "Enter when the degradation started." }),
    timeZone: ZTimeZone,
  })
  .superRefine((v, ctx) => {
    checkLocalTime(v.startedAtLocal, v.timeZone, ctx, "startedAtLocal");
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    title: v.title,
    severity: v.severity,
    degradationStartedAt: zonedLocalToUtc(v.startedAtLocal, v.timeZone)!,
  }));
export type TCreateIncidentInput = z.input<typeof ZCreateIncident>;
export type TCreateIncident = z.output<typeof ZCreateIncident>;

export const ZIncidentKey = z.string().regex(/^INC-\d{4}-\d{4,}$/, { error: "Not an incident key." });
