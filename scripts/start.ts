// npm start: database (DATABASE_URL, or embedded under .data/), migrations,
// demo seed on the embedded default's first run, build when sources changed,
// then `next start`. `--dev` runs `next dev` instead of building.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EmbeddedDatabaseInUseError } from "../lib/db/embedded";
import { migrate, projectRoot, provideDatabase } from "./database";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const nextBin = path.join(projectRoot, "node_modules/next/dist/bin/next");

function log(message: string) {
  console.log(`[incident-review] ${message}`);
}

/** AUTH_SECRET from the environment, or one generated once and kept in .data/. */
function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(projectRoot, ".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const buildId = path.join(projectRoot, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "proxy.ts", "next.config.ts", "package.json"].map((p) => {
    const full = path.join(projectRoot, p);
    if (!existsSync(full)) return 0;
    return statSync(full).isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
  });
  return Math.max(...sources) <= built;
}

const serverPidFile = path.join(projectRoot, ".data", "app-server.pid");

/** A `next` server left behind by a SIGKILLed `npm start` still holds the port: stop it. */
function stopOrphanedServer(): void {
  if (!existsSync(serverPidFile)) return;
  const [pid, owner] = readFileSync(serverPidFile, "utf8").trim().split(" ").map(Number);
  if (!pid || (owner && isAlive(owner))) return; // another `npm start` is running it
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (/next/.test(cmdline)) {
      log(`Stopping the app server left running by a previous crash (pid ${pid}).`);
      process.kill(pid, "SIGTERM");
    }
  } catch {
    // not running any more
  }
  rmSync(serverPidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { cwd: projectRoot, env, stdio: "inherit" });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  const db = await provideDatabase("app", log).catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseInUseError) {
      console.error(`[incident-review] ${error.message}`);
      process.exit(3);
    }
    throw error;
  });
  stopOrphanedServer();
  let child: ChildProcess | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("close", r));
    }
    rmSync(serverPidFile, { force: true });
    await db.stop().catch((e) => console.error(e));
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

  try {
    log(db.embedded ? `Embedded PostgreSQL ready (data in ${db.embedded.dataDir}).` : "Using DATABASE_URL.");
    await migrate(db.url);
    log("Migrations applied.");

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      AUTH_SECRET: authSecret(),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
      PORT: String(port),
    };
    // The demo exists only in the embedded default, or when asked for explicitly.
    const seedWanted = db.embedded !== null || process.env.SEED_DEMO === "1";
    let seeded = false;
    if (seedWanted) {
      process.env.DATABASE_URL = db.url;
      const { seedDemo } = await import("../lib/seed/demo");
      const { disconnectPrisma } = await import("../lib/db/prisma");
      seeded = (await seedDemo()).seeded;
      await disconnectPrisma();
      if (seeded) log("Seeded the demo incident INC-2026-0001.");
    }

    if (dev) {
      child = run(["dev", "-p", String(port)], env);
    } else {
      if (!buildIsCurrent()) {
        log("Building the app (first run or sources changed)…");
        const build = run(["build"], env);
        const code = await new Promise<number>((r) => build.on("close", (c) => r(c ?? 1)));
        if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
      }
      child = run(["start", "-p", String(port)], { ...env, NODE_ENV: "production" });
    }
    if (child.pid) writeFileSync(serverPidFile, `${child.pid} ${process.pid}`);
    child.on("close", (code) => void shutdown(code ?? 0));
    const url = `http://localhost:${port}`;
    if (await waitForHealth(`${url}/api/health`, child)) {
      log(`Incident Review is running at ${url}`);
      if (seedWanted) {
        const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import("../lib/seed/demo");
        log(`Demo sign-in accounts (password: ${DEMO_PASSWORD}):`);
        for (const a of DEMO_ACCOUNTS) log(`  ${a.role.padEnd(9)} ${a.email}`);
      }
      log("Press Ctrl-C to stop.");
    }
  } catch (error) {
    console.error(`[incident-review] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
