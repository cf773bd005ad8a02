// `npm run cli -- import --incident KEY --file PATH [--format F] [--skip-invalid]`
//
// Works whether or not the app is running, against the database the app uses
// by default (DATABASE_URL, else the embedded one under .data/). Acts as the
// incident's commander when that user is an active commander or admin, else as
// the first active admin; history records the actor label "cli". Progress and
// messages go to stderr; on success the last stdout line is the result JSON.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { IMPORT_USAGE, parseImportArgs } from "./import-args";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_LINES = 2;
export const EXIT_USAGE = 64;

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseImportArgs(argv);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${IMPORT_USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.help) {
    console.error(IMPORT_USAGE);
    return EXIT_OK;
  }
  const { incident: key, file, format, skipInvalid } = parsed.args;
  const info = await stat(file).catch(() => null);
  if (!info) {
    console.error(`File not found: ${file}. Nothing was imported.`);
    return EXIT_FAILED;
  }
  if (!info.isFile()) {
    console.error(`Not a file: ${file}. Nothing was imported.`);
    return EXIT_FAILED;
  }

  // Keep stdout for the result: the app's JSON logs stay quiet unless asked for.
  process.env.LOG_LEVEL ??= "silent";
  const { attachToAppDatabase, migrate } = await import("../database");
  const db = await attachToAppDatabase((m) => console.error(m));
  process.env.DATABASE_URL = db.url;
  const controller = new AbortController();
  const onSignal = () => {
    console.error("Cancelling: rolling back…");
    controller.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const { disconnectPrisma, getPrisma } = await import("../../lib/db/prisma");
  try {
    await migrate(db.url);
    const { importLogStream, reconcileInterruptedImports } = await import("../../lib/imports/import");
    const { InvalidLinesError, ImportCancelledError } = await import("../../lib/imports/errors");
    await reconcileInterruptedImports();
    const prisma = getPrisma();
    const incident = await prisma.incident.findUnique({
      where: { key },
      select: { id: true, key: true, commander: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
    });
    if (!incident) {
      console.error(`Incident ${key} was not found. Nothing was imported.`);
      return EXIT_FAILED;
    }
    const commander = incident.commander;
    const actorUser =
      commander && !commander.disabledAt && (commander.role === "ADMIN" || commander.role === "COMMANDER")
        ? commander
        : await prisma.user.findFirst({ where: { role: "ADMIN", disabledAt: null }, orderBy: { createdAt: "asc" }, select: { id: true, email: true, name: true, role: true } });
    if (!actorUser) {
      console.error("No active commander or admin to act as: create an admin first. Nothing was imported.");
      return EXIT_FAILED;
    }
    const actor = { id: actorUser.id, email: actorUser.email, name: actorUser.name, role: actorUser.role };
    console.error(`Importing ${file} into ${incident.key} as ${actor.name} <${actor.email}> (label "cli")…`);
    const sha256 = await sha256File(file);
    const started = Date.now();
    try {
      const result = await importLogStream(actor, {
        incidentId: incident.id,
        fileName: file.split(/[\\/]/).pop() || file,
        source: createReadStream(file, { highWaterMark: 256 * 1024 }),
        format,
        skipInvalid,
        sha256,
        signal: controller.signal,
        actorLabel: "cli",
        onProgress: (rows, bytes) => {
          const seconds = (Date.now() - started) / 1000;
          console.error(`progress: ${rows} rows, ${mib(bytes)} of ${mib(info.size)}, ${Math.round(rows / Math.max(seconds, 0.001))} rows/s`);
        },
      });
      const seconds = (Date.now() - started) / 1000;
      console.error(
        `Imported ${result.accepted} rows (${result.rejected} rejected) as ${result.importId} in ${seconds.toFixed(1)} s; ` +
          `privacy: ${result.privacyReport.textFieldsDropped} text fields dropped, ${result.privacyReport.promptsHashed} prompts hashed, ` +
          `${result.privacyReport.identifiersPseudonymized} identifiers pseudonymized, ${result.privacyReport.secretsRedacted} secrets redacted.`,
      );
      process.stdout.write(
        `${JSON.stringify({
          importId: result.importId,
          format: result.format,
          rows: result.rows,
          accepted: result.accepted,
          rejected: result.rejected,
          byClass: result.byClass,
          byPath: result.byPath,
        })}\n`,
      );
      return EXIT_OK;
    } catch (error) {
      if (error instanceof InvalidLinesError) {
        console.error(error.message);
        for (const line of error.lines) console.error(`  line ${line.line}: ${line.reason}`);
        if (error.total > error.lines.length) console.error(`  … and ${error.total - error.lines.length} more`);
        console.error("Nothing was imported. Re-run with --skip-invalid to import the valid rows.");
        return EXIT_INVALID_LINES;
      }
      if (error instanceof ImportCancelledError) {
        console.error(error.message);
        return 130;
      }
      console.error(error instanceof Error ? error.message : String(error));
      return EXIT_FAILED;
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await disconnectPrisma().catch(() => undefined);
    await db.stop().catch(() => undefined);
  }
}
