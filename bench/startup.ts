// bench:startup — cold start (fresh clone, first `npm start` until /api/health
// answers: embedded initdb + migrations + seed + build) and warm start
// (second `npm start` on the same clone). npm install is timed separately.
// Usage: npm run bench:startup [-- --keep]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startAndTime(dir: string, port: number, pgPort: number): Promise<{ seconds: number; child: ChildProcess }> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_URL; // the embedded default is what is measured
  const child = spawn("npm", ["start"], { cwd: dir, env, stdio: "ignore", detached: true });
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return { seconds: (performance.now() - started) / 1000, child };
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error("npm start exited before answering");
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("no answer within 300 s");
}

async function stop(child: ChildProcess): Promise<void> {
  // The whole process group, as Ctrl-C in a terminal would.
  process.kill(-child.pid!, "SIGINT");
  await new Promise((r) => child.once("close", r));
}

async function main() {
  const base = mkdtempSync(path.join(os.tmpdir(), "ir-startup-"));
  chmodSync(base, 0o755);
  const dir = path.join(base, "clone");
  try {
    execFileSync("git", ["clone", "-q", root, dir]);
    const t0 = performance.now();
    execFileSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, stdio: "ignore", env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } });
    const install = (performance.now() - t0) / 1000;
    const port = await freePort();
    const pgPort = await freePort();
    const cold = await startAndTime(dir, port, pgPort);
    await stop(cold.child);
    const warm = await startAndTime(dir, port, pgPort);
    await stop(warm.child);
    console.log(`npm install:  ${install.toFixed(1)} s`);
    console.log(`cold start:   ${cold.seconds.toFixed(1)} s  (goal ≤ 60 s after install)`);
    console.log(`warm start:   ${warm.seconds.toFixed(1)} s  (goal ≤ 8 s)`);
  } finally {
    if (!process.argv.includes("--keep")) rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
