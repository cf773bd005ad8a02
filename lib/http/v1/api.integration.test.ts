// /api/v1 handlers called with real Request objects against a real database:
// token authentication and its refusals, cookie sessions refused on writes,
// and each endpoint's happy path and 400/404/409 (plus 413/415).
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { makeActor } from "@/lib/testing/integration";
import { fixtureText } from "@/lib/logs/testing/fixtures";
import { createToken, listActiveTokensOfEveryone, listOwnTokens, revokeToken } from "@/lib/tokens/tokens";
import { PROBLEM_BASE } from "@/lib/http/problem";
import { COOKIE_WRITE_MESSAGE } from "@/lib/http/api";

// Only next-auth's cookie session is replaced: everything else is the real code.
const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const incidentsRoute = await import("@/app/api/v1/incidents/route");
const incidentRoute = await import("@/app/api/v1/incidents/[key]/route");
const timelineRoute = await import("@/app/api/v1/incidents/[key]/timeline/route");
const timelineEventRoute = await import("@/app/api/v1/incidents/[key]/timeline/[id]/route");
const followUpsRoute = await import("@/app/api/v1/incidents/[key]/follow-ups/route");
const followUpRoute = await import("@/app/api/v1/incidents/[key]/follow-ups/[id]/route");
const importsRoute = await import("@/app/api/v1/incidents/[key]/imports/route");
const importStatusRoute = await import("@/app/api/v1/incidents/[key]/imports/[id]/route");
const markdownRoute = await import("@/app/api/v1/incidents/[key]/export/markdown/route");
const bundleRoute = await import("@/app/api/v1/incidents/[key]/export/bundle/route");
const pdfRoute = await import("@/app/api/v1/incidents/[key]/export/pdf/route");
const openApiRoute = await import("@/app/api/v1/openapi.json/route");

type THandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TCall = { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; params?: Record<string, string>; query?: string };

function call(handler: THandler, method: string, path: string, options: TCall = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  const url = `http://localhost${path}${options.query ? `?${options.query}` : ""}`;
  return handler(new Request(url, { method, headers, body, duplex: "half" } as RequestInit), { params: Promise.resolve(options.params ?? {}) });
}

async function problem(response: Response): Promise<{ type: string; status: number; detail: string; fieldErrors?: Record<string, string[]>; conflict?: { current: Record<string, unknown>; currentVersion: number } }> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as { type: string; status: number; detail: string };
  expect(body.status).toBe(response.status);
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
  return body;
}

const data = async <T = Record<string, unknown>>(response: Response) => ((await response.json()) as { data: T }).data;

let commander: TActor;
let viewer: TActor;
let admin: TActor;
let writeToken: string;
let readToken: string;

const newIncident = { title: "Gateway returns 5xx", severity: "SEV2", startedAtLocal: "2026-05-08T09:00", timeZone: "UTC" };

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
  admin = await makeActor("ADMIN");
  writeToken = (await createToken(commander, { name: "ci", scope: "READ_WRITE", expiresInDays: 30 })).token;
  readToken = (await createToken(commander, { name: "dashboards", scope: "READ", expiresInDays: 7 })).token;
  const setting = await getPrisma().installationSetting.findUnique({ where: { id: 1 } });
  if (setting?.requireReadinessForExport) {
    await getPrisma().installationSetting.update({ where: { id: 1 }, data: { requireReadinessForExport: false } });
  }
});

async function createIncidentWithToken(token = writeToken): Promise<{ id: string; key: string }> {
  const response = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token, json: newIncident });
  expect(response.status).toBe(201);
  return data<{ id: string; key: string }>(response);
}

