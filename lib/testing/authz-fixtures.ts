// The authorization matrix's table: how to call every server action and every
// route handler with a VALID input, so that what decides the outcome is the
// caller, not the input. lib/http/authz-matrix.integration.test.ts collects
// the actions and routes from the code and fails when one has no entry here
// (or an entry names something that no longer exists).
import type { TPermission } from "@/lib/auth/permissions";

/** Rows created fresh by the test (as the incident's commander) before the matrix runs. */
export type TAuthzContext = {
  incident: { id: string; key: string; version: number };
  /** Another user, the target of the admin actions (never one of the callers). */
  targetUser: { id: string };
  timelineEvent: { id: string; version: number };
  followUp: { id: string; version: number };
  artifactLinkId: string;
  /** Deleted by artifacts.deleteAttachment; the routes download the other one. */
  attachmentId: string;
  downloadAttachmentId: string;
  rolloutStepId: string;
  observationWindowId: string;
  approvalId: string;
  invitationToken: string;
  /** A token of the caller-to-be (the commander), for tokens.revoke. */
  ownTokenId: string;
  /** Unique per run, for names that must be unique. */
  suffix: string;
};

export type TActionFixture = {
  /** The permission the test expects the action to require (its own table, not read from the code). */
  permission: TPermission | "public";
  input: (ctx: TAuthzContext) => unknown;
};

export type TRouteFixture = {
  permission: TPermission | "public";
  /** The route.ts file, from the project root. */
  file: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  params: (ctx: TAuthzContext) => Record<string, string>;
  /** Path and query of the request URL. */
  url: (ctx: TAuthzContext) => string;
  body?: (ctx: TAuthzContext) => BodyInit;
  headers?: Record<string, string>;
  /** Whether `Authorization: Bearer irt_…` authenticates here (the /api/v1 wrapper); elsewhere a token is no credential. */
  acceptsTokens: boolean;
  /** /api/v1 refuses writes authenticated by the session cookie (only tokens write). */
  cookieWrites: boolean;
};

/** Exported functions of "use server" files that are not built with defineAction, and why. */
export const UNWRAPPED_ACTIONS: Record<string, string> = {
  "lib/auth/actions.ts#signInWithPasswordAction": "signing in is what anonymous callers do; Auth.js checks the password (rate-limited)",
  "lib/auth/actions.ts#signInWithOidcAction": "starts the OIDC redirect; no data is read or written",
  "lib/auth/actions.ts#signOutAction": "clears the caller's own session cookie",
};

/** route.ts files whose handlers are not wrapped, and why. */
export const UNWRAPPED_ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints (sign-in, callback, session): public by design",
  "app/api/health/route.ts": "liveness/readiness probe: public, reads no incident data",
};

/** Hand-written handlers that register themselves in ROUTE_REGISTRY (streaming bodies defineRoute cannot express). */
export const HAND_WRITTEN_ROUTES: Record<string, string> = {
  "app/api/incidents/[key]/imports/route.ts": "streams the upload into COPY; same steps as defineRoute, registered by hand",
};

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
export function pngUploadForm(): FormData {
  const form = new FormData();
  form.set("artifactKind", "GRAPHS");
  form.set("file", new Blob([PNG], { type: "image/png" }), "graph.png");
  return form;
}

