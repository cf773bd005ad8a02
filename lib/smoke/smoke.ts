import "server-only";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { logger } from "@/lib/log/logger";
import { buildSmokeRequestBody, smokeRequestId } from "@/lib/fallback/curl";
import { checkSmokeMessageSafety } from "@/lib/fallback/sanitize";
import { criteriaRecord, evaluateSmokeResult, type TCriterionResult } from "@/lib/fallback/smoke-evaluate";
import type { TConfigSnapshot } from "@/lib/fallback/config-diff";
import type { TPath } from "@/lib/fallback/types";
import { findIncidentIdByKey, lockIncidentByKey } from "@/lib/configuration/incident-lock";
import { modelForPath, snapshotFromRow, type TSnapshotLabel } from "@/lib/configuration/schemas";
import { chatCompletionsUrl, checkApiKeyEnvVarName } from "./example";
import { checkOutboundUrl } from "./hosts";
import { liveTimeoutMs, sendSmokeRequest } from "./live";
import { describeSafetyFindings, ZRecordSmokeRun, ZRunLiveSmoke, type TRecordSmokeRun, type TRunLiveSmoke } from "./schemas";
import { readAllowedOutboundHosts } from "./settings";
import { criteriaFromJson, overallResult, scrubDeep, type TStoredCriterion } from "./view";

export type TSmokeRunView = {
  id: string;
  sequence: number;
  requestId: string;
  path: TPath;
  model: string;
  source: "MANUAL" | "IMPORT" | "LIVE";
  snapshotId: string | null;
  snapshotVersion: number | null;
  systemMessage: string;
  userMessage: string;
  expectedJson: string | null;
  maxTokens: number;
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
  criteria: TStoredCriterion[];
  overall: TCriterionResult;
  ranAt: Date;
  ranByName: string | null;
};

const RUN_INCLUDE = {
  ranBy: { select: { name: true } },
  snapshot: { select: { versionNumber: true } },
} as const satisfies Prisma.SmokeTestRunInclude;
type TRunRow = Prisma.SmokeTestRunGetPayload<{ include: typeof RUN_INCLUDE }>;

function toView(row: TRunRow): TSmokeRunView {
  const criteria = criteriaFromJson(row.criteria);
  return {
    id: row.id,
    sequence: row.sequence,
    requestId: row.requestId,
    path: row.path,
    model: row.model,
    source: row.source,
    snapshotId: row.snapshotId,
    snapshotVersion: row.snapshot?.versionNumber ?? null,
    systemMessage: row.systemMessage,
    userMessage: row.userMessage,
    expectedJson: row.expectedJson,
    maxTokens: row.maxTokens,
    statusCode: row.statusCode,
    exceptionClass: row.exceptionClass,
    latencyMs: row.latencyMs,
    responseShape: row.responseShape,
    outputParses: row.outputParses,
    matchesExpected: row.matchesExpected,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    totalTokens: row.totalTokens,
    requestIdEchoed: row.requestIdEchoed,
    retryCount: row.retryCount,
    criteria,
    overall: overallResult(criteria),
    ranAt: row.ranAt,
    ranByName: row.ranBy?.name ?? null,
  };
}

export type TSmokeSnapshotOption = {
  id: string;
  versionNumber: number;
  label: TSnapshotLabel;
  labelNote: string | null;
  snapshot: TConfigSnapshot;
  /** Whether a live run could go out with this snapshot, and why not. Says nothing about the key's value. */
  live: { ok: boolean; reason: string | null };
};

export type TSmokePageData = {
  incidentId: string;
  degradationStartedAt: Date;
  userFacingTimeoutBudgetMs: number | null;
  snapshots: TSmokeSnapshotOption[];
  runs: TSmokeRunView[];
  /** The sequence number the next smoke request will most likely get. */
  nextSequence: number;
};

function liveReadiness(snapshot: TConfigSnapshot, allowList: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  const host = checkOutboundUrl(chatCompletionsUrl(snapshot.baseUrl), allowList);
  if (!host.ok) return { ok: false, reason: host.reason };
  const name = checkApiKeyEnvVarName(snapshot.apiKeyEnvVar);
  if (!name.ok) return { ok: false, reason: name.reason };
  if (!env[snapshot.apiKeyEnvVar!]) return { ok: false, reason: missingKeyMessage(snapshot.apiKeyEnvVar!) };
  return { ok: true, reason: null };
}

const missingKeyMessage = (name: string) =>
  `The server has no value for the environment variable ${name}. Set it where the app runs, then try again.`;