describe("personal access tokens", () => {
  it("stores only the sha256 of the secret, shows it once, lists own tokens and audits creation", async () => {
    const owner = await makeActor("VIEWER");
    const created = await createToken(owner, { name: "laptop", scope: "READ", expiresInDays: 90 });
    expect(created.token).toMatch(/^irt_[0-9a-f]{8}_/);
    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: created.view.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    // The secret after "irt_<prefix>_" (it may itself contain "_").
    expect(JSON.stringify(row)).not.toContain(created.token.replace(/^irt_[0-9a-f]{8}_/, ""));
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBeGreaterThan(89 * 86_400_000);
    const listed = await listOwnTokens(owner);
    expect(listed.map((t) => t.id)).toEqual([created.view.id]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed[0]).toMatchObject({ name: "laptop", scope: "READ", status: "active", lastUsedAt: null, prefix: row.prefix });
    const audit = await getPrisma().auditLog.findMany({ where: { entityType: "ApiToken", entityId: row.id } });
    expect(audit.map((a) => a.action)).toEqual(["CREATE"]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(row.tokenHash);
    expect(audit[0]!.after).toMatchObject({ name: "laptop", scope: "READ", prefix: row.prefix });
  });

  it("a valid token reads and writes with its owner's role; lastUsedAt is written at most once a minute", async () => {
    const { key } = await createIncidentWithToken();
    const read = await call(incidentRoute.GET, "GET", `/api/v1/incidents/${key}`, { token: writeToken, params: { key } });
    expect(read.status).toBe(200);
    expect(await data(read)).toMatchObject({ key, title: newIncident.title, severity: "SEV2", version: 1 });

    const owner = await makeActor("COMMANDER");
    const t = await createToken(owner, { name: "touch", scope: "READ", expiresInDays: 7 });
    expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: t.token })).status).toBe(200);
    const first = (await getPrisma().apiToken.findUniqueOrThrow({ where: { id: t.view.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    expect(Date.now() - first!.getTime()).toBeLessThan(60_000);
    expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: t.token })).status).toBe(200);
    const second = (await getPrisma().apiToken.findUniqueOrThrow({ where: { id: t.view.id } })).lastUsedAt;
    expect(second!.getTime()).toBe(first!.getTime());
  });

  it("each token is rate-limited on its own: over the limit → 429 problem with Retry-After, nothing written", async () => {
    const before = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      const owner = await makeActor("COMMANDER");
      const busy = await createToken(owner, { name: "busy loop", scope: "READ_WRITE", expiresInDays: 7 });
      const other = await createToken(owner, { name: "other", scope: "READ", expiresInDays: 7 });
      for (let i = 0; i < 3; i += 1) expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: busy.token })).status).toBe(200);
      const title = `Refused by the rate limit ${Date.now()}-${Math.random()}`;
      const refused = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: busy.token, json: { ...newIncident, title } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const body = await problem(refused);
      expect(body.type).toBe("https://incident-review.dev/problems/rate-limited");
      expect(body.detail).toMatch(/more than 3 requests in the last minute; retry in \d+ s/);
      expect(await getPrisma().incident.count({ where: { title } })).toBe(0);
      // Another token of the same owner has its own bucket.
      expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: other.token })).status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = before;
    }
  });

  it("wrong, malformed, revoked and expired tokens and a disabled owner get 401", async () => {
    const owner = await makeActor("COMMANDER");
    const list = (token: string) => call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token });
    const wrong = await list(`irt_00000000_${"A".repeat(43)}`);
    expect(wrong.status).toBe(401);
    expect((await problem(wrong)).type).toBe(`${PROBLEM_BASE}unauthenticated`);
    expect((await list("not-a-token")).status).toBe(401);
    // A bad bearer never falls back to the cookie session.
    session.actor = owner;
    expect((await list("irt_bad")).status).toBe(401);
    session.actor = null;

    const revoked = await createToken(owner, { name: "r", scope: "READ_WRITE", expiresInDays: 7 });
    expect((await list(revoked.token)).status).toBe(200);
    await revokeToken(owner, { id: revoked.view.id });
    expect((await list(revoked.token)).status).toBe(401);

    const expired = await createToken(owner, { name: "e", scope: "READ_WRITE", expiresInDays: 7 });
    await getPrisma().apiToken.update({ where: { id: expired.view.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await list(expired.token)).status).toBe(401);

    const disabled = await createToken(owner, { name: "d", scope: "READ_WRITE", expiresInDays: 7 });
    expect((await list(disabled.token)).status).toBe(200);
    await getPrisma().user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
    expect((await list(disabled.token)).status).toBe(401);
  });

  it("a read token is refused on writes (403); a demoted owner's token loses write rights on the next request", async () => {
    const refused = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: readToken, json: newIncident });
    expect(refused.status).toBe(403);
    expect((await problem(refused)).type).toBe(`${PROBLEM_BASE}forbidden`);
    expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: readToken })).status).toBe(200);

    const owner = await makeActor("COMMANDER");
    const { token } = await createToken(owner, { name: "w", scope: "READ_WRITE", expiresInDays: 7 });
    await createIncidentWithToken(token);
    await getPrisma().user.update({ where: { id: owner.id }, data: { role: "VIEWER" } });
    expect((await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token, json: newIncident })).status).toBe(403);
    expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token })).status).toBe(200);

    // A viewer's read-write token never writes either: a token carries its owner's role and never more.
    const viewerToken = (await createToken(viewer, { name: "v", scope: "READ_WRITE", expiresInDays: 7 })).token;
    expect((await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: viewerToken, json: newIncident })).status).toBe(403);
  });

  it("only the owner or an admin revokes a token; revocation is audited once", async () => {
    const owner = await makeActor("COMMANDER");
    const t = await createToken(owner, { name: "x", scope: "READ", expiresInDays: 7 });
    await expect(revokeToken(viewer, { id: t.view.id })).rejects.toThrow(/not found/);
    // Admins see everyone's active tokens (never the secret); others may not list them.
    const everyone = await listActiveTokensOfEveryone(admin);
    expect(everyone.find((x) => x.id === t.view.id)).toMatchObject({ owner: { id: owner.id }, status: "active" });
    await expect(listActiveTokensOfEveryone(owner)).rejects.toThrow(/role does not allow/);
    const view = await revokeToken(admin, { id: t.view.id });
    expect(view.status).toBe("revoked");
    await revokeToken(owner, { id: t.view.id });
    const audit = await getPrisma().auditLog.findMany({ where: { entityType: "ApiToken", entityId: t.view.id, action: "UPDATE" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.id);
    expect((await listActiveTokensOfEveryone(admin)).some((x) => x.id === t.view.id)).toBe(false);
  });

  it("a token cannot create tokens", async () => {
    await expect(createToken({ ...commander, tokenScope: "READ_WRITE" }, { name: "y", scope: "READ", expiresInDays: 7 })).rejects.toThrow(/Tokens cannot/);
  });
});

