// Faults against a real deployment: this spec starts its OWN PostgreSQL
// (embedded, temp data dir, free port) and its OWN `next start` (the build the
// e2e run made), so it can stop the database and SIGKILL the app.
//  1. PostgreSQL restarted (fast shutdown) while the app serves signed-in
//     traffic → clear 503s (problem+json, Retry-After, /api/health 503, pages
//     say "database unavailable" and retry) during the gap, success again
//     within seconds after it, without restarting the app.
//  2. The app SIGKILLed during a log import → no partial rows, no temp files;
//     after restart the same import succeeds with exact counts.
//  3. The app SIGKILLed during an export download → the client never gets a
//     complete zip, nothing is written (DB unchanged, no temp files); after
//     restart the same export succeeds.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { unzipSync } from "fflate";
import pg from "pg";
import { startEmbeddedPostgres, type TEmbeddedHandle } from "../lib/db/embedded";
import { deployMigrations } from "../lib/db/migrate";
import { fixtureRecords, type TFixtureOptions } from "../lib/logs/testing/fixtures";
import { QUESTION_IDS } from "../lib/runbook/runbook";
import { callServerAction, serverActionId } from "../bench/next-action";
import { DEMO_PASSWORD, expectAccessible } from "./support/helpers";

const ROOT = path.resolve(__dirname, "..");
const DATABASE_MESSAGE = "The database is unavailable right now. Nothing was saved; try again shortly.";

test.describe.configure({ mode: "serial" });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Made in beforeAll (Playwright also loads this file in its runner process, which runs no hooks).
let base = "";
let dataDir = "";
/** The app's private TMPDIR: anything an import or export leaves on disk shows up here. */
let appTmp = "";
let pgPort = 0;
let appPort = 0;
let db: TEmbeddedHandle | null = null;
let app: ChildProcess | null = null;
let appLog = "";
const appUrl = () => `http://localhost:${appPort}`;

async function startDatabase(): Promise<TEmbeddedHandle> {
  db = await startEmbeddedPostgres({ dataDir, port: pgPort, database: "faults", log: () => undefined });
  return db;
}

async function startApp(): Promise<void> {
  rmSync(appTmp, { recursive: true, force: true });
  execFileSync("mkdir", ["-p", appTmp]);
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(appPort)], {
    cwd: ROOT,
    // Its own process group, so the SIGKILL reaches every process of this server and nothing else.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? process.env.E2E_DIST_DIR ?? ".next-test",
      AUTH_SECRET: "faults-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      AUTH_URL: `http://localhost:${appPort}`,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: db!.url,
      TMPDIR: appTmp,
    },
  });
  child.stdout!.on("data", (d: Buffer) => (appLog += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (appLog += d.toString()));
  app = child;
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${appLog}`);
    const ok = await fetch(`${appUrl()}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not become healthy:\n${appLog}`);
}

async function killApp(): Promise<void> {
  const child = app!;
  app = null;
  const exited = once(child, "exit");
  process.kill(-child.pid!, "SIGKILL");
  await exited;
}

function seedInto(command: string, input: Record<string, unknown> = {}): unknown {
  const out = execFileSync(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["--conditions=react-server", path.join(ROOT, "e2e/support/seed-cli.ts"), command, JSON.stringify(input)],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: db!.url, LOG_LEVEL: "silent" }, encoding: "utf8" },
  );
  return JSON.parse(out);
}

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db!.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Row count and checksum of every table: "nothing was written" means this does
 * not change. InstallationSetting is left out: its defaults row is created on
 * first use by whichever request reads the settings first.
 */
async function tableChecksums(): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND relkind = 'r' AND relname <> 'InstallationSetting' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await query<{ v: string }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS v FROM "${name}" t`);
    out[name] = row!.v;
  }
  return out;
}

async function signedInContext(context: BrowserContext, email: string): Promise<string> {
  const page = await context.newPage();
  await page.goto(`${appUrl()}/signin`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/incidents/);
  await page.close();
  return (await context.cookies(appUrl())).map((c) => `${c.name}=${c.value}`).join("; ");
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  base = mkdtempSync(path.join(os.tmpdir(), "ir-faults-"));
  chmodSync(base, 0o755); // the postgres OS user (when running as root) must reach the data dir
  dataDir = path.join(base, "pg");
  appTmp = path.join(base, "app-tmp");
  pgPort = await freePort();
  appPort = await freePort();
  await startDatabase();
  await deployMigrations(db!.url, ROOT);
  seedInto("demo");
  await startApp();
});