const PAST = "2026-05-08T09:30";
const FUTURE = `${new Date().getUTCFullYear() + 1}-01-01T00:00`;
const checklist = (ctx: TAuthzContext, checklistId: string) => ({
  incidentId: ctx.incident.id,
  timeZone: "UTC",
  answers: [{ checklistId, itemId: "authz-item", checked: "yes", version: 0 }],
});
const counts = { OK: "1", AUTH: "0", VALIDATION_4XX: "0", RATE_LIMIT_429: "0", UPSTREAM_5XX: "0", TIMEOUT: "0", QUALITY_REGRESSION: "0" };
const side = { statusOrException: "200", latencyMs: "120", bodyShape: "", parseable: "YES", totalTokens: "", retryCount: "0", requestIdPropagated: "UNKNOWN" };
const IMPACT_MEASURE_IDS = [
  "CUSTOMER_VISIBLE_ERROR_RATE",
  "QUEUE_DEPTH",
  "TIMEOUT_COUNT",
  "SUCCESSFUL_COMPLETION_COUNT",
  "SUPPORT_TICKET_VOLUME",
  "USER_RETRY_BEHAVIOR",
  "FEATURE_BUSINESS_METRIC",
];
const impactMeasures = Object.fromEntries(IMPACT_MEASURE_IDS.map((id) => [id, { before: "", during: "", after: "", unit: "count" }]));
const followUp = (ctx: TAuthzContext) => ({
  title: `Authz follow-up ${ctx.suffix}`,
  ownerUserId: "",
  ownerExternalName: "Platform team",
  dueDate: "2026-06-01",
  status: "OPEN",
  ticketUrl: "",
  source: "",
});
const smokeRequest = (ctx: TAuthzContext) => ({
  incidentKey: ctx.incident.key,
  // No such snapshot: an allowed caller is answered 404 and nothing is sent out.
  snapshotId: "authz-no-such-snapshot",
  path: "PRIMARY",
  systemMessage: "",
  userMessage: "Say OK.",
  expectedJson: "",
  maxTokens: "16",
  latencyToleranceMs: "1000",
  routeLogged: "UNKNOWN",
});

