// Builds the app into .next-test and runs Playwright against `next start`.
// Expects DATABASE_URL (scripts/with-db.ts provides it).
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// E2E_DIST_DIR lets parallel runs (different E2E_PORT) build side by side.
const env = { ...process.env, NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-test", NEXT_TELEMETRY_DISABLED: "1" };

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
