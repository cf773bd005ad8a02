// Stored rows → the exported review (TReviewExport), computing every figure
// with the pure runbook rules (lib/fallback, lib/incidents/metrics). Pure: the
// rows come from lib/export/load.ts, "now" is the generated-at instant.
import { approvalStatus, type TUserRole } from "@/lib/fallback/approval";
import { comparePaths, type TPathObservation } from "@/lib/fallback/compare";
import { configWarnings, diffConfigSnapshots, type TConfigSnapshot } from "@/lib/fallback/config-diff";
import { buildSmokeCurl } from "@/lib/fallback/curl";
import { evaluateImpact, impactMeasuresFromRows } from "@/lib/fallback/impact";
import { DEFAULT_MATERIAL_FACTOR, evaluateRolloutRules, type TObservationWindow, type TWindowMeasures } from "@/lib/fallback/thresholds";
import { REQUEST_CLASSES } from "@/lib/fallback/types";
import { computeFallbackVerdict, type TCriterionAnswer } from "@/lib/fallback/verdict";
import { computeIncidentMetrics } from "@/lib/incidents/metrics";
import {
  CHECKLISTS,
  PAUSE_CRITERION_IDS,
  RUNBOOK_VERSION,
  SAFER_CRITERION_IDS,
  SMOKE_CRITERION_IDS,
  findFailureClass,
  getSmokeCriterion,
  isArtifactKindId,
  isFailureClassId,
  listQuestions,
  runbook,
  type TCriterionId,
} from "@/lib/runbook/runbook";
import { EXPORT_DEFINITIONS } from "./definitions";
import { attachmentBundlePath } from "./paths";
import {
  EXPORT_SCHEMA_VERSION,
  ZReviewExport,
  type TChecklistItemExport,
  type TReviewExport,
} from "./schema";

// ─── Row shapes (what load.ts selects) ─────────────────────────────────────

type TName = { name: string } | null;
type TSource = "MANUAL" | "IMPORT" | "LIVE";
type TPathId = "PRIMARY" | "FALLBACK";
type E<K extends keyof TReviewExport> = TReviewExport[K];

