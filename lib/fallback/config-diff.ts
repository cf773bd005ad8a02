// Step 1: "Check that the following values are explicit and versioned."
// Snapshots of the client configuration are validated, diffed between
// versions, and checked against the runbook's alias and logging advice.
import { z } from "zod";
import { LOGGING_FIELD_IDS, getLoggingField, runbook, type TConfigItemId } from "@/lib/runbook/runbook";

const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Optional text: blank input is stored as null, like an absent value. */
const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => {
    const trimmed = v?.trim();
    return trimmed ? trimmed : null;
  });

const nonNegativeInt = (what: string) =>
  z
    .number({ error: `${what} must be a number.` })
    .int({ error: `${what} must be a whole number.` })
    .min(0, { error: `${what} cannot be negative.` });

const flagValue = z.union([z.string(), z.boolean(), z.number().finite({ error: "Flag values must be finite." })], {
  error: "Feature flag values are text, true/false or a number.",
});

export const ZConfigSnapshot = z
  .object({
    baseUrl: z
      .string({ error: "The base URL is required." })
      .trim()
      .pipe(z.url({ protocol: /^https?$/, error: "The base URL must be an http:// or https:// URL." })),
    primaryModelAlias: optionalText,
    primaryModelResolvedId: optionalText,
    fallbackModelAlias: optionalText,
    fallbackModelResolvedId: optionalText,
    clientTimeoutMs: nonNegativeInt("The client timeout").nullable().default(null),
    retryCount: nonNegativeInt("The retry count").nullable().default(null),
    retryBackoff: optionalText,
    maxTokens: nonNegativeInt("Maximum tokens").nullable().default(null),
    featureFlags: z.record(z.string().min(1, { error: "Feature flag names cannot be empty." }), flagValue).default({}),
    loggedFields: z
      .array(z.string().trim().min(1, { error: "Logged field names cannot be empty." }))
      .default([])
      .refine((fields) => new Set(fields).size === fields.length, { error: "Each logged field is listed once." }),
    apiKeyEnvVar: optionalText.pipe(
      z.union([
        z.string().regex(ENV_VAR_NAME, {
          error: "The API key variable is an environment variable NAME: A–Z, 0–9 and _, not starting with a digit.",
        }),
        z.null(),
      ]),
    ),
  })
  .superRefine((snapshot, ctx) => {
    // The runbook asks for explicit primary and fallback model identifiers.
    for (const which of ["primary", "fallback"] as const) {
      if (snapshot[`${which}ModelAlias`] === null && snapshot[`${which}ModelResolvedId`] === null) {
        ctx.addIssue({
          code: "custom",
          path: [`${which}ModelResolvedId`],
          message: `Give the ${which} model's alias or resolved identifier.`,
        });
      }
    }
  });

export type TConfigSnapshot = z.infer<typeof ZConfigSnapshot>;
export type TConfigSnapshotInput = z.input<typeof ZConfigSnapshot>;

// ─── Diff ──────────────────────────────────────────────────────────────────

type TScalar = string | number | boolean;

export type TConfigChange = {
  /** Snapshot field; feature flags as `featureFlags.<name>`. */
  readonly field: string;
  /** The Step 1 item the field belongs to. */
  readonly configItemId: TConfigItemId;
  readonly kind: "ADDED" | "REMOVED" | "CHANGED";
  readonly before: TScalar | null;
  readonly after: TScalar | null;
};

const SCALAR_FIELDS = [
  ["baseUrl", "base-url"],
  ["primaryModelAlias", "primary-model"],
  ["primaryModelResolvedId", "primary-model"],
  ["fallbackModelAlias", "fallback-model"],
  ["fallbackModelResolvedId", "fallback-model"],
  ["clientTimeoutMs", "client-timeout"],
  ["retryCount", "retry"],
  ["retryBackoff", "retry"],
  ["maxTokens", "max-tokens"],
  // Where the key comes from is part of the base configuration.
  ["apiKeyEnvVar", "base-url"],
] as const satisfies readonly (readonly [keyof TConfigSnapshot, TConfigItemId])[];