export const ACTION_FIXTURES: Record<string, TActionFixture> = {
  "artifacts.addLink": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, link: { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://grafana.example/d/1", label: "Latency" } }),
  },
  "artifacts.deleteLink": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.artifactLinkId }) },
  "artifacts.deleteAttachment": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.attachmentId }) },
  "artifacts.markNotApplicable": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, artifactKind: "SUPPORT_CONTACTS", version: 0, reason: "No customer tickets were opened." }),
  },
  "artifacts.clearNotApplicable": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, artifactKind: "SUPPORT_CONTACTS", version: 1 }) },
  "artifacts.saveCustomerImpactStatement": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, version: ctx.incident.version, statement: "Some answers were slower for ten minutes." }),
  },
  "classes.save": {
    permission: "incident:write",
    input: (ctx) => ({ incidentId: ctx.incident.id, basedOn: "", classes: [{ classId: "TIMEOUT", role: "PRIMARY", note: "" }] }),
  },
  "classes.replaceManualHistogram": {
    permission: "incident:write",
    input: (ctx) => ({
      incidentId: ctx.incident.id,
      timeZone: "UTC",
      basedOn: "",
      windows: [{ startLocal: "2026-05-08T09:00", endLocal: "2026-05-08T09:05", counts: { PRIMARY: counts, FALLBACK: counts } }],
    }),
  },
  "comparison.fromRuns": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, promptLabel: "Summary", primaryRunId: "authz-no-run-a", fallbackRunId: "authz-no-run-b" }),
  },
  "comparison.manual": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, promptLabel: "Summary", primary: side, fallback: side }),
  },
  "configuration.saveSnapshot": {
    permission: "incident:write",
    input: (ctx) => ({
      incidentKey: ctx.incident.key,
      label: "INCIDENT_START",
      labelNote: "",
      baseUrl: "https://llm-gateway.example/v1",
      primaryModelAlias: "chat-default",
      primaryModelResolvedId: "",
      fallbackModelAlias: "chat-fallback",
      fallbackModelResolvedId: "",
      clientTimeoutMs: "30000",
      retryCount: "2",
      retryBackoff: "",
      maxTokens: "",
      featureFlags: [],
      loggedFields: [],
      apiKeyEnvVar: "",
    }),
  },
  "decision.saveAnswers": { permission: "incident:write", input: (ctx) => checklist(ctx, "criteria") },
  "decision.setTaskSpecificValidation": { permission: "incident:write", input: (ctx) => ({ incidentId: ctx.incident.id, done: true, version: ctx.incident.version }) },
  "decision.setOverride": { permission: "incident:write", input: (ctx) => ({ incidentId: ctx.incident.id, version: 0, verdict: "LIMITED", reason: "Authz matrix." }) },
  "decision.clearOverride": { permission: "incident:write", input: (ctx) => ({ incidentId: ctx.incident.id, version: 1 }) },
  "export.setRequireReadiness": { permission: "settings:manage", input: () => ({ requireReadinessForExport: false, basedOn: false }) },
  "followUps.create": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, followUp: followUp(ctx) }) },
  "followUps.update": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.followUp.id, version: ctx.followUp.version, followUp: followUp(ctx) }),
  },
  "followUps.setStatus": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.followUp.id, version: ctx.followUp.version, status: "DONE" }),
  },
  "followUps.delete": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.followUp.id, version: ctx.followUp.version }) },
  "impact.saveMeasures": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, basedOn: "", incidentVersion: ctx.incident.version, businessMetricLabel: "", measures: impactMeasures }),
  },
  "imports.suggestMapping": { permission: "incident:write", input: (ctx) => ({ incidentId: ctx.incident.id, firstLines: ["ts,status,latency_ms", "2026-05-08T09:00:00Z,200,120"] }) },
  "imports.acceptSuggestedWindow": {
    permission: "incident:write",
    input: (ctx) => ({ incidentId: ctx.incident.id, version: ctx.incident.version, degradationStartedAt: "2026-05-08T09:12:00Z", endedAt: null }),
  },
  "incidents.create": { permission: "incident:write", input: (ctx) => ({ title: `Authz created ${ctx.suffix}`, severity: "SEV4", startedAtLocal: PAST, timeZone: "UTC" }) },
  "incidents.updateWindow": {
    permission: "incident:write",
    input: (ctx) => ({
      incidentId: ctx.incident.id,
      version: ctx.incident.version,
      timeZone: "UTC",
      title: "Authz matrix incident",
      severity: "SEV3",
      status: "INVESTIGATING",
      commanderId: "",
      degradationStartedAtLocal: "2026-05-08T09:12",
      detectionSource: "",
      detectedAtLocal: "",
      mitigatedAtLocal: "",
      endedAtLocal: "",
      currentStatusNote: "",
      affectedRoutes: [],
      affectedServices: [],
      affectedTenants: [],
      affectedRegions: [],
      affectedFeatures: [],
      primaryModelAlias: "",
      primaryModelResolvedId: "",
      fallbackMode: "NOT_TRIGGERED",
      primarySymptom: "",
      fallbackAction: "",
      rollbackCondition: "",
    }),
  },
  "patterns.saveAnswers": { permission: "incident:write", input: (ctx) => checklist(ctx, "patterns") },
  "patterns.recordApproval": {
    permission: "incident:write",
    input: (ctx) => ({ incidentId: ctx.incident.id, changeTicket: "CHG-1", expiresAtLocal: FUTURE, timeZone: "UTC", note: "" }),
  },
  "patterns.revokeApproval": { permission: "incident:write", input: (ctx) => ({ incidentId: ctx.incident.id, approvalId: ctx.approvalId }) },
  "review.saveAnswer": { permission: "incident:write", input: (ctx) => ({ incidentId: ctx.incident.id, questionId: "detection.first-alert", body: "Authz answer.", version: 0 }) },
  "rollback.saveAnswers": { permission: "incident:write", input: (ctx) => checklist(ctx, "rollback") },
  "rollout.addStep": {
    permission: "incident:write",
    input: (ctx) => ({ incidentKey: ctx.incident.key, timeZone: "UTC", occurredAtLocal: PAST, trafficPercent: "10", scope: "route /chat", approverName: "", note: "" }),
  },
  "rollout.deleteStep": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.rolloutStepId }) },
  "rollout.addWindow": {
    permission: "incident:write",
    input: (ctx) => ({
      incidentKey: ctx.incident.key,
      timeZone: "UTC",
      path: "FALLBACK",
      startLocal: "2026-05-08T10:00",
      endLocal: "2026-05-08T10:15",
      requests: "100",
      errors: "1",
      timeouts: "0",
      validationFailures: "0",
      p95LatencyMs: "",
      activeClassErrors: "",
    }),
  },
  "rollout.deleteWindow": { permission: "incident:write", input: (ctx) => ({ incidentKey: ctx.incident.key, id: ctx.observationWindowId }) },
  "rollout.saveRuleSettings": {
    permission: "incident:write",
    input: (ctx) => ({
      incidentKey: ctx.incident.key,
      version: ctx.incident.version,
      baselineTimeoutRatePercent: "",
      baselineErrorRatePercent: "",
      observationWindowMinutes: "15",
      userFacingTimeoutBudgetMs: "",
    }),
  },
  "smoke.runLive": { permission: "incident:write", input: smokeRequest },
  "smoke.record": {
    permission: "incident:write",
    input: (ctx) => ({
      ...smokeRequest(ctx),
      expectedSequence: null,
      statusCode: "200",
      exceptionClass: "",
      latencyMs: "120",
      responseBody: "",
      promptTokens: "",
      completionTokens: "",
      totalTokens: "",
      requestIdEchoed: "UNKNOWN",
    }),
  },
  "settings.saveAllowedHosts": { permission: "settings:manage", input: () => ({ hosts: "llm-gateway.example", basedOn: [] }) },
  "timeline.create": {
    permission: "incident:write",
    input: (ctx) => ({ incidentId: ctx.incident.id, kind: "NOTE", occurredAtLocal: PAST, timeZone: "UTC", description: "Authz note", trafficPercent: "" }),
  },
  "timeline.update": {
    permission: "incident:write",
    input: (ctx) => ({ id: ctx.timelineEvent.id, version: ctx.timelineEvent.version, kind: "NOTE", occurredAtLocal: PAST, timeZone: "UTC", description: "Authz edit" }),
  },
  "timeline.delete": { permission: "incident:write", input: (ctx) => ({ id: ctx.timelineEvent.id, version: ctx.timelineEvent.version }) },
  "tokens.create": { permission: "tokens:own", input: (ctx) => ({ name: `authz ${ctx.suffix}`, scope: "READ", expiresInDays: "7" }) },
  "tokens.revoke": { permission: "tokens:own", input: (ctx) => ({ id: ctx.ownTokenId }) },
  "users.create": {
    permission: "users:manage",
    input: (ctx) => ({ email: `authz-created-${ctx.suffix}@it.test`, name: "Created", role: "VIEWER", password: "Correct-horse-battery-42!" }),
  },
  "users.invite": { permission: "users:manage", input: (ctx) => ({ email: `authz-invited-${ctx.suffix}@it.test`, role: "VIEWER" }) },
  "users.setRole": { permission: "users:manage", input: (ctx) => ({ userId: ctx.targetUser.id, role: "COMMANDER" }) },
  "users.setDisabled": { permission: "users:manage", input: (ctx) => ({ userId: ctx.targetUser.id, disabled: true }) },
  "users.revokeSessions": { permission: "users:manage", input: (ctx) => ({ userId: ctx.targetUser.id }) },
  "users.acceptInvitation": {
    permission: "public",
    input: (ctx) => ({ token: ctx.invitationToken, name: "Invited person", password: "Correct-horse-battery-42!", confirm: "Correct-horse-battery-42!" }),
  },
};

