// bench:export — the export of a large review: the fully filled demo review
// with 1,000,000 imported request-log rows (inserted with one INSERT … SELECT
// generate_series, then aggregated into observation windows and histogram
// buckets as the import would), 50 extra timeline events and 20 extra
// follow-ups. Prints the time to stream the whole bundle, the time for
// review.pdf alone, and the peak resident memory (VmHWM) of this process,
// which includes the PDF worker thread.
// Goals: bundle ≤ 5 s, PDF ≤ 3 s, RSS ≤ 500 MB.
//
// Usage: npm run bench:export [-- --rows 1000000 --runs 3]
// Uses DATABASE_URL when set, else a fresh embedded test database.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" } },
  allowPositionals: false,
});
const ROWS = Number(values.rows);
const RUNS = Math.max(1, Number(values.runs));

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const vmHwm = () => {
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmHWM:"));
  return line ? Number(line.replace(/\D+/g, "")) * 1024 : process.memoryUsage().rss;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  process.env.LOG_LEVEL ??= "silent";
  const root = path.resolve(import.meta.dirname, "..");
  process.env.INCIDENT_REVIEW_ROOT ??= root;
  const { migrate, provideDatabase } = await import("../scripts/database");
  const db = await provideDatabase("test", () => undefined);
  process.env.DATABASE_URL = db.url;
  const { getPrisma, disconnectPrisma } = await import("../lib/db/prisma");
  try {
    await migrate(db.url);
    const prisma = getPrisma();
    const stamp = Date.now().toString(36);
    const commander = await prisma.user.create({ data: { email: `bench-commander-${stamp}@bench.test`, name: "Bench Commander", role: "COMMANDER" } });
    const admin = await prisma.user.create({ data: { email: `bench-admin-${stamp}@bench.test`, name: "Bench Admin", role: "ADMIN" } });
    const { seedFullReview, uniqueIncidentKey } = await import("../lib/export/testing/seed");

    let t = performance.now();
    const { key, incidentId } = await seedFullReview({
      key: uniqueIncidentKey(),
      commanderId: commander.id,
      adminId: admin.id,
      timelineEvents: 50,
      followUps: 20,
      logRows: ROWS,
    });
    // What the import stores next to the rows: 5-minute windows and histogram buckets per path (and class).
    await prisma.observationWindow.deleteMany({ where: { incidentId } });
    await prisma.histogramBucket.deleteMany({ where: { incidentId, source: "IMPORT" } });
    const importId = (await prisma.logImport.findFirstOrThrow({ where: { incidentId } })).id;
    await prisma.$executeRaw`
      INSERT INTO "ObservationWindow" ("id", "incidentId", "source", "importId", "path", "windowStart", "windowEnd", "requests", "errors", "timeouts", "validationFailures", "p50LatencyMs", "p95LatencyMs", "p99LatencyMs")
      SELECT md5(random()::text), ${incidentId}, 'IMPORT', ${importId}, "path", w, w + interval '5 minutes', count(*)::int,
             count(*) FILTER (WHERE "requestClass" <> 'OK')::int, count(*) FILTER (WHERE "requestClass" = 'TIMEOUT')::int, 0,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs")::int, percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs")::int,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY "latencyMs")::int
      FROM (SELECT *, to_timestamp(floor(extract(epoch FROM ts) / 300) * 300) AS w FROM "RequestLogRow" WHERE "importId" = ${importId}) r
      GROUP BY "path", w`;
    await prisma.$executeRaw`
      INSERT INTO "HistogramBucket" ("id", "incidentId", "source", "importId", "windowStart", "windowEnd", "path", "requestClass", "count")
      SELECT md5(random()::text), ${incidentId}, 'IMPORT', ${importId}, w, w + interval '5 minutes', "path", "requestClass", count(*)::int
      FROM (SELECT *, to_timestamp(floor(extract(epoch FROM ts) / 300) * 300) AS w FROM "RequestLogRow" WHERE "importId" = ${importId}) r
      GROUP BY "path", "requestClass", w`;
    const seeded = (performance.now() - t) / 1000;
    const rows = await prisma.requestLogRow.count({ where: { incidentId } });
    const windows = await prisma.observationWindow.count({ where: { incidentId } });
    const rssNow = () => {
      const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
      return line ? Number(line.replace(/\D+/g, "")) * 1024 : 0;
    };
    if (process.env.BENCH_VERBOSE) console.log(`after seeding: RSS ${mb(rssNow())}, peak ${mb(vmHwm())}`);
    console.log(`seeded ${key}: ${rows.toLocaleString("en-US")} log rows, ${windows} windows, 56 timeline events, 23 follow-ups in ${seeded.toFixed(1)} s`);

    const { exportBundle, exportPdf } = await import("../lib/export/export");
    const actor = { id: commander.id, email: commander.email, name: commander.name, role: commander.role };
    const bundleTimes: number[] = [];
    const pdfTimes: number[] = [];
    const bundleCpu: number[] = [];
    const pdfCpu: number[] = [];
    // Process CPU time (all threads, the PDF worker included): on a busy machine wall time mostly measures waiting.
    const cpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    let zipBytes = 0;
    let files = 0;
    let pages = 0;
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      let c = cpu();
      const bundle = await exportBundle(actor, key, { onManifest: (m) => (files = m.fileCount + 1) });
      const reader = bundle.stream.getReader();
      zipBytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        zipBytes += value.byteLength;
      }
      bundleTimes.push((performance.now() - t) / 1000);
      bundleCpu.push(cpu() - c);

      t = performance.now();
      c = cpu();
      const pdf = await exportPdf(actor, key);
      pdfTimes.push((performance.now() - t) / 1000);
      pdfCpu.push(cpu() - c);
      if (process.env.BENCH_VERBOSE) console.log(`run ${i + 1}: RSS ${mb(rssNow())}, peak ${mb(vmHwm())}`);
      pages = (Buffer.from(pdf.pdf).toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
    }
    const rss = vmHwm();
    const fmt = (xs: number[]) => `first ${xs[0]!.toFixed(2)} s, median ${median(xs).toFixed(2)} s (${xs.map((x) => x.toFixed(2)).join(", ")})`;
    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    console.log(`machine: ${(await import("node:os")).cpus().length} cores, load average ${load}`);
    console.log(`bundle: wall ${fmt(bundleTimes)}; CPU median ${median(bundleCpu).toFixed(2)} s; ${files} files, ${(zipBytes / 1048576).toFixed(2)} MiB zip`);
    console.log(`pdf:    wall ${fmt(pdfTimes)}; CPU median ${median(pdfCpu).toFixed(2)} s; ${pages} pages`);
    console.log(`peak RSS (VmHWM): ${mb(rss)}`);
    const verdict = (ok: boolean) => (ok ? "ok" : "OVER");
    console.log(
      `goals (median wall time): bundle ≤ 5 s ${verdict(median(bundleTimes) <= 5)}, pdf ≤ 3 s ${verdict(median(pdfTimes) <= 3)}, RSS ≤ 500 MB ${verdict(rss <= 500 * 1048576)}`,
    );
  } finally {
    await disconnectPrisma().catch(() => undefined);
    await db.stop().catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
