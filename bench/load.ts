// bench:load — N concurrent signed-in clients against a real `next start`.
//
// Each client signs in through next-auth's credentials endpoint (csrf →
// POST /api/auth/callback/credentials → session cookie), then until the
// deadline: browses (incident list, its incident's review pages, analytics,
// follow-ups) and autosaves its own review answer through the same server
// action the answer editor calls (POST with the Next-Action header,
// saveAnswerAction from lib/review/actions.ts), sending the version of its last
// acknowledged save, as the UI does. At the end the database is read: every
// client's answer must equal its last acknowledged save, with version = number
// of acknowledged saves and one history row per save (no lost update).
// Prints p50/p95/p99 and req/s per kind, errors, lost updates, os.loadavg().
// Exits 1 on any error or lost update.
//
// Usage (DATABASE_URL = the database the app uses; a build must exist):
//   npm run bench:load -- [--seconds 120] [--clients 50] [--think-ms 1000]
//        [--url http://localhost:3000]   (an app already running on DATABASE_URL)
//        [--dist-dir .next]               (else the bench starts `next start` from this build)
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { hashPassword } from "../lib/auth/password";
import { disconnectPrisma, getPrisma } from "../lib/db/prisma";
import { createIncidentRecord } from "../lib/incidents/incidents";
import { QUESTION_IDS } from "../lib/runbook/runbook";
import { callServerAction, serverActionId } from "./next-action";

const ROOT = path.resolve(import.meta.dirname, "..");

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "120" },
    clients: { type: "string", default: "50" },
    "think-ms": { type: "string", default: "1000" },
    url: { type: "string" },
    "dist-dir": { type: "string" },
  },
});
const seconds = Number(args.seconds);
const clientCount = Number(args.clients);
const thinkMs = Number(args["think-ms"]);
const distDir = args["dist-dir"] ?? process.env.NEXT_DIST_DIR ?? ".next";

type TKind = "signin" | "list" | "review" | "questions" | "analytics" | "followups" | "autosave";
const KINDS: TKind[] = ["signin", "list", "review", "questions", "analytics", "followups", "autosave"];
/** What a client does next, by weight: half of its requests are autosaves, as while someone types a review. */
const MIX: [Exclude<TKind, "signin">, number][] = [
  ["autosave", 50],
  ["list", 12],
  ["review", 10],
  ["questions", 10],
  ["analytics", 9],
  ["followups", 9],
];
/** Text an error page shows instead of the data (the page rendered, but its data did not). */
const ERROR_PAGE = /could not be loaded|The database is unavailable|Something went wrong/;

type TClient = { index: number; email: string; password: string; incidentId: string; key: string; questionId: string; cookies: Map<string, string> };
type TAck = { body: string; version: number };

const latencies = new Map<TKind, number[]>(KINDS.map((k) => [k, []]));
let errors = 0;
const errorSamples: string[] = [];
function fail(kind: TKind, message: string) {
  errors++;
  if (errorSamples.length < 8) errorSamples.push(`${kind}: ${message}`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

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

/** The id Next gave saveAnswerAction in this build (what the answer editor posts). */
function saveAnswerActionId(): string {
  return serverActionId(path.resolve(ROOT, distDir), "lib/review/actions.ts", "saveAnswerAction");
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir,
      NODE_ENV: "production",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-load-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      AUTH_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error("next start did not become healthy within 60 s");
}

function cookieHeader(client: TClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

function keepCookies(client: TClient, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (eq > 0) client.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
}

async function timed<T>(kind: TKind, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    latencies.get(kind)!.push(performance.now() - t0);
  }
}

/** next-auth credentials sign-in, as the browser's form post does it. */
async function signIn(base: string, client: TClient): Promise<void> {
  await timed("signin", async () => {
    const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: cookieHeader(client) } });
    keepCookies(client, csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(client), origin: base },
      body: new URLSearchParams({ email: client.email, password: client.password, csrfToken, callbackUrl: `${base}/incidents` }),
    });
    keepCookies(client, response);
    await response.arrayBuffer();
    const location = response.headers.get("location") ?? "";
    if (response.status !== 302 || /error/i.test(location) || ![...client.cookies.keys()].some((k) => k.endsWith("authjs.session-token"))) {
      throw new Error(`sign-in of ${client.email} failed: ${response.status} ${location}`);
    }
  });
}

