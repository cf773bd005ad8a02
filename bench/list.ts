// bench:list — the manager views under load on 10,000 incidents.
//
// 1. Creates a scratch database on the server DATABASE_URL points to, runs
//    the migrations, and seeds N incidents (default 10,000) with set-based SQL
//    (generate_series): realistic titles, windows, models, services, failure
//    classes, review answers (prose, ~14 of 23 questions each), timeline
//    events, follow-ups and configuration snapshots.
// 2. Starts `next start` on it (reusing the build in E2E_DIST_DIR, default
//    .next-test-manager; builds there when missing or with --build).
// 3. Signs in for real: GET /api/auth/csrf, then POST /api/auth/callback/credentials.
// 4. With autocannon (default 10 connections, 30 s each) loads the list page,
//    a filtered search, the analytics page and /api/health; prints
//    requests/s and p50/p95/p99 latency (every response timed), against the goals.
//
// Usage: DATABASE_URL=postgresql://…/any npx tsx --conditions=react-server bench/list.ts
//          [--incidents 10000] [--seconds 30] [--connections 10] [--port 3291] [--build] [--keep]
//          [--seed-only]  (seed, print the database name, keep it, no server)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { searchDocumentSql } from "../lib/analytics/search-document";
import { hashPassword } from "../lib/auth/password";
import { deployMigrations } from "../lib/db/migrate";
import { QUESTION_IDS } from "../lib/runbook/runbook";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    incidents: { type: "string", default: "10000" },
    seconds: { type: "string", default: "30" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: "3291" },
    build: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "seed-only": { type: "boolean", default: false },
  },
});
const N = Number(args.incidents);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const PORT = Number(args.port);
const DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-test-manager";
const EMAIL = "manager@bench.test";
const PASSWORD = "bench-manager-2026";

const TARGETS = [
  { name: "incident list", path: "/incidents", goalP95: 200, marker: 'data-testid="incident-row"' },
  {
    name: "filtered search",
    path: "/incidents?q=timeout%20fallback&severity=SEV1%2CSEV2&failureClass=TIMEOUT%2CUPSTREAM_5XX&sort=duration&dir=desc",
    goalP95: 200,
    marker: 'data-testid="incident-row"',
  },
  { name: "analytics", path: "/analytics", goalP95: 500, marker: 'data-testid="figure-timeToResolve"' },
  { name: "/api/health", path: "/api/health", goalP95: null, marker: '"status"' },
] as const;

function log(message: string) {
  console.log(`[bench:list] ${message}`);
}

