import { z } from "zod";

import type { TKindCounts, TPersonalDataKind, TSecretKind } from "@/lib/privacy/redact";

/**
 * What a team allows the log import to keep. The secret keys prompt hashes and pseudonyms; it must
 * be long enough that the hashes cannot be brute-forced by guessing the secret.
 */
export const ZPrivacyPolicy = z.strictObject({
  hmacSecret: z.string().min(16, "hmacSecret must be at least 16 characters"),
  pseudonymizeIdentifiers: z.boolean(),
});
export type TPrivacyPolicy = z.infer<typeof ZPrivacyPolicy>;

/** Raw text fields that the import drops (hashing the prompt first). */
export const DROPPED_TEXT_FIELDS = ["prompt", "response", "error_message", "traceback"] as const;
export type TDroppedTextField = (typeof DROPPED_TEXT_FIELDS)[number];

export type TPrivacyReport = {
  /** Sanitized records produced. */
  rows: number;
  /** Raw prompt/response/message/error text values discarded (one per field per row). */
  textFieldsDropped: number;
  textFieldsDroppedByField: Partial<Record<TDroppedTextField, number>>;
  promptsHashed: number;
  /** User and tenant ids replaced by keyed hashes. */
  identifiersPseudonymized: number;
  /** User and tenant ids kept (secret-redacted) because the policy disables pseudonymisation. */
  identifiersKeptRaw: number;
  secretsRedacted: number;
  secretsRedactedByKind: TKindCounts<TSecretKind>;
  personalDataRedacted: number;
  personalDataRedactedByKind: TKindCounts<TPersonalDataKind>;
};

export function emptyPrivacyReport(): TPrivacyReport {
  return {
    rows: 0,
    textFieldsDropped: 0,
    textFieldsDroppedByField: {},
    promptsHashed: 0,
    identifiersPseudonymized: 0,
    identifiersKeptRaw: 0,
    secretsRedacted: 0,
    secretsRedactedByKind: {},
    personalDataRedacted: 0,
    personalDataRedactedByKind: {},
  };
}

export function addKindCounts<K extends string>(target: TKindCounts<K>, source: TKindCounts<K>): number {
  let added = 0;
  for (const [kind, count] of Object.entries(source) as [K, number | undefined][]) {
    if (!count) continue;
    target[kind] = (target[kind] ?? 0) + count;
    added += count;
  }
  return added;
}

/** Adds every count of `source` to `target` (reports of parse threads add up to one report). */
export function addPrivacyReport(target: TPrivacyReport, source: TPrivacyReport): void {
  target.rows += source.rows;
  target.textFieldsDropped += source.textFieldsDropped;
  addKindCounts(target.textFieldsDroppedByField, source.textFieldsDroppedByField);
  target.promptsHashed += source.promptsHashed;
  target.identifiersPseudonymized += source.identifiersPseudonymized;
  target.identifiersKeptRaw += source.identifiersKeptRaw;
  target.secretsRedacted += source.secretsRedacted;
  addKindCounts(target.secretsRedactedByKind, source.secretsRedactedByKind);
  target.personalDataRedacted += source.personalDataRedacted;
  addKindCounts(target.personalDataRedactedByKind, source.personalDataRedactedByKind);
}

/** Deep copy, so a snapshot handed to callers is not mutated by further counting. */
export function clonePrivacyReport(report: TPrivacyReport): TPrivacyReport {
  return {
    ...report,
    textFieldsDroppedByField: { ...report.textFieldsDroppedByField },
    secretsRedactedByKind: { ...report.secretsRedactedByKind },
    personalDataRedactedByKind: { ...report.personalDataRedactedByKind },
  };
}
