// Parse threads for the request-log import. Parsing and sanitizing a row costs
// several times what COPY costs Postgres, so a large import spreads the batches
// of parseLogBatches over worker threads (parse-worker.ts) while this thread
// reads the file and writes COPY. Results are consumed in dispatch order and
// the import stays one transaction, so rows, counts and failures are exactly
// those of a sequential pass (lib/logs/batch.test.ts, import integration tests).
//
// The worker runs the project's TypeScript: it is bundled once per process with
// esbuild (the compiler tsx itself uses) into plain JS held in memory, which
// keeps each thread small (~20 MB instead of ~80 MB with a TypeScript loader).
// Anything going wrong while starting the threads leaves the import on this
// thread: slower, same result.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type EventLoopUtilization, performance } from "node:perf_hooks";
import path from "node:path";
import type { TLogFormat } from "@/lib/logs/detect";
import { DEFAULT_READ_LIMITS } from "@/lib/logs/reader";
import { InProcessExecutor, type TBatch, type TBatchConfig, type TBatchExecutor, type TBatchResult } from "@/lib/logs/batch";
import { logger } from "@/lib/log/logger";
import { encodeRequestRow } from "./copy-encoding";
import type { TWorkerAnswer, TWorkerRequest } from "./parse-worker";

type TWorker = import("node:worker_threads").Worker;

/** The worker's source, from the project root (as for the PDF worker: not through the bundler). */
function workerSourcePath(): string {
  const roots = [process.env.INCIDENT_REVIEW_ROOT, process.cwd()].filter((r): r is string => !!r);
  for (const root of roots) {
    const file = path.join(/*turbopackIgnore: true*/ root, "lib", "imports", "parse-worker.ts");
    if (existsSync(/*turbopackIgnore: true*/ file)) return file;
  }
  throw new Error("lib/imports/parse-worker.ts was not found: run from the project directory or set INCIDENT_REVIEW_ROOT.");
}

let bundled: Promise<string> | null = null;

/**
 * Bundles parse-worker.ts (and what it imports) to one CommonJS script, once
 * per process, kept in memory: the threads run it as an eval worker, so
 * nothing is written to disk (a SIGKILLed app leaves no stale file behind).
 */
function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const source = workerSourcePath();
    const root = path.dirname(path.dirname(path.dirname(source)));
    const { createRequire } = process.getBuiltinModule("node:module");
    // esbuild comes with tsx (a dependency): resolve it the way tsx does.
    const fromTsx = createRequire(createRequire(path.join(/*turbopackIgnore: true*/ root, "package.json")).resolve("tsx/package.json"));
    const esbuild = fromTsx("esbuild") as typeof import("esbuild");
    const result = await esbuild.build({
      entryPoints: [source],
      write: false,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      tsconfig: path.join(/*turbopackIgnore: true*/ root, "tsconfig.json"),
      logLevel: "silent",
    });
    const code = result.outputFiles?.[0]?.text;
    if (!code) throw new Error("The parse worker bundle is empty.");
    return code;
  })();
  bundled.catch(() => {
    bundled = null;
  });
  return bundled;
}

/**
 * A parse thread's young generation. Small keeps a thread's memory low, and most of its garbage
 * dies within a line anyway. OTLP is the exception: its deeply nested lines make about 50 objects per
 * row, and with 8 MB a batch's survivors were promoted and collected again. Measured with
 * bench/import at 1M rows: otel with 32 MB parsed ~7 % faster on the thread (31 against 34 µs/row)
 * and ran 35.5–38.7 µs/row of process CPU against 40.7–43.2, at 249–257 MiB peak RSS against
 * 222–235; jsonl with 32 MB reached 267–279 MiB, too close to the 300 MB goal, so the other
 * formats keep 8 MB.
 */
export function workerYoungGenerationMb(format: TLogFormat): number {
  return format === "otel" ? 32 : 8;
}

/**
 * A parse thread's old-generation cap. Left unset, V8 sizes it from the machine's memory (4 GB here)
 * and lets a thread's heap reach ~55–60 MB of promoted garbage (each batch's text and output
 * outlive a few scavenges) before its first full GC; with a cap of 1 GB it stays at ~35 MB
 * (bench/import, csv 1M rows: worker heap 55–61 MB unset or 4096, 33–35 MB with 96–1024). The cap
 * still leaves far more than any batch needs: at least 64 times the longest allowed line.
 */
export function workerOldGenerationMb(maxLineBytes: number): number {
  return Math.max(1024, Math.ceil((maxLineBytes * 64) / (1024 * 1024)));
}

/**
 * Batches a parse thread holds before the caller parses one itself. The caller only sees a thread's
 * answers between its own batches, so a short queue lets the thread run dry. Measured (otel, 200k
 * rows, event-loop utilization of the thread): idle 2.1–2.7 s of its life with 2, 1.4–1.5 s with 4,
 * the rest being before its first batch and after its last (from the first to the last it was
 * busy 99.7%); the imports were as fast or faster in each of 3 paired runs.
 */
