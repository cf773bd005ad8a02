import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseInUseError, startEmbeddedPostgres } from "./embedded";

const root = process.cwd();
const base = mkdtempSync(path.join(os.tmpdir(), "embedded-it-"));
// mkdtemp makes 0700 dirs; the postgres OS user (when running as root) must reach the data dir.
chmodSync(base, 0o755);
const dataDir = path.join(base, "pg");
let port = 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const p = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(p));
    });
  });
}

function startChild(marker: string): Promise<{ child: ChildProcess; url: string }> {
  // node itself (not the tsx wrapper), so SIGKILL hits the process that owns the database.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib/testing/embedded-child.ts"), dataDir, String(port), marker], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

async function markers(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ value: string }>("SELECT value FROM marker ORDER BY value")).rows.map((r) => r.value);
  } finally {
    await client.end();
  }
}

function postmasterPid(): number | null {
  const file = path.join(dataDir, "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("embedded PostgreSQL lifecycle", () => {
  it("refuses a second owner clearly, recovers after a SIGKILL with no data lost, and stops cleanly on SIGTERM", async () => {
    port = await freePort();
    const first = await startChild("a-first");

    // A second start while one is running says so and touches nothing.
    await expect(startEmbeddedPostgres({ dataDir, port, database: "lifecycle", log: () => undefined })).rejects.toBeInstanceOf(
      EmbeddedDatabaseInUseError,
    );
    expect(await markers(first.url)).toEqual(["a-first"]);

    // Crash: the Node owner is SIGKILLed, the server is orphaned.
    const orphan = postmasterPid();
    expect(orphan).not.toBeNull();
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("close", r));
    expect(alive(orphan!)).toBe(true);

    // The next start recovers by itself and the data is intact.
    const second = await startChild("b-second");
    expect(await markers(second.url)).toEqual(["a-first", "b-second"]);
    expect(alive(orphan!)).toBe(false);

    // SIGTERM stops the server and releases the lock.
    const pid = postmasterPid()!;
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("close", r));
    expect(alive(pid)).toBe(false);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    // A stale postmaster.pid alone (server gone) does not block a start either.
    const third = await startEmbeddedPostgres({ dataDir, port, database: "lifecycle", log: () => undefined });
    try {
      expect(await markers(third.url)).toEqual(["a-first", "b-second"]);
    } finally {
      await third.stop();
    }
  }, 120_000);
});
