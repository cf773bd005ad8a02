// The CLI import killed with SIGKILL midway leaves nothing behind (its
// transaction never commits), and running the same import again succeeds.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { fixtureRecords, type TFixtureOptions } from "@/lib/logs/testing/fixtures";
import { makeActor, requireDatabaseUrl } from "@/lib/testing/integration";
import { INTERRUPTED_MESSAGE, newImportId } from "./import";
import { expectedCounts } from "./testing";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ROWS = 60_000;
const OPTIONS: TFixtureOptions = { count: ROWS, seed: 31, startMs: Date.UTC(2026, 4, 8, 9, 0, 0), stepMs: 100 };

function runCli(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  // node itself with tsx's loader (not the tsx wrapper, which runs the script in a child process): the kill hits the importer.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(ROOT, "scripts/cli.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: requireDatabaseUrl(), LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr, child);
  });
  const exit = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exit, output: () => ({ stdout, stderr }) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out");
}

describe("CLI import killed midway", () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ir-kill-"));
    file = path.join(dir, "gateway.jsonl");
    const out = createWriteStream(file);
    for (const record of fixtureRecords("jsonl", OPTIONS)) {
      if (!out.write(`${record.text}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("leaves no rows after SIGKILL, and the re-run imports everything", async () => {
    const commander = await makeActor("COMMANDER");
    const incident = await createIncidentRecord(commander, { title: "Kill test", severity: "SEV2", degradationStartedAt: new Date(OPTIONS.startMs!) });
    const prisma = getPrisma();

    let killedAt: string | null = null;
    const first = runCli(["import", "--incident", incident.key, "--file", file], (stderr, child) => {
      const progress = stderr.match(/progress: (\d+) rows/g);
      if (!killedAt && progress && progress.length >= 2) {
        killedAt = progress.at(-1)!;
        child.kill("SIGKILL");
      }
    });
    const [code, signal] = await first.exit;
    expect(signal).toBe("SIGKILL");
    expect(code).toBeNull();
    expect(killedAt).not.toBeNull();
    const rowsAtKill = Number(/(\d+)/.exec(killedAt!)![1]);
    expect(rowsAtKill).toBeGreaterThan(0);
    expect(rowsAtKill).toBeLessThan(ROWS);

    // The server notices the dead connection and rolls back: no rows, no import, no lingering transaction.
    await waitFor(async () => {
      const active = await prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*)::bigint AS n FROM pg_stat_activity WHERE application_name = 'incident-review-import' AND state <> 'idle'`;
      return Number(active[0]!.n) === 0;
    });
    expect(await prisma.requestLogRow.count({ where: { incidentId: incident.id } })).toBe(0);
    expect(await prisma.logImport.count({ where: { incidentId: incident.id, status: "COMPLETED" } })).toBe(0);
    expect(await prisma.histogramBucket.count({ where: { incidentId: incident.id } })).toBe(0);

    // An import row left RUNNING by an older crash is marked interrupted by the next run.
    const stale = await prisma.logImport.create({
      data: { id: newImportId(), incidentId: incident.id, fileName: "stale.jsonl", sha256: "", format: "JSONL", status: "RUNNING", createdById: commander.id },
    });

    const second = runCli(["import", "--incident", incident.key, "--file", file]);
    const [code2] = await second.exit;
    const { stdout, stderr } = second.output();
    expect(code2, stderr).toBe(0);
    const last = stdout.trimEnd().split("\n").at(-1)!;
    const result = JSON.parse(last) as { importId: string; rows: number; accepted: number; rejected: number; byClass: Record<string, number>; byPath: Record<string, number> };
    const expected = expectedCounts(OPTIONS);
    expect(result).toMatchObject({ format: "jsonl", rows: ROWS, accepted: ROWS, rejected: 0, byClass: expected.byClass, byPath: expected.byPath });
    expect(await prisma.requestLogRow.count({ where: { importId: result.importId } })).toBe(ROWS);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { incidentId: incident.id, entityType: "LogImport" } });
    expect(audit.actorLabel).toBe("cli");
    expect(audit.actorId).toBe(commander.id);
    expect(await prisma.logImport.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "FAILED", error: INTERRUPTED_MESSAGE });
  }, 180_000);

  it("refuses unusable input with a clear message and a non-zero exit", async () => {
    const commander = await makeActor("COMMANDER");
    const incident = await createIncidentRecord(commander, { title: "CLI errors", severity: "SEV3", degradationStartedAt: new Date(OPTIONS.startMs!) });
    const missing = runCli(["import", "--incident", incident.key, "--file", path.join(dir, "nope.jsonl")]);
    expect((await missing.exit)[0]).toBe(1);
    expect(missing.output().stderr).toMatch(/File not found/);

    const unknownIncident = runCli(["import", "--incident", "INC-1999-9999", "--file", file]);
    expect((await unknownIncident.exit)[0]).toBe(1);
    expect(unknownIncident.output().stderr).toMatch(/INC-1999-9999 was not found/);

    const usage = runCli(["import", "--file", file]);
    expect((await usage.exit)[0]).toBe(64);
    expect(usage.output().stderr).toMatch(/Missing --incident/);
    expect(await getPrisma().logImport.count({ where: { incidentId: incident.id } })).toBe(0);
  }, 120_000);
});
