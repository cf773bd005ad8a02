/**
 * Throughput check for parseLogStream on generated logs (not part of the test suite).
 * Run: npx tsx lib/logs/testing/bench.ts [rows] [formats…]
 */
import { parseLogStream } from "@/lib/logs/reader";
import { fixtureByteStream } from "@/lib/logs/testing/fixtures";
import type { TLogFormat } from "@/lib/logs/detect";

async function bench(format: TLogFormat, count: number): Promise<void> {
  const options = { count, seed: 42, plantSecrets: true };
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let records = 0;
  let rejected = 0;
  const stream = parseLogStream(fixtureByteStream(format, options), {
    format: "auto",
    privacy: { hmacSecret: "bench-secret-0123456789", pseudonymizeIdentifiers: true },
    primaryModel: "gpt-4o",
    fallbackModel: "gpt-4o-mini",
    clientTimeoutMs: 30_000,
  });
  for await (const row of stream) {
    if (row.ok) records += 1;
    else rejected += 1;
    if ((records & 0x3fff) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(records / seconds);
  console.log(
    `${format.padEnd(8)} ${records} records, ${rejected} rejected in ${seconds.toFixed(2)} s → ${rate.toLocaleString("en-US")} rows/s, peak heap +${Math.round((peakHeap - heapBefore) / 1048576)} MiB`,
  );
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200_000);
  const formats = (process.argv.slice(3).length > 0 ? process.argv.slice(3) : ["jsonl", "csv", "litellm", "otel"]) as TLogFormat[];
  for (const format of formats) await bench(format, count);
}

void main();
