import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { toFailure } from "@/lib/http/errors";
import { logger } from "@/lib/log/logger";
import { createIncident } from "@/lib/incidents/incidents";
import { snapshotToForm, ZSaveConfigSnapshot } from "@/lib/configuration/schemas";
import { createConfigSnapshot } from "@/lib/configuration/snapshots";
import { makeActor } from "@/lib/testing/integration";
import { ZSaveAllowedHosts } from "./hosts";
import { ZRecordSmokeRun, ZRunLiveSmoke, type TRecordSmokeRunInput, type TRunLiveSmokeInput } from "./schemas";
import { getOutboundSettings, saveAllowedOutboundHosts } from "./settings";
import { getSmokePageData, recordSmokeRun, runLiveSmoke } from "./smoke";
import { startFakeProvider, type TFakeProvider } from "./testing/fake-provider";

// The key: a unique random value in an env var the snapshots name.
const KEY_VAR = `IT_SMOKE_${randomBytes(4).toString("hex").toUpperCase()}_KEY`;
const KEY = `sk-it-${randomBytes(24).toString("hex")}`;

let admin: TActor;
let commander: TActor;
let viewer: TActor;
let fake: TFakeProvider;

async function allowHosts(hosts: string[]) {
  const { allowedOutboundHosts } = await getOutboundSettings(admin);
  await saveAllowedOutboundHosts(admin, ZSaveAllowedHosts.parse({ hosts: hosts.join("\n"), basedOn: allowedOutboundHosts }));
}

beforeAll(async () => {
  admin = await makeActor("ADMIN");
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
  fake = await startFakeProvider({ slowMs: 3_000 });
  await allowHosts([fake.host]);
  process.env[KEY_VAR] = KEY;
});

