// `npm run db:restore -- FILE [--yes]`: replaces ALL data of the app's
// database (DATABASE_URL, else the embedded one) with a backup made by
// `npm run db:backup`. All or nothing: a damaged file or any failure leaves
// the data as it was. Asks for confirmation unless --yes is given.
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { attachToAppDatabase, migrate } from "../database";
import { BackupError, readBackupHeader, restoreDatabase } from "../../lib/db/backup";

const USAGE = "Usage: npm run db:restore -- FILE [--yes]\n  Replaces all data of the app's database with the backup FILE (made by `npm run db:backup`).";

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === "yes";
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  let parsed: { values: { yes?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ options: { yes: { type: "boolean", short: "y" }, help: { type: "boolean", short: "h" } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  if (parsed.values.help) {
    console.error(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) {
    console.error(`${file ? "Give exactly one backup file." : "Missing the backup file to restore."}\n\n${USAGE}`);
    return 64;
  }
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) {
    console.error(`Backup file not found: ${resolved}. Nothing was changed.`);
    return 1;
  }
  // Check the file before asking anything or touching the database.
  const header = await readBackupHeader(resolved);
  const db = await attachToAppDatabase((m) => console.error(m));
  try {
    const where = new URL(db.url);
    const target = `${where.hostname}:${where.port || 5432}${where.pathname}`;
    if (!parsed.values.yes) {
      const ok = await confirm(`This REPLACES all data in ${target} with the backup of ${header.createdAt}. Type "yes" to continue: `);
      if (!ok) {
        console.error(`Not restored: confirm with --yes (it replaces all data in ${target}). Nothing was changed.`);
        return 1;
      }
    }
    // The app's schema first (a fresh database gets its tables), then the data.
    await migrate(db.url);
    const started = performance.now();
    const summary = await restoreDatabase(db.url, resolved);
    console.log(
      `Restored ${summary.tables} tables, ${summary.rows} rows from the backup of ${summary.createdAt} into ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof BackupError ? message : `Restore failed: ${message}`);
    process.exit(1);
  },
);