test.afterAll(async () => {
  if (app) await killApp().catch(() => undefined);
  await db?.stop().catch(() => undefined);
  if (base) rmSync(base, { recursive: true, force: true });
});

test("database restarted while serving: clear 503s during the gap, recovery without restarting the app", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: appUrl() });
  const cookie = await signedInContext(context, "commander@demo.test");
  const get = (p: string) => fetch(`${appUrl()}${p}`, { headers: { cookie }, redirect: "manual" });

  // Serving signed-in traffic: pages, a route handler, health.
  const page = await context.newPage();
  await page.goto("/incidents");
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  for (let i = 0; i < 5; i++) {
    expect((await get("/api/incidents/export.csv")).status).toBe(200);
    expect((await get("/incidents")).status).toBe(200);
  }
  const appPid = app!.pid;
  // An autosave through the server action the answer editor calls.
  const incident = seedInto("incident", { title: "Autosave across a database restart" }) as { id: string; key: string };
  const saveAnswerId = serverActionId(path.join(ROOT, process.env.NEXT_DIST_DIR ?? process.env.E2E_DIST_DIR ?? ".next-test"), "lib/review/actions.ts", "saveAnswerAction");
  const save = (body: string, version: number) =>
    callServerAction(`${appUrl()}/incidents/${incident.key}/questions`, saveAnswerId, cookie, [{ incidentId: incident.id, questionId: QUESTION_IDS[0], body, version }]);

  // PostgreSQL goes away (fast shutdown) while requests are in flight.
  const inFlight = Array.from({ length: 6 }, () => get("/api/incidents/export.csv").then((r) => r.status));
  await db!.stop();
  db = null;
  for (const status of await Promise.all(inFlight)) expect([200, 503]).toContain(status);

  // During the gap: 503 with a clear message and Retry-After, never a 500.
  const health = await get("/api/health");
  expect(health.status).toBe(503);
  expect(health.headers.get("retry-after")).toBe("5");
  expect(await health.json()).toMatchObject({ status: "unavailable", database: "unreachable" });
  for (let i = 0; i < 3; i++) {
    const api = await get("/api/incidents/export.csv");
    expect(api.status).toBe(503);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(api.headers.get("retry-after")).toBe("5");
    const problem = (await api.json()) as { status: number; detail: string };
    expect(problem.status).toBe(503);
    expect(problem.detail).toBe(DATABASE_MESSAGE);
  }
  // A save during the gap is refused with the same clear message (the editor keeps the text and retries).
  const refused = await save("written while the database restarts", 0);
  expect(refused.status).toBe(200);
  expect(refused.result).toEqual({ ok: false, status: 503, error: DATABASE_MESSAGE });
  // A signed-in page says the database is unavailable and that it is retrying (not a generic crash).
  await page.goto("/incidents");
  const notice = page.getByRole("status").filter({ hasText: "The database is unavailable." });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("retrying automatically");
  await expectAccessible(page);

  // PostgreSQL is back: the same app process serves again within seconds, and the open page recovers by itself.
  await startDatabase();
  const backAt = Date.now();
  let recoveredMs = -1;
  while (Date.now() - backAt < 10_000) {
    if ((await get("/api/health")).status === 200) {
      recoveredMs = Date.now() - backAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(recoveredMs).toBeGreaterThanOrEqual(0);
  expect(recoveredMs).toBeLessThan(5_000);
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible({ timeout: 10_000 });
  await expect(notice).toHaveCount(0);
  // No dead pooled connections left: more requests than the pool size all succeed.
  const statuses = await Promise.all(Array.from({ length: 25 }, (_, i) => get(i % 2 ? "/api/incidents/export.csv" : "/incidents").then((r) => r.status)));
  expect(statuses.every((s) => s === 200)).toBe(true);
  // The same save goes through now, on version 0: the refused one wrote nothing.
  expect((await save("written while the database restarts", 0)).result).toMatchObject({ ok: true, data: { version: 1, body: "written while the database restarts" } });
  expect(app!.pid).toBe(appPid);
  expect(app!.exitCode).toBeNull();
  console.log(`faults: /api/health answered 200 again ${recoveredMs} ms after PostgreSQL was back (same app pid ${appPid})`);
  await context.close();
});

