// Step 3: primary and fallback, same sanitized prompt, side by side. Built
// from two smoke runs or entered by hand. Shared by forms and actions.
import { z } from "zod";
import { ZIncidentKey } from "@/lib/incidents/schemas";
import type { TPathObservation } from "@/lib/fallback/compare";
import { statusOrException } from "@/lib/smoke/view";

export const YES_NO_UNKNOWN = ["UNKNOWN", "YES", "NO"] as const;
const yesNo = (v: (typeof YES_NO_UNKNOWN)[number]): boolean | null => (v === "YES" ? true : v === "NO" ? false : null);

const promptLabel = z
  .string()
  .trim()
  .min(1, { error: "Name the prompt both paths were given." })
  .max(200, { error: "Use at most 200 characters." });

export const ZCompareRuns = z.object({
  incidentKey: ZIncidentKey,
  promptLabel,
  primaryRunId: z.string().min(1, { error: "Choose a primary smoke run." }).max(64),
  fallbackRunId: z.string().min(1, { error: "Choose a fallback smoke run." }).max(64),
});
export type TCompareRunsInput = z.input<typeof ZCompareRuns>;
export type TCompareRuns = z.output<typeof ZCompareRuns>;

const count = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d+$/.test(v) && Number(v) <= 2_147_483_647), {
      error: `${what} is a whole number (digits only).`,
    })
    .transform((v) => (v === "" ? null : Number(v)));

/** One side entered by hand; every value may be left blank ("not recorded"). */
export const ZComparisonSideForm = z.object({
  statusOrException: z
    .string()
    .trim()
    .max(100, { error: "Use at most 100 characters." })
    .transform((v) => (v === "" ? null : v)),
  latencyMs: count("Latency"),
  bodyShape: z
    .string()
    .trim()
    .max(2000, { error: "Use at most 2,000 characters." })
    .transform((v) => (v === "" ? null : v)),
  parseable: z.enum(YES_NO_UNKNOWN).transform(yesNo),
  totalTokens: count("Token usage"),
  retryCount: count("The retry count"),
  requestIdPropagated: z.enum(YES_NO_UNKNOWN).transform(yesNo),
});
export type TComparisonSideFormInput = z.input<typeof ZComparisonSideForm>;
export type TComparisonSide = z.output<typeof ZComparisonSideForm>;

export const ZCompareManual = z.object({
  incidentKey: ZIncidentKey,
  promptLabel,
  primary: ZComparisonSideForm,
  fallback: ZComparisonSideForm,
});
export type TCompareManualInput = z.input<typeof ZCompareManual>;
export type TCompareManual = z.output<typeof ZCompareManual>;

export const EMPTY_SIDE: TComparisonSideFormInput = Object.freeze({
  statusOrException: "",
  latencyMs: "",
  bodyShape: "",
  parseable: "UNKNOWN",
  totalTokens: "",
  retryCount: "",
  requestIdPropagated: "UNKNOWN",
});

/** A smoke run's result as one side of the comparison. */
export function sideFromSmokeRun(run: {
  statusCode: number | null;
  exceptionClass: string | null;
  latencyMs: number | null;
  responseShape: string | null;
  outputParses: boolean | null;
  totalTokens: number | null;
  retryCount: number | null;
  requestIdEchoed: boolean | null;
}): TComparisonSide {
  return {
    statusOrException: statusOrException(run),
    latencyMs: run.latencyMs,
    bodyShape: run.responseShape,
    parseable: run.outputParses,
    totalTokens: run.totalTokens,
    retryCount: run.retryCount,
    requestIdPropagated: run.requestIdEchoed,
  };
}

/** A stored side (or none) → what comparePaths reads. */
export function observationOf(side: TComparisonSide | null | undefined): TPathObservation {
  return side ?? {};
}