// ─── Scratch database ───────────────────────────────────────────────────────

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL!, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const WORDS = (
  "the fallback path timed out while the primary model kept retrying and the queue grew; we enabled the secondary model for a " +
  "share of eligible requests after a smoke test passed, watched error rate and p95 latency per path, and rolled back when " +
  "quality checks failed on structured output. detection came from the latency alert before customers reported slow answers " +
  "on the support chat; dashboards did not separate fallback traffic, so the rollout decision took longer than it should have. " +
  "rate limits on the provider gateway and a client timeout budget below the model's tail latency made the retry storm worse"
)
  .replace(/[.;,]/g, "")
  .split(/\s+/);

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = async (label: string, sql: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const r = await client.query(sql, params);
    log(`  ${label}: ${r.rowCount ?? 0} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    await client.query("SELECT setseed(0.42)");
    const hash = await hashPassword(PASSWORD);
    await q(
      "users",
      `INSERT INTO "User" ("id", "email", "name", "role", "passwordHash", "updatedAt")
       VALUES ('bench-manager', $1, 'Morgan Manager', 'VIEWER', $2, now())`,
      [EMAIL, hash],
    );
    await q(
      "commanders",
      `INSERT INTO "User" ("id", "email", "name", "role", "updatedAt")
       SELECT 'bench-cmd-' || g, 'commander' || g || '@bench.test',
              (ARRAY['Casey','Robin','Sam','Alex','Jordan','Taylor','Riley','Quinn','Avery','Jamie'])[1 + g % 10] || ' ' ||
              (ARRAY['Nguyen','Okafor','Schmidt','Garcia','Tanaka','Rossi','Dubois','Kowalski'])[1 + g % 8],
              'COMMANDER', now()
         FROM generate_series(1, 25) g`,
    );
    await q(
      "incidents",
      `WITH base AS (
         SELECT g, now() - (random() * 1095) * interval '1 day' AS st,
                random() AS r_sev, random() AS r_open, random() AS r_dur, random() AS r_det, random() AS r_mit
           FROM generate_series(1, $1::int) g
       ), numbered AS (
         SELECT *, row_number() OVER (PARTITION BY extract(year FROM st AT TIME ZONE 'UTC') ORDER BY st, g) AS seq,
                extract(year FROM st AT TIME ZONE 'UTC')::int AS yr
           FROM base
       )
       INSERT INTO "Incident" ("id", "key", "title", "severity", "status", "degradationStartedAt", "detectedAt", "detectionSource",
                               "mitigatedAt", "endedAt", "affectedServices", "affectedRegions", "primaryModelAlias", "primaryModelResolvedId",
                               "fallbackModelAlias", "fallbackModelResolvedId", "fallbackMode", "commanderId", "runbookVersion", "updatedAt")
       SELECT 'bench-inc-' || g,
              'INC-' || yr || '-' || lpad(seq::text, 4, '0'),
              (ARRAY['Elevated','Intermittent','Sustained','Partial','Regional','Sporadic'])[1 + floor(random() * 6)::int] || ' ' ||
              (ARRAY['timeouts','5xx errors','rate limiting','latency','quality regression','auth failures','validation errors'])[1 + floor(random() * 7)::int] ||
              ' on the ' ||
              (ARRAY['checkout assistant','support chat','summarizer','search answers','drafting','ticket triage'])[1 + floor(random() * 6)::int] ||
              ' path' || CASE WHEN random() < 0.3 THEN ' during fallback' ELSE '' END,
              (CASE WHEN r_sev < 0.1 THEN 'SEV1' WHEN r_sev < 0.4 THEN 'SEV2' WHEN r_sev < 0.8 THEN 'SEV3' ELSE 'SEV4' END)::"Severity",
              (CASE WHEN r_open < 0.03 THEN (ARRAY['INVESTIGATING','MITIGATING','MONITORING'])[1 + floor(random() * 3)::int]
                    WHEN random() < 0.5 THEN 'RESOLVED' ELSE 'CLOSED' END)::"IncidentStatus",
              st,
              st + (1 + r_det * 45) * interval '1 minute',
              (ARRAY['ALERT','CUSTOMER_REPORT','SYNTHETIC_TEST','INTERNAL_DASHBOARD','PROVIDER_STATUS_REVIEW'])[1 + floor(random() * 5)::int]::"DetectionSource",
              st + (50 + r_mit * 180) * interval '1 minute',
              CASE WHEN r_open < 0.03 THEN NULL ELSE st + (240 + exp(r_dur * ln(288.0)) * 5) * interval '1 minute' END,
              ARRAY[(ARRAY['assistant-api','search-api','summaries','support-bot','drafts','triage','gateway','billing-assistant'])[1 + floor(random() * 8)::int]],
              ARRAY[(ARRAY['eu-west','us-east','ap-south'])[1 + floor(random() * 3)::int]],
              (ARRAY['assistant-default','assistant-fast','summarizer-large','search-rerank','drafting-pro','triage-small'])[1 + floor(random() * 6)::int],
              CASE WHEN random() < 0.6 THEN (ARRAY['gpt-4.1-2025-04-14','claude-sonnet-4-5','gemini-2.5-pro','gpt-4.1-mini-2025-04-14'])[1 + floor(random() * 4)::int] END,
              (ARRAY['assistant-fallback','assistant-small','summarizer-small'])[1 + floor(random() * 3)::int],
              CASE WHEN random() < 0.5 THEN (ARRAY['gpt-4.1-mini-2025-04-14','claude-haiku-4-5','gemini-2.5-flash'])[1 + floor(random() * 3)::int] END,
              (ARRAY['AUTOMATIC','MANUAL','NOT_TRIGGERED'])[1 + floor(random() * 3)::int]::"FallbackMode",
              'bench-cmd-' || (1 + floor(random() * 25)::int),
              '2026-05-08', now()
         FROM numbered`,
      [N],
    );
    await q(
      "key counters",
      `INSERT INTO "IncidentKeyCounter" ("year", "lastSeq")
       SELECT split_part("key", '-', 2)::int, max(split_part("key", '-', 3)::int) FROM "Incident" GROUP BY 1`,
    );
    await q(
      "failure classes",
      `WITH picks AS (SELECT "id", floor(random() * 6)::int AS p, 1 + floor(random() * 5)::int AS d, random() AS r FROM "Incident")
       INSERT INTO "IncidentFailureClass" ("id", "incidentId", "failureClass", "role")
       SELECT "id" || '-p', "id", (enum_range(NULL::"FailureClass"))[1 + p], 'PRIMARY'::"ClassRole" FROM picks
       UNION ALL
       SELECT "id" || '-s', "id", (enum_range(NULL::"FailureClass"))[1 + (p + d) % 6], 'SECONDARY'::"ClassRole" FROM picks WHERE r < 0.4`,
    );
    await q(
      "review answers",
      `WITH counts AS (SELECT "id", floor(random() * 24)::int AS k FROM "Incident")
       INSERT INTO "QuestionAnswer" ("id", "incidentId", "questionId", "body", "runbookVersion", "updatedAt")
       SELECT c."id" || '-a' || n, c."id", ($1::text[])[n],
              initcap((SELECT string_agg(($2::text[])[1 + floor(random() * $3)::int], ' ')
                         FROM generate_series(1, 15 + floor(random() * 50)::int + n * 0) w)) || '.',
              '2026-05-08', now()
         FROM counts c, generate_series(1, c.k) n`,
      [[...QUESTION_IDS], WORDS, WORDS.length],
    );
    await q(
      "timeline events",
      `INSERT INTO "TimelineEvent" ("id", "incidentId", "occurredAt", "kind", "description", "trafficPercent", "authorId", "updatedAt")
       SELECT i."id" || '-t' || n, i."id", i."degradationStartedAt" + n * (5 + random() * 30) * interval '1 minute',
              (enum_range(NULL::"TimelineEventKind"))[1 + floor(random() * 9)::int],
              (ARRAY['Alert fired on the latency SLO','Fallback enabled for 10% of eligible requests','Rolled back the client change',
                     'Provider status page updated','Customer update posted','Recovery confirmed on dashboards'])[1 + floor(random() * 6)::int],
              CASE WHEN random() < 0.3 THEN (ARRAY[5, 10, 25, 50, 100])[1 + floor(random() * 5)::int] END,
              i."commanderId", now()
         FROM "Incident" i, generate_series(1, 5) n`,
    );
    await q(
      "follow-ups",
      `WITH counts AS (SELECT "id", "degradationStartedAt" AS st, "commanderId", floor(random() * 6)::int AS k FROM "Incident")
       INSERT INTO "FollowUp" ("id", "incidentId", "title", "ownerUserId", "ownerExternalName", "dueDate", "status", "completedAt", "createdAt", "updatedAt")
       SELECT x."id" || '-f' || x.n, x."id", x.title, x.owner, CASE WHEN x.owner IS NULL THEN 'Platform SRE' END,
              x.due, x.status::"FollowUpStatus", CASE WHEN x.status = 'DONE' THEN least(now(), x.st + (3 + random() * 40) * interval '1 day') END,
              x.st + interval '1 day', now()
         FROM (
           SELECT c."id", n, c.st,
                  (ARRAY['Separate fallback traffic on dashboards','Raise the client timeout budget','Add a smoke test to the deploy',
                         'Document the rollback condition','Alert on fallback error rate','Review retry limits'])[1 + floor(random() * 6)::int] AS title,
                  CASE WHEN random() < 0.8 THEN 'bench-cmd-' || (1 + floor(random() * 25)::int) END AS owner,
                  (c.st + (14 + random() * 60) * interval '1 day')::date AS due,
                  CASE WHEN c.st < now() - interval '120 days' THEN (ARRAY['DONE','DONE','DONE','WONT_DO','OPEN'])[1 + floor(random() * 5)::int]
                       ELSE (ARRAY['OPEN','IN_PROGRESS','DONE'])[1 + floor(random() * 3)::int] END AS status
             FROM counts c, generate_series(1, c.k) n
         ) x`,
    );
    await q(
      "configuration snapshots",
      `INSERT INTO "ConfigSnapshot" ("id", "incidentId", "versionNumber", "label", "baseUrl", "primaryModelAlias")
       SELECT "id" || '-c1', "id", 1, 'INCIDENT_START',
              (ARRAY['https://api.cometapi.com/v1','https://gateway.internal.example/v1','https://api.openai.com/v1'])[1 + floor(random() * 3)::int],
              "primaryModelAlias"
         FROM "Incident" WHERE random() < 0.7`,
    );
    // The search documents, as refreshIncidentSearchDocument builds them (the
    // set-based inserts above bypass lib/, like the migration's backfill).
    const doc = searchDocumentSql();
    await q(
      "search documents",
      `INSERT INTO "IncidentSearchDocument" ("incidentId", "document") SELECT i."id", ${doc.text} FROM "Incident" i`,
      doc.values,
    );
    // What autovacuum does shortly after a bulk insert: statistics, the visibility
    // map, and the GIN pending lists merged (until then every search rechecks them).
    await q("vacuum analyze", "VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

// ─── Server ─────────────────────────────────────────────────────────────────

function buildIfNeeded(): void {
  if (!args.build && existsSync(path.join(root, DIST_DIR, "BUILD_ID"))) {
    log(`reusing the build in ${DIST_DIR}`);
    return;
  }
  log(`building into ${DIST_DIR}…`);
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("next build failed");
}

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
    cwd: root,
    env: {
      ...process.env,
      NEXT_DIST_DIR: DIST_DIR,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: "bench-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      AUTH_URL: `http://127.0.0.1:${PORT}`,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("next start exited");
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start did not answer within 60 s");
}

/** The real credentials sign-in: CSRF token and cookie, then the callback; returns the Cookie header. */
async function signIn(): Promise<string> {
  const base = `http://127.0.0.1:${PORT}`;
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, callbackUrl: `${base}/incidents` }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("authjs.session-token"))) {
    throw new Error(`sign-in failed (status ${res.status}, location ${res.headers.get("location")})`);
  }
  return cookie();
}

