/**
 * One import in a process of its own, for bench/import.ts: the parent generates the files and runs
 * the COPY baselines, so the memory of generating gigabytes of logs is not counted as the import's.
 * Like the CLI, this process holds only the app's modules when the import starts.
 *
 *   node --import tsx --conditions=react-server bench/import-child.ts <incidentId> <file> <format> <actor JSON>
 *
 * Prints one JSON line: the import result's figures, seconds, CPU seconds of this process (all threads), peak RSS (sampled every 50 ms) and
 * VmHWM (the kernel's high-water mark of this process), the RSS when the import started, this thread's V8
 * heap and off-heap memory at the sampled peak, and when it ended.
 */
import { createReadStream } from "node:fs";
import { vmHwmBytes } from "./process-memory";

async function main(): Promise<void> {
  const [incidentId, file, format, actorJson] = process.argv.slice(2);
  if (!incidentId || !file || !format || !actorJson) throw new Error("usage: import-child.ts <incidentId> <file> <format> <actor JSON>");
  process.env.LOG_LEVEL ??= "warn";
  const { importLogStream } = await import("../lib/imports/import");
  const { disconnectPrisma } = await import("../lib/db/prisma");
  const actor = JSON.parse(actorJson) as Parameters<typeof importLogStream>[0];
  const rssAtStart = process.memoryUsage().rss;
  let peak = rssAtStart;
  // This thread's heap and off-heap memory at the sampled peak: the rest of the RSS is the parse threads, code and native memory.
  let atPeak = { heapTotal: 0, external: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss <= peak) return;
    peak = usage.rss;
    atPeak = { heapTotal: usage.heapTotal, external: usage.external };
  };
  const timer = setInterval(sample, 50);
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  const result = await importLogStream(actor, {
    incidentId,
    fileName: `bench.${format}`,
    source: createReadStream(file, { highWaterMark: 256 * 1024 }),
    format: "auto",
    skipInvalid: false,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  clearInterval(timer);
  sample();
  const vmHwm = await vmHwmBytes();
  // Where the memory is at the end (before a GC): V8's heap, and memory outside it (Buffers, ArrayBuffers).
  const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  await disconnectPrisma();
  process.stdout.write(
    `${JSON.stringify({
      importId: result.importId,
      accepted: result.accepted,
      histogramBuckets: result.histogramBuckets,
      bucketSize: result.bucketSize,
      observationWindows: result.observationWindows,
      timings: result.timings,
      parse: result.parse,
      aggregateSources: result.aggregateSources,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRss: peak,
      vmHwm,
      rssAtStart,
      memoryAtEnd: { heapTotal, heapUsed, external, arrayBuffers },
      memoryAtPeak: atPeak,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