async function browse(base: string, client: TClient, kind: Exclude<TKind, "signin" | "autosave">): Promise<void> {
  const pathFor = {
    list: "/incidents",
    review: `/incidents/${client.key}`,
    questions: `/incidents/${client.key}/questions`,
    analytics: "/analytics",
    followups: "/follow-ups",
  }[kind];
  try {
    await timed(kind, async () => {
      const response = await fetch(`${base}${pathFor}`, { headers: { cookie: cookieHeader(client) }, redirect: "manual" });
      const html = await response.text();
      if (response.status !== 200) throw new Error(`${pathFor} → ${response.status}`);
      if (ERROR_PAGE.test(html)) throw new Error(`${pathFor} rendered an error page`);
    });
  } catch (error) {
    fail(kind, (error as Error).message);
  }
}

type TSaveResult = { ok: true; data: { body: string; version: number } } | { ok: false; status: number; error: string };

async function autosave(base: string, client: TClient, actionId: string, last: TAck | null, seq: number): Promise<TAck | null> {
  const body = `client ${client.index} save ${seq}: the fallback opened at ${new Date().toISOString()} ${"after the primary timed out ".repeat(1 + (seq % 20))}`;
  const input = { incidentId: client.incidentId, questionId: client.questionId, body, version: last?.version ?? 0 };
  try {
    return await timed("autosave", async () => {
      const { status, result: raw } = await callServerAction(`${base}/incidents/${client.key}/questions`, actionId, cookieHeader(client), [input]);
      if (status !== 200) throw new Error(`HTTP ${status}`);
      const result = raw as TSaveResult | null;
      if (!result) throw new Error(`no action result in the response`);
      if (!result.ok) throw new Error(`${result.status} ${result.error}`);
      if (result.data.body !== body || result.data.version !== input.version + 1) throw new Error(`acknowledged an unexpected state (v${result.data.version})`);
      return { body, version: result.data.version };
    });
  } catch (error) {
    fail("autosave", (error as Error).message);
    return null;
  }
}

function pickKind(): Exclude<TKind, "signin"> {
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  let r = Math.random() * total;
  for (const [kind, weight] of MIX) {
    r -= weight;
    if (r < 0) return kind;
  }
  return "autosave";
}

