/**
 * Batched parsing: the same pipeline as parseLogStream, cut in two so the expensive half can run
 * on other threads.
 *
 * The reading thread keeps everything that depends on the file as a whole and on line order:
 * bytes → lines (BOM, NUL, UTF-8 and line-length checks), format detection, and for CSV the
 * record assembly (quoted newlines) and header plan. It packs the lines (JSON formats) or CSV
 * records into batches. A batch runner — on this thread or a parse thread — runs the per-line
 * half (JSON.parse, extraction, classification, sanitizing) with the very same processors and
 * hands back the rows already encoded by the caller's `encode`, the rejections, and its counts.
 * Results are consumed in batch order and counts are sums, so the output is exactly that of one
 * sequential pass (checked by batch.test.ts).
 */
import { LogInputError, type TLogInputErrorCode } from "@/lib/logs/errors";
import type { TLogFormat } from "@/lib/logs/detect";
import type { TCsvPlan, TCsvRecord } from "@/lib/logs/formats/csv";
import {
  concatBytes,
  CsvProcessor,
  CsvRecordStage,
  JsonProcessor,
  newImportContext,
  parseOptions,
  processGuarded,
  readHeadAndFormat,
  readLimitsOf,
  readLogLinesSwitchable,
  type TByteSource,
  type TImportSummary,
  type TLineMode,
  type TLogLine,
  type TParsedRow,
  type TParseLogOptions,
  type TProcessorContext,
  type TRawLogLine,
  type TStateDelta,
} from "@/lib/logs/reader";
import { REQUEST_CLASSES, REQUEST_PATHS, type TRejectCode, type TRequestClass, type TRequestPath, type TRowRejection, type TSanitizedRequest } from "@/lib/logs/record";

/** What a batch runner needs besides the batches: the format, the import options and the CSV plan. */
export type TBatchConfig = { format: TLogFormat; options: TParseLogOptions; csvPlan: TCsvPlan | null };

/**
 * Physical lines of a JSON-format file as UTF-8 bytes (checked by the reader), joined with "\n"
 * (a line never contains one): one buffer crosses threads (transferred, not copied) far faster
 * than thousands of strings, and the reading thread never decodes them. A too-long line is empty
 * with its reason in `tooLong`.
 */
export type TJsonBatch = { kind: "lines"; bytes: Uint8Array; lineNumbers: number[]; tooLong: [index: number, reason: string][] };

/**
 * CSV records after the header: every field joined with NUL (which the reader refuses in input, so
 * no field contains one), `fieldCounts[i]` fields for record i (-1 for a
 * record the tokenizer rejected, see `rejects`), the record's start line, and the physical line
 * whose processing completed it (-1: completed at end of input, outside the per-line guard).
 */
export type TCsvBatch = {
  kind: "records";
  fields: string;
  fieldCounts: number[];
  recordLines: number[];
  guardLines: number[];
  rejects: [index: number, code: TRejectCode, reason: string][];
};

export type TBatch = TJsonBatch | TCsvBatch;

export type TBatchResult = {
  /**
   * Accepted rows, each through `encode`, concatenated in order, as UTF-8. Bytes rather than a
   * string: a parse thread transfers them to the reading thread without a copy, and they go to
   * the COPY socket as they are, so the reading thread never holds the rows as strings (which
   * as large strings would sit in its old generation until a full collection).
   */
  encoded: Uint8Array;
  accepted: number;
  /** What the import's aggregates need of each accepted row, in the same order. */
  facts: TRowFacts;
  /** Rejected rows in line order. */
  rejections: TRowRejection[];
  /** Counts of this batch, to add to the import's state. */
  delta: TStateDelta;
  /** A problem with the whole file met in this batch (after the rows above). */
  error: { code: TLogInputErrorCode; message: string } | null;
};

export type TRowEncoder = (record: TSanitizedRequest) => string;

/** Runs batches of one import, in order, with one set of processors (so caches live across batches). */
export class BatchRunner {
  private readonly ctx: TProcessorContext;
  private readonly json: JsonProcessor | null;
  private readonly csv: CsvRecordStage | null;
  private readonly out: TParsedRow[] = [];

  constructor(
    config: TBatchConfig,
    private readonly encode: TRowEncoder,
  ) {
    this.ctx = newImportContext(parseOptions(config.options));
    if (config.format === "csv") {
      if (config.csvPlan === null) throw new LogInputError("INVALID_OPTIONS", "A CSV batch needs the header plan.");
      this.csv = new CsvRecordStage(this.ctx, config.csvPlan);
      this.json = null;
    } else {
      this.json = new JsonProcessor(this.ctx, config.format);
      this.csv = null;
    }
  }

