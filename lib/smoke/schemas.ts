// Step 2 smoke requests: the form for a live run and for results entered by
// hand. Shared by the form (client) and the actions (server). Both refuse
// messages that the sanitization check flags, so a flagged prompt is never
// sent or stored.
import { z } from "zod";
import { checkSmokeMessageSafety, type TSafetyResult } from "@/lib/fallback/sanitize";
import { PATHS } from "@/lib/fallback/types";
import { EVEN_WITH_FIELD_ERRORS, ZIncidentKey } from "@/lib/incidents/schemas";

/** "A very small token budget": the runbook's example uses 32. */
export const MAX_SMOKE_TOKENS = 256;
export const MAX_MESSAGE_CHARS = 2000;
/** Body text pasted for a hand-entered result; evaluated, never stored. */
export const MAX_PASTED_BODY_CHARS = 65_536;

export const TRISTATE = ["UNKNOWN", "YES", "NO"] as const;
export type TTristate = (typeof TRISTATE)[number];
export const tristateToBoolean = (v: TTristate): boolean | null => (v === "YES" ? true : v === "NO" ? false : null);

/** What the form shows under a flagged message: kinds and short previews, never the whole match. */
export function describeSafetyFindings(result: TSafetyResult): string {
  const parts = result.findings.map((f) => `${f.label} (${f.preview})`);
  return `Remove before running or recording: ${[...new Set(parts)].join(", ")}. Smoke prompts must not contain secrets, user data or regulated data.`;
}

const wholeNumber = (what: string, { min = 0, max = 2_147_483_647, required = false } = {}) =>
  z
    .string()
    .trim()
    .refine((v) => (required ? v !== "" : true), { error: `Enter ${what}.` })
    .refine((v) => v === "" || /^\d+$/.test(v), { error: `${capitalize(what)} is a whole number (digits only).` })
    .refine((v) => v === "" || !/^\d+$/.test(v) || (Number(v) >= min && Number(v) <= max), {
      error: `${capitalize(what)} is between ${min.toLocaleString("en-US")} and ${max.toLocaleString("en-US")}.`,
    });

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
const numberOrNull = (v: string): number | null => (v.trim() === "" ? null : Number(v));

const parsesAsJson = (v: string) => {
  if (v.trim() === "") return true;
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
};

const requestFields = {
  incidentKey: ZIncidentKey,
  snapshotId: z.string().min(1, { error: "Choose a configuration version." }).max(64),
  path: z.enum(PATHS, { error: "Choose the path to test." }),
  systemMessage: z.string().max(MAX_MESSAGE_CHARS, { error: `Use at most ${MAX_MESSAGE_CHARS} characters.` }),
  userMessage: z
    .string()
    .trim()
    .min(1, { error: "The smoke request needs a user message." })
    .max(MAX_MESSAGE_CHARS, { error: `Use at most ${MAX_MESSAGE_CHARS} characters.` }),
  expectedJson: z
    .string()
    .trim()
    .max(MAX_MESSAGE_CHARS, { error: `Use at most ${MAX_MESSAGE_CHARS} characters.` })
    .refine(parsesAsJson, { error: "The expected output is not valid JSON." }),
  maxTokens: wholeNumber("max_tokens", { min: 1, max: MAX_SMOKE_TOKENS, required: true }),
  latencyToleranceMs: wholeNumber("the latency tolerance", { min: 1, max: 600_000, required: true }),
  routeLogged: z.enum(TRISTATE),
};

function refuseFlaggedMessages(v: { systemMessage?: unknown; userMessage?: unknown }, ctx: z.RefinementCtx) {
  for (const field of ["systemMessage", "userMessage"] as const) {
    const text = v[field];
    if (typeof text !== "string") continue;
    const result = checkSmokeMessageSafety(text);
    if (!result.safe) ctx.addIssue({ code: "custom", path: [field], message: describeSafetyFindings(result) });
  }
}

type TRequestParsed = { [K in keyof typeof requestFields]: z.output<(typeof requestFields)[K]> };

function requestOutput(v: TRequestParsed) {
  return {
    incidentKey: v.incidentKey,
    snapshotId: v.snapshotId,
    path: v.path,
    systemMessage: v.systemMessage,
    userMessage: v.userMessage,
    expectedJson: v.expectedJson === "" ? null : JSON.stringify(JSON.parse(v.expectedJson)),
    maxTokens: Number(v.maxTokens),
    latencyToleranceMs: Number(v.latencyToleranceMs),
    routeLoggedClearly: tristateToBoolean(v.routeLogged),
  };
}

/** A live run: the server sends the request itself. */
export const ZRunLiveSmoke = z
  .object(requestFields)
  .superRefine(refuseFlaggedMessages, EVEN_WITH_FIELD_ERRORS)
  .transform(requestOutput);
export type TRunLiveSmokeInput = z.input<typeof ZRunLiveSmoke>;
export type TRunLiveSmoke = z.output<typeof ZRunLiveSmoke>;

const HTTP_STATUS = { min: 100, max: 599 };

/** Results of a request the operator sent (e.g. with the generated curl), entered by hand. */
export const ZRecordSmokeRun = z
  .object({
    ...requestFields,
    /** The sequence number shown in the generated command; refused if someone took it meanwhile. */
    expectedSequence: z.number().int().min(1).nullable(),
    statusCode: wholeNumber("the status code", HTTP_STATUS),
    exceptionClass: z
      .string()
      .trim()
      .max(100, { error: "Use at most 100 characters." })
      .refine((v) => v === "" || /^[\w.:-]+$/.test(v), {
        error: "Write the exception class or error code only (e.g. TimeoutError, ECONNRESET).",
      }),
    latencyMs: wholeNumber("the latency", { max: 3_600_000 }),
    responseBody: z.string().max(MAX_PASTED_BODY_CHARS, { error: "The pasted body is too long." }),
    promptTokens: wholeNumber("prompt tokens"),
    completionTokens: wholeNumber("completion tokens"),
    totalTokens: wholeNumber("total tokens"),
    requestIdEchoed: z.enum(TRISTATE),
  })
  .superRefine((v, ctx) => {
    refuseFlaggedMessages(v, ctx);
    if (typeof v.statusCode === "string" && typeof v.exceptionClass === "string") {
      if (v.statusCode.trim() === "" && v.exceptionClass.trim() === "") {
        ctx.addIssue({ code: "custom", path: ["statusCode"], message: "Enter the status code, or the exception if no response came." });
      }
    }
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    ...requestOutput(v),
    expectedSequence: v.expectedSequence,
    statusCode: numberOrNull(v.statusCode),
    exceptionClass: v.exceptionClass === "" ? null : v.exceptionClass,
    latencyMs: numberOrNull(v.latencyMs),
    responseBody: v.responseBody.trim() === "" ? null : v.responseBody,
    promptTokens: numberOrNull(v.promptTokens),
    completionTokens: numberOrNull(v.completionTokens),
    totalTokens: numberOrNull(v.totalTokens),
    requestIdEchoed: tristateToBoolean(v.requestIdEchoed),
  }));
export type TRecordSmokeRunInput = z.input<typeof ZRecordSmokeRun>;
export type TRecordSmokeRun = z.output<typeof ZRecordSmokeRun>;