const byKey = (ctx: TAuthzContext) => ({ key: ctx.incident.key });

export const ROUTE_FIXTURES: Record<string, TRouteFixture> = {
  "incidents.exportCsv": {
    permission: "incident:read",
    file: "app/api/incidents/export.csv/route.ts",
    method: "GET",
    params: () => ({}),
    url: () => "/api/incidents/export.csv",
    acceptsTokens: false,
    cookieWrites: true,
  },
  "attachments.upload": {
    permission: "incident:write",
    file: "app/api/incidents/[key]/attachments/route.ts",
    method: "POST",
    params: byKey,
    url: (ctx) => `/api/incidents/${ctx.incident.key}/attachments`,
    body: () => pngUploadForm(),
    acceptsTokens: false,
    cookieWrites: true,
  },
  "attachments.download": {
    permission: "incident:read",
    file: "app/api/incidents/[key]/attachments/[id]/route.ts",
    method: "GET",
    params: (ctx) => ({ key: ctx.incident.key, id: ctx.downloadAttachmentId }),
    url: (ctx) => `/api/incidents/${ctx.incident.key}/attachments/${ctx.downloadAttachmentId}`,
    acceptsTokens: false,
    cookieWrites: true,
  },
  "export.markdown": {
    permission: "incident:read",
    file: "app/api/incidents/[key]/export/markdown/route.ts",
    method: "GET",
    params: byKey,
    url: (ctx) => `/api/incidents/${ctx.incident.key}/export/markdown`,
    acceptsTokens: false,
    cookieWrites: true,
  },
  "export.pdf": {
    permission: "incident:read",
    file: "app/api/incidents/[key]/export/pdf/route.ts",
    method: "GET",
    params: byKey,
    url: (ctx) => `/api/incidents/${ctx.incident.key}/export/pdf`,
    acceptsTokens: false,
    cookieWrites: true,
  },
  "export.bundle": {
    permission: "incident:read",
    file: "app/api/incidents/[key]/export/bundle/route.ts",
    method: "GET",
    params: byKey,
    url: (ctx) => `/api/incidents/${ctx.incident.key}/export/bundle`,
    acceptsTokens: false,
    cookieWrites: true,
  },
  "imports.upload": {
    permission: "incident:write",
    file: "app/api/incidents/[key]/imports/route.ts",
    method: "PUT",
    params: byKey,
    url: (ctx) => `/api/incidents/${ctx.incident.key}/imports?fileName=authz.csv&format=auto`,
    body: () => "timestamp,path,status,latency_ms\n2026-05-08T09:13:00Z,PRIMARY,200,120\n",
    headers: { "content-type": "text/csv" },
    acceptsTokens: false,
    cookieWrites: true,
  },
};

