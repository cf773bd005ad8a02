// Shared by forms (client) and actions (server).
import { z } from "zod";
import { DETECTION_SOURCE_IDS, type TDetectionSourceId } from "@/lib/runbook/runbook";
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

// ─── §1 Confirm the incident window ─────────────────────────────────────────

export const DETECTION_SOURCES = DETECTION_SOURCE_IDS as unknown as readonly [TDetectionSourceId, ...TDetectionSourceId[]];
export const ZDetectionSource = z.enum(DETECTION_SOURCES, { error: "Choose a detection source from the runbook's list." });

export const FALLBACK_MODES = ["AUTOMATIC", "MANUAL", "NOT_TRIGGERED"] as const;
export const ZFallbackMode = z.enum(FALLBACK_MODES, { error: "Choose whether fallback was automatic, manual or not triggered." });
export type TFallbackMode = z.infer<typeof ZFallbackMode>;
export const FALLBACK_MODE_LABELS: Record<TFallbackMode, string> = {
  AUTOMATIC: "Automatic",
  MANUAL: "Manual",
  NOT_TRIGGERED: "Not triggered",
};

/** The five affected-scope dimensions of the runbook's "Affected route, service, tenant, region, or feature." */
export const SCOPE_FIELDS = ["affectedRoutes", "affectedServices", "affectedTenants", "affectedRegions", "affectedFeatures"] as const;
export type TScopeField = (typeof SCOPE_FIELDS)[number];
export const SCOPE_LABELS: Record<TScopeField, { plural: string; singular: string }> = {
  affectedRoutes: { plural: "Affected routes", singular: "route" },
  affectedServices: { plural: "Affected services", singular: "service" },
  affectedTenants: { plural: "Affected tenants", singular: "tenant" },
  affectedRegions: { plural: "Affected regions", singular: "region" },
  affectedFeatures: { plural: "Affected features", singular: "feature" },
};
export const SCOPE_VALUE_MAX = 200;
export const SCOPE_VALUES_MAX = 50;

