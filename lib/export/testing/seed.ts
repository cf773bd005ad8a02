// Seeds a FULLY FILLED review straight into the database (every table the
// export reads), for the integration tests and the bench. `text` wraps every
// free-text value, so a test can plant secrets and markup in all of them.
import { createHash } from "node:crypto";
import { CHECKLISTS, QUESTION_IDS, SMOKE_CRITERION_IDS } from "@/lib/runbook/runbook";
import { getPrisma } from "@/lib/db/prisma";

export type TSeedOptions = {
  key: string;
  commanderId: string;
  adminId: string;
  /** Applied to every free-text value (default: unchanged). */
  text?: (value: string) => string;
  /** Extra timeline events and follow-ups (the bench uses 50 and 20). */
  timelineEvents?: number;
  followUps?: number;
  /** Request-log rows of the import (inserted with one INSERT … SELECT generate_series). */
  logRows?: number;
};

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6390f5bbf11f0004120243e91f09b80000000049454e44ae426082",
  "hex",
);

const t0 = Date.parse("2026-05-08T09:12:00.000Z");
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

export async function seedFullReview(options: TSeedOptions): Promise<{ incidentId: string; key: string }> {
  const prisma = getPrisma();
  const t = options.text ?? ((s: string) => s);
  const { commanderId, adminId } = options;
  const incident = await prisma.incident.create({
    data: {
      key: options.key,
      title: t("Elevated timeout rate on the production assistant chat-completions path"),
      severity: "SEV2",
      status: "RESOLVED",
      degradationStartedAt: at(0),
      detectedAt: at(6),
      detectionSource: "ALERT",
      mitigatedAt: at(29),
      endedAt: at(103),
      currentStatusNote: t("Resolved; fallback disabled at 10:50."),
      affectedRoutes: [t("/v1/chat/completions")],
      affectedServices: [t("assistant-api")],
      affectedTenants: [t("tenant-acme")],
      affectedRegions: [t("eu-west")],
      affectedFeatures: [t("production assistant flow")],
      primaryModelAlias: t("assistant-default"),
      primaryModelResolvedId: t("gpt-4.1-2025-04-14"),
      fallbackModelAlias: t("assistant-fallback"),
      fallbackModelResolvedId: t("gpt-4.1-mini-2025-04-14"),
      fallbackMode: "MANUAL",
      commanderId,
      createdById: commanderId,
      primarySymptom: t("elevated timeout rate"),
      fallbackAction: t("secondary model enabled for 25% of eligible requests"),
      rollbackCondition: t("fallback error rate exceeds primary error rate for two consecutive observation windows"),
      customerImpactStatement: t("Some assistant replies were slow or failed between 09:12 and 09:41 UTC."),
      businessMetricLabel: t("answered tickets"),
      baselineTimeoutRate: 0.01,
      baselineErrorRate: 0.02,
      observationWindowMinutes: 5,
      userFacingTimeoutBudgetMs: 10_000,
      taskSpecificValidationDone: true,
      runbookVersion: "2026-05-08",
    },
  });
  const incidentId = incident.id;
  const passAll = Object.fromEntries(SMOKE_CRITERION_IDS.map((id) => [id, { result: "pass", note: t("ok") }]));

  const logImport = await prisma.logImport.create({
    data: {
      incidentId,
      fileName: t("requests-0912-1100.jsonl"),
      sha256: "b".repeat(64),
      format: "JSONL",
      status: "COMPLETED",
      rows: options.logRows ?? 20,
      accepted: options.logRows ?? 20,
      rejected: 1,
      byClass: { OK: 15, TIMEOUT: 4, UPSTREAM_5XX: 1 },
      byPath: { PRIMARY: 16, FALLBACK: 4 },
      privacyReport: { rows: 20, promptsHashed: 20, secretsRedacted: 2, secretsRedactedByKind: { api_key: 2 } },
      rejectedLines: [{ line: 17, reason: t("no timestamp") }],
      error: t("none"),
      createdById: commanderId,
      startedAt: at(110),
      finishedAt: at(111),
    },
  });
  // Raw request rows: never exported (only the import's summary is); the route value lets tests prove that.
  await prisma.$executeRaw`
    INSERT INTO "RequestLogRow" ("importId", "incidentId", "ts", "requestId", "userHash", "tenantHash", "route", "primaryModel", "path", "statusCode", "latencyMs", "promptHash", "requestClass")
    SELECT ${logImport.id}, ${incidentId}, ${at(3)}::timestamptz + (g * interval '7 milliseconds'), 'req-row-' || g, 'h:user-row-secret', 'h:tenant-row-secret',
           '/never-exported-route', 'gpt-4.1', (CASE WHEN g % 4 = 0 THEN 'FALLBACK' ELSE 'PRIMARY' END)::"RequestPath",
           (CASE WHEN g % 10 = 0 THEN 504 ELSE 200 END), 200 + (g % 900), 'h:prompt-row-secret',
           (CASE WHEN g % 10 = 0 THEN 'TIMEOUT' ELSE 'OK' END)::"RequestClass"
    FROM generate_series(1, ${options.logRows ?? 20}::int) AS g`;

  await prisma.incidentFailureClass.createMany({
    data: [
      { incidentId, failureClass: "TIMEOUT", role: "PRIMARY", note: t("p95 above the client timeout") },
      { incidentId, failureClass: "UPSTREAM_5XX", role: "SECONDARY", note: t("a few 502s") },
    ],
  });
  await prisma.histogramBucket.createMany({
    data: [
      { incidentId, source: "MANUAL", windowStart: at(0), windowEnd: at(30), path: "PRIMARY", requestClass: "TIMEOUT", count: 5 },
      ...(["OK", "TIMEOUT", "UPSTREAM_5XX"] as const).flatMap((requestClass, i) => [
        { incidentId, source: "IMPORT" as const, importId: logImport.id, windowStart: at(3), windowEnd: at(8), path: "PRIMARY" as const, requestClass, count: [900, 60, 40][i]! },
        { incidentId, source: "IMPORT" as const, importId: logImport.id, windowStart: at(13), windowEnd: at(18), path: "FALLBACK" as const, requestClass, count: [240, 1, 3][i]! },
      ]),
    ],
  });
  await prisma.fallbackDecision.create({
    data: { incidentId, computedVerdict: "ALLOWED", overrideVerdict: "LIMITED", overrideReason: t("Keep the share small until the evening peak."), overriddenById: commanderId, overriddenAt: at(23) },
  });
  await prisma.checklistAnswer.createMany({
    data: [
      ...CHECKLISTS.flatMap((c) =>
        c.items.map((item) => ({
          incidentId,
          checklistId: c.id,
          itemId: item.id,
          checked: c.id !== "fallback-paused-when",
          note: t(`Evidence for ${item.id}`),
          occurredAt: c.id.startsWith("rollback") ? at(88) : null,
          byUserId: commanderId,
          runbookVersion: "2026-05-08",
        })),
      ),
      { incidentId, checklistId: "patterns-used", itemId: "MANUAL_OPERATOR_CONTROLLED", checked: true, note: t("Commander-approved ramp"), byUserId: commanderId, runbookVersion: "2026-05-08" },
    ],
  });
  const snapshots = [];
  for (const v of [1, 2]) {
    snapshots.push(
      await prisma.configSnapshot.create({
        data: {
          incidentId,
          versionNumber: v,
          label: v === 1 ? "INCIDENT_START" : "DURING_MITIGATION",
          labelNote: t(v === 1 ? "as found" : "after enabling fallback"),
          baseUrl: t("https://api.cometapi.com"),
          primaryModelAlias: t("assistant-default"),
          primaryModelResolvedId: t("gpt-4.1-2025-04-14"),
          fallbackModelAlias: t("assistant-fallback"),
          fallbackModelResolvedId: t("gpt-4.1-mini-2025-04-14"),
          clientTimeoutMs: v === 1 ? 30_000 : 10_000,
          retryCount: 2,
          retryBackoff: t("exponential, jittered"),
          maxTokens: 800,
          featureFlags: v === 1 ? { [t("fallback_enabled")]: false } : { [t("fallback_enabled")]: true, fallback_share: t("25") },
          loggedFields: ["request_timestamp", "request_id", t("route"), "status_code", "latency_ms"],
          apiKeyEnvVar: "COMETAPI_API_KEY",
          createdById: commanderId,
          createdAt: at(13 + v * 10),
        },
      }),
    );
  }
  for (const n of [1, 2]) {
    await prisma.smokeTestRun.create({
      data: {
        incidentId,
        snapshotId: snapshots[1]!.id,
        sequence: n,
        requestId: `incident-20260508-smoke-00${n}`,
        path: n === 1 ? "PRIMARY" : "FALLBACK",
        model: t(n === 1 ? "gpt-4.1-2025-04-14" : "gpt-4.1-mini-2025-04-14"),
        systemMessage: t("Return only a compact JSON object."),
        userMessage: t('Health check. Reply with {"ok":true,"path":"fallback"}.'),
        expectedJson: t('{"ok":true,"path":"fallback"}'),
        temperature: 0,
        maxTokens: 32,
        source: "MANUAL",
        statusCode: n === 1 ? null : 200,
        exceptionClass: n === 1 ? t("ReadTimeout") : null,
        latencyMs: n === 1 ? 30_000 : 850,
        responseShape: t("{choices[{message{content}}]}"),
        outputParses: n === 2,
        matchesExpected: n === 2,
        promptTokens: 24,
        completionTokens: 9,
        totalTokens: 33,
        requestIdEchoed: true,
        retryCount: n === 1 ? 2 : 0,
        criteria: n === 1 ? { RESPONSE_SUCCESS: { result: "fail", note: t("client exception") } } : passAll,
        ranAt: at(18 + n * 3),
        ranById: commanderId,
      },
    });
  }
  await prisma.pathComparison.create({
    data: {
      incidentId,
      promptLabel: t("Health-check prompt"),
      source: "MANUAL",
      sides: {
        create: [
          { path: "PRIMARY", statusOrException: t("ReadTimeout"), latencyMs: 30_000, bodyShape: null, parseable: null, totalTokens: null, retryCount: 2, requestIdPropagated: true },
          { path: "FALLBACK", statusOrException: "200", latencyMs: 850, bodyShape: t("{choices, usage}"), parseable: true, totalTokens: 33, retryCount: 0, requestIdPropagated: true },
        ],
      },
    },
  });
  await prisma.rolloutStep.createMany({
    data: [0, 5, 25].map((trafficPercent, i) => ({
      incidentId,
      occurredAt: at(26 + i * 6),
      trafficPercent,
      scope: t(["internal synthetic checks", "low-risk requests", "eligible requests"][i]!),
      approverName: t("Casey Commander"),
      approverId: commanderId,
      note: t(`step ${i + 1}`),
    })),
  });
  const windows = [];
  for (let i = 0; i < 6; i++) {
    const windowStart = at(3 + i * 5);
    const windowEnd = at(8 + i * 5);
    windows.push({ incidentId, source: "IMPORT" as const, importId: logImport.id, path: "PRIMARY" as const, windowStart, windowEnd, requests: 1000, errors: 40 - i * 5, timeouts: 60 - i * 8, validationFailures: 2, p50LatencyMs: 900, p95LatencyMs: 8000 - i * 500, p99LatencyMs: 12_000 });
    if (i >= 2) windows.push({ incidentId, source: "IMPORT" as const, importId: logImport.id, path: "FALLBACK" as const, windowStart, windowEnd, requests: 250, errors: 3, timeouts: 1, validationFailures: 4, p50LatencyMs: 700, p95LatencyMs: 2100, p99LatencyMs: 4000 });
  }
  await prisma.observationWindow.createMany({ data: windows });
  await prisma.fallbackApproval.create({
    data: { incidentId, approverId: commanderId, changeTicket: t("CHG-1042"), approvedAt: at(25), expiresAt: new Date("2099-01-01T00:00:00Z"), note: t("Ramp in steps") },
  });
  const measures = [
    ["CUSTOMER_VISIBLE_ERROR_RATE", "%", [0.4, 6.2, 0.5]],
    ["QUEUE_DEPTH", "requests", [10, 240, 12]],
    ["TIMEOUT_COUNT", "count", [3, 410, 5]],
    ["SUCCESSFUL_COMPLETION_COUNT", "count", [9800, 7100, 9700]],
    ["SUPPORT_TICKET_VOLUME", "tickets", [2, 19, 4]],
    ["USER_RETRY_BEHAVIOR", "retries per user", [0.1, 1.7, 0.2]],
    ["FEATURE_BUSINESS_METRIC", "count", [480, 300, 470]],
  ] as const;
  await prisma.impactMeasure.createMany({
    data: measures.flatMap(([measure, unit, values]) =>
      (["BEFORE", "DURING", "AFTER"] as const).map((phase, i) => ({ incidentId, measure, phase, value: values[i]!, unit: t(unit), note: t(`${phase.toLowerCase()} note`) })),
    ),
  });
  await prisma.questionAnswer.createMany({
    data: QUESTION_IDS.map((questionId, i) => ({
      incidentId,
      questionId,
      body: t(`Answer ${i + 1} for ${questionId}.\nSecond line of the answer.`),
      runbookVersion: "2026-05-08",
      updatedById: commanderId,
    })),
  });
  const events: [number, "DEPLOYMENT_OR_CHANGE" | "ALERT" | "DETECTION" | "FALLBACK_CHANGE" | "ROLLBACK" | "RECOVERY" | "NOTE", string][] = [
    [0, "DEPLOYMENT_OR_CHANGE", "Prompt template v42 deployed."],
    [6, "ALERT", "Timeout-rate alert fired on the assistant chat-completions route."],
    [8, "DETECTION", "On-call confirmed elevated timeouts."],
    [29, "FALLBACK_CHANGE", "Secondary model enabled for 25% of eligible requests."],
    [88, "ROLLBACK", "Fallback ramped down after primary recovery."],
    [103, "RECOVERY", "Primary path stable for two windows."],
  ];
  for (let i = 0; i < (options.timelineEvents ?? 0); i++) events.push([30 + (i % 50), "NOTE", `Observation note ${i + 1}: error rate and p95 checked.`]);
  await prisma.timelineEvent.createMany({
    data: events.map(([minute, kind, description]) => ({ incidentId, occurredAt: at(minute), kind, description: t(description), trafficPercent: kind === "FALLBACK_CHANGE" ? 25 : null, authorId: commanderId })),
  });
  type TFollowUpSeed = {
    title: string;
    ownerUserId: string | null;
    ownerExternalName: string | null;
    dueDate: Date;
    status: "OPEN" | "IN_PROGRESS" | "DONE";
    ticketUrl: string | null;
  };
  const followUps: TFollowUpSeed[] = [
    { title: "Separate fallback traffic on the dashboard", ownerUserId: commanderId, ownerExternalName: null, dueDate: new Date("2099-06-01"), status: "OPEN", ticketUrl: "https://tickets.example.com/OPS-1" },
    { title: "Lower the client timeout to 10 s", ownerUserId: null, ownerExternalName: t("Dana from SRE"), dueDate: new Date("2099-05-20"), status: "IN_PROGRESS", ticketUrl: null },
    { title: "Add a synthetic check for the fallback path", ownerUserId: adminId, ownerExternalName: null, dueDate: new Date("2026-05-15"), status: "DONE", ticketUrl: null },
  ];
  for (let i = 0; i < (options.followUps ?? 0); i++) {
    followUps.push({ title: `Follow-up ${i + 1}`, ownerUserId: commanderId, ownerExternalName: null, dueDate: new Date("2099-07-01"), status: "OPEN", ticketUrl: null });
  }
  await prisma.followUp.createMany({ data: followUps.map((f) => ({ ...f, incidentId, title: t(f.title) })) });
  await prisma.artifact.createMany({
    data: [
      { incidentId, kind: "SUPPORT_CONTACTS", state: "NOT_APPLICABLE", notApplicableReason: t("No support ticket was opened.") },
      { incidentId, kind: "GRAPHS", state: "ATTACHED" },
    ],
  });
  await prisma.attachment.create({
    data: {
      incidentId,
      artifactKind: "GRAPHS",
      fileName: t("latency dashboard.png"),
      mimeType: "image/png",
      sizeBytes: TINY_PNG.byteLength,
      sha256: createHash("sha256").update(TINY_PNG).digest("hex"),
      content: TINY_PNG,
      uploadedById: commanderId,
    },
  });
  await prisma.artifactLink.createMany({
    data: [
      { incidentId, artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://grafana.example.com/d/assistant", label: t("Assistant latency dashboard") },
      ...(["TIMELINE", "AFFECTED_SERVICES", "REQUEST_CONFIGURATION", "MODEL_IDS", "SAMPLE_REQUEST_RESPONSE", "ERROR_HISTOGRAM", "FOLLOW_UP_OWNERS"] as const).map((kind) => ({
        incidentId,
        artifactKind: kind,
        kind: "OTHER" as const,
        url: `https://wiki.example.com/${options.key.toLowerCase()}/${kind.toLowerCase()}`,
        label: t(`${kind} evidence`),
      })),
    ],
  });
  return { incidentId, key: options.key };
}

let counter = 0;
/** A key no other test uses: INC-2097-<8 digits>. */
export function uniqueIncidentKey(): string {
  counter += 1;
  return `INC-2097-${String((Date.now() % 1_000_000) * 100 + (counter % 100)).padStart(8, "0")}`;
}