// ─── Load ───────────────────────────────────────────────────────────────────

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type TResult = {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  goal: number | null;
  /** CPU time per request of the Next server and of its PostgreSQL backends (ms), whatever else runs on the machine. */
  nodeCpuMs: number;
  pgCpuMs: number;
};

// ─── CPU accounting (Linux /proc) ───────────────────────────────────────────
// Latency on a shared machine depends on everything else running; CPU time
// per request does not, so it is reported too.

const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return 0;
  }
}

type TCpuProbe = { serverPid: number; databaseUrl: string; database: string };

async function backendPids(probe: TCpuProbe): Promise<number[]> {
  const client = new pg.Client({ connectionString: probe.databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [probe.database]);
    return r.rows.map((x) => x.pid);
  } finally {
    await client.end();
  }
}

/** The process and its descendants (in case the server forks workers). */
function processTree(pid: number): number[] {
  const out = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children ? children.split(" ") : []) out.push(...processTree(Number(child)));
    }
  } catch {
    // gone
  }
  return out;
}

async function cpuSnapshot(probe: TCpuProbe): Promise<{ node: number; pg: Map<number, number> }> {
  const pids = await backendPids(probe);
  const node = processTree(probe.serverPid).reduce((sum, pid) => sum + cpuMs(pid), 0);
  return { node, pg: new Map(pids.map((pid) => [pid, cpuMs(pid)])) };
}