export type TReviewRows = {
  incident: {
    key: string;
    title: string;
    severity: E<"incident">["severity"];
    status: E<"incident">["status"];
    degradationStartedAt: Date;
    detectedAt: Date | null;
    detectionSource: E<"incident">["detectionSource"];
    mitigatedAt: Date | null;
    endedAt: Date | null;
    currentStatusNote: string | null;
    affectedRoutes: string[];
    affectedServices: string[];
    affectedTenants: string[];
    affectedRegions: string[];
    affectedFeatures: string[];
    primaryModelAlias: string | null;
    primaryModelResolvedId: string | null;
    fallbackModelAlias: string | null;
    fallbackModelResolvedId: string | null;
    fallbackMode: E<"incident">["fallbackMode"];
    commanderId: string | null;
    primarySymptom: string | null;
    fallbackAction: string | null;
    rollbackCondition: string | null;
    customerImpactStatement: string | null;
    businessMetricLabel: string | null;
    baselineTimeoutRate: number | null;
    baselineErrorRate: number | null;
    observationWindowMinutes: number;
    userFacingTimeoutBudgetMs: number | null;
    taskSpecificValidationDone: boolean;
    runbookVersion: string;
    createdAt: Date;
    updatedAt: Date;
    team: TName;
    commander: TName;
  };
  failureClasses: { failureClass: string; role: "PRIMARY" | "SECONDARY"; note: string | null }[];
  histogramBuckets: { source: TSource; windowStart: Date; windowEnd: Date; path: TPathId; requestClass: string; count: number }[];
  decision: {
    computedVerdict: "ALLOWED" | "LIMITED" | "BLOCKED";
    overrideVerdict: "ALLOWED" | "LIMITED" | "BLOCKED" | null;
    overrideReason: string | null;
    overriddenAt: Date | null;
    overriddenBy: TName;
  } | null;
  checklistAnswers: {
    checklistId: string;
    itemId: string;
    checked: boolean | null;
    note: string | null;
    occurredAt: Date | null;
    byUser: TName;
  }[];
  configSnapshots: {
    versionNumber: number;
    label: "INCIDENT_START" | "DURING_MITIGATION" | "AFTER" | "OTHER";
    labelNote: string | null;
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
    createdAt: Date;
    createdBy: TName;
  }[];
  smokeRuns: {
    sequence: number;
    requestId: string;
    path: TPathId;
    model: string;
    systemMessage: string;
    userMessage: string;
    expectedJson: string | null;
    temperature: number;
    maxTokens: number;
    source: TSource;
    statusCode: number | null;
    exceptionClass: string | null;
    latencyMs: number | null;
    responseShape: string | null;
    outputParses: boolean | null;
    matchesExpected: boolean | null;
    promptTokens: number | null;
    completionTokens: number | null;
    totalTokens: number | null;
    requestIdEchoed: boolean | null;
    retryCount: number | null;
    criteria: unknown;
    ranAt: Date;
    ranBy: TName;
    snapshot: { versionNumber: number; apiKeyEnvVar: string | null } | null;
  }[];
  comparisons: {
    promptLabel: string;
    source: TSource;
    createdAt: Date;
    sides: ({ path: TPathId } & TPathObservation)[];
  }[];
  rolloutSteps: { occurredAt: Date; trafficPercent: number; scope: string; approverName: string | null; note: string | null }[];
  windows: (TWindowMeasures & { source: TSource; path: TPathId; windowStart: Date; windowEnd: Date })[];
  approvals: {
    approverId: string;
    changeTicket: string;
    approvedAt: Date;
    expiresAt: Date;
    revokedAt: Date | null;
    note: string | null;
    approver: { name: string; role: TUserRole };
  }[];
  impactMeasures: { measure: string; phase: "BEFORE" | "DURING" | "AFTER"; value: number; unit: string; note: string | null }[];
  answers: { questionId: string; body: string; runbookVersion: string; updatedAt: Date; updatedBy: TName }[];
  timelineEvents: { occurredAt: Date; createdAt: Date; kind: E<"timeline">[number]["kind"]; description: string; trafficPercent: number | null; author: TName }[];
  followUps: {
    title: string;
    ownerExternalName: string | null;
    ownerUser: TName;
    dueDate: Date | null;
    status: E<"followUps">[number]["status"];
    ticketUrl: string | null;
    sourceSectionId: string | null;
    sourceQuestionId: string | null;
    completedAt: Date | null;
    createdAt: Date;
  }[];
  artifacts: { kind: string; state: "ATTACHED" | "LINKED" | "NOT_APPLICABLE" | "MISSING"; notApplicableReason: string | null }[];
  attachments: {
    id: string;
    artifactKind: string | null;
    fileName: string;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    createdAt: Date;
    uploadedBy: TName;
  }[];
  links: { artifactKind: string | null; kind: E<"links">[number]["kind"]; url: string; label: string; createdAt: Date }[];
  logImports: {
    fileName: string;
    sha256: string;
    format: E<"logImports">[number]["format"];
    status: E<"logImports">[number]["status"];
    rows: number;
    accepted: number;
    rejected: number;
    byClass: unknown;
    byPath: unknown;
    privacyReport: unknown;
    rejectedLines: unknown;
    error: string | null;
    startedAt: Date;
    finishedAt: Date | null;
    createdBy: TName;
  }[];
};

export type TGeneratedBy = { name: string; role: "ADMIN" | "COMMANDER" | "VIEWER" };

// ─── Helpers ───────────────────────────────────────────────────────────────

/** Not in the runbook: the patterns page's "used in this incident" checklist (one item per pattern id). */
export const PATTERN_USAGE_CHECKLIST_ID = "patterns-used";

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const nameOf = (u: TName): string | null => u?.name ?? null;
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const byTime = (a: Date, b: Date) => a.getTime() - b.getTime();

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Numbers of a JSON object, flattened to dotted names in key order. */
function flattenNumbers(value: unknown, prefix = ""): { name: string; value: number }[] {
  if (!isRecord(value)) return [];
  const out: { name: string; value: number }[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof v === "number" && Number.isFinite(v)) out.push({ name, value: v });
    else if (isRecord(v)) out.push(...flattenNumbers(v, name));
  }
  return out;
}

/** A class→count map in request-class order (unknown names after, sorted). */
function classCounts(value: unknown): { name: string; value: number }[] {
  const flat = flattenNumbers(value);
  const order = (name: string) => {
    const i = (REQUEST_CLASSES as readonly string[]).indexOf(name);
    return i === -1 ? REQUEST_CLASSES.length : i;
  };
  return flat.sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
}