  run(batch: TBatch): TBatchResult {
    const { state } = this.ctx;
    const sink = new EncodedSink(this.encode);
    let error: TBatchResult["error"] = null;
    try {
      if (batch.kind === "lines") this.runLines(batch, sink);
      else this.runRecords(batch, sink);
    } catch (e) {
      if (!(e instanceof LogInputError)) throw e;
      error = { code: e.code, message: e.message };
    }
    sink.drain(this.out);
    return { encoded: sink.bytes(), accepted: sink.accepted, facts: sink.facts.take(), rejections: sink.rejections, delta: state.takeDelta(), error };
  }

  // Lines (and CSV fields) are cut from the batch text one at a time and every row is encoded as
  // soon as it is parsed: nothing of a row outlives it but its encoded text, so the young
  // generation's collections find almost everything dead instead of promoting whole batches.
  private runLines(batch: TJsonBatch, sink: EncodedSink): void {
    const processor = this.json;
    if (processor === null) throw new LogInputError("INVALID_OPTIONS", "Line batches are for JSON formats.");
    const { state } = this.ctx;
    const out = this.out;
    const tooLong = new Map(batch.tooLong);
    const bytes = batch.bytes;
    // Each line is valid UTF-8 on its own and "\n" is one byte, so lines are decoded one by one. Not
    // the whole batch at once: V8 puts a string of 128 KiB or more in fresh large-object pages, and
    // decoding one ran at ~1.1 GB/s against ~9 GB/s for a line-sized string (about 2 µs per otel row).
    let start = 0;
    for (let i = 0; i < batch.lineNumbers.length; i += 1) {
      const lineNumber = batch.lineNumbers[i] as number;
      let end = bytes.indexOf(10, start);
      if (end === -1) end = bytes.length;
      const reason = tooLong.get(i);
      const line: TLogLine =
        reason === undefined
          ? { ok: true, lineNumber, text: batchDecoder.decode(bytes.subarray(start, end)) }
          : { ok: false, lineNumber, code: "LINE_TOO_LONG", reason };
      start = end + 1;
      processGuarded(state, lineNumber, out, () => processor.push(line, out));
      sink.drain(out);
    }
  }

  private runRecords(batch: TCsvBatch, sink: EncodedSink): void {
    const stage = this.csv;
    if (stage === null) throw new LogInputError("INVALID_OPTIONS", "Record batches are for CSV.");
    const { state } = this.ctx;
    const out = this.out;
    const rejects = new Map(batch.rejects.map(([index, code, reason]) => [index, { code, reason }]));
    const text = batch.fields;
    let start = 0;
    for (let i = 0; i < batch.fieldCounts.length; i += 1) {
      const count = batch.fieldCounts[i] as number;
      const lineNumber = batch.recordLines[i] as number;
      let record: TCsvRecord;
      if (count < 0) {
        const rejection = rejects.get(i) as { code: TRejectCode; reason: string };
        record = { ok: false, lineNumber, code: rejection.code, reason: rejection.reason };
      } else {
        const fields: string[] = [];
        for (let f = 0; f < count; f += 1) {
          let end = text.indexOf("\u0000", start);
          if (end === -1) end = text.length;
          fields.push(text.slice(start, end));
          start = end + 1;
        }
        record = { ok: true, lineNumber, fields };
      }
      const guardLine = batch.guardLines[i] as number;
      // The line was counted by the reading thread; only its failure handling is repeated here.
      if (guardLine < 0) stage.push(record, out);
      else processGuarded(state, guardLine, out, () => stage.push(record, out), false);
      sink.drain(out);
    }
  }
}

const batchDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** A growing byte buffer for one batch of lines; `take` hands over an exact-size copy it no longer touches. */
class LineBytes {
  private buffer = new Uint8Array(64 * 1024);
  length = 0;

  /** Appends a line, preceded by "\n" unless it is the batch's first. */
  push(line: Uint8Array, first: boolean): void {
    const needed = this.length + line.length + 1;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    if (!first) this.buffer[this.length++] = 10;
    this.buffer.set(line, this.length);
    this.length += line.length;
  }

  take(): Uint8Array {
    const bytes = this.buffer.slice(0, this.length);
    this.length = 0;
    return bytes;
  }
}

const lineEncoder = new TextEncoder();
const NO_BYTES = new Uint8Array(0);