export const QUEUED_PER_THREAD = 4;

type TJob = { resolve: (result: TBatchResult) => void; reject: (error: Error) => void };

/** How busy the threads were from the first batch sent to the last answer (0–1; null: no batch). */
export type TBusyShare = { threads: number | null; caller: number | null };

/** A fixed set of parse threads for one import. */
export class ParsePool implements TBatchExecutor {
  private readonly jobs = new Map<number, TJob>();
  private nextId = 1;
  private turn = 0;
  private failure: Error | null = null;
  private closed = false;
  // Event-loop utilization of each thread and of the caller at the first batch and at the last answer.
  private firstUse: { workers: EventLoopUtilization[]; caller: EventLoopUtilization } | null = null;
  private readonly lastUse: (EventLoopUtilization | null)[];
  private lastCallerUse: EventLoopUtilization | null = null;

  private constructor(
    private readonly workers: TWorker[],
    private readonly prefix: string,
  ) {
    this.lastUse = workers.map(() => null);
    for (const [index, worker] of workers.entries()) {
      worker.on("message", (answer: TWorkerAnswer) => {
        if (answer.type === "ready") return;
        this.lastUse[index] = worker.performance.eventLoopUtilization();
        this.lastCallerUse = performance.eventLoopUtilization();
        const job = this.jobs.get(answer.id);
        if (!job) return;
        this.jobs.delete(answer.id);
        if (answer.type === "done") job.resolve(answer.result);
        else job.reject(new Error("A parse thread could not process a batch."));
      });
      worker.on("error", () => this.fail(new Error("A parse thread failed.")));
      worker.on("exit", () => {
        if (!this.closed) this.fail(new Error("A parse thread stopped."));
      });
    }
  }

  /** Starts `threads` parse threads and waits until each has loaded. */
  static async start(threads: number, prefix: string, config: TBatchConfig): Promise<ParsePool> {
    const code = await workerBundle();
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    const workers: TWorker[] = [];
    try {
      const maxLineBytes = config.options.limits?.maxLineBytes ?? DEFAULT_READ_LIMITS.maxLineBytes;
      const resourceLimits = { maxYoungGenerationSizeMb: workerYoungGenerationMb(config.format), maxOldGenerationSizeMb: workerOldGenerationMb(maxLineBytes) };
      for (let i = 0; i < threads; i += 1) workers.push(new Worker(code, { eval: true, execArgv: [], stdout: false, stderr: false, resourceLimits }));
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const onMessage = (answer: TWorkerAnswer) => {
                if (answer.type !== "ready") return;
                worker.off("message", onMessage);
                worker.off("error", reject);
                resolve();
              };
              worker.on("message", onMessage);
              worker.once("error", reject);
            }),
        ),
      );
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    return new ParsePool(workers, prefix);
  }

  /** Batches sent to the threads and not yet answered. */
  get outstanding(): number {
    return this.jobs.size;
  }

  /** The share of time the threads (mean) and the caller ran code between the first batch and the last answer. */
  busyShare(): TBusyShare {
    const first = this.firstUse;
    if (first === null || this.lastCallerUse === null) return { threads: null, caller: null };
    const shares: number[] = [];
    for (const [index, worker] of this.workers.entries()) {
      const last = this.lastUse[index];
      const start = first.workers[index];
      if (last && start) shares.push(worker.performance.eventLoopUtilization(last, start).utilization);
    }
    return {
      threads: shares.length === 0 ? null : shares.reduce((a, b) => a + b, 0) / shares.length,
      caller: performance.eventLoopUtilization(this.lastCallerUse, first.caller).utilization,
    };
  }

  configure(config: TBatchConfig): void {
    for (const worker of this.workers) worker.postMessage({ type: "configure", config, prefix: this.prefix } satisfies TWorkerRequest);
  }

  run(batch: TBatch): Promise<TBatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    this.firstUse ??= { workers: this.workers.map((w) => w.performance.eventLoopUtilization()), caller: performance.eventLoopUtilization() };
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length] as TWorker;
    return new Promise<TBatchResult>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      // A line batch's bytes are moved, not copied: the reading thread made them for this batch only.
      const transfer = batch.kind === "lines" ? [batch.bytes.buffer as ArrayBuffer] : [];
      worker.postMessage({ type: "run", id, batch } satisfies TWorkerRequest, transfer);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail(new Error("The parse threads were closed."));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export type TParallelOptions = {
  /** Parse threads; 0 parses on the calling thread only. */
  threads: number;
  /** Batches parsed on the calling thread before the threads are started: small files never start them. */
  startAfterBatches: number;
  /** Tests: hold batches until the threads are up instead of parsing on the calling thread meanwhile. */
  waitForThreads?: boolean;
  /** Lines or CSV records per batch (default 4096). */
  batchItems?: number;
  /**
   * Once the threads run, the calling thread parses a batch itself whenever every thread already
   * has QUEUED_PER_THREAD batches outstanding.
   * Unset: only for the JSON formats, whose lines the calling thread leaves undecoded; for CSV it
   * already assembles records, and sharing gave no gain but a higher peak RSS (bench/import, 1M rows).
   */
  shareWithCaller?: boolean;
};

