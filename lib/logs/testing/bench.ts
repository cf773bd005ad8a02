/**
 * Throughput / memory check for parseLogStream on generated logs (not part of the test suite).
 *
 *   npx tsx lib/logs/testing/bench.ts [rows] [formats…]            pre-generates the file in memory,
 *                                                                   then times parsing alone
 *   npx tsx lib/logs/testing/bench.ts --stream [rows] [formats…]   generates while parsing and
 *                                                                   reports peak heap (memory must stay flat)
 */
import type { TLogFormat } from "@/lib/logs/detect";
import { parseLogStream, type TByteSource } from "@/lib/logs/reader";
import { fixtureByteStream } from "@/lib/logs/testing/fixtures";

const PRIVACY = { hmacSecret: "bench-secret-0123456789", pseudonymizeIdentifiers: true };

async function parseAll(source: TByteSource): Promise<{ records: number; rejected: number; seconds: number; peakHeapMiB: number }> {
  const started = performance.now();
  let peakHeap = process.memoryUsage().heapUsed;
  let records = 0;
  let rejected = 0;
  const stream = parseLogStream(source, {
    format: "auto",
    privacy: PRIVACY,
    primaryModel: "gpt-4o",
    fallbackModel: "gpt-4o-mini",
    clientTimeoutMs: 30_000,
    // A million generated rows exceed the default 1 GiB file limit.
    limits: { maxFileBytes: 8 * 1024 * 1024 * 1024 },
  });
  for await (const row of stream) {
    if (row.ok) records += 1;
    else rejected += 1;
    if ((records & 0x3fff) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  return { records, rejected, seconds: (performance.now() - started) / 1000, peakHeapMiB: Math.round(peakHeap / 1048576) };
}

async function bench(format: TLogFormat, count: number, streaming: boolean): Promise<void> {
  const options = { count, seed: 42, plantSecrets: true, multilinePrompts: format === "csv" };
  if (streaming) {
    const result = await parseAll(fixtureByteStream(format, options));
    console.log(
      `${format.padEnd(8)} streamed ${result.records} records (${result.rejected} rejected) in ${result.seconds.toFixed(1)} s incl. generation, peak heap ${result.peakHeapMiB} MiB`,
    );
    return;
  }
  const generated = performance.now();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of fixtureByteStream(format, options)) {
    chunks.push(chunk);
    bytes += chunk.length;
  }
  const generationSeconds = (performance.now() - generated) / 1000;
  async function* replay(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield chunk;
  }
  const result = await parseAll(replay());
  const rate = Math.round(result.records / result.seconds);
  console.log(
    `${format.padEnd(8)} ${result.records} records (${result.rejected} rejected), ${Math.round(bytes / 1048576)} MiB: parsed in ${result.seconds.toFixed(2)} s → ${rate.toLocaleString("en-US")} rows/s (${Math.round(bytes / 1048576 / result.seconds)} MiB/s; generation took ${generationSeconds.toFixed(1)} s)`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const streaming = args[0] === "--stream";
  const rest = streaming ? args.slice(1) : args;
  const count = Number(rest[0] ?? 200_000);
  const formats = (rest.length > 1 ? rest.slice(1) : ["jsonl", "csv", "litellm", "otel"]) as TLogFormat[];
  for (const format of formats) await bench(format, count, streaming);
}

void main();
