// Test helper: read a zip fully (file bytes and how each entry was stored).
import { Unzip, UnzipInflate } from "fflate";

export type TZipEntry = { name: string; data: Uint8Array; compression: number };

export function readZip(zip: Uint8Array): Map<string, TZipEntry> {
  const out = new Map<string, TZipEntry>();
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (error) throw error;
      chunks.push(chunk);
      if (final) {
        const data = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
        let offset = 0;
        for (const c of chunks) {
          data.set(c, offset);
          offset += c.byteLength;
        }
        out.set(file.name, { name: file.name, data, compression: file.compression });
      }
    };
    file.start();
  };
  unzip.push(zip, true);
  return out;
}

export async function streamToBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