/**
 * Default: one parse thread per further core (at most 3), started after ~16 batches; the calling
 * thread reads, dispatches, writes COPY and, for JSON formats, parses the batches the threads
 * have no room for (see QUEUED_PER_THREAD). Measured on 2 cores (bench/import, 1M rows): a
 * caller's share made JSON imports 8–14% faster at ≤ 280 MB peak RSS; a second thread was faster
 * still but took peak RSS over 300 MB (each thread has its own heap). IMPORT_PARSE_THREADS overrides the count (0: none), IMPORT_PARSE_SHARE=1/0 forces the
 * caller's share on or off for every format.
 */
export function defaultParallelOptions(): TParallelOptions {
  const configured = Number(process.env.IMPORT_PARSE_THREADS);
  const threads = Number.isInteger(configured) && configured >= 0 && process.env.IMPORT_PARSE_THREADS !== "" ? configured : Math.max(1, Math.min(3, availableParallelism() - 1));
  const share = process.env.IMPORT_PARSE_SHARE;
  return { threads, startAfterBatches: 16, shareWithCaller: share === "1" ? true : share === "0" ? false : undefined };
}

export type TParseStats = {
  /** Parse threads started (0: none). */
  threads: number;
  batchesOnThreads: number;
  batchesInProcess: number;
  /** Share of time the parse threads ran code from their first batch to their last answer (null: no threads). */
  threadBusy: number | null;
  /** The same for the calling thread over the same span. */
  callerBusy: number | null;
};

/**
 * Parses on the calling thread until the file proves large, then hands batches to a ParsePool
 * once its threads are up. Every batch gives the same result wherever it runs.
 */
export class AdaptiveExecutor implements TBatchExecutor {
  private readonly local: InProcessExecutor;
  private pool: ParsePool | null = null;
  private starting: Promise<void> | null = null;
  private config: TBatchConfig | null = null;
  private dispatched = 0;
  private closed = false;
  private settled = false;
  private readonly counts = { batchesOnThreads: 0, batchesInProcess: 0, threads: 0 };

  /** Where batches were parsed, and how busy the threads and the caller were while the threads ran. */
  get stats(): TParseStats {
    const busy = this.pool?.busyShare() ?? { threads: null, caller: null };
    return { ...this.counts, threadBusy: busy.threads, callerBusy: busy.caller };
  }

  constructor(
    private readonly prefix: string,
    private readonly options: TParallelOptions,
  ) {
    this.local = new InProcessExecutor((record) => encodeRequestRow(prefix, record));
  }

  configure(config: TBatchConfig): void {
    this.config = config;
    this.local.configure(config);
  }

  run(batch: TBatch): Promise<TBatchResult> {
    this.dispatched += 1;
    if (this.pool !== null) {
      const share = this.options.shareWithCaller ?? this.config?.format !== "csv";
      // The calling thread parses a batch only when every thread already has its next one queued:
      // the threads never wait for work, and the caller, which also reads and writes COPY, takes
      // what they cannot.
      if (share && this.pool.outstanding >= this.options.threads * QUEUED_PER_THREAD) {
        this.counts.batchesInProcess += 1;
        return this.local.run(batch);
      }
      this.counts.batchesOnThreads += 1;
      return this.pool.run(batch);
    }
    if (this.starting === null && this.config !== null && this.options.threads > 0 && this.dispatched > this.options.startAfterBatches) this.startPool(this.config);
    if (this.options.waitForThreads && this.starting !== null && !this.settled) {
      const starting = this.starting;
      this.dispatched -= 1;
      return starting.then(() => this.run(batch));
    }
    this.counts.batchesInProcess += 1;
    return this.local.run(batch);
  }

  private startPool(config: TBatchConfig): void {
    // Later calls see a started (or failed) pool; waitForThreads callers chain on this promise.
    this.starting = ParsePool.start(this.options.threads, this.prefix, config).then(
      (pool) => {
        this.settled = true;
        if (this.closed) {
          void pool.close();
          return;
        }
        pool.configure(config);
        this.pool = pool;
        this.counts.threads = this.options.threads;
      },
      (error: unknown) => {
        this.settled = true;
        // Stay on this thread: same rows, only slower.
        logger.warn({ failure: { name: (error as Error)?.name ?? "Error" } }, "log import: parse threads unavailable, parsing in-process");
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    await this.pool?.close();
  }
}