describe("cookie sessions", () => {
  it("may read but every write with a cookie is refused with 401", async () => {
    session.actor = commander;
    try {
      expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents")).status).toBe(200);
      const write = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { json: newIncident });
      expect(write.status).toBe(401);
      expect((await problem(write)).detail).toBe(COOKIE_WRITE_MESSAGE);
      const { key } = await createIncidentWithToken();
      const del = await call(timelineEventRoute.DELETE, "DELETE", `/api/v1/incidents/${key}/timeline/x`, { params: { key, id: "x" }, query: "version=1" });
      expect(del.status).toBe(401);
    } finally {
      session.actor = null;
    }
    expect((await call(incidentsRoute.GET, "GET", "/api/v1/incidents")).status).toBe(401);
  });
});

describe("incidents", () => {
  it("list with filters and pagination; 400 on a bad query", async () => {
    // A word only this run's incident has: the database may hold other runs' incidents.
    const word = `listcheck${Date.now().toString(36)}`;
    const created = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, json: { ...newIncident, title: `Gateway ${word}` } });
    expect(created.status).toBe(201);
    const { key } = await data<{ key: string }>(created);
    const page = await data<{ rows: { key: string }[]; total: number; size: number }>(
      await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: readToken, query: `severity=SEV2&size=100&sort=start&dir=desc&q=${word}` }),
    );
    expect(page.size).toBe(100);
    expect(page.rows.some((r) => r.key === key)).toBe(true);
    const bad = await call(incidentsRoute.GET, "GET", "/api/v1/incidents", { token: readToken, query: "size=7" });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).type).toBe(`${PROBLEM_BASE}validation`);
  });

  it("create: 201, 400 with field errors, 400 malformed JSON, 415 wrong content type, 413 oversized; unknown fields ignored", async () => {
    const created = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, json: { ...newIncident, surprise: 1 } });
    expect(created.status).toBe(201);
    const { key } = await data<{ key: string }>(created);
    expect(key).toMatch(/^INC-\d{4}-\d{4,}$/);

    const invalid = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, json: { ...newIncident, title: "x", severity: "SEV9" } });
    expect(invalid.status).toBe(400);
    const body = await problem(invalid);
    expect(Object.keys(body.fieldErrors ?? {})).toEqual(expect.arrayContaining(["title", "severity"]));

    const malformed = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, body: "{nope", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).detail).toMatch(/not valid JSON/);
    const array = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, json: [1] });
    expect(array.status).toBe(400);

    const wrongType = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, body: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(415);
    expect((await problem(wrongType)).type).toBe(`${PROBLEM_BASE}unsupported-media-type`);

    const huge = JSON.stringify({ ...newIncident, pad: "x".repeat(1024 * 1024) });
    const tooLarge = await call(incidentsRoute.POST, "POST", "/api/v1/incidents", { token: writeToken, body: huge, headers: { "content-type": "application/json" } });
    expect(tooLarge.status).toBe(413);
    expect((await problem(tooLarge)).type).toBe(`${PROBLEM_BASE}payload-too-large`);
  });

  it("read 404; patch with version → 200, stale version → 409 with the current window, missing version → 400", async () => {
    const missing = await call(incidentRoute.GET, "GET", "/api/v1/incidents/INC-1999-0001", { token: readToken, params: { key: "INC-1999-0001" } });
    expect(missing.status).toBe(404);
    expect((await problem(missing)).type).toBe(`${PROBLEM_BASE}not-found`);
    expect((await call(incidentRoute.GET, "GET", "/api/v1/incidents/nope", { token: readToken, params: { key: "nope" } })).status).toBe(400);

    const { key } = await createIncidentWithToken();
    const patch = (json: unknown) => call(incidentRoute.PATCH, "PATCH", `/api/v1/incidents/${key}`, { token: writeToken, params: { key }, json });
    const ok = await patch({ version: 1, title: "Gateway 5xx after deploy", status: "MITIGATING", affectedRegions: ["eu-west-1"] });
    expect(ok.status).toBe(200);
    expect(await data(ok)).toMatchObject({ key, version: 2, changedFields: expect.arrayContaining(["title", "status", "affectedRegions"]) });
    const after = await data<Record<string, unknown>>(await call(incidentRoute.GET, "GET", `/api/v1/incidents/${key}`, { token: readToken, params: { key } }));
    expect(after).toMatchObject({ title: "Gateway 5xx after deploy", status: "MITIGATING", severity: "SEV2", affectedRegions: ["eu-west-1"], degradationStartedAt: "2026-05-08T09:00:00.000Z" });

    const stale = await patch({ version: 1, title: "Someone else's edit" });
    expect(stale.status).toBe(409);
    const conflict = await problem(stale);
    expect(conflict.type).toBe(`${PROBLEM_BASE}conflict`);
    expect(conflict.conflict).toMatchObject({ currentVersion: 2, current: { title: "Gateway 5xx after deploy" } });

    expect((await patch({ title: "No version" })).status).toBe(400);
    const zone = await patch({ version: 2, timeZone: "Mars/Olympus" });
    expect(zone.status).toBe(400);
    expect((await problem(zone)).fieldErrors?.timeZone).toEqual(["Unknown time zone."]);
    expect((await patch({ version: 2, timeZone: 7 })).status).toBe(400);
    expect((await patch({ version: 2, commanderId: "nobody" })).status).toBe(400);
    expect((await patch({ version: 2, detectedAtLocal: "2026-05-08T08:00" })).status).toBe(400); // before the start
  });
});

