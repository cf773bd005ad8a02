// The exported review as one typed, versioned document: the zod schema is the
// single definition behind the TypeScript type (TReviewExport), the bundle's
// review.json (validated against it) and its schema.json (z.toJSONSchema).
// Pure: no I/O.
import { z } from "zod";

/** Bumped on any breaking change to review.json's shape. */
export const EXPORT_SCHEMA_VERSION = 1;

const isoDateTime = z.iso.datetime();
const isoDate = z.iso.date();
const text = z.string();
const nText = z.string().nullable();
const nInt = z.number().int().nullable();
const nNum = z.number().nullable();
const nBool = z.boolean().nullable();

export const ZSeverity = z.enum(["SEV1", "SEV2", "SEV3", "SEV4"]);
export const ZIncidentStatus = z.enum(["INVESTIGATING", "MITIGATING", "MONITORING", "RESOLVED", "CLOSED"]);
export const ZDetectionSource = z.enum(["ALERT", "CUSTOMER_REPORT", "SYNTHETIC_TEST", "INTERNAL_DASHBOARD", "PROVIDER_STATUS_REVIEW"]);
export const ZFallbackMode = z.enum(["AUTOMATIC", "MANUAL", "NOT_TRIGGERED"]);
export const ZFailureClass = z.enum(["AUTH", "VALIDATION_4XX", "RATE_LIMIT_429", "UPSTREAM_5XX", "TIMEOUT", "QUALITY_REGRESSION"]);
export const ZRequestClass = z.enum(["OK", "AUTH", "VALIDATION_4XX", "RATE_LIMIT_429", "UPSTREAM_5XX", "TIMEOUT", "QUALITY_REGRESSION"]);
export const ZClassRole = z.enum(["PRIMARY", "SECONDARY"]);
export const ZRequestPath = z.enum(["PRIMARY", "FALLBACK"]);
export const ZDataSource = z.enum(["MANUAL", "IMPORT", "LIVE"]);
export const ZVerdict = z.enum(["ALLOWED", "LIMITED", "BLOCKED"]);
export const ZSnapshotLabel = z.enum(["INCIDENT_START", "DURING_MITIGATION", "AFTER", "OTHER"]);
export const ZImpactMeasureKind = z.enum([
  "CUSTOMER_VISIBLE_ERROR_RATE",
  "QUEUE_DEPTH",
  "TIMEOUT_COUNT",
  "SUCCESSFUL_COMPLETION_COUNT",
  "SUPPORT_TICKET_VOLUME",
  "USER_RETRY_BEHAVIOR",
  "FEATURE_BUSINESS_METRIC",
]);
export const ZTimelineEventKind = z.enum([
  "DETECTION",
  "ALERT",
  "DEPLOYMENT_OR_CHANGE",
  "MITIGATION",
  "FALLBACK_CHANGE",
  "ROLLBACK",
  "RECOVERY",
  "CUSTOMER_COMMUNICATION",
  "NOTE",
]);
export const ZFollowUpStatus = z.enum(["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"]);
export const ZArtifactKind = z.enum([
  "TIMELINE",
  "GRAPHS",
  "AFFECTED_SERVICES",
  "REQUEST_CONFIGURATION",
  "MODEL_IDS",
  "SAMPLE_REQUEST_RESPONSE",
  "ERROR_HISTOGRAM",
  "SUPPORT_CONTACTS",
  "CUSTOMER_IMPACT_STATEMENT",
  "FOLLOW_UP_OWNERS",
]);
export const ZArtifactState = z.enum(["ATTACHED", "LINKED", "NOT_APPLICABLE", "MISSING"]);
export const ZLinkKind = z.enum(["DASHBOARD", "SUPPORT", "HELP_CENTER", "TICKET", "OTHER"]);
export const ZLogFormat = z.enum(["CSV", "JSONL", "LITELLM", "OTEL"]);
export const ZImportStatus = z.enum(["RUNNING", "COMPLETED", "FAILED", "CANCELLED"]);
export const ZRole = z.enum(["ADMIN", "COMMANDER", "VIEWER"]);
export const ZCriterionResult = z.enum(["pass", "fail", "unknown"]);

