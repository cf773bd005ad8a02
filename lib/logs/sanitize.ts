import { categorizeException, classifyPath, classifyRequest } from "@/lib/logs/classify";
import { exceptionLabel } from "@/lib/logs/extract";
import { FIELD_MAX_LENGTH, type TRawRequest, type TSanitizedRequest } from "@/lib/logs/record";
import { hashPrompt, pseudonymize } from "@/lib/privacy/hash";
import { addKindCounts, addPrivacyReport, clonePrivacyReport, emptyPrivacyReport, type TPrivacyPolicy, type TPrivacyReport } from "@/lib/privacy/policy";
import { redactSecrets, sanitizeFreeText, truncateText, type TKindCounts, type TPersonalDataKind, type TSecretKind } from "@/lib/privacy/redact";

export type TSanitizerDefaults = {
  /** Incident-wide configuration, used when a row does not say. */
  primaryModel: string | null;
  fallbackModel: string | null;
  clientTimeoutMs: number | null;
};

/** `redacted`: whether anything was replaced, so the common clean value skips adding empty counts. */
type TCleaned = { text: string; secrets: TKindCounts<TSecretKind>; personal: TKindCounts<TPersonalDataKind>; redacted: boolean };

const CACHE_LIMIT = 4096;
/** Pseudonyms: a busy gateway has thousands of users; a cache smaller than that is cleared before it hits. */
const ID_CACHE_LIMIT = 32_768;

/**
 * Turns raw requests into sanitized records and keeps the privacy report.
 *
 * Log columns repeat heavily (models, routes, versions, flags, user ids), so redaction and
 * pseudonym results are memoised in bounded maps; counts are still added on every use so the
 * report reflects rows, not distinct values.
 */
export class RequestSanitizer {
  private report = emptyPrivacyReport();
  private readonly idCache = new Map<string, string>();
  private readonly secretCache = new Map<string, TCleaned>();
  private readonly freeCache = new Map<string, TCleaned>();

  constructor(
    private readonly policy: TPrivacyPolicy,
    private readonly defaults: TSanitizerDefaults,
  ) {}

  privacyReport(): TPrivacyReport {
    return clonePrivacyReport(this.report);
  }

  /** The report since the last call, then starts a new one (a parse thread hands its counts over). */
  takeReport(): TPrivacyReport {
    const report = this.report;
    this.report = emptyPrivacyReport();
    return report;
  }

  /** Adds another sanitizer's counts (from takeReport) to this report. */
  addReport(other: TPrivacyReport): void {
    addPrivacyReport(this.report, other);
  }

  sanitize(raw: TRawRequest): TSanitizedRequest {
    const report = this.report;
    report.rows += 1;
    for (const field of raw.droppedText) {
      report.textFieldsDropped += 1;
      report.textFieldsDroppedByField[field] = (report.textFieldsDroppedByField[field] ?? 0) + 1;
    }
    let promptHash: string | null = null;
    if (raw.promptText !== null) {
      promptHash = hashPrompt(this.policy.hmacSecret, raw.promptText);
      report.promptsHashed += 1;
    }

    const requestClass = classifyRequest(
      {
        statusCode: raw.statusCode,
        exceptionClass: classificationException(raw),
        outcome: raw.outcome,
        latencyMs: raw.latencyMs,
        clientTimeoutMs: raw.clientTimeoutMs,
        parseResult: raw.parseResult,
        validationResult: raw.validationResult,
        completionTokens: raw.completionTokens,
        hasResponse: raw.hasResponse,
      },
      { clientTimeoutMs: this.defaults.clientTimeoutMs },
    );
    const path = classifyPath(raw, { primaryModel: this.defaults.primaryModel, fallbackModel: this.defaults.fallbackModel });

    return {
      ts: raw.ts,
      requestId: this.uniqueSecretsOnly(raw.requestId, FIELD_MAX_LENGTH.requestId),
      userHash: this.identifier(raw.userId),
      tenantHash: this.identifier(raw.tenantId),
      route: this.freeText(raw.route, FIELD_MAX_LENGTH.route),
      primaryModel: this.secretsOnly(raw.primaryModel ?? this.defaults.primaryModel, FIELD_MAX_LENGTH.model),
      requestedModel: this.secretsOnly(raw.requestedModel ?? raw.resolvedModel, FIELD_MAX_LENGTH.model),
      fallbackModel: this.secretsOnly(raw.fallbackModel ?? this.defaults.fallbackModel, FIELD_MAX_LENGTH.model),
      fallbackReason: this.freeText(raw.fallbackReason, FIELD_MAX_LENGTH.fallbackReason),
      path,
      retryCount: raw.retryCount,
      clientTimeoutMs: raw.clientTimeoutMs,
      statusCode: raw.statusCode,
      exceptionClass: this.freeText(raw.exceptionClass === null ? null : exceptionLabel(raw.exceptionClass), FIELD_MAX_LENGTH.exceptionClass),
      latencyMs: raw.latencyMs,
      parseResult: raw.parseResult,
      validationResult: raw.validationResult,
      promptTokens: raw.promptTokens,
      completionTokens: raw.completionTokens,
      totalTokens: raw.totalTokens,
      featureFlags: this.freeText(raw.featureFlags, FIELD_MAX_LENGTH.featureFlags),
      deploymentVersion: this.secretsOnly(raw.deploymentVersion, FIELD_MAX_LENGTH.deploymentVersion),
      promptHash,
      requestClass,
    };
  }