export async function getSmokePageData(actor: TActor, incidentKey: string): Promise<TSmokePageData> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({
    where: { key: incidentKey },
    select: { id: true, degradationStartedAt: true, userFacingTimeoutBudgetMs: true },
  });
  if (!incident) throw new NotFoundError(`Incident ${incidentKey} was not found.`);
  const [snapshots, runs, last, allowList] = await Promise.all([
    prisma.configSnapshot.findMany({ where: { incidentId: incident.id }, orderBy: { versionNumber: "desc" } }),
    prisma.smokeTestRun.findMany({ where: { incidentId: incident.id }, orderBy: { sequence: "desc" }, include: RUN_INCLUDE }),
    prisma.smokeTestRun.aggregate({ where: { incidentId: incident.id }, _max: { sequence: true } }),
    readAllowedOutboundHosts(actor),
  ]);
  return {
    incidentId: incident.id,
    degradationStartedAt: incident.degradationStartedAt,
    userFacingTimeoutBudgetMs: incident.userFacingTimeoutBudgetMs,
    snapshots: snapshots.map((row) => {
      const snapshot = snapshotFromRow(row);
      return {
        id: row.id,
        versionNumber: row.versionNumber,
        label: row.label,
        labelNote: row.labelNote,
        snapshot,
        live: liveReadiness(snapshot, allowList, process.env),
      };
    }),
    runs: runs.map(toView),
    nextSequence: (last._max.sequence ?? 0) + 1,
  };
}

export async function listSmokeRuns(actor: TActor, incidentKey: string): Promise<TSmokeRunView[]> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incidentId = await findIncidentIdByKey(prisma, incidentKey);
  const rows = await prisma.smokeTestRun.findMany({ where: { incidentId }, orderBy: { sequence: "desc" }, include: RUN_INCLUDE });
  return rows.map(toView);
}

/** The server's own refusal of flagged messages, whatever the caller checked before. */
function assertMessagesSafe(input: { systemMessage: string; userMessage: string }): void {
  const fieldErrors: Record<string, string[]> = {};
  for (const field of ["systemMessage", "userMessage"] as const) {
    const result = checkSmokeMessageSafety(input[field]);
    if (!result.safe) fieldErrors[field] = [describeSafetyFindings(result)];
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new ValidationError("The smoke messages contain secrets or personal data; nothing was sent or saved.", fieldErrors);
  }
}

async function loadSnapshot(tx: Prisma.TransactionClient, incidentId: string, snapshotId: string, path: TPath) {
  const row = await tx.configSnapshot.findFirst({ where: { id: snapshotId, incidentId } });
  if (!row) throw new ValidationError("Choose a configuration version of this incident.", { snapshotId: ["Choose a configuration version of this incident."] });
  const snapshot = snapshotFromRow(row);
  const model = modelForPath(snapshot, path);
  if (model === null) {
    const which = path === "PRIMARY" ? "primary" : "fallback";
    throw new ValidationError(`Configuration version ${row.versionNumber} names no ${which} model.`, {
      snapshotId: [`This version names no ${which} model.`],
    });
  }
  return { row, snapshot, model };
}

async function nextSequence(tx: Prisma.TransactionClient, incidentId: string): Promise<number> {
  const last = await tx.smokeTestRun.aggregate({ where: { incidentId }, _max: { sequence: true } });
  return (last._max.sequence ?? 0) + 1;
}

/** What every run stores about the request it describes, whether the operator sent it or the app did. */
function requestFields(
  data: { path: TPath; systemMessage: string; userMessage: string; expectedJson: string | null; maxTokens: number },
  ids: { incidentId: string; snapshotId: string; sequence: number; requestId: string; model: string },
) {
  return {
    ...ids,
    path: data.path,
    systemMessage: data.systemMessage,
    userMessage: data.userMessage,
    expectedJson: data.expectedJson,
    // The runbook's smoke request sends temperature 0.
    temperature: 0,
    maxTokens: data.maxTokens,
  };
}

const parseExpected = (expectedJson: string | null): unknown => (expectedJson === null ? undefined : JSON.parse(expectedJson));