const ROWS = 120_000;
const LOG_OPTIONS: TFixtureOptions = { count: ROWS, seed: 8, startMs: Date.UTC(2026, 4, 8, 9, 0, 0), stepMs: 50 };

/** PUT the file to the import route; calls onLine for each NDJSON line; resolves with the lines and whether the response completed. */
function uploadImport(key: string, file: string, size: number, cookie: string, onLine: (line: Record<string, unknown>) => void) {
  return new Promise<{ lines: Record<string, unknown>[]; complete: boolean; status: number }>((resolve) => {
    const lines: Record<string, unknown>[] = [];
    const request = http.request(
      `${appUrl()}/api/incidents/${key}/imports?fileName=gateway.jsonl&format=auto`,
      { method: "PUT", headers: { cookie, "content-type": "application/octet-stream", "content-length": String(size) } },
      (response) => {
        let buffer = "";
        response.setEncoding("utf8");
        response.on("data", (text: string) => {
          buffer += text;
          let nl: number;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
            buffer = buffer.slice(nl + 1);
            lines.push(line);
            onLine(line);
          }
        });
        const finish = () => resolve({ lines, complete: response.complete, status: response.statusCode ?? 0 });
        response.on("end", finish);
        response.on("error", finish);
        response.on("aborted", finish);
      },
    );
    request.on("error", () => resolve({ lines, complete: false, status: 0 }));
    createReadStream(file).pipe(request);
  });
}

test("app SIGKILLed during a log import: no partial data, and the same import succeeds after restart", async ({ browser }) => {
  test.setTimeout(240_000);
  const incident = seedInto("incident", { title: "Import killed midway" }) as { id: string; key: string };
  const file = path.join(base, "gateway.jsonl");
  const out = createWriteStream(file);
  for (const record of fixtureRecords("jsonl", LOG_OPTIONS)) if (!out.write(`${record.text}\n`)) await once(out, "drain");
  out.end();
  await once(out, "finish");
  const size = statSync(file).size;

  const context = await browser.newContext({ baseURL: appUrl() });
  const cookie = await signedInContext(context, "commander@demo.test");
  const before = await tableChecksums();

  let killedAtRows = -1;
  const exited = once(app!, "exit");
  const first = await uploadImport(incident.key, file, size, cookie, (line) => {
    if (killedAtRows < 0 && line.type === "progress" && Number(line.rows) > 0) {
      killedAtRows = Number(line.rows);
      process.kill(-app!.pid!, "SIGKILL");
    }
  });
  await exited;
  app = null;
  console.log(`faults: app SIGKILLed after ${killedAtRows} of ${ROWS} rows were reported imported`);
  expect(killedAtRows).toBeGreaterThan(0);
  expect(killedAtRows).toBeLessThan(ROWS);
  expect(first.complete).toBe(false);
  expect(first.lines.some((l) => l.type === "done")).toBe(false);

  // PostgreSQL notices the dead connection and rolls the import's transaction back.
  await expect
    .poll(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'incident-review-import' AND state <> 'idle'`))[0]!.n), { timeout: 30_000 })
    .toBe(0);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "RequestLogRow" WHERE "incidentId" = $1`, [incident.id]))[0]!.n)).toBe(0);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "HistogramBucket" WHERE "incidentId" = $1`, [incident.id]))[0]!.n)).toBe(0);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "LogImport" WHERE "incidentId" = $1 AND status = 'COMPLETED'`, [incident.id]))[0]!.n)).toBe(0);
  expect(await tableChecksums()).toEqual(before);
  // The spooled upload was never a named file: nothing left in the app's temp dir.
  expect(readdirSync(appTmp)).toEqual([]);

  // Restart the app; the very same upload now imports every row.
  await startApp();
  const second = await uploadImport(incident.key, file, size, cookie, () => undefined);
  expect(second.status).toBe(200);
  expect(second.complete).toBe(true);
  const done = second.lines.find((l) => l.type === "done") as { rows: number; accepted: number; rejected: number; importId: string } | undefined;
  expect(done, JSON.stringify(second.lines.at(-1))).toBeDefined();
  expect(done).toMatchObject({ rows: ROWS, accepted: ROWS, rejected: 0 });
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "RequestLogRow" WHERE "incidentId" = $1`, [incident.id]))[0]!.n)).toBe(ROWS);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "RequestLogRow" WHERE "importId" = $1`, [done!.importId]))[0]!.n)).toBe(ROWS);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "LogImport" WHERE "incidentId" = $1 AND status = 'COMPLETED'`, [incident.id]))[0]!.n)).toBe(1);
  expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM "HistogramBucket" WHERE "incidentId" = $1`, [incident.id]))[0]!.n)).toBeGreaterThan(0);
  expect(readdirSync(appTmp)).toEqual([]);
  await context.close();
});

