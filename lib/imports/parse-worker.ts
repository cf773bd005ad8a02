// A parse thread of the request-log import (see parse-pool.ts). It receives
// the import's configuration once, then batches of lines or CSV records, and
// answers each batch with its rows already in COPY text, its rejections and
// its counts. Bundled to plain JavaScript at run time, so it must not import
// "server-only" or anything that needs the app's module conditions.
import { parentPort } from "node:worker_threads";
import { BatchRunner, type TBatch, type TBatchConfig, type TBatchResult } from "@/lib/logs/batch";
import { encodeRequestRow } from "./copy-encoding";

export type TWorkerRequest = { type: "configure"; config: TBatchConfig; prefix: string } | { type: "run"; id: number; batch: TBatch };
export type TWorkerAnswer = { type: "ready" } | { type: "done"; id: number; result: TBatchResult } | { type: "failed"; id: number };

const port = parentPort;
let runner: BatchRunner | null = null;

port?.on("message", (message: TWorkerRequest) => {
  if (message.type === "configure") {
    const prefix = message.prefix;
    runner = new BatchRunner(message.config, (record) => encodeRequestRow(prefix, record));
    return;
  }
  try {
    if (runner === null) throw new Error("not configured");
    const result = runner.run(message.batch);
    const answer: TWorkerAnswer = { type: "done", id: message.id, result };
    // The rows' bytes and facts are made for this answer alone: move them instead of copying (never
    // an empty or shared buffer, which other answers still use).
    const views = [result.encoded, result.facts.ts, result.facts.latencyMs, result.facts.pathClass];
    const transfer = views.filter((v) => v.byteLength > 0 && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength).map((v) => v.buffer as ArrayBuffer);
    port.postMessage(answer, transfer);
  } catch {
    // Never forward the error text: it may quote row data.
    const answer: TWorkerAnswer = { type: "failed", id: message.id };
    port.postMessage(answer);
  }
});
port?.postMessage({ type: "ready" } satisfies TWorkerAnswer);
