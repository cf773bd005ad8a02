// A fully filled review as stored rows, for the export's unit tests: every
// section has data, built on the runbook's example incident (2026-05-08).
import { CHECKLISTS, QUESTION_IDS, SMOKE_CRITERION_IDS } from "@/lib/runbook/runbook";
import { assembleReview, type TReviewRows } from "../assemble";
import type { TReviewExport } from "../schema";

const t = (hhmm: string) => new Date(`2026-05-08T${hhmm}:00.000Z`);
const commander = { name: "Casey Commander" };
const passAll = Object.fromEntries(SMOKE_CRITERION_IDS.map((id) => [id, { result: "pass", note: "ok" }]));

export function fixtureRows(): TReviewRows {
  const windows: TReviewRows["windows"] = [];
  for (let i = 0; i < 6; i++) {
    const start = new Date(t("09:15").getTime() + i * 5 * 60_000);
    const end = new Date(start.getTime() + 5 * 60_000);
    windows.push({ source: "IMPORT", path: "PRIMARY", windowStart: start, windowEnd: end, requests: 1000, errors: 40 - i * 5, timeouts: 60 - i * 8, validationFailures: 2, p50LatencyMs: 900, p95LatencyMs: 8000 - i * 500, p99LatencyMs: 12000, activeClassErrors: null });
    if (i >= 2) windows.push({ source: "IMPORT", path: "FALLBACK", windowStart: start, windowEnd: end, requests: 250, errors: 3, timeouts: 1, validationFailures: 4, p50LatencyMs: 700, p95LatencyMs: 2100, p99LatencyMs: 4000, activeClassErrors: null });
  }
  return {
    incident: {
      key: "INC-2026-0001",
      title: "Elevated timeout rate on the production assistant chat-completions path",
      severity: "SEV2",
      status: "RESOLVED",
      degradationStartedAt: t("09:12"),
      detectedAt: t("09:18"),
      detectionSource: "ALERT",
      mitigatedAt: t("09:41"),
      endedAt: t("10:55"),
      currentStatusNote: "Resolved; fallback disabled at 10:50.",
      affectedRoutes: ["/v1/chat/completions"],
      affectedServices: ["assistant-api"],
      affectedTenants: ["tenant-acme"],
      affectedRegions: ["eu-west"],
      affectedFeatures: ["production assistant flow"],
      primaryModelAlias: "assistant-default",
      primaryModelResolvedId: "gpt-4.1-2025-04-14",
      fallbackModelAlias: "assistant-fallback",
      fallbackModelResolvedId: "gpt-4.1-mini-2025-04-14",
      fallbackMode: "MANUAL",
      commanderId: "u-commander",
      primarySymptom: "elevated timeout rate",
      fallbackAction: "secondary model enabled for 25% of eligible requests",
      rollbackCondition: "fallback error rate exceeds primary error rate for two consecutive observation windows",
      customerImpactStatement: "Some assistant replies were slow or failed between 09:12 and 09:41 UTC.",
      businessMetricLabel: "answered tickets",
      baselineTimeoutRate: 0.01,
      baselineErrorRate: 0.02,
      observationWindowMinutes: 5,
      userFacingTimeoutBudgetMs: 10000,
      taskSpecificValidationDone: true,
      runbookVersion: "2026-05-08",
      createdAt: t("09:20"),
      updatedAt: t("11:00"),
      team: { name: "Assistant platform" },
      commander,
    },
    failureClasses: [
      { failureClass: "TIMEOUT", role: "PRIMARY", note: "p95 above the client timeout" },
      { failureClass: "UPSTREAM_5XX", role: "SECONDARY", note: null },
    ],
    histogramBuckets: [
      { source: "MANUAL", windowStart: t("09:10"), windowEnd: t("09:40"), path: "PRIMARY", requestClass: "TIMEOUT", count: 5 },
      ...(["OK", "TIMEOUT", "UPSTREAM_5XX"] as const).flatMap((requestClass, i) => [
        { source: "IMPORT" as const, windowStart: t("09:15"), windowEnd: t("09:20"), path: "PRIMARY" as const, requestClass, count: [900, 60, 40][i]! },
        { source: "IMPORT" as const, windowStart: t("09:25"), windowEnd: t("09:30"), path: "FALLBACK" as const, requestClass, count: [240, 1, 3][i]! },
      ]),
    ],
    decision: { computedVerdict: "ALLOWED", overrideVerdict: "LIMITED", overrideReason: "Keep the share small until the evening peak.", overriddenAt: t("09:35"), overriddenBy: commander },
    checklistAnswers: [
      ...CHECKLISTS.flatMap((c) =>
        c.items.map((item, i) => ({
          checklistId: c.id,
          itemId: item.id,
          checked: c.id === "fallback-paused-when" ? false : true,
          note: i === 0 ? `Evidence for ${item.id}` : null,
          occurredAt: c.id.startsWith("rollback") ? t("10:40") : null,
          byUser: commander,
        })),
      ),
      { checklistId: "patterns-used", itemId: "MANUAL_OPERATOR_CONTROLLED", checked: true, note: "Commander-approved ramp", occurredAt: null, byUser: commander },
      { checklistId: "patterns-used", itemId: "BOUNDED_RETRY", checked: false, note: null, occurredAt: null, byUser: commander },
    ],
    configSnapshots: [1, 2].map((v) => ({
      versionNumber: v,
      label: v === 1 ? ("INCIDENT_START" as const) : ("DURING_MITIGATION" as const),
      labelNote: v === 2 ? "after enabling fallback" : null,
      baseUrl: "https://api.cometapi.com",
      primaryModelAlias: "assistant-default",
      primaryModelResolvedId: "gpt-4.1-2025-04-14",
      fallbackModelAlias: "assistant-fallback",
      fallbackModelResolvedId: "gpt-4.1-mini-2025-04-14",
      clientTimeoutMs: v === 1 ? 30000 : 10000,
      retryCount: 2,
      retryBackoff: "exponential, jittered",
      maxTokens: 800,
      featureFlags: v === 1 ? { fallback_enabled: false } : { fallback_enabled: true, fallback_share: 25 },
      loggedFields: ["request_timestamp", "request_id", "route", "status_code", "latency_ms"],
      apiKeyEnvVar: "COMETAPI_API_KEY",
      createdAt: t(v === 1 ? "09:25" : "09:40"),
      createdBy: commander,
    })),
    smokeRuns: [1, 2].map((n) => ({
      sequence: n,
      requestId: `incident-20260508-smoke-00${n}`,
      path: n === 1 ? ("PRIMARY" as const) : ("FALLBACK" as const),
      model: n === 1 ? "gpt-4.1-2025-04-14" : "gpt-4.1-mini-2025-04-14",
      systemMessage: "Return only a compact JSON object.",
      userMessage: 'Health check. Reply with {"ok":true,"path":"fallback"}.',
      expectedJson: '{"ok":true,"path":"fallback"}',
      temperature: 0,
      maxTokens: 32,
      source: "MANUAL" as const,
      statusCode: n === 1 ? null : 200,
      exceptionClass: n === 1 ? "ReadTimeout" : null,
      latencyMs: n === 1 ? 30000 : 850,
      responseShape: n === 1 ? null : "{choices[{message{content}}], usage{…}}",
      outputParses: n === 1 ? null : true,
      matchesExpected: n === 1 ? null : true,
      promptTokens: n === 1 ? null : 24,
      completionTokens: n === 1 ? null : 9,
      totalTokens: n === 1 ? null : 33,
      requestIdEchoed: n !== 1,
      retryCount: n === 1 ? 2 : 0,
      criteria: n === 1 ? { RESPONSE_SUCCESS: { result: "fail", note: "client exception: ReadTimeout" } } : passAll,
      ranAt: t(n === 1 ? "09:30" : "09:33"),
      ranBy: commander,
      snapshot: { versionNumber: 2, apiKeyEnvVar: "COMETAPI_API_KEY" },
    })),
    comparisons: [
      {
        promptLabel: "Health-check prompt",
        source: "MANUAL",
        createdAt: t("09:36"),
        sides: [
          { path: "PRIMARY", statusOrException: "ReadTimeout", latencyMs: 30000, bodyShape: null, parseable: null, totalTokens: null, retryCount: 2, requestIdPropagated: true },
          { path: "FALLBACK", statusOrException: "200", latencyMs: 850, bodyShape: "{choices, usage}", parseable: true, totalTokens: 33, retryCount: 0, requestIdPropagated: true },
        ],
      },
    ],
    rolloutSteps: [
      { occurredAt: t("09:38"), trafficPercent: 0, scope: "internal synthetic checks", approverName: "Casey Commander", note: null },
      { occurredAt: t("09:41"), trafficPercent: 5, scope: "low-risk requests", approverName: "Casey Commander", note: "watching p95" },
      { occurredAt: t("09:50"), trafficPercent: 25, scope: "eligible requests", approverName: "Casey Commander", note: null },
    ],
    windows,
    approvals: [
      {
        approverId: "u-commander",
        changeTicket: "CHG-1042",
        approvedAt: t("09:37"),
        expiresAt: t("11:37"),
        revokedAt: null,
        note: "Expires two hours after approval.",
        approver: { name: "Casey Commander", role: "COMMANDER" },
      },
    ],
    impactMeasures: (
      [
        ["CUSTOMER_VISIBLE_ERROR_RATE", "%", [0.4, 6.2, 0.5]],
        ["QUEUE_DEPTH", "requests", [10, 240, 12]],
        ["TIMEOUT_COUNT", "count", [3, 410, 5]],
        ["SUCCESSFUL_COMPLETION_COUNT", "count", [9800, 7100, 9700]],
        ["SUPPORT_TICKET_VOLUME", "tickets", [2, 19, 4]],
        ["USER_RETRY_BEHAVIOR", "retries per user", [0.1, 1.7, 0.2]],
        ["FEATURE_BUSINESS_METRIC", "count", [480, 300, 470]],
      ] as const
    ).flatMap(([measure, unit, values]) =>
      (["BEFORE", "DURING", "AFTER"] as const).map((phase, i) => ({ measure, phase, value: values[i]!, unit, note: phase === "DURING" ? "peak" : null })),
    ),
    answers: QUESTION_IDS.map((questionId, i) => ({
      questionId,
      body: `Answer ${i + 1} for ${questionId}.\nSecond line of the answer.`,
      runbookVersion: "2026-05-08",
      updatedAt: t("11:00"),
      updatedBy: commander,
    })),
    timelineEvents: [
      ["09:12", "DEPLOYMENT_OR_CHANGE", "Prompt template v42 deployed."],
      ["09:18", "ALERT", "Timeout-rate alert fired on the assistant chat-completions route."],
      ["09:20", "DETECTION", "On-call confirmed elevated timeouts."],
      ["09:41", "FALLBACK_CHANGE", "Secondary model enabled for 25% of eligible requests."],
      ["10:40", "ROLLBACK", "Fallback ramped down after primary recovery."],
      ["10:55", "RECOVERY", "Primary path stable for two windows."],
    ].map(([hhmm, kind, description]) => ({
      occurredAt: t(hhmm!),
      createdAt: t(hhmm!),
      kind: kind as TReviewRows["timelineEvents"][number]["kind"],
      description: description!,
      trafficPercent: kind === "FALLBACK_CHANGE" ? 25 : null,
      author: commander,
    })),
    followUps: [
      { title: "Separate fallback traffic on the dashboard", ownerExternalName: null, ownerUser: commander, dueDate: new Date("2026-06-01T00:00:00Z"), status: "OPEN", ticketUrl: "https://tickets.example.com/OPS-1", sourceSectionId: "DETECTION", sourceQuestionId: "detection.dashboards-separated", completedAt: null, createdAt: t("11:00") },
      { title: "Lower the client timeout to 10 s", ownerExternalName: "Dana from SRE", ownerUser: null, dueDate: new Date("2026-05-20T00:00:00Z"), status: "IN_PROGRESS", ticketUrl: null, sourceSectionId: null, sourceQuestionId: null, completedAt: null, createdAt: t("11:01") },
      { title: "Add a synthetic check for the fallback path", ownerExternalName: null, ownerUser: commander, dueDate: new Date("2026-05-15T00:00:00Z"), status: "DONE", ticketUrl: null, sourceSectionId: "PREVENTION", sourceQuestionId: "prevention.earlier-test", completedAt: t("11:30"), createdAt: t("11:02") },
    ],
    artifacts: [{ kind: "SUPPORT_CONTACTS", state: "NOT_APPLICABLE", notApplicableReason: "No support ticket was opened." }],
    attachments: [
      { id: "att1", artifactKind: "GRAPHS", fileName: "latency dashboard.png", mimeType: "image/png", sizeBytes: 68, sha256: "a".repeat(64), createdAt: t("11:10"), uploadedBy: commander },
    ],
    links: [
      { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://grafana.example.com/d/assistant", label: "Assistant latency dashboard", createdAt: t("11:11") },
      ...(["TIMELINE", "AFFECTED_SERVICES", "REQUEST_CONFIGURATION", "MODEL_IDS", "SAMPLE_REQUEST_RESPONSE", "ERROR_HISTOGRAM", "FOLLOW_UP_OWNERS"] as const).map((kind, i) => ({
        artifactKind: kind,
        kind: "OTHER" as const,
        url: `https://wiki.example.com/inc-2026-0001/${kind.toLowerCase()}`,
        label: `${kind} evidence`,
        createdAt: new Date(t("11:12").getTime() + i * 1000),
      })),
    ],
    logImports: [
      {
        fileName: "requests-0912-1100.jsonl",
        sha256: "b".repeat(64),
        format: "JSONL",
        status: "COMPLETED",
        rows: 5000,
        accepted: 4990,
        rejected: 10,
        byClass: { OK: 4700, TIMEOUT: 200, UPSTREAM_5XX: 90 },
        byPath: { PRIMARY: 4000, FALLBACK: 990 },
        privacyReport: { rows: 4990, promptsHashed: 4990, secretsRedacted: 2, secretsRedactedByKind: { api_key: 2 } },
        rejectedLines: [{ line: 17, reason: "no timestamp" }],
        error: null,
        startedAt: t("11:05"),
        finishedAt: t("11:06"),
        createdBy: commander,
      },
    ],
  };
}

export const FIXTURE_NOW = new Date("2026-05-10T12:00:00.000Z");

export function fixtureReview(now: Date = FIXTURE_NOW): TReviewExport {
  return assembleReview(fixtureRows(), { generatedAt: now, generatedBy: { name: "Casey Commander", role: "COMMANDER" } });
}