function preferredSource<T extends { source: TSource }>(rows: readonly T[]): TSource | null {
  for (const s of ["IMPORT", "MANUAL", "LIVE"] as const) if (rows.some((r) => r.source === s)) return s;
  return null;
}

function scalarText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? "null";
}

function featureFlagRecord(value: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    out[k] = typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)) ? v : scalarText(v);
  }
  return out;
}

const CHECKLIST_TITLES: Record<string, string> = {
  [PATTERN_USAGE_CHECKLIST_ID]: `${runbook.patterns.heading}: used in this incident`,
};

// ─── Assembly ──────────────────────────────────────────────────────────────

export function assembleReview(rows: TReviewRows, meta: { generatedAt: Date; generatedBy: TGeneratedBy }): TReviewExport {
  const now = meta.generatedAt;
  const inc = rows.incident;

  // Checklist answers, generically: every runbook checklist with all its items, then any other id stored.
  const answersByList = new Map<string, TReviewRows["checklistAnswers"]>();
  for (const a of rows.checklistAnswers) {
    const list = answersByList.get(a.checklistId) ?? [];
    list.push(a);
    answersByList.set(a.checklistId, list);
  }
  const itemOf = (a: TReviewRows["checklistAnswers"][number] | undefined, itemId: string, text: string | null): TChecklistItemExport => ({
    itemId,
    text,
    checked: a?.checked ?? null,
    note: a?.note ?? null,
    occurredAt: isoOrNull(a?.occurredAt),
    by: nameOf(a?.byUser ?? null),
  });
  const checklistItems = (checklistId: string, items: readonly { id: string; text: string }[]): TChecklistItemExport[] => {
    const stored = answersByList.get(checklistId) ?? [];
    const known = new Set(items.map((i) => i.id));
    return [
      ...items.map((item) => itemOf(stored.find((a) => a.itemId === item.id), item.id, item.text)),
      ...stored
        .filter((a) => !known.has(a.itemId))
        .sort((a, b) => a.itemId.localeCompare(b.itemId))
        .map((a) => itemOf(a, a.itemId, null)),
    ];
  };
  const runbookChecklistIds = new Set<string>(CHECKLISTS.map((c) => c.id));
  const checklists: TReviewExport["checklists"] = [
    ...CHECKLISTS.map((c) => ({ checklistId: c.id, title: c.title, lead: c.lead, items: checklistItems(c.id, c.items) })),
    ...[...answersByList.keys()]
      .filter((id) => !runbookChecklistIds.has(id))
      .sort()
      .map((id) => ({ checklistId: id, title: CHECKLIST_TITLES[id] ?? id, lead: null, items: checklistItems(id, []) })),
  ];
  const checklist = (id: string) => checklists.find((c) => c.checklistId === id)?.items ?? [];

  // §2 classes and histogram.
  const roleOrder = (r: string) => (r === "PRIMARY" ? 0 : 1);
  const classOrder = (c: string) => runbook.failureModes.classes.findIndex((x) => x.id === c);
  const classItems = rows.failureClasses
    .filter((c) => isFailureClassId(c.failureClass))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || classOrder(a.failureClass) - classOrder(b.failureClass))
    .map((c) => ({
      failureClass: c.failureClass as TReviewExport["classes"]["items"][number]["failureClass"],
      role: c.role,
      label: findFailureClass(c.failureClass)?.label ?? c.failureClass,
      note: c.note,
    }));
  const histogramSource = preferredSource(rows.histogramBuckets);
  const requestClassOrder = (c: string) => (REQUEST_CLASSES as readonly string[]).indexOf(c);
  const buckets = rows.histogramBuckets
    .filter((b) => b.source === histogramSource && requestClassOrder(b.requestClass) !== -1)
    .sort(
      (a, b) =>
        byTime(a.windowStart, b.windowStart) ||
        roleOrder(a.path) - roleOrder(b.path) ||
        requestClassOrder(a.requestClass) - requestClassOrder(b.requestClass),
    )
    .map((b) => ({
      windowStart: iso(b.windowStart),
      windowEnd: iso(b.windowEnd),
      path: b.path,
      requestClass: b.requestClass as TReviewExport["classes"]["histogram"]["buckets"][number]["requestClass"],
      count: b.count,
    }));
  const totals = REQUEST_CLASSES.map((requestClass) => ({
    requestClass,
    primary: buckets.filter((b) => b.requestClass === requestClass && b.path === "PRIMARY").reduce((s, b) => s + b.count, 0),
    fallback: buckets.filter((b) => b.requestClass === requestClass && b.path === "FALLBACK").reduce((s, b) => s + b.count, 0),
  })).filter((t) => buckets.length > 0 && (t.primary > 0 || t.fallback > 0));

  // Smoke runs (needed by the decision).
  const smokeRuns: TReviewExport["smokeRuns"] = [...rows.smokeRuns]
    .sort((a, b) => a.sequence - b.sequence)
    .map((r) => {
      const stored = isRecord(r.criteria) ? r.criteria : {};
      const criteria = [
        ...SMOKE_CRITERION_IDS.map((id) => {
          const entry = stored[id];
          const result = isRecord(entry) && (entry.result === "pass" || entry.result === "fail") ? entry.result : "unknown";
          const note = isRecord(entry) && typeof entry.note === "string" && entry.note.trim() ? entry.note : null;
          return { criterionId: id as string, label: getSmokeCriterion(id).text, result: result as "pass" | "fail" | "unknown", note };
        }),
      ];
      let curl: string | null = null;
      try {
        curl = buildSmokeCurl({
          requestId: r.requestId,
          model: r.model,
          ...(r.systemMessage.trim() ? { systemMessage: r.systemMessage } : {}),
          userMessage: r.userMessage,
          temperature: r.temperature,
          maxTokens: r.maxTokens,
          ...(r.snapshot?.apiKeyEnvVar ? { apiKeyEnvVar: r.snapshot.apiKeyEnvVar } : {}),
        });
      } catch {
        curl = null; // a stored value the generator refuses (e.g. an unusual request id): no command rather than a wrong one
      }
      return {
        sequence: r.sequence,
        requestId: r.requestId,
        path: r.path,
        model: r.model,
        snapshotVersion: r.snapshot?.versionNumber ?? null,
        systemMessage: r.systemMessage,
        userMessage: r.userMessage,
        expectedJson: r.expectedJson,
        temperature: r.temperature,
        maxTokens: r.maxTokens,
        source: r.source,
        statusCode: r.statusCode,
        exceptionClass: r.exceptionClass,
        latencyMs: r.latencyMs,
        responseShape: r.responseShape,
        outputParses: r.outputParses,
        matchesExpected: r.matchesExpected,
        promptTokens: r.promptTokens,
        completionTokens: r.completionTokens,
        totalTokens: r.totalTokens,
        requestIdEchoed: r.requestIdEchoed,
        retryCount: r.retryCount,
        criteria,
        passed: criteria.every((c) => c.result === "pass"),
        ranAt: iso(r.ranAt),
        ranBy: nameOf(r.ranBy),
        curl,
      };
    });

  // §3 decision, recomputed from the answers exactly as the decision page does.
  const criteriaAnswers: Partial<Record<TCriterionId, TCriterionAnswer>> = {};
  for (const [listId, ids] of [
    ["fallback-safer-when", SAFER_CRITERION_IDS],
    ["fallback-paused-when", PAUSE_CRITERION_IDS],
  ] as const) {
    for (const a of answersByList.get(listId) ?? []) {
      if ((ids as readonly string[]).includes(a.itemId)) criteriaAnswers[a.itemId as TCriterionId] = { value: a.checked, evidence: a.note };
    }
  }
  const fallbackSmokeTestPassed = smokeRuns.some((r) => r.path === "FALLBACK" && r.passed);
  const verdict = computeFallbackVerdict({
    criteria: criteriaAnswers,
    failureClasses: classItems.map((c) => ({ classId: c.failureClass, role: c.role })),
    taskSpecificValidationPassed: inc.taskSpecificValidationDone,
    fallbackSmokeTestPassed,
  });
  const decision: TReviewExport["decision"] = {
    computedVerdict: verdict.verdict,
    storedComputedVerdict: rows.decision?.computedVerdict ?? null,
    overrideVerdict: rows.decision?.overrideVerdict ?? null,
    overrideReason: rows.decision?.overrideReason ?? null,
    overriddenBy: nameOf(rows.decision?.overriddenBy ?? null),
    overriddenAt: isoOrNull(rows.decision?.overriddenAt),
    effectiveVerdict: rows.decision?.overrideVerdict ?? verdict.verdict,
    fallbackSmokeTestPassed,
    reasons: verdict.reasons.map((r) => ({
      code: r.code,
      message: r.message,
      imposes: r.imposes,
      section: r.source.section,
      itemId: r.source.itemId,
      evidence: r.evidence ?? null,
    })),
    classGuidance: verdict.classGuidance.map((g) => ({ ...g })),
  };

  // Step 1 configuration versions and their diffs.
  const snapshots = [...rows.configSnapshots].sort((a, b) => a.versionNumber - b.versionNumber);
  const asConfig = (s: (typeof snapshots)[number]): TConfigSnapshot => ({
    baseUrl: s.baseUrl,
    primaryModelAlias: s.primaryModelAlias,
    primaryModelResolvedId: s.primaryModelResolvedId,
    fallbackModelAlias: s.fallbackModelAlias,
    fallbackModelResolvedId: s.fallbackModelResolvedId,
    clientTimeoutMs: s.clientTimeoutMs,
    retryCount: s.retryCount,
    retryBackoff: s.retryBackoff,
    maxTokens: s.maxTokens,
    featureFlags: featureFlagRecord(s.featureFlags),
    loggedFields: [...new Set(s.loggedFields)],
    apiKeyEnvVar: s.apiKeyEnvVar,
  });
  const configuration: TReviewExport["configuration"] = {
    versions: snapshots.map((s) => {
      const config = asConfig(s);
      return {
        versionNumber: s.versionNumber,
        label: s.label,
        labelNote: s.labelNote,
        baseUrl: s.baseUrl,
        primaryModelAlias: s.primaryModelAlias,
        primaryModelResolvedId: s.primaryModelResolvedId,
        fallbackModelAlias: s.fallbackModelAlias,
        fallbackModelResolvedId: s.fallbackModelResolvedId,
        clientTimeoutMs: s.clientTimeoutMs,
        retryCount: s.retryCount,
        retryBackoff: s.retryBackoff,
        maxTokens: s.maxTokens,
        featureFlags: Object.keys(config.featureFlags)
          .sort()
          .map((name) => ({ name, value: scalarText(config.featureFlags[name]) })),
        loggedFields: s.loggedFields,
        apiKeyEnvVar: s.apiKeyEnvVar,
        createdBy: nameOf(s.createdBy),
        createdAt: iso(s.createdAt),
        warnings: configWarnings(config).map((w) => ({ code: w.code, field: w.field, message: w.message })),
      };
    }),
    diffs: snapshots.slice(1).map((s, i) => ({
      fromVersion: snapshots[i]!.versionNumber,
      toVersion: s.versionNumber,
      changes: diffConfigSnapshots(asConfig(snapshots[i]!), asConfig(s)).map((c) => ({
        field: c.field,
        configItemId: c.configItemId,
        kind: c.kind,
        before: c.before === null ? null : String(c.before),
        after: c.after === null ? null : String(c.after),
      })),
    })),
  };

  // Step 3 comparisons.
  const comparisons: TReviewExport["comparisons"] = [...rows.comparisons]
    .sort((a, b) => byTime(a.createdAt, b.createdAt) || a.promptLabel.localeCompare(b.promptLabel))
    .map((c) => {
      const side = (p: TPathId): TPathObservation => c.sides.find((s) => s.path === p) ?? {};
      return {
        promptLabel: c.promptLabel,
        source: c.source,
        createdAt: iso(c.createdAt),
        rows: comparePaths(side("PRIMARY"), side("FALLBACK")).map((r) => ({ ...r })),
      };
    });

  // Step 4 rollout, windows and findings.
  const windowSource = preferredSource(rows.windows);
  const windows = rows.windows
    .filter((w) => w.source === windowSource)
    .sort((a, b) => byTime(a.windowStart, b.windowStart) || roleOrder(a.path) - roleOrder(b.path));
  const settings = {
    baselineTimeoutRate: inc.baselineTimeoutRate,
    baselineErrorRate: inc.baselineErrorRate,
    observationWindowMinutes: inc.observationWindowMinutes,
    userFacingTimeoutBudgetMs: inc.userFacingTimeoutBudgetMs,
    materialFactor: DEFAULT_MATERIAL_FACTOR,
  };
  let findings: TReviewExport["rollout"]["findings"] = [];
  let findingsError: string | null = null;
  try {
    findings = evaluateRolloutRules(windows as readonly TObservationWindow[], {
      baselineTimeoutRate: settings.baselineTimeoutRate,
      baselineErrorRate: settings.baselineErrorRate,
      windowMinutes: settings.observationWindowMinutes,
      userFacingTimeoutBudgetMs: settings.userFacingTimeoutBudgetMs,
      materialFactor: settings.materialFactor,
    }).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      windowStarts: f.windowStarts.map(iso),
      message: f.message,
      section: f.source.section,
      itemId: f.source.itemId,
      basis: f.basis ?? null,
      evidence: Object.entries(f.evidence).map(([name, value]) => ({ name, value })),
    }));
  } catch {
    findingsError = "The incident's rollout settings are not valid, so the Step 4 rules were not evaluated.";
  }
  const rollout: TReviewExport["rollout"] = {
    settings,
    steps: [...rows.rolloutSteps]
      .sort((a, b) => byTime(a.occurredAt, b.occurredAt))
      .map((s) => ({ occurredAt: iso(s.occurredAt), trafficPercent: s.trafficPercent, scope: s.scope, approverName: s.approverName, note: s.note })),
    windowSource,
    windows: windows.map((w) => ({
      source: w.source,
      path: w.path,
      windowStart: iso(w.windowStart),
      windowEnd: iso(w.windowEnd),
      requests: w.requests,
      errors: w.errors,
      timeouts: w.timeouts,
      validationFailures: w.validationFailures,
      p50LatencyMs: w.p50LatencyMs,
      p95LatencyMs: w.p95LatencyMs,
      p99LatencyMs: w.p99LatencyMs,
      activeClassErrors: w.activeClassErrors,
      errorRate: rate(w.errors, w.requests),
      timeoutRate: rate(w.timeouts, w.requests),
      validationFailureRate: rate(w.validationFailures, w.requests),
    })),
    findings,
    findingsError,
  };

  // Safe fallback patterns and approvals.
  const usage = answersByList.get(PATTERN_USAGE_CHECKLIST_ID) ?? [];
  const patterns: TReviewExport["patterns"] = {
    items: runbook.patterns.items.map((p) => {
      const used = usage.find((u) => u.itemId === p.id);
      return {
        patternId: p.id,
        name: p.name,
        useWhen: p.useWhen,
        used: used?.checked ?? null,
        usageNote: used?.note ?? null,
        rules: checklist(`pattern-${p.id}`),
      };
    }),
    approvals: [...rows.approvals]
      .sort((a, b) => byTime(a.approvedAt, b.approvedAt))
      .map((a) => {
        const status = approvalStatus(
          {
            approverId: a.approverId,
            approverRole: a.approver.role,
            incidentCommanderId: inc.commanderId,
            changeTicket: a.changeTicket,
            approvedAt: a.approvedAt,
            expiresAt: a.expiresAt,
            revokedAt: a.revokedAt,
          },
          now,
        );
        return {
          approver: a.approver.name,
          changeTicket: a.changeTicket,
          approvedAt: iso(a.approvedAt),
          expiresAt: iso(a.expiresAt),
          revokedAt: isoOrNull(a.revokedAt),
          note: a.note,
          status: status.status,
          reasons: status.reasons.map((r) => r.message),
        };
      }),
  };

  // Step 5 impact.
  const impactEval = evaluateImpact(impactMeasuresFromRows(rows.impactMeasures));
  const phaseOrder = (p: string) => ["BEFORE", "DURING", "AFTER"].indexOf(p);
  const impact: TReviewExport["impact"] = {
    measures: impactEval.measures.map((m) => {
      const recorded = rows.impactMeasures.filter((r) => r.measure === m.measureId).sort((a, b) => phaseOrder(a.phase) - phaseOrder(b.phase));
      return {
        ...m,
        recordedUnits: [...new Set(recorded.map((r) => r.unit))],
        notes: recorded.filter((r) => r.note && r.note.trim()).map((r) => `${r.phase.toLowerCase()}: ${r.note}`),
      };
    }),
    verdict: impactEval.verdict,
    customerVisibleErrorsStillHigh: impactEval.customerVisibleErrorsStillHigh,
    reasons: [...impactEval.reasons],
    warnings: [...impactEval.warnings],
  };

  // Review questions: all of this runbook's, then answers to questions it no longer has.
  const answers = new Map(rows.answers.map((a) => [a.questionId, a]));
  const questionIds = new Set<string>();
  const sectionTitle = (id: string) => runbook.review.sections.find((s) => s.id === id)?.title ?? id;
  const questions: TReviewExport["questions"] = [
    ...listQuestions().map((q) => {
      questionIds.add(q.id);
      const a = answers.get(q.id);
      const body = a && a.body.trim() ? a.body : null;
      return {
        sectionId: q.sectionId,
        sectionTitle: sectionTitle(q.sectionId),
        questionId: q.id,
        text: q.text,
        required: q.required,
        answer: body,
        answeredBy: body ? nameOf(a!.updatedBy) : null,
        answeredAt: body ? iso(a!.updatedAt) : null,
        answerRunbookVersion: body ? a!.runbookVersion : null,
      };
    }),
    ...rows.answers
      .filter((a) => !questionIds.has(a.questionId) && a.body.trim())
      .sort((a, b) => a.questionId.localeCompare(b.questionId))
      .map((a) => ({
        sectionId: "OTHER",
        sectionTitle: "Other questions (not in this runbook version)",
        questionId: a.questionId,
        text: a.questionId,
        required: false,
        answer: a.body,
        answeredBy: nameOf(a.updatedBy),
        answeredAt: iso(a.updatedAt),
        answerRunbookVersion: a.runbookVersion,
      })),
  ];

  // Timeline and follow-ups.
  const timeline: TReviewExport["timeline"] = [...rows.timelineEvents]
    .sort((a, b) => byTime(a.occurredAt, b.occurredAt) || byTime(a.createdAt, b.createdAt))
    .map((e) => ({ occurredAt: iso(e.occurredAt), kind: e.kind, description: e.description, trafficPercent: e.trafficPercent, author: nameOf(e.author) }));
  const today = iso(now).slice(0, 10);
  const followUps: TReviewExport["followUps"] = [...rows.followUps]
    .sort((a, b) => {
      const da = a.dueDate ? iso(a.dueDate) : "9999";
      const db = b.dueDate ? iso(b.dueDate) : "9999";
      return da.localeCompare(db) || byTime(a.createdAt, b.createdAt) || a.title.localeCompare(b.title);
    })
    .map((f) => {
      const dueDate = f.dueDate ? iso(f.dueDate).slice(0, 10) : null;
      return {
        title: f.title,
        owner: nameOf(f.ownerUser) ?? (f.ownerExternalName?.trim() ? f.ownerExternalName : null),
        dueDate,
        status: f.status,
        ticketUrl: f.ticketUrl,
        sourceSectionId: f.sourceSectionId,
        sourceQuestionId: f.sourceQuestionId,
        completedAt: isoOrNull(f.completedAt),
        overdue: (f.status === "OPEN" || f.status === "IN_PROGRESS") && dueDate !== null && dueDate < today,
      };
    });

  // Artifacts: one per runbook kind, state derived from what is on file.
  const attachmentsSorted = [...rows.attachments].sort((a, b) => byTime(a.createdAt, b.createdAt) || a.id.localeCompare(b.id));
  const linksSorted = [...rows.links].sort((a, b) => byTime(a.createdAt, b.createdAt) || a.url.localeCompare(b.url));
  const artifacts: TReviewExport["artifacts"] = runbook.artifacts.kinds.map(({ id, label }) => {
    const row = rows.artifacts.find((r) => r.kind === id);
    const attachmentCount = attachmentsSorted.filter((a) => a.artifactKind === id).length;
    const linkCount = linksSorted.filter((l) => l.artifactKind === id).length;
    const hasStatement = id === "CUSTOMER_IMPACT_STATEMENT" && !!inc.customerImpactStatement?.trim();
    const state =
      row?.state === "NOT_APPLICABLE"
        ? "NOT_APPLICABLE"
        : attachmentCount > 0 || hasStatement
          ? "ATTACHED"
          : linkCount > 0
            ? "LINKED"
            : "MISSING";
    return {
      kind: id,
      label,
      state,
      notApplicableReason: state === "NOT_APPLICABLE" ? (row?.notApplicableReason ?? null) : null,
      attachmentCount,
      linkCount,
    };
  });
  const artifactKindOrNull = (k: string | null) => (k !== null && isArtifactKindId(k) ? k : null);

  const review: TReviewExport = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    runbookVersion: RUNBOOK_VERSION,
    generatedAt: iso(now),
    generatedBy: { name: meta.generatedBy.name, role: meta.generatedBy.role },
    incident: {
      key: inc.key,
      title: inc.title,
      severity: inc.severity,
      status: inc.status,
      team: nameOf(inc.team),
      commander: nameOf(inc.commander),
      runbookVersion: inc.runbookVersion,
      degradationStartedAt: iso(inc.degradationStartedAt),
      detectedAt: isoOrNull(inc.detectedAt),
      detectionSource: inc.detectionSource,
      mitigatedAt: isoOrNull(inc.mitigatedAt),
      endedAt: isoOrNull(inc.endedAt),
      currentStatusNote: inc.currentStatusNote,
      affectedRoutes: inc.affectedRoutes,
      affectedServices: inc.affectedServices,
      affectedTenants: inc.affectedTenants,
      affectedRegions: inc.affectedRegions,
      affectedFeatures: inc.affectedFeatures,
      primaryModelAlias: inc.primaryModelAlias,
      primaryModelResolvedId: inc.primaryModelResolvedId,
      fallbackModelAlias: inc.fallbackModelAlias,
      fallbackModelResolvedId: inc.fallbackModelResolvedId,
      fallbackMode: inc.fallbackMode,
      primarySymptom: inc.primarySymptom,
      fallbackAction: inc.fallbackAction,
      rollbackCondition: inc.rollbackCondition,
      customerImpactStatement: inc.customerImpactStatement,
      businessMetricLabel: inc.businessMetricLabel,
      baselineTimeoutRate: inc.baselineTimeoutRate,
      baselineErrorRate: inc.baselineErrorRate,
      observationWindowMinutes: inc.observationWindowMinutes,
      userFacingTimeoutBudgetMs: inc.userFacingTimeoutBudgetMs,
      taskSpecificValidationDone: inc.taskSpecificValidationDone,
      createdAt: iso(inc.createdAt),
      updatedAt: iso(inc.updatedAt),
    },
    figures: (() => {
      const m = computeIncidentMetrics(inc);
      return { detectionLagMs: m.detectionLag, timeToMitigateMs: m.timeToMitigate, timeToResolveMs: m.timeToResolve };
    })(),
    classes: { items: classItems, histogram: { source: histogramSource, buckets, totals } },
    decision,
    checklists,
    configuration,
    smokeRuns,
    comparisons,
    rollout,
    patterns,
    rollback: { conditions: checklist("rollback-conditions"), steps: checklist("rollback-steps") },
    impact,
    questions,
    timeline,
    followUps,
    artifacts,
    attachments: attachmentsSorted.map((a, i) => ({
      id: a.id,
      artifactKind: artifactKindOrNull(a.artifactKind),
      fileName: a.fileName,
      bundlePath: attachmentBundlePath(i, a.fileName),
      mimeType: a.mimeType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      uploadedBy: nameOf(a.uploadedBy),
      createdAt: iso(a.createdAt),
    })),
    links: linksSorted.map((l) => ({ artifactKind: artifactKindOrNull(l.artifactKind), kind: l.kind, url: l.url, label: l.label, createdAt: iso(l.createdAt) })),
    logImports: [...rows.logImports]
      .sort((a, b) => byTime(a.startedAt, b.startedAt))
      .map((l) => ({
        fileName: l.fileName,
        sha256: l.sha256,
        format: l.format,
        status: l.status,
        rows: l.rows,
        accepted: l.accepted,
        rejected: l.rejected,
        byClass: classCounts(l.byClass),
        byPath: flattenNumbers(l.byPath),
        privacyReport: flattenNumbers(l.privacyReport),
        rejectedLines: (Array.isArray(l.rejectedLines) ? l.rejectedLines : []).slice(0, 100).map((r: unknown) => ({
          line: isRecord(r) && typeof r.line === "number" && Number.isInteger(r.line) ? r.line : null,
          reason: isRecord(r) ? scalarText(r.reason ?? "") : scalarText(r),
        })),
        error: l.error,
        createdBy: nameOf(l.createdBy),
        startedAt: iso(l.startedAt),
        finishedAt: isoOrNull(l.finishedAt),
      })),
    definitions: EXPORT_DEFINITIONS.map((d) => ({ ...d })),
  };
  // The type system guarantees the shape; parsing also checks dates and integers, so review.json always matches schema.json.
  return ZReviewExport.parse(review);
}