/** A name/number pair: how open-ended numeric maps (evidence, counts) are exported. */
const ZNamedNumber = z.object({ name: text, value: z.number() });

const ZChecklistItem = z.object({
  itemId: text,
  /** Runbook wording of the item; null for an item id the runbook does not know. */
  text: nText,
  checked: nBool,
  note: nText,
  occurredAt: isoDateTime.nullable(),
  by: nText,
});

export const ZReviewExport = z.object({
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
  /** The runbook version of this application. */
  runbookVersion: text,
  generatedAt: isoDateTime,
  generatedBy: z.object({ name: text, role: ZRole }),
  incident: z.object({
    key: text,
    title: text,
    severity: ZSeverity,
    status: ZIncidentStatus,
    team: nText,
    commander: nText,
    /** The runbook version the incident was reviewed against. */
    runbookVersion: text,
    degradationStartedAt: isoDateTime,
    detectedAt: isoDateTime.nullable(),
    detectionSource: ZDetectionSource.nullable(),
    mitigatedAt: isoDateTime.nullable(),
    endedAt: isoDateTime.nullable(),
    currentStatusNote: nText,
    affectedRoutes: z.array(text),
    affectedServices: z.array(text),
    /** Identifiers: pseudonymized (keyed hash) when the installation says so, as the log import does. */
    affectedTenants: z.array(text),
    affectedRegions: z.array(text),
    affectedFeatures: z.array(text),
    primaryModelAlias: nText,
    primaryModelResolvedId: nText,
    fallbackModelAlias: nText,
    fallbackModelResolvedId: nText,
    fallbackMode: ZFallbackMode,
    primarySymptom: nText,
    fallbackAction: nText,
    rollbackCondition: nText,
    customerImpactStatement: nText,
    businessMetricLabel: nText,
    baselineTimeoutRate: nNum,
    baselineErrorRate: nNum,
    observationWindowMinutes: z.number().int(),
    userFacingTimeoutBudgetMs: nInt,
    taskSpecificValidationDone: z.boolean(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  }),
  /** Computed from the window (lib/incidents/metrics); milliseconds. */
  figures: z.object({ detectionLagMs: nInt, timeToMitigateMs: nInt, timeToResolveMs: nInt }),
  classes: z.object({
    items: z.array(z.object({ failureClass: ZFailureClass, role: ZClassRole, label: text, note: nText })),
    histogram: z.object({
      /** IMPORT when imported buckets exist, else MANUAL (else LIVE); null without buckets. */
      source: ZDataSource.nullable(),
      buckets: z.array(
        z.object({ windowStart: isoDateTime, windowEnd: isoDateTime, path: ZRequestPath, requestClass: ZRequestClass, count: z.number().int() }),
      ),
      totals: z.array(z.object({ requestClass: ZRequestClass, primary: z.number().int(), fallback: z.number().int() })),
    }),
  }),
  decision: z.object({
    /** Recomputed now from the answers (lib/fallback/verdict). */
    computedVerdict: ZVerdict,
    /** What the review last stored; null when no decision row exists. */
    storedComputedVerdict: ZVerdict.nullable(),
    overrideVerdict: ZVerdict.nullable(),
    overrideReason: nText,
    overriddenBy: nText,
    overriddenAt: isoDateTime.nullable(),
    effectiveVerdict: ZVerdict,
    fallbackSmokeTestPassed: z.boolean(),
    reasons: z.array(z.object({ code: text, message: text, imposes: ZVerdict, section: text, itemId: text, evidence: nText })),
    classGuidance: z.array(
      z.object({ classId: ZFailureClass, role: ZClassRole, label: text, whatToCheck: text, likelyAction: text, cap: ZVerdict }),
    ),
  }),
  /** Every checklist answered for the incident, read generically (runbook CHECKLISTS plus any other id stored). */
  checklists: z.array(z.object({ checklistId: text, title: text, lead: nText, items: z.array(ZChecklistItem) })),
  configuration: z.object({
    versions: z.array(
      z.object({
        versionNumber: z.number().int(),
        label: ZSnapshotLabel,
        labelNote: nText,
        baseUrl: text,
        primaryModelAlias: nText,
        primaryModelResolvedId: nText,
        fallbackModelAlias: nText,
        fallbackModelResolvedId: nText,
        clientTimeoutMs: nInt,
        retryCount: nInt,
        retryBackoff: nText,
        maxTokens: nInt,
        featureFlags: z.array(z.object({ name: text, value: text })),
        loggedFields: z.array(text),
        apiKeyEnvVar: nText,
        createdBy: nText,
        createdAt: isoDateTime,
        warnings: z.array(z.object({ code: text, field: text, message: text })),
      }),
    ),
    diffs: z.array(
      z.object({
        fromVersion: z.number().int(),
        toVersion: z.number().int(),
        changes: z.array(z.object({ field: text, configItemId: text, kind: z.enum(["ADDED", "REMOVED", "CHANGED"]), before: nText, after: nText })),
      }),
    ),
  }),
  smokeRuns: z.array(
    z.object({
      sequence: z.number().int(),
      requestId: text,
      path: ZRequestPath,
      model: text,
      snapshotVersion: nInt,
      systemMessage: text,
      userMessage: text,
      expectedJson: nText,
      temperature: z.number(),
      maxTokens: z.number().int(),
      source: ZDataSource,
      statusCode: nInt,
      exceptionClass: nText,
      latencyMs: nInt,
      responseShape: nText,
      outputParses: nBool,
      matchesExpected: nBool,
      promptTokens: nInt,
      completionTokens: nInt,
      totalTokens: nInt,
      requestIdEchoed: nBool,
      retryCount: nInt,
      criteria: z.array(z.object({ criterionId: text, label: text, result: ZCriterionResult, note: nText })),
      /** Every Step 2 criterion recorded as pass. */
      passed: z.boolean(),
      ranAt: isoDateTime,
      ranBy: nText,
      /** Regenerated with lib/fallback/curl: base URL and key stay ${PLACEHOLDER} variables. */
      curl: nText,
    }),
  ),
  comparisons: z.array(
    z.object({
      promptLabel: text,
      source: ZDataSource,
      createdAt: isoDateTime,
      rows: z.array(z.object({ dimensionId: text, label: text, primary: text, fallback: text, differs: z.boolean() })),
    }),
  ),
  rollout: z.object({
    settings: z.object({
      baselineTimeoutRate: nNum,
      baselineErrorRate: nNum,
      observationWindowMinutes: z.number().int(),
      userFacingTimeoutBudgetMs: nInt,
      materialFactor: z.number(),
    }),
    steps: z.array(z.object({ occurredAt: isoDateTime, trafficPercent: z.number(), scope: text, approverName: nText, note: nText })),
    /** The windows the findings use: IMPORT when imported windows exist, else MANUAL (else LIVE). */
    windowSource: ZDataSource.nullable(),
    windows: z.array(
      z.object({
        source: ZDataSource,
        path: ZRequestPath,
        windowStart: isoDateTime,
        windowEnd: isoDateTime,
        requests: z.number().int(),
        errors: z.number().int(),
        timeouts: z.number().int(),
        validationFailures: z.number().int(),
        p50LatencyMs: nInt,
        p95LatencyMs: nInt,
        p99LatencyMs: nInt,
        activeClassErrors: nInt,
        errorRate: nNum,
        timeoutRate: nNum,
        validationFailureRate: nNum,
      }),
    ),
    findings: z.array(
      z.object({
        rule: text,
        severity: z.enum(["WARNING", "CRITICAL"]),
        windowStarts: z.array(isoDateTime),
        message: text,
        section: text,
        itemId: text,
        basis: z.enum(["ACTIVE_CLASS", "OVERALL", "BASELINE"]).nullable(),
        evidence: z.array(ZNamedNumber),
      }),
    ),
    /** Why the findings could not be computed (invalid settings), else null. */
    findingsError: nText,
  }),
  patterns: z.object({
    items: z.array(
      z.object({
        patternId: text,
        name: text,
        useWhen: text,
        /** From the "patterns used" checklist; null when not answered. */
        used: nBool,
        usageNote: nText,
        rules: z.array(ZChecklistItem),
      }),
    ),
    approvals: z.array(
      z.object({
        approver: nText,
        changeTicket: text,
        approvedAt: isoDateTime,
        expiresAt: isoDateTime,
        revokedAt: isoDateTime.nullable(),
        note: nText,
        /** lib/fallback/approval, evaluated at generatedAt. */
        status: z.enum(["ACTIVE", "EXPIRED", "REVOKED", "INVALID"]),
        reasons: z.array(text),
      }),
    ),
  }),
  rollback: z.object({ conditions: z.array(ZChecklistItem), steps: z.array(ZChecklistItem) }),
  impact: z.object({
    measures: z.array(
      z.object({
        measureId: ZImpactMeasureKind,
        label: text,
        unit: text,
        direction: z.enum(["LOWER_IS_BETTER", "HIGHER_IS_BETTER"]),
        before: nNum,
        during: nNum,
        after: nNum,
        change: z.enum(["IMPROVED", "WORSENED", "UNCHANGED", "UNKNOWN"]),
        /** Units and notes recorded with the values (by phase). */
        recordedUnits: z.array(text),
        notes: z.array(text),
      }),
    ),
    verdict: z.enum(["DROPPED", "NOT_DROPPED", "UNKNOWN"]),
    customerVisibleErrorsStillHigh: z.boolean(),
    reasons: z.array(text),
    warnings: z.array(text),
  }),
  questions: z.array(
    z.object({
      sectionId: text,
      sectionTitle: text,
      questionId: text,
      text: text,
      required: z.boolean(),
      answer: nText,
      answeredBy: nText,
      answeredAt: isoDateTime.nullable(),
      answerRunbookVersion: nText,
    }),
  ),
  timeline: z.array(
    z.object({ occurredAt: isoDateTime, kind: ZTimelineEventKind, description: text, trafficPercent: nNum, author: nText }),
  ),
  followUps: z.array(
    z.object({
      title: text,
      owner: nText,
      dueDate: isoDate.nullable(),
      status: ZFollowUpStatus,
      ticketUrl: nText,
      sourceSectionId: nText,
      sourceQuestionId: nText,
      completedAt: isoDateTime.nullable(),
      /** Open or in progress and due before generatedAt's UTC date. */
      overdue: z.boolean(),
    }),
  ),
  artifacts: z.array(
    z.object({
      kind: ZArtifactKind,
      label: text,
      /** Derived from what is on file, as the artifacts page does; NOT_APPLICABLE as recorded. */
      state: ZArtifactState,
      notApplicableReason: nText,
      attachmentCount: z.number().int(),
      linkCount: z.number().int(),
    }),
  ),
  attachments: z.array(
    z.object({
      id: text,
      artifactKind: ZArtifactKind.nullable(),
      fileName: text,
      /** Where the file is inside the bundle. */
      bundlePath: text,
      mimeType: text,
      sizeBytes: z.number().int(),
      sha256: text,
      uploadedBy: nText,
      createdAt: isoDateTime,
    }),
  ),
  links: z.array(z.object({ artifactKind: ZArtifactKind.nullable(), kind: ZLinkKind, url: text, label: text, createdAt: isoDateTime })),
  logImports: z.array(
    z.object({
      fileName: text,
      sha256: text,
      format: ZLogFormat,
      status: ZImportStatus,
      rows: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      byClass: z.array(ZNamedNumber),
      byPath: z.array(ZNamedNumber),
      privacyReport: z.array(ZNamedNumber),
      rejectedLines: z.array(z.object({ line: nInt, reason: text })),
      error: nText,
      createdBy: nText,
      startedAt: isoDateTime,
      finishedAt: isoDateTime.nullable(),
    }),
  ),
  /** Every computed figure in the export, with its definition. */
  definitions: z.array(z.object({ key: text, label: text, definition: text })),
});

export type TReviewExport = z.infer<typeof ZReviewExport>;
export type TChecklistItemExport = z.infer<typeof ZChecklistItem>;

/** schema.json of the bundle: JSON Schema (draft 2020-12) of review.json. */
export function reviewJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZReviewExport, { target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://incident-review.local/schemas/review-export-v${EXPORT_SCHEMA_VERSION}.json`,
    title: "Incident Review export (review.json)",
  };
}