/**
 * What the import's aggregates (histogram counts, observation windows) need of each accepted row,
 * in row order, as typed arrays: a parse thread transfers them with the batch, so the reading
 * thread can count a file's rows without ever holding them as objects.
 */
export type TRowFacts = {
  /** Request time, epoch milliseconds. */
  ts: Float64Array;
  /** Latency in milliseconds as sanitized; NaN when unknown. */
  latencyMs: Float64Array;
  /** Index in REQUEST_PATHS × FACT_CLASS_SLOTS + index in REQUEST_CLASSES. */
  pathClass: Uint8Array;
};

/** Slots per path in TRowFacts.pathClass (room for every request class). */
export const FACT_CLASS_SLOTS = 8;

const PATH_INDEX: Readonly<Record<TRequestPath, number>> = Object.freeze(Object.fromEntries(REQUEST_PATHS.map((p, i) => [p, i])) as Record<TRequestPath, number>);
const CLASS_INDEX: Readonly<Record<TRequestClass, number>> = Object.freeze(Object.fromEntries(REQUEST_CLASSES.map((c, i) => [c, i])) as Record<TRequestClass, number>);

/** Facts of no row (a fresh set each time: a transferred buffer must not be shared). */
export function emptyRowFacts(): TRowFacts {
  return { ts: new Float64Array(0), latencyMs: new Float64Array(0), pathClass: new Uint8Array(0) };
}

/** Growable facts of one batch; `take` hands over exact-size copies and starts again. */
class RowFactsBuilder {
  private ts = new Float64Array(256);
  private latencyMs = new Float64Array(256);
  private pathClass = new Uint8Array(256);
  private length = 0;

  push(record: TSanitizedRequest): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length++;
    this.ts[i] = record.ts.getTime();
    this.latencyMs[i] = record.latencyMs ?? Number.NaN;
    this.pathClass[i] = PATH_INDEX[record.path] * FACT_CLASS_SLOTS + CLASS_INDEX[record.requestClass];
  }

  take(): TRowFacts {
    const facts = { ts: this.ts.slice(0, this.length), latencyMs: this.latencyMs.slice(0, this.length), pathClass: this.pathClass.slice(0, this.length) };
    this.length = 0;
    return facts;
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const ts = new Float64Array(size);
    ts.set(this.ts);
    const latencyMs = new Float64Array(size);
    latencyMs.set(this.latencyMs);
    const pathClass = new Uint8Array(size);
    pathClass.set(this.pathClass);
    this.ts = ts;
    this.latencyMs = latencyMs;
    this.pathClass = pathClass;
  }
}

/** Collects a batch's output: encoded rows (every few rows joined and turned into UTF-8, the pieces then concatenated) and rejections. */
class EncodedSink {
  private static readonly ROWS_PER_PIECE = 64;
  accepted = 0;
  readonly rejections: TRowRejection[] = [];
  readonly facts = new RowFactsBuilder();
  private rows: string[] = [];
  private readonly pieces: Uint8Array[] = [];
  private pieceBytes = 0;

  constructor(private readonly encode: TRowEncoder) {}

  drain(out: TParsedRow[]): void {
    for (const row of out) {
      if (row.ok) {
        this.rows.push(this.encode(row.record));
        this.facts.push(row.record);
        this.accepted += 1;
        if (this.rows.length >= EncodedSink.ROWS_PER_PIECE) this.flush();
      } else {
        this.rejections.push(row);
      }
    }
    out.length = 0;
  }

  bytes(): Uint8Array {
    this.flush();
    if (this.pieces.length <= 1) return this.pieces[0] ?? NO_BYTES;
    return concatBytes(this.pieces, this.pieceBytes);
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    // Each piece of rows leaves the heap as UTF-8 at once: a few buffers survive the batch instead
    // of thousands of small strings, and no batch-sized string is made (V8 puts strings of 128 KiB
    // or more in fresh large-object pages, which a CSV batch's rows reached).
    const piece = lineEncoder.encode(this.rows.join(""));
    this.pieces.push(piece);
    this.pieceBytes += piece.length;
    this.rows = [];
  }
}

/** Runs batches somewhere (this thread, parse threads); results must be awaited in dispatch order. */
export interface TBatchExecutor {
  /** Called once, before the first batch. */
  configure(config: TBatchConfig): void;
  run(batch: TBatch): Promise<TBatchResult>;
}

/** Runs every batch on the calling thread. */
export class InProcessExecutor implements TBatchExecutor {
  private runner: BatchRunner | null = null;