describe("timeline events", () => {
  it("list, create, replace, delete; 400, 404 and 409", async () => {
    const { key } = await createIncidentWithToken();
    const other = await createIncidentWithToken();
    const base = `/api/v1/incidents/${key}/timeline`;
    const event = { kind: "DETECTION", occurredAtLocal: "2026-05-08T09:05", timeZone: "UTC", description: "Alert fired" };
    const created = await call(timelineRoute.POST, "POST", base, { token: writeToken, params: { key }, json: { ...event, incidentId: other.id } });
    expect(created.status).toBe(201);
    const saved = await data<{ id: string; version: number; incidentKey: string }>(created);
    // The incident comes from the address, whatever the body says.
    expect(saved.incidentKey).toBe(key);

    const bad = await call(timelineRoute.POST, "POST", base, { token: writeToken, params: { key }, json: { ...event, kind: "FALLBACK_CHANGE" } });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).fieldErrors?.trafficPercent).toBeDefined();

    const list = await data<{ id: string; description: string }[]>(await call(timelineRoute.GET, "GET", base, { token: readToken, params: { key } }));
    expect(list.map((e) => e.description)).toEqual(["Alert fired"]);

    const path = `${base}/${saved.id}`;
    const params = { key, id: saved.id };
    const replaced = await call(timelineEventRoute.PUT, "PUT", path, { token: writeToken, params, json: { ...event, description: "Alert fired (p95)", version: 1 } });
    expect(replaced.status).toBe(200);
    expect(await data(replaced)).toMatchObject({ id: saved.id, version: 2 });
    const stale = await call(timelineEventRoute.PUT, "PUT", path, { token: writeToken, params, json: { ...event, version: 1 } });
    expect(stale.status).toBe(409);
    expect((await problem(stale)).conflict?.currentVersion).toBe(2);

    // Another incident's address does not reach this event.
    const elsewhere = await call(timelineEventRoute.PUT, "PUT", `/api/v1/incidents/${other.key}/timeline/${saved.id}`, {
      token: writeToken,
      params: { key: other.key, id: saved.id },
      json: { ...event, version: 2 },
    });
    expect(elsewhere.status).toBe(404);

    expect((await call(timelineEventRoute.DELETE, "DELETE", path, { token: writeToken, params, query: "version=1" })).status).toBe(409);
    expect((await call(timelineEventRoute.DELETE, "DELETE", path, { token: writeToken, params, query: "version=x" })).status).toBe(400);
    expect((await call(timelineEventRoute.DELETE, "DELETE", path, { token: writeToken, params, query: "version=1e30" })).status).toBe(400);
    const deleted = await call(timelineEventRoute.DELETE, "DELETE", path, { token: writeToken, params, query: "version=2" });
    expect(deleted.status).toBe(200);
    expect(await getPrisma().timelineEvent.count({ where: { id: saved.id } })).toBe(0);
    expect((await call(timelineEventRoute.DELETE, "DELETE", path, { token: writeToken, params, query: "version=2" })).status).toBe(404);
  });
});

