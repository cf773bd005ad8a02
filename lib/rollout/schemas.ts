// Step 4: rollout steps, observation windows and the incident's rule
// settings. Times are entered in the browser's zone and stored in UTC; rates
// are entered as percentages and stored as fractions (what the rules take).
// Shared by forms (client) and actions (server).
import { z } from "zod";
import { PATHS } from "@/lib/fallback/types";
import { checkLocalTime, EVEN_WITH_FIELD_ERRORS, ZIncidentKey, ZTimeZone } from "@/lib/incidents/schemas";
import { zonedLocalToUtc } from "@/lib/time/zone";

const MAX_INT = 2_147_483_647;

const wholeNumber = (what: string, { required = true, max = MAX_INT } = {}) =>
  z
    .string()
    .trim()
    .refine((v) => !required || v !== "", { error: `Enter ${what}.` })
    .refine((v) => v === "" || (/^\d+$/.test(v) && Number(v) <= max), {
      error: `Enter ${what} as a whole number of 0 or more${max < MAX_INT ? ` (at most ${max.toLocaleString("en-US")})` : ""}.`,
    });

const percent = (what: string, { required = true } = {}) =>
  z
    .string()
    .trim()
    .refine((v) => !required || v !== "", { error: `Enter ${what}.` })
    .refine((v) => v === "" || (/^\d{1,3}(\.\d{1,6})?$/.test(v) && Number(v) <= 100), {
      error: `Enter ${what} as a percentage from 0 to 100.`,
    });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max.toLocaleString("en-US")} characters.` })
    .transform((v) => (v === "" ? null : v));

const num = (v: string): number | null => (v.trim() === "" ? null : Number(v));

/** Percent shown in the form for a stored fraction, without float noise (0.07 → "7"). */
export function fractionToPercentText(fraction: number | null): string {
  return fraction === null ? "" : String(Number((fraction * 100).toPrecision(12)));
}

// ─── Rollout steps ─────────────────────────────────────────────────────────

export const ZRolloutStep = z
  .object({
    incidentKey: ZIncidentKey,
    timeZone: ZTimeZone,
    occurredAtLocal: z.string(),
    trafficPercent: percent("the share of eligible traffic"),
    scope: z
      .string()
      .trim()
      .min(1, { error: "Say which traffic this step covers (route, tenant, region…)." })
      .max(200, { error: "Use at most 200 characters." }),
    approverName: optionalText(200),
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    checkLocalTime(v.occurredAtLocal, v.timeZone, ctx, "occurredAtLocal");
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    incidentKey: v.incidentKey,
    occurredAt: zonedLocalToUtc(v.occurredAtLocal, v.timeZone)!,
    trafficPercent: Number(v.trafficPercent),
    scope: v.scope,
    approverName: v.approverName,
    note: v.note,
  }));
export type TRolloutStepInput = z.input<typeof ZRolloutStep>;
export type TRolloutStep = z.output<typeof ZRolloutStep>;

// ─── Observation windows ───────────────────────────────────────────────────

export const ZObservationWindow = z
  .object({
    incidentKey: ZIncidentKey,
    timeZone: ZTimeZone,
    path: z.enum(PATHS, { error: "Choose the path." }),
    startLocal: z.string(),
    endLocal: z.string(),
    requests: wholeNumber("the number of requests"),
    errors: wholeNumber("the number of errors"),
    timeouts: wholeNumber("the number of timeouts"),
    validationFailures: wholeNumber("the number of validation failures"),
    p95LatencyMs: wholeNumber("the p95 latency", { required: false }),
    activeClassErrors: wholeNumber("the active-class errors", { required: false }),
  })
  .superRefine((v, ctx) => {
    const start = checkLocalTime(v.startLocal, v.timeZone, ctx, "startLocal");
    const end = checkLocalTime(v.endLocal, v.timeZone, ctx, "endLocal");
    if (start && end && end.getTime() <= start.getTime()) {
      ctx.addIssue({ code: "custom", path: ["endLocal"], message: "The window must end after it starts." });
    }
    const requests = typeof v.requests === "string" && /^\d+$/.test(v.requests.trim()) ? Number(v.requests) : null;
    if (requests === null) return;
    const parts = [
      ["errors", "Errors"],
      ["timeouts", "Timeouts"],
      ["validationFailures", "Validation failures"],
      ["activeClassErrors", "Active-class errors"],
    ] as const;
    for (const [field, label] of parts) {
      const value = v[field];
      if (typeof value === "string" && /^\d+$/.test(value.trim()) && Number(value) > requests) {
        ctx.addIssue({ code: "custom", path: [field], message: `${label} cannot exceed the requests in the window.` });
      }
    }
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    incidentKey: v.incidentKey,
    path: v.path,
    windowStart: zonedLocalToUtc(v.startLocal, v.timeZone)!,
    windowEnd: zonedLocalToUtc(v.endLocal, v.timeZone)!,
    requests: Number(v.requests),
    errors: Number(v.errors),
    timeouts: Number(v.timeouts),
    validationFailures: Number(v.validationFailures),
    p95LatencyMs: num(v.p95LatencyMs),
    activeClassErrors: num(v.activeClassErrors),
  }));
export type TObservationWindowInput = z.input<typeof ZObservationWindow>;
export type TObservationWindowData = z.output<typeof ZObservationWindow>;

// ─── Rule settings (saved on the incident, with its version) ───────────────

export const ZRuleSettings = z
  .object({
    incidentKey: ZIncidentKey,
    version: z.number().int().min(0),
    baselineTimeoutRatePercent: percent("the baseline timeout rate", { required: false }),
    baselineErrorRatePercent: percent("the baseline error rate", { required: false }),
    observationWindowMinutes: wholeNumber("the window length in minutes", { max: 1440 }).refine(
      (v) => v === "" || Number(v) >= 1,
      { error: "The observation window must be at least one minute." },
    ),
    userFacingTimeoutBudgetMs: wholeNumber("the timeout budget", { required: false, max: 3_600_000 }).refine(
      (v) => v === "" || Number(v) >= 1,
      { error: "The timeout budget must be at least 1 ms." },
    ),
  })
  .transform((v) => ({
    incidentKey: v.incidentKey,
    version: v.version,
    settings: {
      baselineTimeoutRate: v.baselineTimeoutRatePercent === "" ? null : Number(v.baselineTimeoutRatePercent) / 100,
      baselineErrorRate: v.baselineErrorRatePercent === "" ? null : Number(v.baselineErrorRatePercent) / 100,
      observationWindowMinutes: Number(v.observationWindowMinutes),
      userFacingTimeoutBudgetMs: num(v.userFacingTimeoutBudgetMs),
    },
  }));
export type TRuleSettingsInput = z.input<typeof ZRuleSettings>;
export type TRuleSettingsData = z.output<typeof ZRuleSettings>;
export type TRuleSettings = TRuleSettingsData["settings"];

export function ruleSettingsToForm(incidentKey: string, version: number, s: TRuleSettings): TRuleSettingsInput {
  return {
    incidentKey,
    version,
    baselineTimeoutRatePercent: fractionToPercentText(s.baselineTimeoutRate),
    baselineErrorRatePercent: fractionToPercentText(s.baselineErrorRate),
    observationWindowMinutes: String(s.observationWindowMinutes),
    userFacingTimeoutBudgetMs: s.userFacingTimeoutBudgetMs === null ? "" : String(s.userFacingTimeoutBudgetMs),
  };
}

export const ZDeleteRolloutRow = z.object({
  incidentKey: ZIncidentKey,
  id: z.string().min(1).max(64),
});
export type TDeleteRolloutRow = z.output<typeof ZDeleteRolloutRow>;
