/**
 * Request-log import benchmark: throughput, memory and query speed.
 *
 *   DATABASE_URL=postgresql://… npx tsx --conditions=react-server bench/import.ts [--rows 1000000] [--formats jsonl,csv,litellm,otel] [--repeat 3] [--keep]
 *
 * Per format: generates a realistic log file (lib/logs/testing/fixtures, written to a temp file first so
 * generation is not timed) and the same rows sanitized as COPY text (not timed). Then, `--repeat` times
 * in turn: imports the file through importLogStream into a fresh scratch incident (in a process of its
 * own, bench/import-child.ts, so the generator's memory is not counted), then times a plain COPY of the
 * sanitized rows into identical tables (UNLOGGED and logged: LIKE "RequestLogRow" INCLUDING ALL plus the
 * same foreign keys, which LIKE leaves out; for reference also the logged table without its foreign
 * keys). Each import and its COPYs run back to back, so a busy moment of a shared machine weighs on
 * both; the summary gives every round's ratio and the medians. Also prints rows/s, the CPU the
 * importing process and its PostgreSQL backend used, peak RSS (sampled every 50 ms, and VmHWM from
 * /proc/self/status) and the incident histogram queries.
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
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
import type { TParseStats } from "../lib/imports/parse-pool";
import { vmHwmBytes } from "./process-memory";

const root = path.resolve(import.meta.dirname, "..");

type TFormat = "csv" | "jsonl" | "litellm" | "otel";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    formats: { type: "string", default: "jsonl,csv,litellm,otel" },
    keep: { type: "boolean", default: false },
    repeat: { type: "string", default: "3" },
  },
});
const REPEAT = Math.max(1, Math.floor(Number(values.repeat)) || 1);
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

/** "; threads busy 97 %, importing thread 88 %" from the first batch sent to a thread to the last answer. */
function busyText(parse: TParseStats): string {
  if (parse.threadBusy === null || parse.callerBusy === null) return "";
  return `; from the first batch on a thread to the last: threads busy ${Math.round(parse.threadBusy * 100)} %, importing thread ${Math.round(parse.callerBusy * 100)} %`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Deletes a scratch incident (its rows cascade) and vacuums, so the next round meets no dead rows (not timed). */
async function dropIncident(client: pg.Client, incidents: string[], id: string): Promise<void> {
  await client.query(`DELETE FROM "Incident" WHERE "id" = $1`, [id]);
  incidents.splice(incidents.indexOf(id), 1);
  await client.query(`VACUUM "RequestLogRow", "RequestLogBucket", "HistogramBucket", "ObservationWindow", "LogImport"`);
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
  result: {
    importId: string;
    accepted: number;
    histogramBuckets: number;
    bucketSize: string;
    observationWindows: number;
    timings: { streamMs: number; aggregateMs: number };
    parse: TParseStats;
    aggregateSources: { buckets: string; windows: string };
  };
  seconds: number;
  /** CPU time of the whole importing process (every thread). */
  cpuSeconds: number;
  /** CPU time of the PostgreSQL backend serving the import's connection (null when it cannot be read). */
  backendCpuSeconds: number | null;
  peakRss: number;
  vmHwm: number | null;
  rssAtStart: number;
  memoryAtEnd: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  memoryAtPeak: { heapTotal: number; external: number };
};

/** User + system CPU seconds of a local process, from /proc (null when it is not there or not ours to read). */
async function processCpuSeconds(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / 100 : null;
}

/**
 * Imports `file` through importLogStream in a fresh node process; its own timing, CPU and memory
 * figures, and the CPU its PostgreSQL backend spent (found by the import connection's
 * application_name, read from /proc while the server runs on this machine).
 */
async function importInChild(incidentId: string, file: string, format: string, actor: unknown, monitor: pg.Client): Promise<TChildImport> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(root, "bench/import-child.ts"), incidentId, file, format, JSON.stringify(actor)], {
    cwd: root,
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const exited = once(child, "exit") as Promise<[number | null]>;
  let backend: { pid: number; startCpu: number; lastCpu: number } | null = null;
  let done = false;
  void exited.then(() => (done = true));
  // Polls until the import's connection shows up, then samples its CPU until the child exits.
  while (!done) {
    if (backend === null) {
      const found = await monitor.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'incident-review-import' AND datname = current_database() ORDER BY backend_start DESC LIMIT 1`,
      );
      const pid = found.rows[0]?.pid;
      const cpu = pid === undefined ? null : await processCpuSeconds(pid);
      if (pid !== undefined && cpu !== null) backend = { pid, startCpu: cpu, lastCpu: cpu };
    } else {
      backend.lastCpu = (await processCpuSeconds(backend.pid)) ?? backend.lastCpu;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, backend === null ? 20 : 100))]);
  }
  const [code] = await exited;
  if (code !== 0) throw new Error(`the import process exited with ${code}`);
  const line = out.trim().split("\n").pop() ?? "";
  const { seconds, cpuSeconds, peakRss, vmHwm, rssAtStart, memoryAtEnd, memoryAtPeak, ...result } = JSON.parse(line) as TChildImport["result"] & Omit<TChildImport, "result" | "backendCpuSeconds">;
  const backendCpuSeconds = backend === null ? null : backend.lastCpu - backend.startCpu;
  return { result, seconds, cpuSeconds, backendCpuSeconds, peakRss, vmHwm, rssAtStart, memoryAtEnd, memoryAtPeak };
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
  const FORMAT_ENUM = { csv: "CSV", jsonl: "JSONL", litellm: "LITELLM", otel: "OTEL" } as const;

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

      // The baseline's rows name an import of their own (a stable foreign-key target, checked per row as
      // for the import's COPY), so the COPY text is made once and every round's import starts afresh.
      const baselineIncident = await createIncidentRecord(actor, { title: `Import benchmark ${format} baseline ${stamp}`, severity: "SEV4", degradationStartedAt: new Date(startMs) });
      incidents.push(baselineIncident.id);
      const baselineImport = await prisma.logImport.create({
        data: { incidentId: baselineIncident.id, fileName: "baseline", sha256: "", format: FORMAT_ENUM[format], status: "FAILED", error: "benchmark COPY baseline" },
      });
      const copyFile = path.join(dir, `rows.${format}.copy`);
      const prefix = copyRowPrefix(baselineImport.id, baselineIncident.id);
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
      const variants = [
        { key: "UNLOGGED", unlogged: true, withForeignKeys: true, label: "unlogged table" },
        { key: "LOGGED", unlogged: false, withForeignKeys: true, label: "logged table" },
        { key: "LOGGED_NO_FK", unlogged: false, withForeignKeys: false, label: "logged table without its foreign keys (reference)" },
      ] as const;
      const rounds: { importSeconds: number; copy: Record<(typeof variants)[number]["key"], number> }[] = [];
      let incident: { id: string } | null = null;
      let r: TChildImport["result"] | null = null;
      for (let round = 1; round <= REPEAT; round += 1) {
        if (incident !== null) await dropIncident(client, incidents, incident.id);
        incident = await createIncidentRecord(actor, {
          title: `Import benchmark ${format} ${stamp} round ${round}`,
          severity: "SEV4",
          degradationStartedAt: new Date(startMs),
          primaryModelResolvedId: "gpt-4o",
          fallbackModelResolvedId: "gpt-4o-mini",
        });
        incidents.push(incident.id);
        // The import runs in a process of its own (bench/import-child.ts, started like the CLI): this process
        // has just generated gigabytes of text, and its leftover memory is not the import's.
        const imported = await importInChild(incident.id, file, format, actor, client);
        r = imported.result;
        console.log(
          `[${format}] round ${round}/${REPEAT} import: ${r.accepted.toLocaleString("en-US")} rows in ${imported.seconds.toFixed(1)} s → ${rate(r.accepted, imported.seconds)}; ` +
            `CPU: importing process ${imported.cpuSeconds.toFixed(1)} s (${((imported.cpuSeconds / r.accepted) * 1e6).toFixed(1)} µs/row), its PostgreSQL backend ${imported.backendCpuSeconds === null ? "n/a" : `${imported.backendCpuSeconds.toFixed(1)} s`}; ` +
            `peak RSS ${mib(imported.peakRss)} (sampled; then this thread's V8 heap ${mib(imported.memoryAtPeak.heapTotal)}, off-heap ${mib(imported.memoryAtPeak.external)}), VmHWM ${imported.vmHwm === null ? "n/a" : mib(imported.vmHwm)} (importing process; ${mib(imported.rssAtStart)} when the import started; at its end V8 heap ${mib(imported.memoryAtEnd.heapUsed)} used of ${mib(imported.memoryAtEnd.heapTotal)}, off-heap ${mib(imported.memoryAtEnd.external)}); ${r.histogramBuckets} buckets (${r.bucketSize}), ${r.observationWindows} windows; ` +
            `phases: read+parse+COPY ${(r.timings.streamMs / 1000).toFixed(1)} s, aggregates ${(r.timings.aggregateMs / 1000).toFixed(1)} s (buckets from ${r.aggregateSources.buckets}, windows from ${r.aggregateSources.windows}); ` +
            `parse threads ${r.parse.threads} (${r.parse.batchesOnThreads} batches on threads, ${r.parse.batchesInProcess} in-process${busyText(r.parse)})`,
        );
        const copy = {} as Record<(typeof variants)[number]["key"], number>;
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
            copy[variant.key] = copied.seconds;
            console.log(`[${format}] round ${round}/${REPEAT} plain COPY into ${variant.label}: ${copied.result.toLocaleString("en-US")} rows in ${copied.seconds.toFixed(1)} s → ${rate(copied.result, copied.seconds)}`);
          } finally {
            await client.query(`DROP TABLE "${table}"`);
          }
        }
        rounds.push({ importSeconds: imported.seconds, copy });
        console.log(
          `[${format}] round ${round}/${REPEAT} ratio import / plain COPY: ${(imported.seconds / copy.UNLOGGED).toFixed(2)} (unlogged), ${(imported.seconds / copy.LOGGED).toFixed(2)} (logged); ` +
            `without the foreign keys ${(imported.seconds / copy.LOGGED_NO_FK).toFixed(2)} (logged, reference)`,
        );
      }
      const importMedian = median(rounds.map((x) => x.importSeconds));
      const ratios = (key: (typeof variants)[number]["key"]) => rounds.map((x) => x.importSeconds / x.copy[key]);
      const summary = (key: (typeof variants)[number]["key"]) =>
        `${median(ratios(key)).toFixed(2)} [rounds ${ratios(key).map((x) => x.toFixed(2)).join(", ")}; medians ${importMedian.toFixed(1)} s / ${median(rounds.map((x) => x.copy[key])).toFixed(1)} s]`;
      console.log(
        `[${format}] ratio import / plain COPY into an identical table (${foreignKeys.rows.length} foreign key${foreignKeys.rows.length === 1 ? "" : "s"}), median of ${REPEAT} round${REPEAT === 1 ? "" : "s"}: ` +
          `logged ${summary("LOGGED")}; unlogged ${summary("UNLOGGED")}; without the foreign keys (logged, reference) ${summary("LOGGED_NO_FK")}`,
      );

      const current = incident as { id: string };
      const result = r as TChildImport["result"];
      const span = await getLogSpan(actor, current.id);
      const rawSql = `SELECT date_bin('300 seconds'::interval, "ts", '2000-01-01T00:00:00Z'::timestamptz) AS b, "path", "requestClass", count(*)
                      FROM "RequestLogRow" WHERE "incidentId" = $1 GROUP BY 1, 2, 3`;
      const raw = await timeQuery(client, rawSql, [current.id]);
      // Every bucket size the logs page offers (plus auto), for all paths and one path; each timed three times.
      const perSize: string[] = [];
      let worst = 0;
      for (const bucket of ["auto", ...BUCKET_SIZES] as const) {
        for (const path of ["ALL", "FALLBACK"] as const) {
          const times: number[] = [];
          let served = "";
          for (let i = 0; i < 3; i += 1) {
            const t = performance.now();
            const h = await getRequestHistogram(actor, current.id, { bucket, path }, span);
            times.push(Math.round(performance.now() - t));
            served = `${h.size}${h.adjusted ? " (coarsened)" : ""} from ${h.source}, ${h.rows.length} buckets`;
          }
          worst = Math.max(worst, ...times);
          perSize.push(`${bucket}/${path}: ${times.join("/")} ms [${served}]`);
        }
      }
      console.log(
        `[${format}] histogram query over ${result.accepted.toLocaleString("en-US")} rows (finest stored ${span.fineBucketSize}, default stored ${span.storedBucketSize}); ` +
          `raw date_bin × path × class over all rows ${raw.join("/")} ms (for reference)`,
      );
      for (const line of perSize) console.log(`[${format}]   page query ${line}`);
      console.log(`[${format}] histogram page query, slowest over every offered bucket size: ${worst} ms`);
      await rm(file, { force: true });
      await rm(copyFile, { force: true });
      if (!values.keep) {
        await dropIncident(client, incidents, current.id);
        await dropIncident(client, incidents, baselineIncident.id);
      }
    }
  } finally {
    // A failed run leaves no scratch incident behind (unless asked to keep them).
    if (!values.keep) for (const id of [...incidents]) await client.query(`DELETE FROM "Incident" WHERE "id" = $1`, [id]).catch(() => undefined);
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
