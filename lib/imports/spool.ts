import "server-only";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { ImportCancelledError } from "./errors";

export type TSpoolOptions = {
  maxBytes: number;
  tooLargeMessage: string;
  /** Content-Length of the upload, when the client sent one: a shorter body is an error. */
  expectedBytes?: number | null;
  signal?: AbortSignal;
  readChunkBytes?: number;
};

export type TSpool = {
  /** The upload's bytes, readable while it is still arriving. */
  source: AsyncIterable<Uint8Array>;
  /** Bytes received so far. */
  received: () => number;
  /** Stops receiving and frees the file (idempotent). */
  close: () => Promise<void>;
};

type TByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

function toAsyncIterable(body: TByteStream): { iterable: AsyncIterable<Uint8Array>; cancel: () => Promise<void> } {
  if (typeof (body as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    return {
      iterable: {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        },
      },
      cancel: () => reader.cancel().catch(() => undefined),
    };
  }
  const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  return {
    iterable: { [Symbol.asyncIterator]: () => iterator },
    cancel: async () => {
      await iterator.return?.(undefined);
    },
  };
}

/**
 * Receives an upload into an unlinked temporary file as fast as the client
 * sends it, while the importer reads the same bytes at its own pace. Memory
 * stays bounded (one chunk each way) and the client's upload finishes at
 * network speed, so it can read the progress the server streams back while
 * the import is still running. The file has no name on disk (it is unlinked
 * right after opening), so nothing of the raw log outlives the process.
 */
export async function spoolUpload(body: TByteStream, options: TSpoolOptions): Promise<TSpool> {
  const dir = await mkdtemp(path.join(tmpdir(), "ir-import-"));
  const file = path.join(dir, "upload");
  let handle: FileHandle;
  try {
    handle = await open(file, "w+", 0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { iterable, cancel } = toAsyncIterable(body);
  let written = 0;
  let done = false;
  let failure: unknown = null;
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onAbort = () => {
    failure ??= new ImportCancelledError();
    notify();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const writer = (async () => {
    try {
      for await (const chunk of iterable) {
        if (closed) return;
        if (written + chunk.byteLength > options.maxBytes) throw new PayloadTooLargeError(options.tooLargeMessage);
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset, written + offset);
          offset += bytesWritten;
        }
        written += chunk.byteLength;
        notify();
      }
      if (options.expectedBytes != null && written !== options.expectedBytes) {
        throw new ValidationError(
          `The upload was cut short: ${written.toLocaleString("en-US")} of ${options.expectedBytes.toLocaleString("en-US")} bytes arrived. Nothing was imported; try again.`,
        );
      }
      done = true;
    } catch (error) {
      failure ??= closed ? null : error;
      await cancel();
    } finally {
      notify();
    }
  })();

  const close = async () => {
    if (closed) return;
    closed = true;
    options.signal?.removeEventListener("abort", onAbort);
    notify();
    await cancel();
    await writer.catch(() => undefined);
    await handle.close().catch(() => undefined);
  };

  const readChunk = options.readChunkBytes ?? 256 * 1024;
  async function* read(): AsyncGenerator<Uint8Array, void, undefined> {
    let position = 0;
    try {
      for (;;) {
        if (failure) throw failure;
        if (position < written) {
          const buffer = Buffer.allocUnsafe(Math.min(readChunk, written - position));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          position += bytesRead;
          yield buffer.subarray(0, bytesRead);
          continue;
        }
        if (done) return;
        if (closed) throw new ImportCancelledError();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      await close();
    }
  }

  return { source: read(), received: () => written, close };
}
