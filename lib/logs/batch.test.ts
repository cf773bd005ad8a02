import { describe, expect, it } from "vitest";

import { BatchRunner, InProcessExecutor, parseLogBatches, type TBatch, type TBatchConfig, type TBatchExecutor, type TBatchResult } from "@/lib/logs/batch";
import type { TLogFormat } from "@/lib/logs/detect";
import { LogInputError } from "@/lib/logs/errors";
import { parseLogStream, type TImportSummary, type TParseLogOptions } from "@/lib/logs/reader";
import type { TRowRejection, TSanitizedRequest } from "@/lib/logs/record";
import { fixtureRecords, textStream, type TFixtureOptions } from "@/lib/logs/testing/fixtures";

const PRIVACY = { hmacSecret: "test-secret-0123456789", pseudonymizeIdentifiers: true };
const encode = (r: TSanitizedRequest) => `${JSON.stringify(r)}\n`;
const decoder = new TextDecoder();

type TOutcome = { encoded: string; rejections: TRowRejection[]; summary: TImportSummary } | { error: { code: string; message: string }; encoded: string; rejections: TRowRejection[] };

/** The sequential pipeline, as the import used it before batches existed. */
async function sequential(text: string, options: TParseLogOptions): Promise<TOutcome> {
  const stream = parseLogStream(textStream(text, 4096), options);
  let encoded = "";
  const rejections: TRowRejection[] = [];
  try {
    for await (const row of stream) {
      if (row.ok) encoded += encode(row.record);
      else rejections.push(row);
    }
  } catch (error) {
    if (!(error instanceof LogInputError)) throw error;
    return { error: { code: error.code, message: error.message }, encoded, rejections };
  }
  return { encoded, rejections, summary: stream.summary() };
}

/** Like a worker pool: config and batches go through structured clone, runners live on "other threads", results come back in order. */
class ClonedExecutor implements TBatchExecutor {
  private readonly runners: BatchRunner[] = [];
  private next = 0;
  constructor(private readonly threads: number) {}
  configure(config: TBatchConfig): void {
    for (let i = 0; i < this.threads; i += 1) this.runners.push(new BatchRunner(structuredClone(config), encode));
  }
  async run(batch: TBatch): Promise<TBatchResult> {
    const runner = this.runners[this.next++ % this.runners.length]!;
    await new Promise((resolve) => setTimeout(resolve, 0));
    return structuredClone(runner.run(structuredClone(batch)));
  }
}

async function batched(text: string, options: TParseLogOptions, executor: TBatchExecutor, maxItems: number): Promise<TOutcome> {
  const stream = parseLogBatches(textStream(text, 4096), options, executor, { maxItems, maxChars: 10_000, maxInFlight: 3 });
  let encoded = "";
  const rejections: TRowRejection[] = [];
  try {
    for await (const batch of stream) {
      encoded += decoder.decode(batch.encoded);
      rejections.push(...batch.rejections);
    }
  } catch (error) {
    if (!(error instanceof LogInputError)) throw error;
    return { error: { code: error.code, message: error.message }, encoded, rejections };
  }
  return { encoded, rejections, summary: stream.summary() };
}

function fileText(format: TLogFormat, fixture: TFixtureOptions, extra: string[]): string {
  const lines = [...fixtureRecords(format, fixture)].map((r) => r.text);
  // Bad lines in the middle and at the end, blank lines, CRLF.
  lines.splice(Math.floor(lines.length / 2), 0, ...extra);
  return lines.join("\r\n") + "\r\n\r\n" + extra.slice(0, 2).join("\n");
}

const OPTIONS = (format: TParseLogOptions["format"]): TParseLogOptions => ({
  format,
  privacy: PRIVACY,
  primaryModel: "gpt-4o",
  fallbackModel: "gpt-4o-mini",
  clientTimeoutMs: 30_000,
  limits: { maxLineBytes: 20_000, maxFileBytes: 64 * 1024 * 1024 },
});

