import { fixtureByteStream, chunked } from "@/lib/logs/testing/fixtures";
import { readLogLines, parseLogStream } from "@/lib/logs/reader";
async function main() {
  for (const f of (process.argv[2] ? [process.argv[2]] : ["jsonl","csv"]) as ("jsonl"|"csv")[]) {
    const chunks: Uint8Array[] = [];
    for await (const c of fixtureByteStream(f, { count: 200000, seed: 42, plantSecrets: true })) chunks.push(c);
    async function* src() { for (const c of chunks) yield c; }
    let t = performance.now(); let n = 0;
    for await (const l of readLogLines(src(), { maxLineBytes: 1<<22, maxFileBytes: 1<<30 })) n++;
    console.log(f, "lines only", ((performance.now()-t)/1000).toFixed(2), n);
    t = performance.now(); n = 0;
    for await (const r of parseLogStream(src(), { format: f, privacy: { hmacSecret: "0123456789abcdef01", pseudonymizeIdentifiers: true } })) n++;
    console.log(f, "parse total", ((performance.now()-t)/1000).toFixed(2), n, Math.round(n / ((performance.now()-t)/1000)), "rows/s");
  }
}
void main();