describe("follow-ups", () => {
  it("list, create, replace; 400, 404 and 409", async () => {
    const { key } = await createIncidentWithToken();
    const base = `/api/v1/incidents/${key}/follow-ups`;
    const followUp = { title: "Add a 5xx alert", ownerUserId: "", ownerExternalName: "SRE team", dueDate: "2026-12-31", status: "OPEN", ticketUrl: "", source: "" };
    const created = await call(followUpsRoute.POST, "POST", base, { token: writeToken, params: { key }, json: { followUp } });
    expect(created.status).toBe(201);
    const item = await data<{ id: string; version: number; title: string }>(created);
    expect(item).toMatchObject({ title: "Add a 5xx alert", version: 1, ownerExternalName: "SRE team" });

    const bad = await call(followUpsRoute.POST, "POST", base, { token: writeToken, params: { key }, json: { followUp: { ...followUp, dueDate: "2026-02-30" } } });
    expect(bad.status).toBe(400);

    const list = await data<{ id: string }[]>(await call(followUpsRoute.GET, "GET", base, { token: readToken, params: { key } }));
    expect(list.map((f) => f.id)).toEqual([item.id]);

    const params = { key, id: item.id };
    const put = (json: unknown) => call(followUpRoute.PUT, "PUT", `${base}/${item.id}`, { token: writeToken, params, json });
    const done = await put({ version: 1, followUp: { ...followUp, status: "DONE" } });
    expect(done.status).toBe(200);
    expect(await data(done)).toMatchObject({ status: "DONE", version: 2 });
    expect((await put({ version: 1, followUp })).status).toBe(409);
    const missing = await call(followUpRoute.PUT, "PUT", `${base}/nope`, { token: writeToken, params: { key, id: "nope" }, json: { version: 1, followUp } });
    expect(missing.status).toBe(404);
  });
});

describe("log import", () => {
  it("uploads a raw body (201 with the import record), reads its status, refuses duplicates (409), unknown ids (404) and bad options (400)", async () => {
    const { key } = await createIncidentWithToken();
    const text = fixtureText("jsonl", { count: 200, seed: 3, startMs: Date.UTC(2026, 4, 8, 9, 0, 0) });
    const upload = (query: string) =>
      call(importsRoute.PUT, "PUT", `/api/v1/incidents/${key}/imports`, {
        token: writeToken,
        params: { key },
        query,
        body: text,
        headers: { "content-type": "application/x-ndjson", "content-length": String(Buffer.byteLength(text)) },
      });
    const response = await upload("fileName=gateway.jsonl&format=auto");
    expect(response.status).toBe(201);
    const result = await data<{ importId: string; accepted: number; sha256: string; format: string }>(response);
    expect(result).toMatchObject({ accepted: 200, format: "jsonl" });

    const status = await call(importStatusRoute.GET, "GET", `/api/v1/incidents/${key}/imports/${result.importId}`, {
      token: readToken,
      params: { key, id: result.importId },
    });
    expect(status.status).toBe(200);
    expect(await data(status)).toMatchObject({ id: result.importId, status: "COMPLETED", accepted: 200 });

    expect((await upload(`fileName=gateway.jsonl&sha256=${result.sha256}`)).status).toBe(409);
    expect((await upload("fileName=gateway.jsonl&format=xml")).status).toBe(400);
    expect((await upload("format=auto")).status).toBe(400);
    const readOnly = await call(importsRoute.PUT, "PUT", `/api/v1/incidents/${key}/imports`, { token: readToken, params: { key }, query: "fileName=a.jsonl", body: text });
    expect(readOnly.status).toBe(403);
    const unknown = await call(importStatusRoute.GET, "GET", `/api/v1/incidents/${key}/imports/nope`, { token: readToken, params: { key, id: "nope" } });
    expect(unknown.status).toBe(404);
  });
});