function change(
  field: string,
  configItemId: TConfigItemId,
  before: TScalar | null,
  after: TScalar | null,
): TConfigChange | null {
  if (before === after) return null;
  const kind = before === null ? "ADDED" : after === null ? "REMOVED" : "CHANGED";
  return { field, configItemId, kind, before, after };
}

/**
 * Field-level changes from snapshot `a` to snapshot `b`: scalar fields in
 * Step 1 order, then feature flags by name, then logged fields added and
 * removed. Values compare strictly, so "true" and true differ.
 */
export function diffConfigSnapshots(a: TConfigSnapshot, b: TConfigSnapshot): TConfigChange[] {
  const changes: TConfigChange[] = [];
  for (const [field, item] of SCALAR_FIELDS) {
    const c = change(field, item, a[field], b[field]);
    if (c !== null) changes.push(c);
  }

  const flagNames = [...new Set([...Object.keys(a.featureFlags), ...Object.keys(b.featureFlags)])].sort();
  for (const name of flagNames) {
    const c = change(
      `featureFlags.${name}`,
      "feature-flags",
      Object.hasOwn(a.featureFlags, name) ? a.featureFlags[name]! : null,
      Object.hasOwn(b.featureFlags, name) ? b.featureFlags[name]! : null,
    );
    if (c !== null) changes.push(c);
  }

  const before = new Set(a.loggedFields);
  const after = new Set(b.loggedFields);
  for (const name of b.loggedFields) {
    if (!before.has(name)) changes.push({ field: "loggedFields", configItemId: "logged-fields", kind: "ADDED", before: null, after: name });
  }
  for (const name of a.loggedFields) {
    if (!after.has(name)) changes.push({ field: "loggedFields", configItemId: "logged-fields", kind: "REMOVED", before: name, after: null });
  }
  return changes;
}

// ─── Warnings ──────────────────────────────────────────────────────────────

export type TConfigWarningCode = "ALIAS_WITHOUT_RESOLVED_ID" | "NOT_EXPLICIT" | "MISSING_LOGGING_FIELD";

export type TConfigWarning = {
  readonly code: TConfigWarningCode;
  readonly field: string;
  /** Runbook wording: the alias warning, the Step 1 item, or the logging field label. */
  readonly message: string;
};

const configItem = (id: TConfigItemId) => runbook.steps.configuration.items.find((item) => item.id === id)!.text;

/**
 * What the runbook would flag in a snapshot:
 * - an alias without its resolved identifier, per model (exact routing evidence);
 * - Step 1 values left unset (timeout, retry count/backoff, token budget,
 *   feature flags controlling fallback);
 * - runbook logging fields missing from `loggedFields` (matched by field id).
 */
export function configWarnings(snapshot: TConfigSnapshot): TConfigWarning[] {
  const warnings: TConfigWarning[] = [];
  const { aliasWarning } = runbook.steps.configuration;

  for (const which of ["primary", "fallback"] as const) {
    if (snapshot[`${which}ModelAlias`] !== null && snapshot[`${which}ModelResolvedId`] === null) {
      warnings.push({ code: "ALIAS_WITHOUT_RESOLVED_ID", field: `${which}ModelResolvedId`, message: aliasWarning });
    }
  }

  const unset: [string, boolean, TConfigItemId][] = [
    ["clientTimeoutMs", snapshot.clientTimeoutMs === null, "client-timeout"],
    ["retryCount", snapshot.retryCount === null, "retry"],
    ["retryBackoff", snapshot.retryBackoff === null, "retry"],
    ["maxTokens", snapshot.maxTokens === null, "max-tokens"],
    ["featureFlags", Object.keys(snapshot.featureFlags).length === 0, "feature-flags"],
  ];
  for (const [field, missing, item] of unset) {
    if (missing) warnings.push({ code: "NOT_EXPLICIT", field, message: configItem(item) });
  }

  const logged = new Set(snapshot.loggedFields);
  for (const id of LOGGING_FIELD_IDS) {
    if (!logged.has(id)) {
      warnings.push({ code: "MISSING_LOGGING_FIELD", field: `loggedFields.${id}`, message: getLoggingField(id).label });
    }
  }
  return warnings;
}