function cpuSince(before: { node: number; pg: Map<number, number> }, after: { node: number; pg: Map<number, number> }) {
  let pgMs = 0;
  for (const [pid, ms] of after.pg) pgMs += ms - (before.pg.get(pid) ?? 0);
  return { node: after.node - before.node, pg: pgMs };
}

async function load(target: (typeof TARGETS)[number], cookie: string, probe: TCpuProbe): Promise<TResult> {
  const url = `http://127.0.0.1:${PORT}${target.path}`;
  const check = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await check.text();
  if (check.status !== 200 || !body.includes(target.marker)) {
    throw new Error(`${target.name}: expected 200 with ${target.marker}, got ${check.status}`);
  }
  const latencies: number[] = [];
  let errors = 0;
  const cpuStart = await cpuSnapshot(probe);
  const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode !== 200) errors += 1;
  });
  const result = await instance;
  const cpu = cpuSince(cpuStart, await cpuSnapshot(probe));
  latencies.sort((a, b) => a - b);
  return {
    name: target.name,
    requests: latencies.length,
    rps: latencies.length / SECONDS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + result.errors + result.timeouts,
    goal: target.goalP95,
    nodeCpuMs: cpu.node / Math.max(1, latencies.length),
    pgCpuMs: cpu.pg / Math.max(1, latencies.length),
  };
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL: the bench creates its own scratch database on that server.");
  const name = `bench_list_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const url = withDatabase(process.env.DATABASE_URL, name);
  let server: ChildProcess | null = null;
  log(`scratch database ${name}`);
  await admin(`CREATE DATABASE "${name}"`);
  try {
    await deployMigrations(url, root);
    const t0 = performance.now();
    log(`seeding ${N.toLocaleString("en-US")} incidents…`);
    await seed(url);
    log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (args["seed-only"]) {
      args.keep = true;
      return;
    }
    buildIfNeeded();
    server = await startServer(url);
    const cookie = await signIn();
    log("signed in through /api/auth/callback/credentials");
    // Warm up every route once (first render compiles nothing in production, but fills caches and pools).
    for (const t of TARGETS) for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${PORT}${t.path}`, { headers: { cookie } }).then((r) => r.text());
    const loadBefore = os.loadavg().map((l) => l.toFixed(1)).join(" ");
    const results: TResult[] = [];
    for (const target of TARGETS) {
      log(`${target.name}: ${CONNECTIONS} connections for ${SECONDS} s…`);
      results.push(await load(target, cookie, { serverPid: server.pid!, databaseUrl: url, database: name }));
    }
    console.log("");
    console.log(`bench:list — ${N.toLocaleString("en-US")} incidents, ${CONNECTIONS} connections, ${SECONDS} s per target`);
    console.log(`machine: ${os.cpus().length} cores, load average before/after ${loadBefore} / ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    console.log("target            req/s    p50 ms   p95 ms   p99 ms   errors   CPU ms/req (node + pg)   goal (p95)");
    for (const r of results) {
      const goal = r.goal === null ? "—" : `≤ ${r.goal} ms ${r.p95 <= r.goal ? "met" : "MISSED"}`;
      const cpu = `${r.nodeCpuMs.toFixed(1)} + ${r.pgCpuMs.toFixed(1)}`;
      console.log(
        `${r.name.padEnd(16)} ${r.rps.toFixed(1).padStart(6)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)} ${String(r.errors).padStart(8)}   ${cpu.padStart(22)}   ${goal}`,
      );
    }
    console.log("CPU ms/req is independent of other load: on 2 otherwise idle cores the ceiling is about 2000 / (node + pg) req/s.");
  } finally {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    if (args.keep) log(`kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
