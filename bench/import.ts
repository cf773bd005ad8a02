/**
 * Request-log import benchmark: throughput, memory and query speed.
 *
 *   DATABASE_URL=postgresql://… npx tsx --conditions=react-server bench/import.ts [--rows 1000000] [--formats jsonl,csv,litellm,otel] [--keep]
 *
 * Per format: generates a realistic log file (lib/logs/testing/fixtures, written to a temp file first so
 * generation is not timed), imports it through importLogStream into a scratch incident (in a process of its
 * own, bench/import-child.ts, so the generator's memory is not counted), then times a
 * plain COPY of the same sanitized rows into identical tables (UNLOGGED and logged: LIKE "RequestLogRow"
 * INCLUDING ALL plus the same foreign keys, which LIKE leaves out) and the incident histogram queries.
 * For reference it also times the COPY into the logged table without its foreign keys. Prints rows/s, peak RSS (sampled every 50 ms, and
 * VmHWM from /proc/self/status, reset before each import) and the import/COPY ratio.
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pipeline } from "node:stream/promises";
import v8 from "node:v8";
import vm from "node:vm";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { deployMigrations } from "../lib/db/migrate";
import { vmHwmBytes } from "./process-memory";

const root = path.resolve(import.meta.dirname, "..");

type TFormat = "csv" | "jsonl" | "litellm" | "otel";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    formats: { type: "string", default: "jsonl,csv,litellm,otel" },
    keep: { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const FORMATS = String(values.formats).split(",").map((f) => f.trim()) as TFormat[];

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString("en-US")} rows/s`;

async function resetVmHwm(): Promise<void> {
  await writeFile("/proc/self/clear_refs", "5").catch(() => undefined);
}

// A full GC before each measured phase, so the garbage of generating a multi-GB file in this same
// process is not counted as the import's memory (the figures printed before each import show it).
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** Samples RSS while `work` runs. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number; vmHwm: number | null }> {
  collectGarbage();
  await resetVmHwm();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds, peakRss: peak, vmHwm: await vmHwmBytes() };
  } finally {
    clearInterval(timer);
  }
}

async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(file, { highWaterMark: 1024 * 1024 });
  let buffer = "";
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.write(buffer);
  out.end();
  await once(out, "finish");
  return (await stat(file)).size;
}

async function timeQuery(client: pg.Client, sql: string, params: unknown[], runs = 3): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await client.query(sql, params);
    times.push(Math.round(performance.now() - t));
  }
  return times;
}

type TChildImport = {
  result: { importId: string; accepted: number; histogramBuckets: number; bucketSize: string; observationWindows: number; timings: { streamMs: number; aggregateMs: number }; parse: { threads: number; batchesOnThreads: number; batchesInProcess: number } };
  seconds: number;
  peakRss: number;
  vmHwm: number | null;
  rssAtStart: number;
  memoryAtEnd: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
};

/** Imports `file` through importLogStream in a fresh node process; its own timing and memory figures. */
async function importInChild(incidentId: string, file: string, format: string, actor: unknown): Promise<TChildImport> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(root, "bench/import-child.ts"), incidentId, file, format, JSON.stringify(actor)], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the import process exited with ${code}`);
  const line = out.trim().split("\n").pop() ?? "";
  const { seconds, peakRss, vmHwm, rssAtStart, memoryAtEnd, ...result } = JSON.parse(line) as TChildImport["result"] & Omit<TChildImport, "result">;
  return { result, seconds, peakRss, vmHwm, rssAtStart, memoryAtEnd };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to the database to benchmark against.");
  process.env.LOG_LEVEL ??= "warn";
  await deployMigrations(url, root);
  const { getPrisma, disconnectPrisma } = await import("../lib/db/prisma");
  const { createIncidentRecord } = await import("../lib/incidents/incidents");
  const { getRequestHistogram, getLogSpan } = await import("../lib/imports/analytics");
  const { BUCKET_SIZES } = await import("../lib/imports/buckets");
  const { copyFromStatement, copyRowPrefix, encodeRequestRow } = await import("../lib/imports/copy-encoding");
  const { loadImportSettings } = await import("../lib/imports/settings");
  const { parseLogStream } = await import("../lib/logs");
  const { fixtureRecords } = await import("../lib/logs/testing/fixtures");

  const prisma = getPrisma();
  const stamp = Date.now();
  const user = await prisma.user.create({ data: { email: `bench-${stamp}@bench.invalid`, name: "Benchmark", role: "ADMIN" } });
  const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
  const settings = await loadImportSettings();
  // Generated OTLP/LiteLLM files of a million rows exceed the default 2 GiB upload limit: lift it for the run.
  const limitBefore = settings.maxImportBytes;
  await prisma.installationSetting.update({ where: { id: 1 }, data: { maxImportBytes: BigInt(64) * BigInt(1024 ** 3) } });
  const dir = await mkdtemp(path.join(tmpdir(), "ir-bench-"));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const startMs = Date.UTC(2026, 4, 8, 0, 0, 0);
  console.log(`Import benchmark: ${ROWS.toLocaleString("en-US")} rows per format, formats ${FORMATS.join(", ")}; node ${process.version}`);
  const incidents: string[] = [];
  try {
    for (const format of FORMATS) {
      const options = { count: ROWS, seed: 42, startMs, stepMs: 50, primaryModel: "gpt-4o", fallbackModel: "gpt-4o-mini" };
      const file = path.join(dir, `gateway.${format}`);
      const t0 = performance.now();
      const fileBytes = await writeLines(
        file,
        (function* () {
          for (const r of fixtureRecords(format, options)) yield `${r.text}\n`;
        })(),
      );
      console.log(`\n[${format}] generated ${mib(fileBytes)} in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`);

      const incident = await createIncidentRecord(actor, {
        title: `Import benchmark ${format} ${stamp}`,
        severity: "SEV4",
        degradationStartedAt: new Date(startMs),
        primaryModelResolvedId: "gpt-4o",
        fallbackModelResolvedId: "gpt-4o-mini",
      });
      incidents.push(incident.id);
      // The import runs in a process of its own (bench/import-child.ts, started like the CLI): this process
      // has just generated gigabytes of text, and its leftover memory is not the import's.
      const imported = await importInChild(incident.id, file, format, actor);
      const r = imported.result;
      console.log(
        `[${format}] import: ${r.accepted.toLocaleString("en-US")} rows in ${imported.seconds.toFixed(1)} s → ${rate(r.accepted, imported.seconds)}; ` +
          `peak RSS ${mib(imported.peakRss)} (sampled), VmHWM ${imported.vmHwm === null ? "n/a" : mib(imported.vmHwm)} (importing process; ${mib(imported.rssAtStart)} when the import started; at its end V8 heap ${mib(imported.memoryAtEnd.heapUsed)} used of ${mib(imported.memoryAtEnd.heapTotal)}, off-heap ${mib(imported.memoryAtEnd.external)}); ${r.histogramBuckets} buckets (${r.bucketSize}), ${r.observationWindows} windows; ` +
          `phases: read+parse+COPY ${(r.timings.streamMs / 1000).toFixed(1)} s, aggregates ${(r.timings.aggregateMs / 1000).toFixed(1)} s; ` +
          `parse threads ${r.parse.threads} (${r.parse.batchesOnThreads} batches on threads, ${r.parse.batchesInProcess} in-process)`,
      );

      // The same sanitized rows as COPY text, written to disk (not timed).
      const copyFile = path.join(dir, `rows.${format}.copy`);
      // The rows name the real import, so the copies' foreign key finds it as the import's did.
      const prefix = copyRowPrefix(r.importId, incident.id);
      const encodeStart = performance.now();
      const out = createWriteStream(copyFile, { highWaterMark: 1024 * 1024 });
      let batch = "";
      let encoded = 0;
      for await (const row of parseLogStream(createReadStream(file, { highWaterMark: 256 * 1024 }), {
        format,
        privacy: settings.privacy,
        primaryModel: "gpt-4o",
        fallbackModel: "gpt-4o-mini",
        limits: { maxFileBytes: Number.MAX_SAFE_INTEGER, maxLineBytes: settings.maxLineBytes },
      })) {
        if (!row.ok) continue;
        batch += encodeRequestRow(prefix, row.record);
        encoded += 1;
        if (batch.length >= 1 << 20) {
          if (!out.write(batch)) await once(out, "drain");
          batch = "";
        }
      }
      out.write(batch);
      out.end();
      await once(out, "finish");
      const copyBytes = (await stat(copyFile)).size;
      console.log(`[${format}] sanitized rows as COPY text: ${mib(copyBytes)} (${encoded.toLocaleString("en-US")} rows, ${((performance.now() - encodeStart) / 1000).toFixed(1)} s, not timed)`);

      // "Identical" includes the foreign keys: PostgreSQL checks each copied row against them, as it
      // does for the import's own COPY (LIKE … INCLUDING ALL copies no foreign key).
      const foreignKeys = await client.query<{ def: string }>(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '"RequestLogRow"'::regclass AND contype = 'f' ORDER BY conname`,
      );
      const results: Record<string, number> = {};
      const variants = [
        { key: "UNLOGGED", unlogged: true, withForeignKeys: true, label: "unlogged table" },
        { key: "LOGGED", unlogged: false, withForeignKeys: true, label: "logged table" },
        { key: "LOGGED_NO_FK", unlogged: false, withForeignKeys: false, label: "logged table without its foreign keys (reference)" },
      ] as const;
      for (const variant of variants) {
        const table = `bench_copy_${variant.key.toLowerCase()}_${stamp}`;
        await client.query(`CREATE ${variant.unlogged ? "UNLOGGED " : ""}TABLE "${table}" (LIKE "RequestLogRow" INCLUDING ALL)`);
        if (variant.withForeignKeys) {
          for (const [i, fk] of foreignKeys.rows.entries()) await client.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_fk${i}" ${fk.def}`);
        }
        try {
          const copied = await measured(async () => {
            const stream = client.query(copyFrom(copyFromStatement(table)));
            await pipeline(createReadStream(copyFile, { highWaterMark: 1024 * 1024 }), stream);
            return stream.rowCount;
          });
          results[variant.key] = copied.seconds;
          console.log(`[${format}] plain COPY into ${variant.label}: ${copied.result.toLocaleString("en-US")} rows in ${copied.seconds.toFixed(1)} s → ${rate(copied.result, copied.seconds)}`);
        } finally {
          await client.query(`DROP TABLE "${table}"`);
        }
      }
      console.log(
        `[${format}] ratio import / plain COPY into an identical table (${foreignKeys.rows.length} foreign key${foreignKeys.rows.length === 1 ? "" : "s"}): ` +
          `${(imported.seconds / results.UNLOGGED!).toFixed(2)} (unlogged), ${(imported.seconds / results.LOGGED!).toFixed(2)} (logged); ` +
          `without the foreign keys ${(imported.seconds / results.LOGGED_NO_FK!).toFixed(2)} (logged, reference)`,
      );

      const span = await getLogSpan(actor, incident.id);
      const rawSql = `SELECT date_bin('300 seconds'::interval, "ts", '2000-01-01T00:00:00Z'::timestamptz) AS b, "path", "requestClass", count(*)
                      FROM "RequestLogRow" WHERE "incidentId" = $1 GROUP BY 1, 2, 3`;
      const raw = await timeQuery(client, rawSql, [incident.id]);
      // Every bucket size the logs page offers (plus auto), for all paths and one path; each timed three times.
      const perSize: string[] = [];
      let worst = 0;
      for (const bucket of ["auto", ...BUCKET_SIZES] as const) {
        for (const path of ["ALL", "FALLBACK"] as const) {
          const times: number[] = [];
          let served = "";
          for (let i = 0; i < 3; i += 1) {
            const t = performance.now();
            const h = await getRequestHistogram(actor, incident.id, { bucket, path }, span);
            times.push(Math.round(performance.now() - t));
            served = `${h.size}${h.adjusted ? " (coarsened)" : ""} from ${h.source}, ${h.rows.length} buckets`;
          }
          worst = Math.max(worst, ...times);
          perSize.push(`${bucket}/${path}: ${times.join("/")} ms [${served}]`);
        }
      }
      console.log(
        `[${format}] histogram query over ${r.accepted.toLocaleString("en-US")} rows (finest stored ${span.fineBucketSize}, default stored ${span.storedBucketSize}); ` +
          `raw date_bin × path × class over all rows ${raw.join("/")} ms (for reference)`,
      );
      for (const line of perSize) console.log(`[${format}]   page query ${line}`);
      console.log(`[${format}] histogram page query, slowest over every offered bucket size: ${worst} ms`);
      await rm(file, { force: true });
      await rm(copyFile, { force: true });
      if (!values.keep) {
        await client.query(`DELETE FROM "Incident" WHERE "id" = $1`, [incident.id]);
        incidents.pop();
        // Not timed: the next format's import should not pay for this one's dead rows in the table and its indexes.
        await client.query(`VACUUM "RequestLogRow", "RequestLogBucket", "HistogramBucket", "ObservationWindow", "LogImport"`);
      }
    }
  } finally {
    await prisma.installationSetting.update({ where: { id: 1 }, data: { maxImportBytes: BigInt(limitBefore) } });
    await client.end();
    await rm(dir, { recursive: true, force: true });
    await disconnectPrisma();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