/** Trims, drops empty values and case-insensitive duplicates (first spelling wins). */
export function normalizeScopeValues(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const value = raw.trim().replace(/\s+/g, " ");
    const key = value.toLowerCase();
    if (!value || seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

const ZScopeValues = z
  .array(z.string(), { error: "Expected a list of values." })
  .superRefine((values, ctx) => {
    if (values.some((v) => v.trim().length > SCOPE_VALUE_MAX)) {
      ctx.addIssue({ code: "custom", message: `Each value can have at most ${SCOPE_VALUE_MAX} characters.` });
    }
    if (normalizeScopeValues(values).length > SCOPE_VALUES_MAX) {
      ctx.addIssue({ code: "custom", message: `Enter at most ${SCOPE_VALUES_MAX} values.` });
    }
  })
  .transform(normalizeScopeValues);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, { error: `${label} can have at most ${max} characters.` })
    .transform((v) => v.trim() || null);

/** The window's instants, in the order the runbook records them. */
export type TWindowTimes = {
  degradationStartedAt: Date | null;
  detectedAt: Date | null;
  mitigatedAt: Date | null;
  endedAt: Date | null;
};

/** Form field that carries each instant (the datetime-local input). */
export const WINDOW_TIME_FIELDS = {
  degradationStartedAt: "degradationStartedAtLocal",
  detectedAt: "detectedAtLocal",
  mitigatedAt: "mitigatedAtLocal",
  endedAt: "endedAtLocal",
} as const satisfies Record<keyof TWindowTimes, string>;

/**
 * Ordering rules of the window, on instants: detection, mitigation and end not
 * before the start; mitigation not before detection; the end not before
 * detection or mitigation. Keys are form field names. Used by ZIncidentWindow
 * and again by the data layer for callers that build the data themselves.
 */
export function windowOrderErrors(t: TWindowTimes): Record<string, string> {
  const errors: Record<string, string> = {};
  const before = (a: Date | null, b: Date | null) => Boolean(a && b && a.getTime() < b.getTime());
  if (before(t.detectedAt, t.degradationStartedAt)) errors.detectedAtLocal = "Detection cannot be before the start of degradation.";
  if (before(t.mitigatedAt, t.degradationStartedAt)) {
    errors.mitigatedAtLocal = "Mitigation cannot be before the start of degradation.";
  } else if (before(t.mitigatedAt, t.detectedAt)) {
    errors.mitigatedAtLocal = "Mitigation cannot be before detection.";
  }
  if (before(t.endedAt, t.degradationStartedAt)) {
    errors.endedAtLocal = "The end cannot be before the start of degradation.";
  } else if (before(t.endedAt, t.mitigatedAt)) {
    errors.endedAtLocal = "The end cannot be before mitigation.";
  } else if (before(t.endedAt, t.detectedAt)) {
    errors.endedAtLocal = "The end cannot be before detection.";
  }
  return errors;
}

/**
 * §1 of the runbook, as edited on the incident window page. Times are wall
 * times in `timeZone` (datetime-local inputs) and come out as UTC instants;
 * `version` is the incident version the edit was based on.
 */
export const ZIncidentWindow = z
  .object({
    incidentId: z.string().min(1),
    version: z.number().int().min(1),
    timeZone: ZTimeZone,
    title: z.string().trim().min(3, { error: "Enter a title of at least 3 characters." }).max(200, { error: "Use at most 200 characters." }),
    severity: ZSeverity,
    status: ZIncidentStatus,
    commanderId: z.string().max(100),
    degradationStartedAtLocal: z.string(),
    detectionSource: z.union([z.literal(""), ZDetectionSource], { error: "Choose a detection source from the runbook's list." }),
    detectedAtLocal: z.string(),
    mitigatedAtLocal: z.string(),
    endedAtLocal: z.string(),
    currentStatusNote: optionalText(2000, "The current status"),
    affectedRoutes: ZScopeValues,
    affectedServices: ZScopeValues,
    affectedTenants: ZScopeValues,
    affectedRegions: ZScopeValues,
    affectedFeatures: ZScopeValues,
    primaryModelAlias: optionalText(200, "The model alias"),
    primaryModelResolvedId: optionalText(200, "The resolved model identifier"),
    fallbackMode: ZFallbackMode,
    primarySymptom: optionalText(2000, "The primary symptom"),
    fallbackAction: optionalText(2000, "The fallback action"),
    rollbackCondition: optionalText(2000, "The rollback condition"),
  })
  .superRefine((v, ctx) => {
    const times: TWindowTimes = {
      degradationStartedAt: checkLocalTime(v.degradationStartedAtLocal, v.timeZone, ctx, "degradationStartedAtLocal"),
      detectedAt: checkLocalTime(v.detectedAtLocal, v.timeZone, ctx, "detectedAtLocal", { required: false }),
      mitigatedAt: checkLocalTime(v.mitigatedAtLocal, v.timeZone, ctx, "mitigatedAtLocal", { required: false }),
      endedAt: checkLocalTime(v.endedAtLocal, v.timeZone, ctx, "endedAtLocal", { required: false }),
    };
    for (const [path, message] of Object.entries(windowOrderErrors(times))) ctx.addIssue({ code: "custom", path: [path], message });
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => {
    const at = (local: string) => (local ? zonedLocalToUtc(local, v.timeZone) : null);
    return {
      incidentId: v.incidentId,
      version: v.version,
      title: v.title,
      severity: v.severity,
      status: v.status,
      commanderId: v.commanderId || null,
      degradationStartedAt: at(v.degradationStartedAtLocal)!,
      detectionSource: v.detectionSource || null,
      detectedAt: at(v.detectedAtLocal),
      mitigatedAt: at(v.mitigatedAtLocal),
      endedAt: at(v.endedAtLocal),
      currentStatusNote: v.currentStatusNote,
      affectedRoutes: v.affectedRoutes,
      affectedServices: v.affectedServices,
      affectedTenants: v.affectedTenants,
      affectedRegions: v.affectedRegions,
      affectedFeatures: v.affectedFeatures,
      primaryModelAlias: v.primaryModelAlias,
      primaryModelResolvedId: v.primaryModelResolvedId,
      fallbackMode: v.fallbackMode,
      primarySymptom: v.primarySymptom,
      fallbackAction: v.fallbackAction,
      rollbackCondition: v.rollbackCondition,
    };
  });
export type TIncidentWindowInput = z.input<typeof ZIncidentWindow>;
export type TIncidentWindow = z.output<typeof ZIncidentWindow>;

/** True when the runbook's alias warning applies: an alias without the resolved identifier. */
export function needsAliasWarning(alias: string | null | undefined, resolvedId: string | null | undefined): boolean {
  return Boolean(alias?.trim()) && !resolvedId?.trim();
}
