// Nothing private leaves in an export: a generic deep walk over every string
// leaf of the review. Default-deny — every string is free text and goes
// through sanitizeFreeText (the log import's redaction: secrets, then personal
// data), except values under an allow-listed key that also have the shape of
// an id, enum, hash or ISO date and contain nothing secret-looking. Identifier
// fields are pseudonymized like the import does. Pure.
import { pseudonymize } from "@/lib/privacy/hash";
import { redactSecrets, sanitizeFreeText } from "@/lib/privacy/redact";
import { redactSmokeMessage } from "@/lib/fallback/sanitize";
import { BUNDLE_PATH_RE } from "./paths";
import type { TReviewExport } from "./schema";

export type TExportPolicy = {
  /** InstallationSetting.pseudonymizeIdentifiers: identifiers become keyed hashes, as in the log import. */
  pseudonymizeIdentifiers: boolean;
  /** The installation's HMAC secret; without one identifiers are dropped rather than exported raw. */
  hmacSecret: string | null;
  /** Free text: also replace e-mail addresses and phone numbers (the import always does). */
  redactPersonalData: boolean;
};

export const DEFAULT_EXPORT_POLICY: TExportPolicy = { pseudonymizeIdentifiers: true, hmacSecret: null, redactPersonalData: true };

const TOKEN = /^[A-Za-z0-9_.:-]{1,128}$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)?$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Keys whose string values are not free text, with the shape a value must have to pass unchanged.
 * Anything else under these keys (or any key not listed) is sanitized as free text.
 */
export const NON_FREE_TEXT_KEYS: Readonly<Record<string, RegExp>> = Object.freeze({
  // enums
  severity: TOKEN,
  status: TOKEN,
  detectionSource: TOKEN,
  fallbackMode: TOKEN,
  failureClass: TOKEN,
  requestClass: TOKEN,
  role: TOKEN,
  path: TOKEN,
  source: TOKEN,
  windowSource: TOKEN,
  computedVerdict: TOKEN,
  storedComputedVerdict: TOKEN,
  overrideVerdict: TOKEN,
  effectiveVerdict: TOKEN,
  imposes: TOKEN,
  cap: TOKEN,
  verdict: TOKEN,
  result: TOKEN,
  kind: TOKEN,
  state: TOKEN,
  label: /^(?:INCIDENT_START|DURING_MITIGATION|AFTER|OTHER)$/,
  format: TOKEN,
  direction: TOKEN,
  change: TOKEN,
  basis: TOKEN,
  rule: TOKEN,
  code: TOKEN,
  artifactKind: TOKEN,
  // runbook and system ids
  key: /^INC-\d{4}-\d{4,}$/,
  id: TOKEN,
  classId: TOKEN,
  checklistId: TOKEN,
  itemId: TOKEN,
  patternId: TOKEN,
  questionId: TOKEN,
  sectionId: TOKEN,
  sourceSectionId: TOKEN,
  sourceQuestionId: TOKEN,
  measureId: TOKEN,
  dimensionId: TOKEN,
  configItemId: TOKEN,
  criterionId: TOKEN,
  runbookVersion: TOKEN,
  answerRunbookVersion: TOKEN,
  mimeType: /^[a-z0-9.+-]{1,64}\/[a-z0-9.+-]{1,64}$/,
  sha256: SHA256,
  bundlePath: BUNDLE_PATH_RE,
  // ISO dates
  generatedAt: ISO,
  createdAt: ISO,
  updatedAt: ISO,
  degradationStartedAt: ISO,
  detectedAt: ISO,
  mitigatedAt: ISO,
  endedAt: ISO,
  overriddenAt: ISO,
  occurredAt: ISO,
  ranAt: ISO,
  windowStart: ISO,
  windowEnd: ISO,
  windowStarts: ISO,
  approvedAt: ISO,
  expiresAt: ISO,
  revokedAt: ISO,
  answeredAt: ISO,
  dueDate: ISO,
  completedAt: ISO,
  startedAt: ISO,
  finishedAt: ISO,
});

/** Identifier lists: pseudonymized (or secret-redacted when the policy keeps them raw), never treated as prose. */
export const IDENTIFIER_KEYS: ReadonlySet<string> = new Set(["affectedTenants"]);

/** Smoke prompts: the smoke sanitizer's patterns (cards, IBANs, IPs…) on top of the free-text redaction. */
const SMOKE_MESSAGE_KEYS: ReadonlySet<string> = new Set(["systemMessage", "userMessage", "curl"]);

export type TSanitizeReport = { stringsVisited: number; stringsChanged: number; keptAsIs: number };

function keepAsIs(key: string | undefined, value: string): boolean {
  if (key === undefined) return false;
  const shape = NON_FREE_TEXT_KEYS[key];
  if (shape === undefined || !shape.test(value)) return false;
  // An id-shaped value can still be a key someone pasted (sk-…): the secret patterns get the last word.
  return redactSecrets(value).count === 0;
}

export function sanitizeString(value: string, key: string | undefined, policy: TExportPolicy): string {
  if (key !== undefined && IDENTIFIER_KEYS.has(key)) {
    if (value.trim() === "") return value;
    if (policy.pseudonymizeIdentifiers) {
      // No secret to key the hash: drop the identifier rather than export it raw.
      return policy.hmacSecret ? pseudonymize(value, policy.hmacSecret, true) : "[REDACTED:identifier]";
    }
    return pseudonymize(value, "", false);
  }
  if (keepAsIs(key, value)) return value;
  const input = key !== undefined && SMOKE_MESSAGE_KEYS.has(key) ? redactSmokeMessage(value) : value;
  return sanitizeFreeText(input, { redactPersonalData: policy.redactPersonalData, maxLength: null }).text;
}

/**
 * A sanitized deep copy of any JSON-like value: every string leaf goes through sanitizeString with the
 * nearest property name (array items use their array's name). Numbers, booleans and null pass unchanged.
 */
export function sanitizeDeep<T>(value: T, policy: TExportPolicy, report?: TSanitizeReport): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === "string") {
      const out = sanitizeString(v, key, policy);
      if (report) {
        report.stringsVisited += 1;
        if (out !== v) report.stringsChanged += 1;
        else if (keepAsIs(key, v)) report.keptAsIs += 1;
      }
      return out;
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) out[k] = walk(child, k);
      return out;
    }
    return v;
  };
  return walk(value, undefined) as T;
}

/** The review with every free text redacted per the installation's policy. */
export function sanitizeReview(review: TReviewExport, policy: TExportPolicy = DEFAULT_EXPORT_POLICY, report?: TSanitizeReport): TReviewExport {
  return sanitizeDeep(review, policy, report);
}