afterAll(async () => {
  delete process.env[KEY_VAR];
  await fake.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A new incident with one configuration version pointing at `baseUrl`. */
async function setup(
  title: string,
  models: { primary: string; fallback: string },
  over: { baseUrl?: string; clientTimeoutMs?: string; apiKeyEnvVar?: string } = {},
) {
  const incident = await createIncident(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  await createConfigSnapshot(
    commander,
    ZSaveConfigSnapshot.parse({
      ...snapshotToForm(incident.key, null),
      baseUrl: over.baseUrl ?? fake.baseUrl,
      primaryModelResolvedId: models.primary,
      fallbackModelResolvedId: models.fallback,
      clientTimeoutMs: over.clientTimeoutMs ?? "1000",
      apiKeyEnvVar: over.apiKeyEnvVar ?? KEY_VAR,
    }),
  );
  const snapshot = await getPrisma().configSnapshot.findFirstOrThrow({ where: { incidentId: incident.id } });
  return { ...incident, snapshotId: snapshot.id };
}

const liveInput = (key: string, snapshotId: string, path: "PRIMARY" | "FALLBACK", over: Partial<TRunLiveSmokeInput> = {}) =>
  ZRunLiveSmoke.parse({
    incidentKey: key,
    snapshotId,
    path,
    systemMessage: "Return only a compact JSON object.",
    userMessage: 'Health check. Reply with {"ok":true,"path":"fallback"}.',
    expectedJson: '{"ok":true,"path":"fallback"}',
    maxTokens: "32",
    latencyToleranceMs: "2000",
    routeLogged: "YES",
    ...over,
  });

const manualInput = (key: string, snapshotId: string, over: Partial<TRecordSmokeRunInput> = {}) =>
  ZRecordSmokeRun.parse({
    incidentKey: key,
    snapshotId,
    path: "FALLBACK",
    systemMessage: "Return only a compact JSON object.",
    userMessage: 'Health check. Reply with {"ok":true,"path":"fallback"}.',
    expectedJson: '{"ok":true,"path":"fallback"}',
    maxTokens: "32",
    latencyToleranceMs: "2000",
    routeLogged: "UNKNOWN",
    expectedSequence: null,
    statusCode: "200",
    exceptionClass: "",
    latencyMs: "640",
    responseBody: JSON.stringify({
      model: "fb-ok",
      choices: [{ message: { content: '{"path":"fallback","ok":true}' } }],
      usage: { prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 },
    }),
    promptTokens: "",
    completionTokens: "",
    totalTokens: "",
    requestIdEchoed: "YES",
    ...over,
  });

const criterion = (run: { criteria: { id: string; result: string }[] }, id: string) => run.criteria.find((c) => c.id === id)?.result;

describe("smoke requests recorded by hand", () => {
  it("numbers requests per incident as incident-YYYYMMDD-smoke-NNN and evaluates the pasted body", async () => {
    const a = await setup("manual numbering", { primary: "p-ok", fallback: "fb-ok" });
    const b = await setup("other incident", { primary: "p-ok", fallback: "fb-ok" });
    const r1 = await recordSmokeRun(commander, manualInput(a.key, a.snapshotId, { expectedSequence: 1 }));
    const r2 = await recordSmokeRun(commander, manualInput(a.key, a.snapshotId, { path: "PRIMARY", statusCode: "", exceptionClass: "TimeoutError", responseBody: "" }));
    const other = await recordSmokeRun(commander, manualInput(b.key, b.snapshotId));
    expect([r1.requestId, r2.requestId, other.requestId]).toEqual([
      "incident-20260508-smoke-001",
      "incident-20260508-smoke-002",
      "incident-20260508-smoke-001",
    ]);
    expect(r1).toMatchObject({ source: "MANUAL", model: "fb-ok", statusCode: 200, outputParses: true, matchesExpected: true, totalTokens: 28, requestIdEchoed: true });
    expect(r1.responseShape).toBe("{choices[{message{content}}],model,usage{completion_tokens,prompt_tokens,total_tokens}}");
    expect(criterion(r1, "RESPONSE_SUCCESS")).toBe("pass");
    expect(criterion(r1, "LATENCY_WITHIN_TOLERANCE")).toBe("pass");
    expect(criterion(r1, "ROUTE_LOGGED")).toBe("unknown");
    expect(r2).toMatchObject({ path: "PRIMARY", model: "p-ok", exceptionClass: "TimeoutError", statusCode: null });
    expect(criterion(r2, "RESPONSE_SUCCESS")).toBe("fail");
    expect((await getSmokePageData(viewer, a.key)).nextSequence).toBe(3);
  });

  it("refuses a record based on a number someone else took meanwhile", async () => {
    const a = await setup("stale sequence", { primary: "p-ok", fallback: "fb-ok" });
    await recordSmokeRun(commander, manualInput(a.key, a.snapshotId, { expectedSequence: 1 }));
    const stale = recordSmokeRun(commander, manualInput(a.key, a.snapshotId, { expectedSequence: 1 }));
    await expect(stale).rejects.toMatchObject({ name: "ConflictError", currentVersion: 1 });
    expect(await getPrisma().smokeTestRun.count({ where: { incidentId: a.id } })).toBe(1);
  });

  it("refuses flagged messages, even when the caller skipped the schema; nothing is stored", async () => {
    const a = await setup("flagged", { primary: "p-ok", fallback: "fb-ok" });
    const clean = manualInput(a.key, a.snapshotId);
    const flagged = { ...clean, userMessage: "Summarize the complaint of jane.doe@example.com" };
    await expect(recordSmokeRun(commander, flagged)).rejects.toMatchObject({
      name: "ValidationError",
      fieldErrors: { userMessage: [expect.stringMatching(/e-mail address/)] },
    });
    const live = { ...liveInput(a.key, a.snapshotId, "FALLBACK"), systemMessage: "key: sk-proj-abcdefghijklmnopqrstuvwxyz012345" };
    await expect(runLiveSmoke(commander, live)).rejects.toMatchObject({ name: "ValidationError" });
    expect(await getPrisma().smokeTestRun.count({ where: { incidentId: a.id } })).toBe(0);
    expect(fake.requests.some((r) => JSON.stringify(r.body).includes("jane.doe"))).toBe(false);
  });

  it("refuses a viewer", async () => {
    const a = await setup("viewer smoke", { primary: "p-ok", fallback: "fb-ok" });
    await expect(recordSmokeRun(viewer, manualInput(a.key, a.snapshotId))).rejects.toBeInstanceOf(AuthError);
    await expect(runLiveSmoke(viewer, liveInput(a.key, a.snapshotId, "FALLBACK"))).rejects.toBeInstanceOf(AuthError);
    expect(await getPrisma().smokeTestRun.count({ where: { incidentId: a.id } })).toBe(0);
  });
});

describe("live smoke requests against a fake OpenAI-compatible server", () => {
  it("records an OK answer: status, shape, parse and match, tokens, request-id echo, criteria", async () => {
    const a = await setup("live ok", { primary: "p-ok", fallback: "fb-ok" });
    const run = await runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "FALLBACK"));
    expect(run).toMatchObject({
      source: "LIVE",
      path: "FALLBACK",
      model: "fb-ok",
      requestId: "incident-20260508-smoke-001",
      statusCode: 200,
      exceptionClass: null,
      outputParses: true,
      matchesExpected: true,
      promptTokens: 21,
      completionTokens: 9,
      totalTokens: 30,
      requestIdEchoed: true,
      retryCount: 0,
      overall: "pass",
    });
    expect(run.latencyMs).toBeGreaterThanOrEqual(0);
    expect(run.responseShape).toBe("{choices[{finish_reason,index,message{content,role}}],created,id,model,object,usage{completion_tokens,prompt_tokens,total_tokens}}");
    const sent = fake.requests.find((r) => r.requestId === run.requestId && (r.body as { model: string }).model === "fb-ok")!;
    expect(sent.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.url).toBe("/v1/chat/completions");
    expect(sent.body).toEqual({
      model: "fb-ok",
      messages: [
        { role: "system", content: "Return only a compact JSON object." },
        { role: "user", content: 'Health check. Reply with {"ok":true,"path":"fallback"}.' },
      ],
      temperature: 0,
      max_tokens: 32,
    });
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId: a.id, entityType: "SmokeTestRun" }, orderBy: { id: "asc" } });
    expect(audit[0]!.action).toBe("CREATE");
    expect(audit.slice(1).every((x) => x.action === "UPDATE")).toBe(true);
    expect(audit.some((x) => x.field === "statusCode")).toBe(true);
  });

  it("records a request slower than the client timeout as TimeoutError, without waiting for the answer", async () => {
    const a = await setup("live slow", { primary: "p-slow", fallback: "fb-ok" }, { clientTimeoutMs: "300" });
    const started = Date.now();
    const run = await runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "PRIMARY"));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(run).toMatchObject({ statusCode: null, exceptionClass: "TimeoutError", outputParses: null, responseShape: null, overall: "fail" });
    expect(run.latencyMs).toBeGreaterThanOrEqual(290);
    expect(criterion(run, "RESPONSE_SUCCESS")).toBe("fail");
    expect(run.criteria.find((c) => c.id === "RESPONSE_SUCCESS")!.note).toBe("client exception: TimeoutError");
  });

  it("records 429, 500, a malformed JSON body and a non-JSON body as what they are", async () => {
    const a = await setup("live errors", { primary: "p-ratelimit", fallback: "fb-error" });
    const limited = await runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "PRIMARY"));
    const failed = await runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "FALLBACK"));
    expect(limited).toMatchObject({ statusCode: 429, exceptionClass: null, responseShape: "{error{message,type}}", outputParses: null, requestIdEchoed: true });
    expect(limited.criteria[0]).toMatchObject({ result: "fail", note: "status 429" });
    expect(failed).toMatchObject({ statusCode: 500, responseShape: "{error{message,type}}" });
    expect(failed.criteria[0]).toMatchObject({ result: "fail", note: "status 500" });

    const b = await setup("live bodies", { primary: "p-malformed", fallback: "fb-nonjson" });
    const malformed = await runLiveSmoke(commander, liveInput(b.key, b.snapshotId, "PRIMARY"));
    const html = await runLiveSmoke(commander, liveInput(b.key, b.snapshotId, "FALLBACK"));
    for (const run of [malformed, html]) {
      expect(run).toMatchObject({ statusCode: 200, responseShape: null, outputParses: null, matchesExpected: null, totalTokens: null });
      expect(run.criteria[0]).toMatchObject({ result: "fail", note: "status 200, body is not JSON" });
    }
    expect(html.requestIdEchoed).toBe(false);
    expect([limited.sequence, failed.sequence, malformed.sequence, html.sequence]).toEqual([1, 2, 1, 2]);
  });

  it("concurrent live runs get distinct sequence numbers and request ids", async () => {
    const a = await setup("live concurrent", { primary: "p-ok", fallback: "fb-ok" });
    const runs = await Promise.all(Array.from({ length: 5 }, () => runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "FALLBACK"))));
    expect(runs.map((r) => r.sequence).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(runs.map((r) => r.requestId)).size).toBe(5);
  });

  it("refuses a host not on the allow-list (ports count) and sends nothing", async () => {
    const before = fake.requests.length;
    const other = await setup("not allowed", { primary: "p-ok", fallback: "fb-ok" }, { baseUrl: `http://127.0.0.1:${fake.port + 1}` });
    await expect(runLiveSmoke(commander, liveInput(other.key, other.snapshotId, "FALLBACK"))).rejects.toThrow(
      `Not sent: 127.0.0.1:${fake.port + 1} is not on the outbound allow-list. An admin can add it under Admin → Settings.`,
    );
    const tricky = await setup("userinfo trick", { primary: "p-ok", fallback: "fb-ok" }, { baseUrl: `http://${fake.host}@evil.example` });
    await expect(runLiveSmoke(commander, liveInput(tricky.key, tricky.snapshotId, "FALLBACK"))).rejects.toThrow(/user name or password/);
    expect(fake.requests.length).toBe(before);
    expect(await getPrisma().smokeTestRun.count({ where: { incidentId: { in: [other.id, tricky.id] } } })).toBe(0);
    const data = await getSmokePageData(commander, other.key);
    expect(data.snapshots[0]!.live).toMatchObject({ ok: false, reason: expect.stringMatching(/not on the outbound allow-list/) });
  });

  it("refuses when the key variable is missing or is one of the app's own settings", async () => {
    const missing = await setup("no key", { primary: "p-ok", fallback: "fb-ok" }, { apiKeyEnvVar: "IT_SMOKE_NEVER_SET_KEY" });
    await expect(runLiveSmoke(commander, liveInput(missing.key, missing.snapshotId, "FALLBACK"))).rejects.toThrow(
      "Not sent: The server has no value for the environment variable IT_SMOKE_NEVER_SET_KEY. Set it where the app runs, then try again.",
    );
    const own = await setup("own secret", { primary: "p-ok", fallback: "fb-ok" }, { apiKeyEnvVar: "AUTH_SECRET" });
    await expect(runLiveSmoke(commander, liveInput(own.key, own.snapshotId, "FALLBACK"), { env: { AUTH_SECRET: "x" } })).rejects.toThrow(
      /one of this app's own settings/,
    );
    expect(await getPrisma().smokeTestRun.count({ where: { incidentId: { in: [missing.id, own.id] } } })).toBe(0);
  });

  it("the key appears in no returned value, no log line and no database row", async () => {
    const captured: string[] = [];
    const keep = (...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v)))).join(" "));
    };
    const previousLevel = logger.level;
    logger.level = "trace";
    for (const method of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      const original = logger[method].bind(logger);
      vi.spyOn(logger, method).mockImplementation(((...args: unknown[]) => {
        keep(...args);
        return (original as (...a: unknown[]) => void)(...args);
      }) as never);
    }
    for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation(keep);
    // The serialized lines pino actually writes, besides the calls made to it.
    const destination = (logger as unknown as Record<symbol, { write: (line: string) => boolean }>)[pino.symbols.streamSym]!;
    const pinoLines: string[] = [];
    vi.spyOn(destination, "write").mockImplementation((line: string) => (pinoLines.push(line), true));
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => (keep(String(chunk)), true)) as never);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: unknown) => (keep(String(chunk)), true)) as never);

    const returned: unknown[] = [];
    try {
      // ok, timeout, 500, and a hostile server that echoes the Authorization header everywhere.
      const a = await setup("key leak", { primary: "p-slow", fallback: "fb-ok" }, { clientTimeoutMs: "200" });
      const b = await setup("key leak echo", { primary: "p-echo", fallback: "fb-error" });
      returned.push(await runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "FALLBACK")));
      returned.push(await runLiveSmoke(commander, liveInput(a.key, a.snapshotId, "PRIMARY")));
      returned.push(await runLiveSmoke(commander, liveInput(b.key, b.snapshotId, "FALLBACK")));
      const echoed = await runLiveSmoke(commander, liveInput(b.key, b.snapshotId, "PRIMARY"));
      returned.push(echoed);
      returned.push(await getSmokePageData(commander, a.key), await getSmokePageData(commander, b.key));
      // Errors the action wrapper would return: refused host and a viewer.
      const refused = await setup("key leak refused", { primary: "p-ok", fallback: "fb-ok" }, { baseUrl: "https://not-allowed.example" });
      for (const attempt of [
        () => runLiveSmoke(commander, liveInput(refused.key, refused.snapshotId, "FALLBACK")),
        () => runLiveSmoke(viewer, liveInput(a.key, a.snapshotId, "FALLBACK")),
      ]) {
        await attempt().then(
          (r) => returned.push(r),
          (e: unknown) => returned.push(toFailure(e), String(e), (e as Error).stack),
        );
      }
      // The hostile server really did get the key and send it back: the scrub is what kept it out.
      expect(fake.requests.some((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
      expect(echoed.statusCode).toBe(200);
      expect(echoed.model).toBe("p-echo");
      expect(echoed.requestIdEchoed).toBe(false);
      logger.info({ check: "capture works" }, "capture probe");
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      logger.level = previousLevel;
    }

    expect(captured.some((line) => line.includes("capture probe"))).toBe(true);
    expect(pinoLines.some((line) => line.includes('"msg":"live smoke request recorded"'))).toBe(true);
    for (const line of pinoLines) expect(line).not.toContain(KEY);
    expect(captured.some((line) => line.includes("live smoke request recorded"))).toBe(true);
    for (const line of captured) expect(line).not.toContain(KEY);
    for (const value of returned) expect(JSON.stringify(value) ?? "").not.toContain(KEY);

    const prisma = getPrisma();
    const tables = await prisma.$queryRaw<{ tablename: string }[]>`SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public'`;
    expect(tables.length).toBeGreaterThan(20);
    let dumped = 0;
    for (const { tablename } of tables) {
      const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename.replace(/"/g, '""')}" t`);
      for (const { row } of rows) {
        dumped++;
        expect(row, `a row of ${tablename}`).not.toContain(KEY);
        expect(row).not.toContain(KEY.slice(6));
      }
    }
    expect(dumped).toBeGreaterThan(0);
    const smokeRows = await prisma.$queryRaw<{ row: string }[]>`SELECT t::text AS row FROM "SmokeTestRun" t`;
    expect(smokeRows.some((r) => r.row.includes("[REDACTED]"))).toBe(true);
  });
});

describe("outbound allow-list settings", () => {
  it("only admins change it; a stale save is refused with the current list", async () => {
    const current = await getOutboundSettings(admin);
    await expect(getOutboundSettings(commander)).rejects.toBeInstanceOf(AuthError);
    await expect(saveAllowedOutboundHosts(commander, ZSaveAllowedHosts.parse({ hosts: "evil.com", basedOn: current.allowedOutboundHosts }))).rejects.toBeInstanceOf(
      AuthError,
    );
    const saved = await saveAllowedOutboundHosts(admin, ZSaveAllowedHosts.parse({ hosts: `${fake.host}\nAPI.CometAPI.com`, basedOn: current.allowedOutboundHosts }));
    expect(saved.allowedOutboundHosts).toEqual([fake.host, "api.cometapi.com"]);
    await expect(
      saveAllowedOutboundHosts(admin, ZSaveAllowedHosts.parse({ hosts: "other.com", basedOn: current.allowedOutboundHosts })),
    ).rejects.toMatchObject({ name: "ConflictError", current: { allowedOutboundHosts: [fake.host, "api.cometapi.com"] } });
    const audit = await getPrisma().auditLog.findFirst({ where: { entityType: "InstallationSetting" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "UPDATE", field: "allowedOutboundHosts", actorId: admin.id });
    expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("hmacSecret");
  });
});
