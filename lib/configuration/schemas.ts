// Step 1 configuration snapshots: the form's shape (text inputs, a feature-flag
// key/value editor, the runbook's logging fields as checkboxes) and its
// mapping to the ZConfigSnapshot the rule modules work on. Shared by the form
// (client) and the action (server).
import { z } from "zod";
import { ZConfigSnapshot, type TConfigSnapshot, type TConfigSnapshotInput } from "@/lib/fallback/config-diff";
import { EVEN_WITH_FIELD_ERRORS, ZIncidentKey } from "@/lib/incidents/schemas";
import { isLoggingFieldId, LOGGING_FIELD_IDS } from "@/lib/runbook/runbook";

export const SNAPSHOT_LABELS = ["INCIDENT_START", "DURING_MITIGATION", "AFTER", "OTHER"] as const;
export type TSnapshotLabel = (typeof SNAPSHOT_LABELS)[number];

export const SNAPSHOT_LABEL_TEXT: Readonly<Record<TSnapshotLabel, string>> = Object.freeze({
  INCIDENT_START: "At incident start",
  DURING_MITIGATION: "During mitigation",
  AFTER: "After mitigation",
  OTHER: "Other",
});

/** How a feature flag's value is stored: the editor is text, the snapshot keeps the type. */
export const FLAG_TYPES = ["text", "boolean", "number"] as const;
export type TFlagType = (typeof FLAG_TYPES)[number];

export const MAX_FEATURE_FLAGS = 100;
const MAX_TEXT = 500;
/** Postgres `integer` columns. */
const MAX_INT = 2_147_483_647;

const ZFlagRow = z.object({
  name: z.string().trim().max(200, { error: "Use at most 200 characters." }),
  type: z.enum(FLAG_TYPES, { error: "Choose text, true/false or number." }),
  value: z.string().trim().max(MAX_TEXT, { error: `Use at most ${MAX_TEXT} characters.` }),
});
export type TFlagRow = z.infer<typeof ZFlagRow>;

const wholeNumberText = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d*$/, { error: `${what} is a whole number of 0 or more (digits only).` })
    .refine((v) => v === "" || Number(v) <= MAX_INT, { error: `${what} is too large.` });

const text = (max = 200) => z.string().trim().max(max, { error: `Use at most ${max} characters.` });

/** react-hook-form gives a checkbox group as an array, one checkbox as a string, none as false. */
const checkboxValues = z.preprocess(
  (v) => (Array.isArray(v) ? v : typeof v === "string" && v ? [v] : []),
  z.array(z.string()),
);

const ZSnapshotFormFields = z.object({
  incidentKey: ZIncidentKey,
  label: z.enum(SNAPSHOT_LABELS, { error: "Choose when this snapshot was taken." }),
  labelNote: text(MAX_TEXT),
  baseUrl: z.string().max(2000, { error: "Use at most 2,000 characters." }),
  primaryModelAlias: text(),
  primaryModelResolvedId: text(),
  fallbackModelAlias: text(),
  fallbackModelResolvedId: text(),
  clientTimeoutMs: wholeNumberText("The client timeout"),
  retryCount: wholeNumberText("The retry count"),
  retryBackoff: text(),
  maxTokens: wholeNumberText("Maximum tokens"),
  featureFlags: z
    .array(ZFlagRow)
    .max(MAX_FEATURE_FLAGS, { error: `At most ${MAX_FEATURE_FLAGS} feature flags.` }),
  loggedFields: checkboxValues,
  apiKeyEnvVar: text(128),
});
export type TSnapshotFormValues = Omit<z.input<typeof ZSnapshotFormFields>, "loggedFields"> & { loggedFields: string[] };

function flagValue(row: TFlagRow): string | boolean | number | null {
  if (row.type === "boolean") return row.value === "true" ? true : row.value === "false" ? false : null;
  if (row.type === "number") {
    if (row.value === "") return null;
    const n = Number(row.value);
    return Number.isFinite(n) ? n : null;
  }
  return row.value;
}

const toNumber = (v: string): number | null => (v.trim() === "" ? null : Number(v.trim()));