  constructor(private readonly encode: TRowEncoder) {}

  configure(config: TBatchConfig): void {
    this.runner = new BatchRunner(config, this.encode);
  }

  run(batch: TBatch): Promise<TBatchResult> {
    if (this.runner === null) return Promise.reject(new Error("The batch executor was not configured."));
    try {
      return Promise.resolve(this.runner.run(batch));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

type TPendingBatch = { promise: Promise<TBatchResult>; settled: boolean };

export type TBatchOutput = { encoded: Uint8Array; accepted: number; facts: TRowFacts; rejections: TRowRejection[] };

export type TLogBatchStream = AsyncIterable<TBatchOutput> & {
  /** Snapshot of the counts so far; final once iteration has finished. */
  summary(): TImportSummary;
};

export type TBatchOptions = {
  /** A batch is sent once its text reaches this many characters (or `maxItems`). */
  maxChars?: number;
  maxItems?: number;
  /** Batches dispatched but not yet consumed; bounds memory. */
  maxInFlight?: number;
};

/**
 * parseLogStream in batches: yields, in file order, the encoded accepted rows and the rejections
 * of each batch. Same file-level errors (LogInputError while iterating), same summary.
 */
export function parseLogBatches(
  source: TByteSource,
  options: TParseLogOptions,
  executor: TBatchExecutor,
  batchOptions: TBatchOptions = {},
): TLogBatchStream {
  const opts = parseOptions(options);
  const limits = readLimitsOf(opts);
  const ctx = newImportContext(opts);
  const { state } = ctx;
  const maxChars = batchOptions.maxChars ?? 512 * 1024;
  const maxItems = batchOptions.maxItems ?? 4096;
  const maxInFlight = Math.max(1, batchOptions.maxInFlight ?? 4);

  async function* run(): AsyncGenerator<TBatchOutput, void, undefined> {
    // Once the format is known to be a JSON one, lines stay bytes on this thread (see TJsonBatch).
    const mode: TLineMode = { raw: false };
    const iterator = readLogLinesSwitchable(source, limits, mode);
    const pending: TPendingBatch[] = [];
    const enqueue = (promise: Promise<TBatchResult>) => {
      const entry: TPendingBatch = { promise, settled: false };
      const settle = () => {
        entry.settled = true;
      };
      promise.then(settle, settle);
      pending.push(entry);
    };
    // Results leave as soon as they are ready, in order; the reader waits only when too many are
    // outstanding. So a batch parsed on this thread never waits behind a parse thread's batch
    // that is itself ready, and the caller keeps reading while the threads parse.
    const mustTake = () => pending.length > maxInFlight || (pending[0]?.settled ?? false);
    let configured = false;
    let format: TLogFormat | null = null;
    let csv: CsvProcessor | null = null;
    const lineBytes = new LineBytes();
    let lines: Omit<TJsonBatch, "bytes"> = { kind: "lines", lineNumbers: [], tooLong: [] };
    let fields: string[] = [];
    let records: Omit<TCsvBatch, "fields"> = { kind: "records", fieldCounts: [], recordLines: [], guardLines: [], rejects: [] };
    let chars = 0;
    let items = 0;
    let guardLine = -1;

    const dispatch = () => {
      if (items === 0) return;
      if (!configured) {
        executor.configure({ format: format as TLogFormat, options, csvPlan: csv?.plan ?? null });
        configured = true;
      }
      if (format === "csv") {
        enqueue(executor.run({ ...records, fields: fields.join("\u0000") }));
        fields = [];
        records = { kind: "records", fieldCounts: [], recordLines: [], guardLines: [], rejects: [] };
      } else {
        enqueue(executor.run({ ...lines, bytes: lineBytes.take() }));
        lines = { kind: "lines", lineNumbers: [], tooLong: [] };
      }
      chars = 0;
      items = 0;
    };
    let pendingError: LogInputError | null = null;
    const take = async (): Promise<TBatchOutput> => {
      const result = await (pending.shift() as TPendingBatch).promise;
      state.addDelta(result.delta);
      if (result.error) {
        // The rows before the problem still count (as in a sequential pass); then the file fails.
        pendingError = new LogInputError(result.error.code, result.error.message);
      }
      return { encoded: result.encoded, accepted: result.accepted, facts: result.facts, rejections: result.rejections };
    };
    // Rows the reading thread produced itself (CSV lines before the header, tokenizer failures) go
    // into the ordered queue as an already finished batch.
    const out: TParsedRow[] = [];
    const flushOwnRows = () => {
      if (out.length === 0) return;
      dispatch();
      const rejections: TRowRejection[] = [];
      for (const row of out) if (!row.ok) rejections.push(row);
      // Only rejections can come from here: accepted rows are produced by the batch runner.
      enqueue(Promise.resolve({ encoded: NO_BYTES, accepted: 0, facts: emptyRowFacts(), rejections, delta: emptyDelta(), error: null }));
      out.length = 0;
    };
    const csvSink = (record: TCsvRecord) => {
      const index = records.fieldCounts.length;
      if (record.ok) {
        for (const field of record.fields) {
          fields.push(field);
          chars += field.length + 1;
        }
        records.fieldCounts.push(record.fields.length);
      } else {
        records.fieldCounts.push(-1);
        records.rejects.push([index, record.code, record.reason]);
      }
      records.recordLines.push(record.lineNumber);
      records.guardLines.push(guardLine);
      items += 1;
    };
    const handle = (line: TLogLine | TRawLogLine) => {
      if (csv !== null) {
        // Raw lines are only asked for with a JSON format.
        const textLine = line as TLogLine;
        guardLine = line.lineNumber;
        processGuarded(state, line.lineNumber, out, () => (csv as CsvProcessor).push(textLine, out));
        flushOwnRows();
      } else {
        const index = lines.lineNumbers.length;
        lines.lineNumbers.push(line.lineNumber);
        if (!line.ok) {
          lines.tooLong.push([index, line.reason]);
          lineBytes.push(NO_BYTES, index === 0);
        } else {
          // Lines read before the format was known (detection) are text: back to their UTF-8 bytes.
          const bytes = line.text === null ? line.bytes : lineEncoder.encode(line.text);
          lineBytes.push(bytes, index === 0);
          chars += bytes.length;
        }
        items += 1;
      }
      if (chars >= maxChars || items >= maxItems) dispatch();
    };

    try {
      let failure: unknown = null;
      try {
        // The mode is not raw yet: detection only ever sees text lines.
        const detected = await readHeadAndFormat(iterator as AsyncGenerator<TLogLine, void, undefined>, opts, state);
        format = detected.format;
        if (format === "csv") csv = new CsvProcessor(ctx, (record) => csvSink(record));
        else mode.raw = true;
        for (const line of detected.head) {
          handle(line);
          while (mustTake()) {
            yield await take();
            if (pendingError) throw pendingError;
          }
        }
        for await (const line of iterator) {
          handle(line);
          while (mustTake()) {
            yield await take();
            if (pendingError) throw pendingError;
          }
        }
        if (csv !== null) {
          guardLine = -1;
          csv.finish(out);
          flushOwnRows();
        }
      } catch (error) {
        if (error === pendingError) throw error;
        // A problem with the file at this line: every line before it is still processed first.
        failure = error;
      }
      dispatch();
      while (pending.length > 0) {
        yield await take();
        if (pendingError) throw pendingError;
      }
      if (failure !== null) throw failure;
      state.complete = true;
    } finally {
      await iterator.return(undefined);
      // Let dispatched batches settle so no rejection goes unhandled.
      await Promise.allSettled(pending.map((p) => p.promise));
    }
  }

  let consumed = false;
  return {
    [Symbol.asyncIterator]() {
      if (consumed) throw new LogInputError("ALREADY_CONSUMED", "A log stream can only be iterated once.");
      consumed = true;
      return run();
    },
    summary: () => state.snapshot(),
  };
}

function emptyDelta(): TStateDelta {
  const zero = () => ({ OK: 0, AUTH: 0, VALIDATION_4XX: 0, RATE_LIMIT_429: 0, UPSTREAM_5XX: 0, TIMEOUT: 0, QUALITY_REGRESSION: 0 });
  return {
    linesRead: 0,
    records: 0,
    rejected: 0,
    rejectedByCode: {},
    byClass: zero(),
    byPathAndClass: { PRIMARY: zero(), FALLBACK: zero() },
    firstTs: null,
    lastTs: null,
    timestampsAssumedUtc: 0,
    invalidValues: {},
    ignoredSpans: 0,
    privacy: {
      rows: 0,
      textFieldsDropped: 0,
      textFieldsDroppedByField: {},
      promptsHashed: 0,
      identifiersPseudonymized: 0,
      identifiersKeptRaw: 0,
      secretsRedacted: 0,
      secretsRedactedByKind: {},
      personalDataRedacted: 0,
      personalDataRedactedByKind: {},
    },
  };
}