const JSON_BAD = ["not json", "[1, 2]", "", '{"status": 200}', '{"timestamp": "yesterday"}', `{"prompt": "${"x".repeat(25_000)}"}`];
const CSV_BAD = ['2026-05-08T09:00:00Z,"unterminated', "oops,too,few", "", '2026-05-08T09:00:00Z,"a"b,c'];

describe("parseLogBatches gives exactly the sequential output", () => {
  const cases: [TLogFormat, Partial<TFixtureOptions>, string[]][] = [
    ["jsonl", { plantSecrets: true }, JSON_BAD],
    ["litellm", { plantSecrets: true }, JSON_BAD],
    ["otel", { plantSecrets: true, spansPerLine: 3 }, JSON_BAD],
    ["csv", { plantSecrets: true, multilinePrompts: true }, CSV_BAD],
    ["csv", { timestampStyle: "epoch_ms" }, []],
    ["jsonl", { timestampStyle: "iso_no_zone", classMix: { OK: 1, TIMEOUT: 1, QUALITY_REGRESSION: 1 } }, []],
  ];
  for (const [format, extraOptions, bad] of cases) {
    it(`${format} ${JSON.stringify(extraOptions)}: same encoded rows, rejections and summary, in-thread and across cloned runners`, async () => {
      const text = fileText(format, { count: 300, seed: 11, ...extraOptions }, bad);
      for (const chosen of ["auto", format] as const) {
        const expected = await sequential(text, OPTIONS(chosen));
        expect("summary" in expected && expected.summary.records).toBeGreaterThan(250);
        if (bad.length > 0) expect(expected.rejections.length).toBeGreaterThanOrEqual(bad.length - 2);
        for (const maxItems of [1, 7, 64, 5000]) {
          expect(await batched(text, OPTIONS(chosen), new InProcessExecutor(encode), maxItems)).toEqual(expected);
          expect(await batched(text, OPTIONS(chosen), new ClonedExecutor(2), maxItems)).toEqual(expected);
        }
      }
    });
  }

  it("a file-level problem mid-file: the same rows first, then the same error", async () => {
    const good = [...fixtureRecords("jsonl", { count: 40, seed: 5 })].map((r) => r.text);
    const bytes = good.slice(0, 20).join("\n") + "\n\u0000binary\n" + good.slice(20).join("\n");
    const expected = await sequential(bytes, OPTIONS("jsonl"));
    expect(expected).toMatchObject({ error: { code: "BINARY_CONTENT" } });
    for (const maxItems of [1, 3, 100]) expect(await batched(bytes, OPTIONS("jsonl"), new ClonedExecutor(2), maxItems)).toEqual(expected);
  });

  it("lines kept as bytes: BOM, U+FEFF and multi-byte text, CRLF, a lone CR; then invalid UTF-8 fails at the same line", async () => {
    const good = [...fixtureRecords("jsonl", { count: 40, seed: 6 })].map((r) => r.text);
    const odd = [`{"timestamp":"2026-05-08T09:00:00Z","route":"/é/😀\r","user":"\ufeffu"}`, `\ufeff${good[3]}`, `${good[4]}\r`, "  ", ""];
    const text = "\ufeff" + [...good.slice(0, 20), ...odd, ...good.slice(20)].join("\r\n");
    const valid = new TextEncoder().encode(text);
    const invalid = new Uint8Array([...new TextEncoder().encode(good.slice(0, 30).join("\n") + "\n"), 0xc3, 0x28, 10, ...new TextEncoder().encode(good[0] as string)]);
    for (const bytes of [valid, invalid]) {
      const sequentialOut = await collect(parseLogStream(byteStream(bytes, 333), OPTIONS("auto")));
      expect(sequentialOut.rows).toBeGreaterThanOrEqual(30);
      if (bytes === invalid) expect(sequentialOut.error).toBe("Line 31 is not valid UTF-8. Export the file as UTF-8 text.");
      for (const maxItems of [1, 6, 100]) {
        const stream = parseLogBatches(byteStream(bytes, 333), OPTIONS("auto"), new ClonedExecutor(2), { maxItems, maxChars: 10_000, maxInFlight: 3 });
        let encoded = "";
        let rows = 0;
        let error: string | null = null;
        try {
          for await (const batch of stream) {
            encoded += decoder.decode(batch.encoded);
            rows += batch.accepted;
          }
        } catch (e) {
          error = (e as Error).message;
        }
        expect({ encoded, rows, error }).toEqual({ encoded: sequentialOut.encoded, rows: sequentialOut.rows, error: sequentialOut.error });
      }
    }
  });

  it("a CSV whose header maps no timestamp fails the same way", async () => {
    const text = "a,b\n1,2\n";
    const expected = await sequential(text, OPTIONS("csv"));
    expect(expected).toMatchObject({ error: { code: "INVALID_MAPPING" } });
    expect(await batched(text, OPTIONS("csv"), new InProcessExecutor(encode), 10)).toEqual(expected);
  });
});

