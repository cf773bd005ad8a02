import { describe, expect, it } from "vitest";
import { PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { ImportCancelledError } from "./errors";
import { spoolUpload } from "./spool";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function* producer(chunks: string[], delayMs = 0): AsyncGenerator<Uint8Array> {
  for (const c of chunks) {
    if (delayMs) await sleep(delayMs);
    yield new TextEncoder().encode(c);
  }
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString("utf8");
}

const opts = { maxBytes: 1_000_000, tooLargeMessage: "too large" };

describe("spoolUpload", () => {
  it("hands over every byte in order while the upload is still arriving", async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => `line ${i} ${"x".repeat(i * 7)}\n`);
    const spool = await spoolUpload(producer(chunks, 1), { ...opts, readChunkBytes: 100 });
    expect(await readAll(spool.source)).toBe(chunks.join(""));
    expect(spool.received()).toBe(Buffer.byteLength(chunks.join("")));
  });

  it("receives faster than the reader consumes (the upload is not held back)", async () => {
    const chunks = Array.from({ length: 20 }, () => "y".repeat(1000));
    const spool = await spoolUpload(producer(chunks), opts);
    await sleep(50);
    expect(spool.received()).toBe(20_000);
    expect((await readAll(spool.source)).length).toBe(20_000);
  });

  it("reads from a web ReadableStream", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("a\n"));
        controller.enqueue(new TextEncoder().encode("b\n"));
        controller.close();
      },
    });
    const spool = await spoolUpload(stream, opts);
    expect(await readAll(spool.source)).toBe("a\nb\n");
  });

  it("refuses an upload over the limit", async () => {
    const spool = await spoolUpload(producer(["12345", "67890", "abc"]), { ...opts, maxBytes: 8 });
    await expect(readAll(spool.source)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("refuses a body shorter than its Content-Length", async () => {
    const spool = await spoolUpload(producer(["abc"]), { ...opts, expectedBytes: 10 });
    await expect(readAll(spool.source)).rejects.toBeInstanceOf(ValidationError);
  });

  it("stops on abort", async () => {
    const controller = new AbortController();
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        await sleep(5);
        yield new Uint8Array([65, 10]);
      }
    }
    const spool = await spoolUpload(endless(), { ...opts, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(readAll(spool.source)).rejects.toBeInstanceOf(ImportCancelledError);
  });
});
