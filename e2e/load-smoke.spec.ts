// bench/load.ts in the suite: a 10-second, 5-client run against the e2e
// server (real sign-in, browsing, autosave through the server action) must end
// with zero errors and zero lost updates, checked by the bench from the database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

const ROOT = path.resolve(__dirname, "..");

test("bench:load smoke: 5 signed-in clients for 10 s browse and autosave with no error and no lost update", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const run = spawnSync(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["--conditions=react-server", path.join(ROOT, "bench/load.ts"), "--seconds", "10", "--clients", "5", "--think-ms", "300", "--url", baseURL!],
    { cwd: ROOT, env: { ...process.env, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? process.env.E2E_DIST_DIR ?? ".next-test", LOG_LEVEL: "silent" }, encoding: "utf8", timeout: 100_000 },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(0);
  expect(output).toMatch(/^errors\s+0$/m);
  expect(output).toMatch(/^lost updates\s+0 \(5 answers checked/m);
  const saves = Number(/^acknowledged saves\s+(\d+)$/m.exec(output)?.[1]);
  expect(saves).toBeGreaterThan(5);
  for (const kind of ["signin", "list", "review", "questions", "analytics", "followups", "autosave"]) {
    expect(output).toMatch(new RegExp(`^  ${kind}\\s+[1-9]\\d*\\s`, "m"));
  }
  expect(output).toContain("PASS");
});