/** GET the bundle; `onFirstBytes` runs once the download has started. Resolves with the bytes received and whether the response completed. */
function download(key: string, cookie: string, onFirstBytes?: () => void) {
  return new Promise<{ status: number; bytes: Buffer; complete: boolean }>((resolve) => {
    const chunks: Buffer[] = [];
    let fired = false;
    const request = http.get(`${appUrl()}/api/incidents/${key}/export/bundle`, { headers: { cookie } }, (response) => {
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (!fired && onFirstBytes) {
          fired = true;
          // Stop reading, so the server is still mid-stream when it dies.
          response.pause();
          onFirstBytes();
          setTimeout(() => response.resume(), 500);
        }
      });
      const finish = () => resolve({ status: response.statusCode ?? 0, bytes: Buffer.concat(chunks), complete: response.complete });
      response.on("end", finish);
      response.on("aborted", finish);
      response.on("error", finish);
      response.on("close", finish);
    });
    request.on("error", () => resolve({ status: 0, bytes: Buffer.concat(chunks), complete: false }));
  });
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

test("app SIGKILLed during an export: no complete-looking partial zip, nothing written, and the same export succeeds after restart", async ({ browser }) => {
  test.setTimeout(180_000);
  const { key } = seedInto("export-review") as { key: string };
  // A large attachment (random bytes, stored uncompressed in the zip) keeps the download streaming long enough to be cut.
  const [incidentRow] = await query<{ id: string }>(`SELECT id FROM "Incident" WHERE key = $1`, [key]);
  await query(
    `INSERT INTO "Attachment" (id, "incidentId", "fileName", "mimeType", "sizeBytes", sha256, content)
     SELECT 'faults-big-attachment', $1, 'capture.bin', 'application/octet-stream', length(b), encode(sha256(b), 'hex'), b
       FROM (SELECT decode(string_agg(md5(g::text || random()::text), ''), 'hex') AS b FROM generate_series(1, 500000) g) s`,
    [incidentRow!.id],
  );
  const context = await browser.newContext({ baseURL: appUrl() });
  const cookie = await signedInContext(context, "commander@demo.test");
  const before = await tableChecksums();

  const exited = once(app!, "exit");
  const cut = await download(key, cookie, () => process.kill(-app!.pid!, "SIGKILL"));
  await exited;
  app = null;
  console.log(`faults: export download cut by SIGKILL after ${cut.bytes.length} bytes`);
  expect(cut.status).toBe(200);
  expect(cut.complete).toBe(false); // the client sees a broken download, not a finished file
  expect(cut.bytes.length).toBeGreaterThan(0);
  expect(cut.bytes.lastIndexOf(EOCD)).toBe(-1); // and the bytes it got are not a valid zip
  expect(() => unzipSync(new Uint8Array(cut.bytes))).toThrow();
  // An export writes nothing: no rows, no temp files.
  expect(await tableChecksums()).toEqual(before);
  expect(readdirSync(appTmp)).toEqual([]);

  await startApp();
  const full = await download(key, cookie);
  expect(full.status).toBe(200);
  expect(full.complete).toBe(true);
  const files = unzipSync(new Uint8Array(full.bytes));
  const names = Object.keys(files);
  expect(names.some((n) => n.endsWith("manifest.json"))).toBe(true);
  const big = names.find((n) => n.endsWith("capture.bin"));
  expect(big).toBeDefined();
  expect(files[big!]!.byteLength).toBe(8_000_000);
  expect(full.bytes.length).toBeGreaterThan(cut.bytes.length);
  expect(await tableChecksums()).toEqual(before);
  expect(readdirSync(appTmp)).toEqual([]);
  writeFileSync(path.join(base, "bundle.zip"), full.bytes);
  await context.close();
});