/** Results of a request the operator sent themselves, evaluated against the five criteria. */
export async function recordSmokeRun(actor: TActor, input: TRecordSmokeRun): Promise<TSmokeRunView> {
  requirePermission(actor, "incident:write");
  assertMessagesSafe(input);
  const data = ZRecordSmokeRun.parse(rawOf(input));
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncidentByKey(tx, data.incidentKey);
    const { row: snapshotRow, model } = await loadSnapshot(tx, incident.id, data.snapshotId, data.path);
    const sequence = await nextSequence(tx, incident.id);
    if (data.expectedSequence !== null && data.expectedSequence !== sequence) {
      throw new ConflictError(
        `Another smoke request took number ${String(data.expectedSequence).padStart(3, "0")} meanwhile; this one is number ${String(sequence).padStart(3, "0")}. Check the request id you sent, then record again.`,
        { nextSequence: sequence },
        sequence - 1,
      );
    }
    const requestId = smokeRequestId(incident.degradationStartedAt, sequence);
    const evaluation = evaluateSmokeResult({
      status: data.statusCode,
      exception: data.exceptionClass,
      latencyMs: data.latencyMs,
      bodyText: data.responseBody,
      expectedJson: parseExpected(data.expectedJson),
      latencyToleranceMs: data.latencyToleranceMs,
      routeLoggedClearly: data.routeLoggedClearly,
      promptSafe: true,
      model,
      requestIdSent: requestId,
      // "Not echoed" is missing evidence, not a mismatch.
      requestIdEchoed: data.requestIdEchoed === true ? requestId : null,
    });
    const created = await tx.smokeTestRun.create({
      data: {
        ...requestFields(data, { incidentId: incident.id, snapshotId: snapshotRow.id, sequence, requestId, model }),
        source: "MANUAL",
        statusCode: data.statusCode,
        exceptionClass: data.exceptionClass,
        latencyMs: data.latencyMs,
        responseShape: evaluation.responseShape,
        outputParses: evaluation.outputParses,
        matchesExpected: evaluation.matchesExpected,
        promptTokens: data.promptTokens ?? evaluation.usage?.promptTokens ?? null,
        completionTokens: data.completionTokens ?? evaluation.usage?.completionTokens ?? null,
        totalTokens: data.totalTokens ?? evaluation.usage?.totalTokens ?? null,
        requestIdEchoed: data.requestIdEchoed,
        criteria: criteriaRecord(evaluation),
        ranById: actor.id,
      },
      include: RUN_INCLUDE,
    });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "CREATE",
      entityType: "SmokeTestRun",
      entityId: created.id,
      snapshot: auditSnapshot(created),
    });
    return toView(created);
  });
}

/** Parsed input back to the raw form shape, so the schema (and its safety check) runs once more. */
function rawOf(input: TRecordSmokeRun) {
  const text = (v: number | null) => (v === null ? "" : String(v));
  const tri = (v: boolean | null) => (v === true ? "YES" : v === false ? "NO" : "UNKNOWN");
  return {
    incidentKey: input.incidentKey,
    snapshotId: input.snapshotId,
    path: input.path,
    systemMessage: input.systemMessage,
    userMessage: input.userMessage,
    expectedJson: input.expectedJson ?? "",
    maxTokens: String(input.maxTokens),
    latencyToleranceMs: String(input.latencyToleranceMs),
    routeLogged: tri(input.routeLoggedClearly),
    expectedSequence: input.expectedSequence,
    statusCode: text(input.statusCode),
    exceptionClass: input.exceptionClass ?? "",
    latencyMs: text(input.latencyMs),
    responseBody: input.responseBody ?? "",
    promptTokens: text(input.promptTokens),
    completionTokens: text(input.completionTokens),
    totalTokens: text(input.totalTokens),
    requestIdEchoed: tri(input.requestIdEchoed),
  };
}

function auditSnapshot(row: TRunRow) {
  return {
    sequence: row.sequence,
    requestId: row.requestId,
    path: row.path,
    model: row.model,
    source: row.source,
    snapshotVersion: row.snapshot?.versionNumber ?? null,
    statusCode: row.statusCode,
    exceptionClass: row.exceptionClass,
    latencyMs: row.latencyMs,
    criteria: row.criteria,
  };
}

export type TLiveSmokeOptions = {
  /** Where the API key variable is read from; the process environment by default. */
  env?: Readonly<Record<string, string | undefined>>;
};

/**
 * The server sends the smoke request itself: only to an allowed host, with
 * the key read from the environment variable the snapshot names. The
 * sequence number is reserved before sending (so the X-Request-Id is unique),
 * then the result is recorded. The key is never stored, returned or logged.
 */