// ─── /api/v1 (defineApiRoute): tokens authenticate; cookies read but never write ──

const json = (value: unknown) => () => JSON.stringify(value);
const JSON_HEADERS = { "content-type": "application/json" };
const v1 = (
  permission: TPermission,
  file: string,
  method: TRouteFixture["method"],
  url: (ctx: TAuthzContext) => string,
  params: (ctx: TAuthzContext) => Record<string, string>,
  body?: (ctx: TAuthzContext) => BodyInit,
  headers: Record<string, string> = body ? JSON_HEADERS : {},
): TRouteFixture => ({ permission, file, method, url, params, body, headers, acceptsTokens: true, cookieWrites: false });
const keyId = (id: (ctx: TAuthzContext) => string) => (ctx: TAuthzContext) => ({ key: ctx.incident.key, id: id(ctx) });
const V1 = "app/api/v1/incidents";

Object.assign(ROUTE_FIXTURES, {
  "v1.openapi": v1("incident:read", "app/api/v1/openapi.json/route.ts", "GET", () => "/api/v1/openapi.json", () => ({})),
  "v1.incidents.list": v1("incident:read", `${V1}/route.ts`, "GET", () => "/api/v1/incidents?pageSize=10", () => ({})),
  "v1.incidents.create": v1("incident:write", `${V1}/route.ts`, "POST", () => "/api/v1/incidents", () => ({}), (ctx) =>
    JSON.stringify({ title: `Authz API ${ctx.suffix}`, severity: "SEV4", startedAtLocal: PAST, timeZone: "UTC" }),
  ),
  "v1.incidents.read": v1("incident:read", `${V1}/[key]/route.ts`, "GET", (ctx) => `/api/v1/incidents/${ctx.incident.key}`, byKey),
  "v1.incidents.update": v1("incident:write", `${V1}/[key]/route.ts`, "PATCH", (ctx) => `/api/v1/incidents/${ctx.incident.key}`, byKey, (ctx) =>
    JSON.stringify({ version: ctx.incident.version, title: "Authz matrix incident (API)" }),
  ),
  "v1.followUps.list": v1("incident:read", `${V1}/[key]/follow-ups/route.ts`, "GET", (ctx) => `/api/v1/incidents/${ctx.incident.key}/follow-ups`, byKey),
  "v1.followUps.create": v1("incident:write", `${V1}/[key]/follow-ups/route.ts`, "POST", (ctx) => `/api/v1/incidents/${ctx.incident.key}/follow-ups`, byKey, (ctx) =>
    JSON.stringify({ followUp: followUp(ctx) }),
  ),
  "v1.followUps.update": v1(
    "incident:write",
    `${V1}/[key]/follow-ups/[id]/route.ts`,
    "PUT",
    (ctx) => `/api/v1/incidents/${ctx.incident.key}/follow-ups/${ctx.followUp.id}`,
    keyId((ctx) => ctx.followUp.id),
    (ctx) => JSON.stringify({ version: ctx.followUp.version, followUp: followUp(ctx) }),
  ),
  "v1.timeline.list": v1("incident:read", `${V1}/[key]/timeline/route.ts`, "GET", (ctx) => `/api/v1/incidents/${ctx.incident.key}/timeline`, byKey),
  "v1.timeline.create": v1(
    "incident:write",
    `${V1}/[key]/timeline/route.ts`,
    "POST",
    (ctx) => `/api/v1/incidents/${ctx.incident.key}/timeline`,
    byKey,
    json({ kind: "NOTE", occurredAtLocal: PAST, timeZone: "UTC", description: "Authz API note" }),
  ),
  "v1.timeline.update": v1(
    "incident:write",
    `${V1}/[key]/timeline/[id]/route.ts`,
    "PUT",
    (ctx) => `/api/v1/incidents/${ctx.incident.key}/timeline/${ctx.timelineEvent.id}`,
    keyId((ctx) => ctx.timelineEvent.id),
    (ctx) => JSON.stringify({ version: ctx.timelineEvent.version, kind: "NOTE", occurredAtLocal: PAST, timeZone: "UTC", description: "Authz API edit" }),
  ),
  "v1.timeline.delete": v1(
    "incident:write",
    `${V1}/[key]/timeline/[id]/route.ts`,
    "DELETE",
    (ctx) => `/api/v1/incidents/${ctx.incident.key}/timeline/${ctx.timelineEvent.id}?version=${ctx.timelineEvent.version}`,
    keyId((ctx) => ctx.timelineEvent.id),
  ),
  "v1.imports.upload": v1(
    "incident:write",
    `${V1}/[key]/imports/route.ts`,
    "PUT",
    (ctx) => `/api/v1/incidents/${ctx.incident.key}/imports?fileName=authz-api.csv&format=auto`,
    byKey,
    () => "timestamp,path,status,latency_ms\n2026-05-08T09:14:00Z,PRIMARY,200,110\n",
    { "content-type": "text/csv" },
  ),
  "v1.imports.status": v1(
    "incident:read",
    `${V1}/[key]/imports/[id]/route.ts`,
    "GET",
    (ctx) => `/api/v1/incidents/${ctx.incident.key}/imports/authz-no-such-import`,
    keyId(() => "authz-no-such-import"),
  ),
  "v1.export.markdown": v1("incident:read", `${V1}/[key]/export/markdown/route.ts`, "GET", (ctx) => `/api/v1/incidents/${ctx.incident.key}/export/markdown`, byKey),
  "v1.export.pdf": v1("incident:read", `${V1}/[key]/export/pdf/route.ts`, "GET", (ctx) => `/api/v1/incidents/${ctx.incident.key}/export/pdf`, byKey),
  "v1.export.bundle": v1("incident:read", `${V1}/[key]/export/bundle/route.ts`, "GET", (ctx) => `/api/v1/incidents/${ctx.incident.key}/export/bundle`, byKey),
} satisfies Record<string, TRouteFixture>);
