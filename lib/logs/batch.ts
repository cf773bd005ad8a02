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
  CsvProcessor,
  CsvRecordStage,
  JsonProcessor,
  newImportContext,
  parseOptions,
  processGuarded,
  readHeadAndFormat,
  readLimitsOf,
  readLogLines,
  type TByteSource,
  type TImportSummary,
  type TLogLine,
  type TParsedRow,
  type TParseLogOptions,
  type TProcessorContext,
  type TStateDelta,
} from "@/lib/logs/reader";
import type { TRejectCode, TRowRejection, TSanitizedRequest } from "@/lib/logs/record";

/** What a batch runner needs besides the batches: the format, the import options and the CSV plan. */
export type TBatchConfig = { format: TLogFormat; options: TParseLogOptions; csvPlan: TCsvPlan | null };

/**
 * Physical lines of a JSON-format file, joined with "\n" (a line never contains one): one string
 * crosses threads far faster than thousands. A too-long line is "" with its reason in `tooLong`.
 */
export type TJsonBatch = { kind: "lines"; text: string; lineNumbers: number[]; tooLong: [index: number, reason: string][] };

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
  /** Accepted rows, each through `encode`, concatenated in order. */
  encoded: string;
  accepted: number;
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
    const out = this.out;
    let error: TBatchResult["error"] = null;
    try {
      if (batch.kind === "lines") this.runLines(batch);
      else this.runRecords(batch);
    } catch (e) {
      if (!(e instanceof LogInputError)) throw e;
      error = { code: e.code, message: e.message };
    }
    let encoded = "";
    let accepted = 0;
    const rejections: TRowRejection[] = [];
    for (const row of out) {
      if (row.ok) {
        encoded += this.encode(row.record);
        accepted += 1;
      } else {
        rejections.push(row);
      }
    }
    out.length = 0;
    return { encoded, accepted, rejections, delta: state.takeDelta(), error };
  }

  private runLines(batch: TJsonBatch): void {
    const processor = this.json;
    if (processor === null) throw new LogInputError("INVALID_OPTIONS", "Line batches are for JSON formats.");
    const { state } = this.ctx;
    const out = this.out;
    const tooLong = new Map(batch.tooLong);
    const texts = batch.text.split("\n");
    for (let i = 0; i < batch.lineNumbers.length; i += 1) {
      const lineNumber = batch.lineNumbers[i] as number;
      const reason = tooLong.get(i);
      const line: TLogLine =
        reason === undefined ? { ok: true, lineNumber, text: texts[i] as string } : { ok: false, lineNumber, code: "LINE_TOO_LONG", reason };
      processGuarded(state, lineNumber, out, () => processor.push(line, out));
    }
  }

  private runRecords(batch: TCsvBatch): void {
    const stage = this.csv;
    if (stage === null) throw new LogInputError("INVALID_OPTIONS", "Record batches are for CSV.");
    const { state } = this.ctx;
    const out = this.out;
    const rejects = new Map(batch.rejects.map(([index, code, reason]) => [index, { code, reason }]));
    const fields = batch.fields.split("\u0000");
    let at = 0;
    for (let i = 0; i < batch.fieldCounts.length; i += 1) {
      const count = batch.fieldCounts[i] as number;
      const lineNumber = batch.recordLines[i] as number;
      let record: TCsvRecord;
      if (count < 0) {
        const rejection = rejects.get(i) as { code: TRejectCode; reason: string };
        record = { ok: false, lineNumber, code: rejection.code, reason: rejection.reason };
      } else {
        record = { ok: true, lineNumber, fields: fields.slice(at, at + count) };
        at += count;
      }
      const guardLine = batch.guardLines[i] as number;
      // The line was counted by the reading thread; only its failure handling is repeated here.
      if (guardLine < 0) stage.push(record, out);
      else processGuarded(state, guardLine, out, () => stage.push(record, out), false);
    }
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

export type TBatchOutput = { encoded: string; accepted: number; rejections: TRowRejection[] };

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
    const iterator = readLogLines(source, limits);
    const pending: Promise<TBatchResult>[] = [];
    let configured = false;
    let format: TLogFormat | null = null;
    let csv: CsvProcessor | null = null;
    let texts: string[] = [];
    let lines: Omit<TJsonBatch, "text"> = { kind: "lines", lineNumbers: [], tooLong: [] };
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
        pending.push(executor.run({ ...records, fields: fields.join("\u0000") }));
        fields = [];
        records = { kind: "records", fieldCounts: [], recordLines: [], guardLines: [], rejects: [] };
      } else {
        pending.push(executor.run({ ...lines, text: texts.join("\n") }));
        texts = [];
        lines = { kind: "lines", lineNumbers: [], tooLong: [] };
      }
      chars = 0;
      items = 0;
    };
    let pendingError: LogInputError | null = null;
    const take = async (): Promise<TBatchOutput> => {
      const result = await (pending.shift() as Promise<TBatchResult>);
      state.addDelta(result.delta);
      if (result.error) {
        // The rows before the problem still count (as in a sequential pass); then the file fails.
        pendingError = new LogInputError(result.error.code, result.error.message);
      }
      return { encoded: result.encoded, accepted: result.accepted, rejections: result.rejections };
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
      pending.push(Promise.resolve({ encoded: "", accepted: 0, rejections, delta: emptyDelta(), error: null }));
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
    const handle = (line: TLogLine) => {
      if (csv !== null) {
        guardLine = line.lineNumber;
        processGuarded(state, line.lineNumber, out, () => (csv as CsvProcessor).push(line, out));
        flushOwnRows();
      } else {
        lines.lineNumbers.push(line.lineNumber);
        if (line.ok) {
          texts.push(line.text);
          chars += line.text.length;
        } else {
          lines.tooLong.push([texts.length, line.reason]);
          texts.push("");
        }
        items += 1;
      }
      if (chars >= maxChars || items >= maxItems) dispatch();
    };

    try {
      let failure: unknown = null;
      try {
        const detected = await readHeadAndFormat(iterator, opts, state);
        format = detected.format;
        if (format === "csv") csv = new CsvProcessor(ctx, (record) => csvSink(record));
        for (const line of detected.head) {
          handle(line);
          while (pending.length > maxInFlight) {
            yield await take();
            if (pendingError) throw pendingError;
          }
        }
        for await (const line of iterator) {
          handle(line);
          while (pending.length > maxInFlight) {
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
      await Promise.allSettled(pending);
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
