// Builds the app into .next-test and runs Playwright against `next start`.
// Expects DATABASE_URL (scripts/with-db.ts provides it). The server port is
// E2E_PORT, or a free one, so a stray server on a fixed port cannot break a run.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

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

async function main() {
  // E2E_DIST_DIR lets parallel runs (different E2E_PORT) build side by side.
  const env = {
    ...process.env,
    NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-test",
    NEXT_TELEMETRY_DISABLED: "1",
    E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
  };
  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const test = spawnSync(process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  process.exit(test.status ?? 1);
}

void main();