/** Form values → the input of ZConfigSnapshot (not yet validated by it). */
export function formToSnapshotInput(form: z.output<typeof ZSnapshotFormFields>): TConfigSnapshotInput {
  const featureFlags: Record<string, string | boolean | number> = {};
  for (const row of form.featureFlags) {
    const value = flagValue(row);
    if (row.name !== "" && value !== null) featureFlags[row.name] = value;
  }
  // Runbook order, whatever order the checkboxes arrived in.
  const checked = new Set(form.loggedFields);
  return {
    baseUrl: form.baseUrl,
    primaryModelAlias: form.primaryModelAlias,
    primaryModelResolvedId: form.primaryModelResolvedId,
    fallbackModelAlias: form.fallbackModelAlias,
    fallbackModelResolvedId: form.fallbackModelResolvedId,
    clientTimeoutMs: toNumber(form.clientTimeoutMs),
    retryCount: toNumber(form.retryCount),
    retryBackoff: form.retryBackoff,
    maxTokens: toNumber(form.maxTokens),
    featureFlags,
    loggedFields: LOGGING_FIELD_IDS.filter((id) => checked.has(id)),
    apiKeyEnvVar: form.apiKeyEnvVar,
  };
}

/** A stored snapshot → form values (the prefill of a new version). */
export function snapshotToForm(
  incidentKey: string,
  snapshot: TConfigSnapshot | null,
  label: TSnapshotLabel = "INCIDENT_START",
): TSnapshotFormValues {
  const num = (v: number | null) => (v === null ? "" : String(v));
  return {
    incidentKey,
    label,
    labelNote: "",
    baseUrl: snapshot?.baseUrl ?? "",
    primaryModelAlias: snapshot?.primaryModelAlias ?? "",
    primaryModelResolvedId: snapshot?.primaryModelResolvedId ?? "",
    fallbackModelAlias: snapshot?.fallbackModelAlias ?? "",
    fallbackModelResolvedId: snapshot?.fallbackModelResolvedId ?? "",
    clientTimeoutMs: num(snapshot?.clientTimeoutMs ?? null),
    retryCount: num(snapshot?.retryCount ?? null),
    retryBackoff: snapshot?.retryBackoff ?? "",
    maxTokens: num(snapshot?.maxTokens ?? null),
    featureFlags: Object.entries(snapshot?.featureFlags ?? {}).map(([name, value]) => ({
      name,
      type: typeof value === "boolean" ? "boolean" : typeof value === "number" ? "number" : "text",
      value: String(value),
    })),
    loggedFields: [...(snapshot?.loggedFields ?? [])],
    apiKeyEnvVar: snapshot?.apiKeyEnvVar ?? "",
  };
}

function checkSnapshotForm(v: z.output<typeof ZSnapshotFormFields>, ctx: z.RefinementCtx): void {
  if (v.label === "OTHER" && v.labelNote.trim() === "") {
    ctx.addIssue({ code: "custom", path: ["labelNote"], message: "Say when this snapshot was taken." });
  }
  const seen = new Set<string>();
  v.featureFlags.forEach((row, i) => {
    if (row.name === "") {
      ctx.addIssue({ code: "custom", path: ["featureFlags", i, "name"], message: "Name the flag or remove the row." });
    } else if (seen.has(row.name)) {
      ctx.addIssue({ code: "custom", path: ["featureFlags", i, "name"], message: "Each flag is listed once." });
    }
    seen.add(row.name);
    if (flagValue(row) === null) {
      const message =
        row.type === "boolean" ? "Choose true or false." : row.type === "number" ? "Enter a number." : "Enter a value.";
      ctx.addIssue({ code: "custom", path: ["featureFlags", i, "value"], message });
    }
  });
  for (const id of v.loggedFields) {
    if (!isLoggingFieldId(id)) ctx.addIssue({ code: "custom", path: ["loggedFields"], message: `Unknown logging field: ${id}` });
  }
  const reported = new Set<string>();
  const report = (field: string, message: string) => {
    if (reported.has(`${field}\u0000${message}`)) return;
    reported.add(`${field}\u0000${message}`);
    ctx.addIssue({ code: "custom", path: [field], message });
  };
  // ZConfigSnapshot only checks this when every field parses; say it at once.
  for (const which of ["primary", "fallback"] as const) {
    const blank = (x: unknown) => typeof x !== "string" || x.trim() === "";
    if (blank(v[`${which}ModelAlias`]) && blank(v[`${which}ModelResolvedId`])) {
      report(`${which}ModelResolvedId`, `Give the ${which} model's alias or resolved identifier.`);
    }
  }
  const parsed = ZConfigSnapshot.safeParse(formToSnapshotInput(v));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Flag problems are reported per row above; the rest map 1:1 onto form fields.
      const field = String(issue.path[0] ?? "baseUrl");
      if (field === "featureFlags" || field === "loggedFields") continue;
      // A field that failed its own check already says what is wrong.
      const own = ZSnapshotFormFields.shape[field as keyof typeof ZSnapshotFormFields.shape];
      if (own !== undefined && !own.safeParse(v[field as keyof typeof v]).success) continue;
      report(field, issue.message);
    }
  }
}

