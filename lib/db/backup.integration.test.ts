// Backup → change → restore round trip on a scratch database (restore
// replaces every table, so it never runs on the shared test database), a
// damaged backup refused with the data unchanged, a failure mid-restore
// rolled back whole, and the db:backup / db:restore commands.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { seedFullReview, uniqueIncidentKey } from "@/lib/export/testing/seed";
import { createScratchDatabase, makeActor, requireDatabaseUrl } from "@/lib/testing/integration";
import { backupDatabase, BackupError, restoreDatabase } from "./backup";
import { deployMigrations } from "./migrate";

const ROOT = path.resolve(import.meta.dirname, "../..");

type TSnapshot = Record<string, { rows: number; md5: string | null }>;

/** Row count and a checksum of the full contents of every table. */
async function snapshot(url: string): Promise<TSnapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
    );
    const out: TSnapshot = {};
    for (const { name } of tables) {
      const q = `"${name.replace(/"/g, '""')}"`;
      const { rows } = await client.query<{ n: string; md5: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM ${q} t`,
      );
      out[name] = { rows: Number(rows[0]!.n), md5: rows[0]!.md5 };
    }
    return out;
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

function runScript(script: string, args: string[], url: string) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return once(child, "close").then(([code]) => ({ code: code as number, stdout, stderr }));
}

describe("database backup and restore", () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let dir: string;
  let original: TSnapshot;
  let backupFile: string;
  const sharedUrl = requireDatabaseUrl();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ir-backup-it-"));
    scratch = await createScratchDatabase();
    await deployMigrations(scratch.url, ROOT);
    // lib/ seeds through getPrisma(): point it at the scratch database for this file.
    await disconnectPrisma();
    process.env.DATABASE_URL = scratch.url;
    const commander = await makeActor("COMMANDER");
    const admin = await makeActor("ADMIN");
    // A fully filled review: answers, timeline, follow-ups, attachments (bytes in the DB), 3,000 log rows, buckets, windows…
    await seedFullReview({ key: uniqueIncidentKey(), commanderId: commander.id, adminId: admin.id, logRows: 3_000, timelineEvents: 10, followUps: 5 });
    // …and history rows (BIGSERIAL ids, append-only table) through the app's own write path.
    await createIncidentRecord(commander, { title: "Backup round trip", severity: "SEV3", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
    original = await snapshot(scratch.url);
  }, 120_000);

  afterAll(async () => {
    await disconnectPrisma();
    process.env.DATABASE_URL = sharedUrl;
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips every table exactly: backup, change and delete data, restore → identical contents", async () => {
    // The seed really filled the tables that matter.
    for (const table of ["Incident", "QuestionAnswer", "Attachment", "RequestLogRow", "AuditLog", "TimelineEvent", "FollowUp", "User"]) {
      expect(original[table]?.rows, table).toBeGreaterThan(0);
    }
    expect(original.RequestLogRow!.rows).toBe(3_000);

    backupFile = path.join(dir, "round-trip.irbackup");
    const summary = await backupDatabase(scratch.url, backupFile);
    expect(summary.path).toBe(backupFile);
    expect(summary.rows).toBe(Object.entries(original).filter(([t]) => t !== "_prisma_migrations").reduce((s, [, v]) => s + v.rows, 0));

    // Change, delete and add data.
    const prisma = getPrisma();
    const incidents = await prisma.incident.findMany({ orderBy: { createdAt: "asc" } });
    await prisma.incident.delete({ where: { id: incidents[0]!.id } }); // cascades to answers, logs, attachments…
    await prisma.user.updateMany({ data: { name: "changed" } });
    const extra = await makeActor("VIEWER");
    await createIncidentRecord({ ...extra, role: "ADMIN" }, { title: "Made after the backup", severity: "SEV1", degradationStartedAt: new Date() });
    const changed = await snapshot(scratch.url);
    expect(changed).not.toEqual(original);
    expect(changed.RequestLogRow!.rows).toBe(0);

    const restored = await restoreDatabase(scratch.url, backupFile);
    expect(restored.rows).toBe(summary.rows);
    expect(await snapshot(scratch.url)).toEqual(original);

    // Sequences came back too: new history rows get fresh ids, not collisions.
    const [{ max }] = (await sql(scratch.url, `SELECT max(id)::text AS max FROM "AuditLog"`)) as [{ max: string }];
    const commander = await makeActor("COMMANDER");
    await createIncidentRecord(commander, { title: "After restore", severity: "SEV3", degradationStartedAt: new Date() });
    const [{ max: after }] = (await sql(scratch.url, `SELECT max(id)::text AS max FROM "AuditLog"`)) as [{ max: string }];
    expect(BigInt(after)).toBeGreaterThan(BigInt(max));
    // Back to the original state for the next tests.
    await restoreDatabase(scratch.url, backupFile);
    expect(await snapshot(scratch.url)).toEqual(original);
  }, 120_000);

  it("refuses a damaged or truncated backup with a clear message, touching nothing", async () => {
    await sql(scratch.url, `UPDATE "User" SET name = 'edited after backup'`);
    const before = await snapshot(scratch.url);

    const bytes = await readFile(backupFile);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const damaged = path.join(dir, "damaged.irbackup");
    await writeFile(damaged, flipped);
    await expect(restoreDatabase(scratch.url, damaged)).rejects.toThrow(/damaged or incomplete \(checksum mismatch\).*unchanged/);

    const truncated = path.join(dir, "truncated.irbackup");
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(restoreDatabase(scratch.url, truncated)).rejects.toBeInstanceOf(BackupError);

    const notABackup = path.join(dir, "notes.txt");
    await writeFile(notABackup, "just some text\n");
    await expect(restoreDatabase(scratch.url, notABackup)).rejects.toThrow(/not an Incident Review backup/);

    await expect(restoreDatabase(scratch.url, path.join(dir, "missing.irbackup"))).rejects.toThrow(/not found/);
    expect(await snapshot(scratch.url)).toEqual(before);
  }, 60_000);

  it("rolls back a restore that fails midway (single transaction): tables already emptied and reloaded come back as they were", async () => {
    const before = await snapshot(scratch.url);
    // A constraint the backup's data violates: the COPY of one table fails after others were truncated and loaded.
    const [{ title }] = (await sql(scratch.url, `SELECT title FROM "Incident" ORDER BY "createdAt" LIMIT 1`)) as [{ title: string }];
    await sql(scratch.url, `ALTER TABLE "Incident" ADD CONSTRAINT backup_it_refuse CHECK (title <> '${title.replace(/'/g, "''")}') NOT VALID`);
    try {
      await expect(restoreDatabase(scratch.url, backupFile)).rejects.toThrow(/rolled back; the database is unchanged/);
      expect(await snapshot(scratch.url)).toEqual(before);
    } finally {
      await sql(scratch.url, `ALTER TABLE "Incident" DROP CONSTRAINT backup_it_refuse`);
    }
  }, 60_000);

  it("db:backup writes a file and prints its path; db:restore needs a file and --yes, then restores", async () => {
    await restoreDatabase(scratch.url, backupFile);
    const out = path.join(dir, "cli.irbackup");
    const backup = await runScript("scripts/backup/db-backup.ts", ["--out", out], scratch.url);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout.trim()).toBe(out);
    expect(backup.stderr).toMatch(/Backed up \d+ tables/);

    await sql(scratch.url, `DELETE FROM "Incident"`);
    const noFile = await runScript("scripts/backup/db-restore.ts", [], scratch.url);
    expect(noFile.code).toBe(64);
    expect(noFile.stderr).toMatch(/Missing the backup file/);

    const noConfirm = await runScript("scripts/backup/db-restore.ts", [out], scratch.url);
    expect(noConfirm.code).toBe(1);
    expect(noConfirm.stderr).toMatch(/confirm with --yes.*Nothing was changed/);
    expect((await snapshot(scratch.url)).Incident!.rows).toBe(0);

    const restore = await runScript("scripts/backup/db-restore.ts", [out, "--yes"], scratch.url);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ tables, \d+ rows/);
    expect(await snapshot(scratch.url)).toEqual(original);

    const damaged = path.join(dir, "cli-damaged.irbackup");
    await copyFile(out, damaged);
    const bytes = await readFile(damaged);
    bytes[bytes.length - 40]! ^= 0x01;
    await writeFile(damaged, bytes);
    const refused = await runScript("scripts/backup/db-restore.ts", [damaged, "--yes"], scratch.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/damaged or incomplete/);
    expect(await snapshot(scratch.url)).toEqual(original);
  }, 180_000);
});
