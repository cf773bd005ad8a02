// Two snapshots side by side: every field of both, with the ones
// diffConfigSnapshots reports as changed marked, grouped under the runbook's
// Step 1 items. Also the alias warning for a form still being filled in.
import { configWarnings, diffConfigSnapshots, type TConfigSnapshot, type TConfigWarning } from "@/lib/fallback/config-diff";
import { getLoggingField, isLoggingFieldId, LOGGING_FIELD_IDS, runbook, type TConfigItemId } from "@/lib/runbook/runbook";
import { describeConfigValue } from "./schemas";

export type TDiffRow = {
  readonly key: string;
  readonly label: string;
  /** The Step 1 item (runbook wording) the field belongs to. */
  readonly item: string;
  readonly a: string;
  readonly b: string;
  readonly changed: boolean;
};

export const SNAPSHOT_FIELD_LABELS = {
  baseUrl: "Base URL",
  apiKeyEnvVar: "API key environment variable (name)",
  primaryModelAlias: "Primary model alias",
  primaryModelResolvedId: "Primary model resolved id",
  fallbackModelAlias: "Fallback model alias",
  fallbackModelResolvedId: "Fallback model resolved id",
  clientTimeoutMs: "Client timeout (ms)",
  retryCount: "Retry count",
  retryBackoff: "Retry backoff",
  maxTokens: "Max tokens",
} as const satisfies Partial<Record<keyof TConfigSnapshot, string>>;

const SCALARS: readonly [keyof typeof SNAPSHOT_FIELD_LABELS, TConfigItemId][] = [
  ["baseUrl", "base-url"],
  ["apiKeyEnvVar", "base-url"],
  ["primaryModelAlias", "primary-model"],
  ["primaryModelResolvedId", "primary-model"],
  ["fallbackModelAlias", "fallback-model"],
  ["fallbackModelResolvedId", "fallback-model"],
  ["clientTimeoutMs", "client-timeout"],
  ["retryCount", "retry"],
  ["retryBackoff", "retry"],
  ["maxTokens", "max-tokens"],
];

const itemText = (id: TConfigItemId) => runbook.steps.configuration.items.find((i) => i.id === id)!.text;

const loggedLabel = (id: string) => (isLoggingFieldId(id) ? getLoggingField(id).label : id);

export function configDiffRows(a: TConfigSnapshot, b: TConfigSnapshot): TDiffRow[] {
  const changes = diffConfigSnapshots(a, b);
  const changedFields = new Set(changes.map((c) => c.field));
  const changedLogged = new Set(changes.filter((c) => c.field === "loggedFields").map((c) => String(c.after ?? c.before)));
  const rows: TDiffRow[] = SCALARS.map(([field, item]) => ({
    key: field,
    label: SNAPSHOT_FIELD_LABELS[field],
    item: itemText(item),
    a: describeConfigValue(a[field]),
    b: describeConfigValue(b[field]),
    changed: changedFields.has(field),
  }));
  const flagNames = [...new Set([...Object.keys(a.featureFlags), ...Object.keys(b.featureFlags)])].sort();
  for (const name of flagNames) {
    rows.push({
      key: `featureFlags.${name}`,
      label: `Flag ${name}`,
      item: itemText("feature-flags"),
      a: describeConfigValue(Object.hasOwn(a.featureFlags, name) ? a.featureFlags[name]! : null),
      b: describeConfigValue(Object.hasOwn(b.featureFlags, name) ? b.featureFlags[name]! : null),
      changed: changedFields.has(`featureFlags.${name}`),
    });
  }
  const inA = new Set(a.loggedFields);
  const inB = new Set(b.loggedFields);
  const logged = [...LOGGING_FIELD_IDS, ...[...inA, ...inB].filter((f) => !isLoggingFieldId(f))];
  for (const id of new Set(logged)) {
    rows.push({
      key: `loggedFields.${id}`,
      label: `Logs: ${loggedLabel(id)}`,
      item: itemText("logged-fields"),
      a: inA.has(id) ? "recorded" : "not recorded",
      b: inB.has(id) ? "recorded" : "not recorded",
      changed: changedLogged.has(id),
    });
  }
  return rows;
}

/** The alias warning for values typed so far (the rest of the form may still be incomplete). */
export function aliasWarningsFor(values: {
  primaryModelAlias: string;
  primaryModelResolvedId: string;
  fallbackModelAlias: string;
  fallbackModelResolvedId: string;
}): TConfigWarning[] {
  const t = (v: string) => (v.trim() === "" ? null : v.trim());
  const probe: TConfigSnapshot = {
    baseUrl: "https://example.invalid",
    primaryModelAlias: t(values.primaryModelAlias),
    primaryModelResolvedId: t(values.primaryModelResolvedId),
    fallbackModelAlias: t(values.fallbackModelAlias),
    fallbackModelResolvedId: t(values.fallbackModelResolvedId),
    clientTimeoutMs: null,
    retryCount: null,
    retryBackoff: null,
    maxTokens: null,
    featureFlags: {},
    loggedFields: [],
    apiKeyEnvVar: null,
  };
  return configWarnings(probe).filter((w) => w.code === "ALIAS_WITHOUT_RESOLVED_ID");
}
