// `npm run db:backup [-- --out PATH]`: a consistent backup of the app's
// database (DATABASE_URL, else the embedded one under .data/, whether or not
// the app is running) into .data/backups/incident-review-<UTC time>.irbackup.
// Prints the file's path on stdout.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { attachToAppDatabase, projectRoot } from "../database";
import { backupDatabase, backupFileName } from "../../lib/db/backup";

const USAGE = "Usage: npm run db:backup [-- --out FILE]\n  Writes a backup of the app's database (default: .data/backups/<timestamp>.irbackup) and prints its path.";

async function main(): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const out = path.resolve(values.out ?? path.join(projectRoot, ".data/backups", backupFileName()));
  await mkdir(path.dirname(out), { recursive: true });
  const db = await attachToAppDatabase((m) => console.error(m));
  try {
    const started = performance.now();
    const summary = await backupDatabase(db.url, out);
    console.error(
      `Backed up ${summary.tables} tables, ${summary.rows} rows (${(summary.bytes / 1024).toFixed(0)} KiB, ${summary.migrations.length} migrations) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    console.log(summary.path);
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