describe("odd inputs", () => {
  it("wrong types, nulls and garbage in every JSON body never get a 5xx (and almost always a 4xx)", async () => {
    const { key } = await createIncidentWithToken();
    const event = await data<{ id: string }>(
      await call(timelineRoute.POST, "POST", `/api/v1/incidents/${key}/timeline`, {
        token: writeToken,
        params: { key },
        json: { kind: "NOTE", occurredAtLocal: "2026-05-08T09:05", timeZone: "UTC", description: "n" },
      }),
    );
    const odd: unknown[] = [null, 0, "x", true, {}, { version: null }, { version: "1" }, { version: 1e300 }, { version: -1 }, { followUp: null },
      { version: 1, followUp: "x" }, { kind: 1, occurredAtLocal: {}, timeZone: [] }, { title: { a: 1 }, severity: null },
      { version: 1, affectedRoutes: "x", degradationStartedAtLocal: "garbage", status: "NOPE" }, { version: 1, detectionSource: 5 },
      { version: 1, timeZone: "Europe/Paris", endedAtLocal: "2026-99-99T99:99" }, { trafficPercent: "NaN", kind: "FALLBACK_CHANGE" }];
    const targets: [THandler, string, string, Record<string, string>][] = [
      [incidentsRoute.POST, "POST", "/api/v1/incidents", {}],
      [incidentRoute.PATCH, "PATCH", `/api/v1/incidents/${key}`, { key }],
      [timelineRoute.POST, "POST", `/api/v1/incidents/${key}/timeline`, { key }],
      [timelineEventRoute.PUT, "PUT", `/api/v1/incidents/${key}/timeline/${event.id}`, { key, id: event.id }],
      [followUpsRoute.POST, "POST", `/api/v1/incidents/${key}/follow-ups`, { key }],
      [followUpRoute.PUT, "PUT", `/api/v1/incidents/${key}/follow-ups/x`, { key, id: "x" }],
    ];
    const accepted: string[] = [];
    for (const [handler, method, path, params] of targets) {
      for (const json of odd) {
        const response = await call(handler, method, path, { token: writeToken, params, json });
        const label = `${method} ${path} ${JSON.stringify(json)}`;
        expect(response.status, label).toBeLessThan(500);
        if (response.status < 400) accepted.push(label);
      }
    }
    // Only a PATCH that changes nothing (unknown fields are ignored) may succeed.
    expect(accepted.every((l) => l.startsWith("PATCH") && l.includes('"version":1'))).toBe(true);
  });
});

describe("export and the OpenAPI document", () => {
  it("downloads markdown, the zip bundle and the PDF as attachments with a read token; 404 for an unknown incident", async () => {
    const { key } = await createIncidentWithToken();
    const get = (route: { GET: THandler }, kind: string, k = key) =>
      call(route.GET, "GET", `/api/v1/incidents/${k}/export/${kind}`, { token: readToken, params: { key: k } });
    const md = await get(markdownRoute, "markdown");
    expect(md.status).toBe(200);
    expect(md.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(await md.text()).toContain(key);
    const zip = await get(bundleRoute, "bundle");
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(Buffer.from(await zip.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    const pdf = await get(pdfRoute, "pdf");
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await get(markdownRoute, "markdown", "INC-1999-0002")).status).toBe(404);
  }, 120_000);

  it("serves the OpenAPI document to a token holder, not to anonymous callers", async () => {
    const ok = await call(openApiRoute.GET, "GET", "/api/v1/openapi.json", { token: readToken });
    expect(ok.status).toBe(200);
    const doc = (await ok.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0]!.url).toBe("http://localhost");
    expect(Object.keys(doc.paths)).toContain("/api/v1/incidents/{key}/timeline/{id}");
    expect((await call(openApiRoute.GET, "GET", "/api/v1/openapi.json")).status).toBe(401);
  });
});