async function main(): Promise<boolean> {
  if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to the (migrated) database the app uses.");
  if (!(seconds > 0 && clientCount >= 1 && thinkMs >= 0)) throw new Error("Bad arguments.");
  const actionId = saveAnswerActionId();
  const prisma = getPrisma();
  const run = randomUUID().slice(0, 8);
  const password = `bench-load-${run}-password`;
  const passwordHash = await hashPassword(password);

  // One commander and one incident per client; each client owns one answer on its incident.
  const clients: TClient[] = [];
  for (let i = 0; i < clientCount; i++) {
    const user = await prisma.user.create({
      data: { email: `bench-load-${run}-${i}@bench.test`, name: `Load client ${i}`, role: "COMMANDER", passwordHash },
    });
    const incident = await createIncidentRecord(
      { id: user.id, email: user.email, name: user.name, role: user.role },
      { title: `bench:load ${run} client ${i}`, severity: "SEV3", degradationStartedAt: new Date() },
    );
    clients.push({
      index: i,
      email: user.email,
      password,
      incidentId: incident.id,
      key: incident.key,
      questionId: QUESTION_IDS[i % QUESTION_IDS.length]!,
      cookies: new Map(),
    });
  }

  const server = args.url ? null : await startServer();
  const base = args.url ?? server!.url;
  const loadBefore = os.loadavg();
  const acks = new Map<number, TAck[]>();
  try {
    // Sign everyone in (concurrently, as a morning rush would).
    await Promise.all(
      clients.map((c) =>
        signIn(base, c).catch((error: unknown) => {
          fail("signin", (error as Error).message);
        }),
      ),
    );
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        const mine: TAck[] = [];
        acks.set(client.index, mine);
        if (![...client.cookies.keys()].some((k) => k.endsWith("authjs.session-token"))) return;
        let seq = 0;
        // Stagger the start so the clients do not move in lockstep.
        await new Promise((r) => setTimeout(r, Math.random() * thinkMs));
        // Every kind once first (so even a short run covers each path), then the weighted mix.
        for (let step = 0; performance.now() < deadline; step++) {
          const kind = step < MIX.length ? MIX[(step + client.index) % MIX.length]![0] : pickKind();
          if (kind === "autosave") {
            const ack = await autosave(base, client, actionId, mine.at(-1) ?? null, seq++);
            if (ack) mine.push(ack);
          } else {
            await browse(base, client, kind);
          }
          if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const loadAfter = os.loadavg();

    // ─── Verification: the final state is each client's last acknowledged save ───
    let lostUpdates = 0;
    const problems: string[] = [];
    for (const client of clients) {
      const mine = acks.get(client.index) ?? [];
      const row = await prisma.questionAnswer.findUnique({
        where: { incidentId_questionId: { incidentId: client.incidentId, questionId: client.questionId } },
      });
      const history = row
        ? await prisma.auditLog.count({ where: { incidentId: client.incidentId, entityType: "QuestionAnswer", entityId: row.id } })
        : 0;
      const last = mine.at(-1);
      const problem = !last
        ? row
          ? "stored an answer no save was acknowledged for"
          : null
        : !row
          ? `${mine.length} acknowledged saves but nothing stored`
          : row.body !== last.body
            ? `stored body is not the last acknowledged save (v${last.version})`
            : row.version !== mine.length || last.version !== mine.length
              ? `version ${row.version}, last acknowledged v${last.version}, ${mine.length} acknowledged saves`
              : history !== mine.length
                ? `${history} history rows for ${mine.length} acknowledged saves`
                : null;
      if (problem) {
        lostUpdates++;
        if (problems.length < 8) problems.push(`client ${client.index} (${client.key} ${client.questionId}): ${problem}`);
      }
    }

    const fmt = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(1));
    let total = 0;
    const table = KINDS.map((kind) => {
      const sorted = [...latencies.get(kind)!].sort((a, b) => a - b);
      if (kind !== "signin") total += sorted.length;
      const rate = kind === "signin" ? "-" : fmt(sorted.length / elapsed);
      return `  ${kind.padEnd(10)} ${String(sorted.length).padStart(7)} ${rate.padStart(8)} ${fmt(percentile(sorted, 50)).padStart(8)} ${fmt(percentile(sorted, 95)).padStart(8)} ${fmt(percentile(sorted, 99)).padStart(8)} ${fmt(sorted.at(-1) ?? NaN).padStart(8)}`;
    });
    const all = KINDS.filter((k) => k !== "signin").flatMap((k) => latencies.get(k)!).sort((a, b) => a - b);
    const saves = [...acks.values()].reduce((s, a) => s + a.length, 0);
    const pass = errors === 0 && lostUpdates === 0;
    console.log(
      [
        `bench:load — ${clientCount} signed-in clients, ${fmt(elapsed)} s, think time ${thinkMs} ms (×0.5–1.5), against ${base}`,
        `  kind          count    req/s   p50 ms   p95 ms   p99 ms   max ms`,
        ...table,
        `  ${"all".padEnd(10)} ${String(total).padStart(7)} ${fmt(total / elapsed).padStart(8)} ${fmt(percentile(all, 50)).padStart(8)} ${fmt(percentile(all, 95)).padStart(8)} ${fmt(percentile(all, 99)).padStart(8)} ${fmt(all.at(-1) ?? NaN).padStart(8)}`,
        `acknowledged saves  ${saves}`,
        `errors              ${errors}${errorSamples.length ? `\n  ${errorSamples.join("\n  ")}` : ""}`,
        `lost updates        ${lostUpdates}${problems.length ? `\n  ${problems.join("\n  ")}` : ` (${clients.length} answers checked: body = last acknowledged save, version = acknowledged saves, history rows = acknowledged saves)`}`,
        `os.loadavg()        before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}  after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}  (${os.cpus().length} CPUs, shared)`,
        `result              ${pass ? "PASS" : "FAIL"} (zero errors and zero lost updates required)`,
      ].join("\n"),
    );
    return pass;
  } finally {
    if (server) {
      server.child.kill("SIGTERM");
    }
  }
}

main()
  .then(async (pass) => {
    await disconnectPrisma();
    process.exit(pass ? 0 : 1);
  })
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await disconnectPrisma();
    process.exit(1);
  });