export async function runLiveSmoke(actor: TActor, input: TRunLiveSmoke, options: TLiveSmokeOptions = {}): Promise<TSmokeRunView> {
  requirePermission(actor, "incident:write");
  assertMessagesSafe(input);
  const data = ZRunLiveSmoke.parse({
    incidentKey: input.incidentKey,
    snapshotId: input.snapshotId,
    path: input.path,
    systemMessage: input.systemMessage,
    userMessage: input.userMessage,
    expectedJson: input.expectedJson ?? "",
    maxTokens: String(input.maxTokens),
    latencyToleranceMs: String(input.latencyToleranceMs),
    routeLogged: input.routeLoggedClearly === true ? "YES" : input.routeLoggedClearly === false ? "NO" : "UNKNOWN",
  });
  const env = options.env ?? process.env;
  const prisma = getPrisma();

  const incidentId = await findIncidentIdByKey(prisma, data.incidentKey);
  const { snapshot, model } = await loadSnapshot(prisma, incidentId, data.snapshotId, data.path);
  const url = chatCompletionsUrl(snapshot.baseUrl);
  const host = checkOutboundUrl(url, await readAllowedOutboundHosts(actor));
  if (!host.ok) throw new ValidationError(`Not sent: ${host.reason}`, { snapshotId: [host.reason] });
  const name = checkApiKeyEnvVarName(snapshot.apiKeyEnvVar);
  if (!name.ok) throw new ValidationError(`Not sent: ${name.reason}`, { snapshotId: [name.reason] });
  const apiKey = env[snapshot.apiKeyEnvVar!];
  if (!apiKey) throw new ValidationError(`Not sent: ${missingKeyMessage(snapshot.apiKeyEnvVar!)}`, { snapshotId: [missingKeyMessage(snapshot.apiKeyEnvVar!)] });

  // 1. Reserve the number and record what is about to be sent.
  const reserved = await prisma.$transaction(async (tx) => {
    const incident = await lockIncidentByKey(tx, data.incidentKey);
    const sequence = await nextSequence(tx, incident.id);
    const requestId = smokeRequestId(incident.degradationStartedAt, sequence);
    const row = await tx.smokeTestRun.create({
      data: {
        ...requestFields(data, { incidentId: incident.id, snapshotId: data.snapshotId, sequence, requestId, model }),
        source: "LIVE",
        // A live run is one attempt; the client's retries are not part of it.
        retryCount: 0,
        ranById: actor.id,
      },
      include: RUN_INCLUDE,
    });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "CREATE",
      entityType: "SmokeTestRun",
      entityId: row.id,
      snapshot: auditSnapshot(row),
    });
    return row;
  });

  // 2. Send it (bounded; never throws).
  const timeoutMs = liveTimeoutMs(snapshot.clientTimeoutMs);
  const body = buildSmokeRequestBody({
    requestId: reserved.requestId,
    model,
    systemMessage: data.systemMessage === "" ? undefined : data.systemMessage,
    userMessage: data.userMessage,
    temperature: 0,
    maxTokens: data.maxTokens,
  });
  const result = await sendSmokeRequest({ url: host.url.toString(), apiKey, requestId: reserved.requestId, body, timeoutMs });

  // 3. Evaluate and record the result.
  const evaluation = evaluateSmokeResult({
    status: result.statusCode,
    exception: result.exceptionClass,
    latencyMs: result.latencyMs,
    bodyText: result.bodyText,
    expectedJson: parseExpected(data.expectedJson),
    latencyToleranceMs: data.latencyToleranceMs,
    routeLoggedClearly: data.routeLoggedClearly,
    promptSafe: true,
    model,
    requestIdSent: reserved.requestId,
    requestIdEchoed: result.echoedRequestId,
  });
  const update = scrubDeep(
    {
      statusCode: result.statusCode,
      exceptionClass: result.exceptionClass,
      latencyMs: result.latencyMs,
      responseShape: evaluation.responseShape,
      outputParses: evaluation.outputParses,
      matchesExpected: evaluation.matchesExpected,
      promptTokens: evaluation.usage?.promptTokens ?? null,
      completionTokens: evaluation.usage?.completionTokens ?? null,
      totalTokens: evaluation.usage?.totalTokens ?? null,
      requestIdEchoed: result.echoedRequestId === null ? false : result.echoedRequestId === reserved.requestId,
      criteria: criteriaRecord(evaluation),
    },
    apiKey,
  );
  const saved = await prisma.$transaction(async (tx) => {
    const row = await tx.smokeTestRun.update({ where: { id: reserved.id }, data: update, include: RUN_INCLUDE });
    const before = Object.fromEntries(Object.keys(update).map((k) => [k, reserved[k as keyof typeof reserved]]));
    await recordAudit(tx, {
      actor,
      incidentId: reserved.incidentId,
      action: "UPDATE",
      entityType: "SmokeTestRun",
      entityId: reserved.id,
      changes: diffFields(before, update),
    });
    return row;
  });
  logger.info(
    {
      incidentId: reserved.incidentId,
      requestId: reserved.requestId,
      path: reserved.path,
      statusCode: saved.statusCode,
      exceptionClass: saved.exceptionClass,
      latencyMs: saved.latencyMs,
    },
    "live smoke request recorded",
  );
  return toView(saved);
}
