// npm test: typecheck, lint, unit, integration, e2e — in that order, with one
// database for the last two (DATABASE_URL, or the embedded test cluster).
// Ends with one summary line "N passed, N failed".
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { freshSiblingDatabase, migrate, projectRoot, provideDatabase, stopOnSignals } from "./database";

const out = path.join(projectRoot, "test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  console.log(`\n=== ${label} ===`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env, stdio: "inherit" });
    child.on("close", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}

const bin = (name: string) => path.join(projectRoot, "node_modules/.bin", name);

type TCounts = { passed: number; failed: number; skipped: number };

function vitestCounts(file: string): TCounts {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file: string): TCounts {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

async function main() {
  const failures: string[] = [];
  const only = process.env.TEST_ONLY?.split(",");
  const want = (step: string) => !only || only.includes(step);

  if (want("typecheck") && (await run("typecheck", bin("tsc"), ["--noEmit", "-p", "."])) !== 0) failures.push("typecheck");
  if (want("lint") && (await run("lint", bin("eslint"), ["--max-warnings=0", "."])) !== 0) failures.push("lint");
  const unitJson = path.join(out, "unit.json");
  if (want("unit") && (await run("unit", bin("vitest"), ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`])) !== 0) {
    failures.push("unit");
  }

  const integrationJson = path.join(out, "integration.json");
  const e2eJson = path.join(out, "e2e.json");
  if (want("integration") || want("e2e")) {
    const db = await provideDatabase("test");
    stopOnSignals(db.stop);
    try {
      await migrate(db.url);
      const env = { ...process.env, DATABASE_URL: db.url };
      if (want("integration")) {
        const code = await run("integration", bin("vitest"), ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${integrationJson}`], env);
        if (code !== 0) failures.push("integration");
      }
      if (want("e2e")) {
        const e2eUrl = await freshSiblingDatabase(db.url, "_e2e");
        await migrate(e2eUrl);
        const code = await run("e2e", bin("tsx"), [path.join(projectRoot, "scripts/e2e.ts")], {
          ...env,
          DATABASE_URL: e2eUrl,
          PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
        });
        if (code !== 0) failures.push("e2e");
      }
    } finally {
      await db.stop();
    }
  }

  const totals = [vitestCounts(unitJson), vitestCounts(integrationJson), playwrightCounts(e2eJson)].reduce(
    (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log("");
  if (failures.length) console.log(`Failed steps: ${failures.join(", ")}`);
  // A failed step with no failed test (typecheck, lint, a crash) still counts as a failure.
  const failed = Math.max(totals.failed, failures.length ? 1 : 0);
  console.log(`${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