  private identifier(id: string | null): string | null {
    if (id === null) return null;
    if (this.policy.pseudonymizeIdentifiers) {
      this.report.identifiersPseudonymized += 1;
      let hashed = this.idCache.get(id);
      if (hashed === undefined) {
        hashed = pseudonymize(id, this.policy.hmacSecret, true);
        remember(this.idCache, id, hashed, ID_CACHE_LIMIT);
      }
      return hashed;
    }
    this.report.identifiersKeptRaw += 1;
    return this.secretsOnly(id, FIELD_MAX_LENGTH.identifier);
  }

  /** Identifiers, model names, versions: secret redaction only (phone patterns would mangle versions). */
  private secretsOnly(value: string | null, max: number): string | null {
    if (value === null) return null;
    let cleaned = this.secretCache.get(value);
    if (cleaned === undefined) {
      const result = redactSecrets(value);
      cleaned = { text: truncateText(result.text, max).text, secrets: result.byKind, personal: {}, redacted: result.count > 0 };
      remember(this.secretCache, value, cleaned);
    }
    return this.count(cleaned);
  }

  /** Like secretsOnly for values that never repeat (request ids): caching them is pure churn. */
  private uniqueSecretsOnly(value: string | null, max: number): string | null {
    if (value === null) return null;
    const result = redactSecrets(value);
    return this.count({ text: truncateText(result.text, max).text, secrets: result.byKind, personal: {}, redacted: result.count > 0 });
  }

  /** Human-written text (reasons, routes, flags, error labels): secrets and personal data. */
  private freeText(value: string | null, max: number): string | null {
    if (value === null) return null;
    let cleaned = this.freeCache.get(value);
    if (cleaned === undefined) {
      const result = sanitizeFreeText(value, { redactPersonalData: true, maxLength: max });
      cleaned = { text: result.text, secrets: result.secrets, personal: result.personalData, redacted: result.redactedCount > 0 };
      remember(this.freeCache, value, cleaned);
    }
    return this.count(cleaned);
  }

  private count(cleaned: TCleaned): string {
    if (!cleaned.redacted) return cleaned.text;
    this.report.secretsRedacted += addKindCounts(this.report.secretsRedactedByKind, cleaned.secrets);
    this.report.personalDataRedacted += addKindCounts(this.report.personalDataRedactedByKind, cleaned.personal);
    return cleaned.text;
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V, limit = CACHE_LIMIT): void {
  // Values longer than this are almost never repeated; caching them only costs memory.
  if (key.length > 512) return;
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
}

/**
 * The text classification looks at: the exception class when it is recognisable, otherwise the
 * error message (which the stored record never contains).
 */
export function classificationException(raw: Pick<TRawRequest, "exceptionClass" | "errorText">): string | null {
  if (raw.exceptionClass !== null && categorizeException(raw.exceptionClass) !== null) return raw.exceptionClass;
  if (raw.errorText !== null && categorizeException(raw.errorText) !== null) return raw.errorText;
  return raw.exceptionClass ?? raw.errorText;
}