/** The Step 1 form: checked field by field, then as a whole by ZConfigSnapshot. */
export const ZSaveConfigSnapshot = ZSnapshotFormFields.superRefine((v, ctx) => {
  // Runs even when some fields failed (so every message shows at once); a
  // value of the wrong type has its own error already, so there is nothing to add.
  try {
    checkSnapshotForm(v, ctx);
  } catch {
    /* malformed input: reported by the field checks */
  }
}, EVEN_WITH_FIELD_ERRORS).transform((v) => ({
  incidentKey: v.incidentKey,
  label: v.label,
  labelNote: v.labelNote.trim() === "" ? null : v.labelNote.trim(),
  snapshot: ZConfigSnapshot.parse(formToSnapshotInput(v)),
}));
export type TSaveConfigSnapshotInput = z.input<typeof ZSaveConfigSnapshot>;
export type TSaveConfigSnapshot = z.output<typeof ZSaveConfigSnapshot>;

const isFlagValue = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** A stored row → the snapshot the rule modules take. Unusable JSON flags are dropped, not thrown on. */
export function snapshotFromRow(row: {
  baseUrl: string;
  primaryModelAlias: string | null;
  primaryModelResolvedId: string | null;
  fallbackModelAlias: string | null;
  fallbackModelResolvedId: string | null;
  clientTimeoutMs: number | null;
  retryCount: number | null;
  retryBackoff: string | null;
  maxTokens: number | null;
  featureFlags: unknown;
  loggedFields: string[];
  apiKeyEnvVar: string | null;
}): TConfigSnapshot {
  const flags: Record<string, string | number | boolean> = {};
  if (row.featureFlags !== null && typeof row.featureFlags === "object" && !Array.isArray(row.featureFlags)) {
    for (const [k, v] of Object.entries(row.featureFlags as Record<string, unknown>)) if (isFlagValue(v)) flags[k] = v;
  }
  return {
    baseUrl: row.baseUrl,
    primaryModelAlias: row.primaryModelAlias,
    primaryModelResolvedId: row.primaryModelResolvedId,
    fallbackModelAlias: row.fallbackModelAlias,
    fallbackModelResolvedId: row.fallbackModelResolvedId,
    clientTimeoutMs: row.clientTimeoutMs,
    retryCount: row.retryCount,
    retryBackoff: row.retryBackoff,
    maxTokens: row.maxTokens,
    featureFlags: flags,
    loggedFields: [...row.loggedFields],
    apiKeyEnvVar: row.apiKeyEnvVar,
  };
}

/** The model a path calls with this snapshot: the resolved id when known, else the alias. */
export function modelForPath(snapshot: TConfigSnapshot, path: "PRIMARY" | "FALLBACK"): string | null {
  return path === "PRIMARY"
    ? (snapshot.primaryModelResolvedId ?? snapshot.primaryModelAlias)
    : (snapshot.fallbackModelResolvedId ?? snapshot.fallbackModelAlias);
}

/** Display text for a diff value. */
export function describeConfigValue(value: string | number | boolean | null): string {
  if (value === null) return "(not set)";
  return typeof value === "string" ? value : String(value);
}