async function* byteStream(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

async function collect(stream: AsyncIterable<{ ok: boolean; record?: TSanitizedRequest }>): Promise<{ encoded: string; rows: number; error: string | null }> {
  let encoded = "";
  let rows = 0;
  try {
    for await (const row of stream) {
      if (row.ok && row.record) {
        encoded += encode(row.record);
        rows += 1;
      }
    }
  } catch (e) {
    return { encoded, rows, error: (e as Error).message };
  }
  return { encoded, rows, error: null };
}

describe("parseLogBatches hands results over as soon as they are ready", () => {
  const lines = [...fixtureRecords("jsonl", { count: 200, seed: 8 })].map((r) => `${r.text}\n`);

  /** One line per chunk, counting how many the parser has pulled. */
  function countingSource(): { source: AsyncGenerator<Uint8Array>; pulled: () => number } {
    let pulled = 0;
    const encoder = new TextEncoder();
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const line of lines) {
        pulled += 1;
        yield encoder.encode(line);
      }
    }
    return { source: source(), pulled: () => pulled };
  }

  it("a finished batch leaves before the reader dispatches many more, even when more may be in flight", async () => {
    const { source, pulled } = countingSource();
    const stream = parseLogBatches(source, OPTIONS("jsonl"), new InProcessExecutor(encode), { maxItems: 5, maxChars: 1_000_000, maxInFlight: 20 });
    const pulledAtEachBatch: number[] = [];
    let rows = 0;
    for await (const batch of stream) {
      pulledAtEachBatch.push(pulled());
      rows += batch.accepted;
    }
    expect(rows).toBe(200);
    // Waiting for 20 batches in flight would have read 100+ lines before the first result left.
    expect(pulledAtEachBatch[0]).toBeLessThanOrEqual(60);
    for (const [i, at] of pulledAtEachBatch.entries()) expect(at).toBeLessThanOrEqual(60 + 5 * i);
  });

  it("a batch still being parsed elsewhere does not stop the reader before maxInFlight; order is kept", async () => {
    const { source, pulled } = countingSource();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner = new InProcessExecutor(encode);
    let dispatched = 0;
    const executor: TBatchExecutor = {
      configure: (config) => inner.configure(config),
      run: (batch) => {
        dispatched += 1;
        // The first batch is "on a thread" until released; the others finish at once.
        return dispatched === 1 ? gate.then(() => inner.run(batch)) : inner.run(batch);
      },
    };
    // Only the first batch waits, so inner runs batches out of order: give it batches it can take in any order.
    const stream = parseLogBatches(source, OPTIONS("jsonl"), executor, { maxItems: 5, maxChars: 1_000_000, maxInFlight: 6 });
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Stopped by the bound alone: 7 batches dispatched (maxInFlight + 1), nothing handed over yet.
    expect(dispatched).toBe(7);
    expect(pulled()).toBeLessThanOrEqual(40);
    release();
    const firstBatch = await first;
    expect(firstBatch.done).toBe(false);
    let rows = firstBatch.value?.accepted ?? 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rows += next.value.accepted;
    expect(rows).toBe(200);
  });
});
