import { isUtf8 } from "node:buffer";
import { z } from "zod";

import { DETECTION_SAMPLE_LINES, detectFormat, LOG_FORMATS, type TFormatDetection, type TLogFormat } from "@/lib/logs/detect";
import { LogInputError } from "@/lib/logs/errors";
import { rawFromFieldSource, type TExtractOptions, type TExtractResult, type TInvalidValueCounts } from "@/lib/logs/extract";
import { ZColumnMapping, type TColumnMapping, type TLogField } from "@/lib/logs/fields";
import { CsvRowSource, CsvTokenizer, detectDelimiter, planCsvColumns, type TCsvPlan, type TCsvRecord } from "@/lib/logs/formats/csv";
import { rawFromJsonObject } from "@/lib/logs/formats/jsonl";
import { rawFromLiteLLM } from "@/lib/logs/formats/litellm";
import { rawsFromOtlpLine } from "@/lib/logs/formats/otel";
import {
  REQUEST_CLASSES,
  REQUEST_PATHS,
  type TRejectCode,
  type TRequestClass,
  type TRequestPath,
  type TRowRejection,
  type TSanitizedRequest,
} from "@/lib/logs/record";
import { RequestSanitizer } from "@/lib/logs/sanitize";
import { isPlainObject } from "@/lib/logs/values";
import { ZPrivacyPolicy, type TPrivacyReport } from "@/lib/privacy/policy";

// ───────────────────────────── line reader ─────────────────────────────

export type TReadLimits = {
  /** Longest accepted line in bytes (without the newline). Longer lines are skipped, not buffered. */
  maxLineBytes: number;
  /** The whole input; exceeding it aborts the import. */
  maxFileBytes: number;
};

export const DEFAULT_READ_LIMITS: TReadLimits = { maxLineBytes: 4 * 1024 * 1024, maxFileBytes: 1024 * 1024 * 1024 };

export type TLogLine =
  | { ok: true; lineNumber: number; text: string }
  | { ok: false; lineNumber: number; code: "LINE_TOO_LONG"; reason: string };

export type TByteSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/**
 * A line left as bytes (already checked as UTF-8, CR before LF removed): the batched import hands
 * these to its parse threads, which decode them, so the reading thread never builds the strings.
 * `bytes` may view the reader's current chunk: copy it before asking for the next line.
 */
export type TRawLogLine = { ok: true; lineNumber: number; text: null; bytes: Uint8Array };

/** Switch read by the line reader before each line: while `raw` is true, valid lines come as TRawLogLine. */
export type TLineMode = { raw: boolean };

const EMPTY_BYTES = new Uint8Array(0);
const LF = 10;
const CR = 13;

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${Math.round((n / (1024 * 1024 * 1024)) * 10) / 10} GiB`;
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

export function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const textEncoder = new TextEncoder();

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return textEncoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new LogInputError("INVALID_SOURCE", "The input stream produced a chunk that is neither bytes nor text.");
}

/**
 * Splits byte chunks into lines without ever holding more than one line (≤ maxLineBytes) plus the
 * current chunk. A line is decoded only once complete, so multi-byte characters split across
 * chunks are reassembled before decoding.
 */
class LineSplitter {
  lineNumber = 1;
  mode: TLineMode | null = null;
  private chunk: Uint8Array = EMPTY_BYTES;
  private pos = 0;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private skipping = false;
  private skippedBytes = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(private readonly maxLineBytes: number) {}

  feed(chunk: Uint8Array): void {
    this.chunk = chunk;
    this.pos = 0;
  }

  /** Next complete line from the current chunk, or null when the chunk is used up. */
  take(): TLogLine | TRawLogLine | null {
    const chunk = this.chunk;
    if (this.pos >= chunk.length) return null;
    const nl = chunk.indexOf(LF, this.pos);
    if (nl === -1) {
      this.hold(chunk.subarray(this.pos));
      this.pos = chunk.length;
      return null;
    }
    const segment = chunk.subarray(this.pos, nl);
    this.pos = nl + 1;
    return this.complete(segment);
  }

  /** The last line when the input does not end with a newline. */
  finish(): TLogLine | TRawLogLine | null {
    if (!this.skipping && this.pendingLength === 0) return null;
    return this.complete(EMPTY_BYTES);
  }

  private hold(rest: Uint8Array): void {
    if (this.skipping) {
      this.skippedBytes += rest.length;
    } else if (this.pendingLength + rest.length > this.maxLineBytes) {
      // Drop what we have and only count from here on: memory stays bounded by the limit.
      this.skipping = true;
      this.skippedBytes = this.pendingLength + rest.length;
      this.pending = [];
      this.pendingLength = 0;
    } else if (rest.length > 0) {
      this.pending.push(rest.slice());
      this.pendingLength += rest.length;
    }
  }

  private complete(segment: Uint8Array): TLogLine | TRawLogLine {
    const lineNumber = this.lineNumber;
    this.lineNumber += 1;
    if (this.skipping) {
      const bytes = this.skippedBytes + segment.length;
      this.skipping = false;
      this.skippedBytes = 0;
      return this.tooLong(lineNumber, bytes);
    }
    const length = this.pendingLength + segment.length;
    if (length > this.maxLineBytes) {
      this.pending = [];
      this.pendingLength = 0;
      return this.tooLong(lineNumber, length);
    }
    let bytes = segment;
    if (this.pendingLength > 0) {
      this.pending.push(segment);
      bytes = concatBytes(this.pending, length);
      this.pending = [];
      this.pendingLength = 0;
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    if (this.mode?.raw) {
      const view = end === bytes.length ? bytes : bytes.subarray(0, end);
      // The same check as the fatal decoder below, without building the string.
      if (!isUtf8(view)) throw new LogInputError("INVALID_ENCODING", `Line ${lineNumber} is not valid UTF-8. Export the file as UTF-8 text.`);
      return { ok: true, lineNumber, text: null, bytes: view };
    }
    let text: string;
    try {
      text = this.decoder.decode(end === bytes.length ? bytes : bytes.subarray(0, end));
    } catch {
      throw new LogInputError("INVALID_ENCODING", `Line ${lineNumber} is not valid UTF-8. Export the file as UTF-8 text.`);
    }
    return { ok: true, lineNumber, text };
  }

  private tooLong(lineNumber: number, bytes: number): TLogLine {
    return {
      ok: false,
      lineNumber,
      code: "LINE_TOO_LONG",
      reason: `The line is ${formatBytes(bytes)}, over the ${formatBytes(this.maxLineBytes)} line limit; it was skipped.`,
    };
  }
}

function checkLimits(limits: Partial<TReadLimits> | undefined): TReadLimits {
  const merged = { ...DEFAULT_READ_LIMITS, ...limits };
  for (const [name, value] of Object.entries(merged)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new LogInputError("INVALID_OPTIONS", `${name} must be a positive integer.`);
  }
  return merged;
}

function isUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function isUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function newlinesBefore(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(LF); i !== -1 && i < end; i = bytes.indexOf(LF, i + 1)) count += 1;
  return count;
}

/**
 * Async-generates the lines of a UTF-8 byte stream: strips a leading BOM and CR before LF,
 * reassembles characters split across chunks, reports over-long lines as `{ ok: false }` without
 * buffering them, and throws LogInputError for oversize input, NUL bytes, UTF-16 or invalid UTF-8.
 */
export function readLogLines(source: TByteSource, limits: TReadLimits): AsyncGenerator<TLogLine, void, undefined> {
  // Without a mode no line is raw.
  return readLines(source, limits, null) as AsyncGenerator<TLogLine, void, undefined>;
}

/** readLogLines whose valid lines come as bytes while `mode.raw` is set (same checks, same errors). */
export function readLogLinesSwitchable(source: TByteSource, limits: TReadLimits, mode: TLineMode): AsyncGenerator<TLogLine | TRawLogLine, void, undefined> {
  return readLines(source, limits, mode);
}

async function* readLines(source: TByteSource, limits: TReadLimits, mode: TLineMode | null): AsyncGenerator<TLogLine | TRawLogLine, void, undefined> {
  const { maxLineBytes, maxFileBytes } = checkLimits(limits);
  if (source === null || typeof source !== "object" || typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== "function") {
    throw new LogInputError("INVALID_SOURCE", "The input is not a readable stream or async iterable of bytes.");
  }
  const splitter = new LineSplitter(maxLineBytes);
  splitter.mode = mode;
  let total = 0;
  // Bytes held back until we know whether the file starts with a byte-order mark.
  let head: Uint8Array | null = EMPTY_BYTES;

  const accept = (chunk: Uint8Array): Uint8Array => {
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw new LogInputError(
        "BINARY_CONTENT",
        `The file contains NUL bytes (line ${splitter.lineNumber + newlinesBefore(chunk, nul)}); it is binary or UTF-16. Export it as UTF-8 text.`,
      );
    }
    return chunk;
  };
  const settleHead = (bytes: Uint8Array): Uint8Array => {
    if (isUtf16Bom(bytes)) throw new LogInputError("UNSUPPORTED_ENCODING", "The file is UTF-16 encoded. Export it as UTF-8 text.");
    return isUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  };

  for await (const rawChunk of source as AsyncIterable<unknown>) {
    let chunk = toBytes(rawChunk);
    if (chunk.length === 0) continue;
    total += chunk.length;
    if (total > maxFileBytes) throw new LogInputError("FILE_TOO_LARGE", `The file is larger than the ${formatBytes(maxFileBytes)} limit.`);
    if (head !== null) {
      const joined: Uint8Array = head.length === 0 ? chunk : concatBytes([head, chunk], head.length + chunk.length);
      if (joined.length < 3) {
        head = joined;
        continue;
      }
      head = null;
      chunk = settleHead(joined);
    }
    splitter.feed(accept(chunk));
    for (let line = splitter.take(); line !== null; line = splitter.take()) yield line;
  }
  if (head !== null && head.length > 0) {
    splitter.feed(accept(settleHead(head)));
    for (let line = splitter.take(); line !== null; line = splitter.take()) yield line;
  }
  const last = splitter.finish();
  if (last !== null) yield last;
}

// ───────────────────────────── parse pipeline ─────────────────────────────

const ZDurationUnit = z.enum(["s", "ms", "us", "ns"]);

export const ZParseLogOptions = z.strictObject({
  format: z.enum(["auto", ...LOG_FORMATS]),
  /**
   * CSV: field → header. Generic JSON Lines: field → key or "parent.child" path. Missing keys are
   * unmapped. Without a mapping, names are matched through the synonym table. LiteLLM and OTel
   * have fixed schemas and ignore it.
   */
  mapping: ZColumnMapping.partial().nullable().optional(),
  primaryModel: z.string().max(200).nullable().optional(),
  fallbackModel: z.string().max(200).nullable().optional(),
  clientTimeoutMs: z.number().positive().finite().nullable().optional(),
  privacy: ZPrivacyPolicy,
  limits: z
    .strictObject({ maxLineBytes: z.number().int().positive().optional(), maxFileBytes: z.number().int().positive().optional() })
    .optional(),
  units: z.strictObject({ latency: ZDurationUnit.optional(), client_timeout: ZDurationUnit.optional() }).optional(),
});
export type TParseLogOptions = z.input<typeof ZParseLogOptions>;

export type TParsedRow = { ok: true; lineNumber: number; record: TSanitizedRequest } | TRowRejection;

export type TCsvSummary = {
  headers: string[];
  delimiter: string;
  mapping: TColumnMapping;
  signature: string;
  unmappedHeaders: string[];
};

export type TImportSummary = {
  format: TLogFormat | null;
  /** Present when the format was auto-detected. */
  detection: TFormatDetection | null;
  /** True once the whole input was read. */
  complete: boolean;
  linesRead: number;
  records: number;
  rejected: number;
  rejectedByCode: Partial<Record<TRejectCode, number>>;
  byClass: Record<TRequestClass, number>;
  byPath: Record<TRequestPath, number>;
  byPathAndClass: Record<TRequestPath, Record<TRequestClass, number>>;
  firstTs: Date | null;
  lastTs: Date | null;
  /** ISO timestamps without a zone, read as UTC. */
  timestampsAssumedUtc: number;
  /** Values present but unusable (e.g. latency "abc", status 600), stored as null. */
  invalidValues: Partial<Record<TLogField, number>>;
  /** OTLP spans that were not GenAI calls. */
  ignoredSpans: number;
  csv: TCsvSummary | null;
  privacy: TPrivacyReport;
};

export type TLogParseStream = AsyncIterable<TParsedRow> & {
  /** Snapshot of the counts so far; final once iteration has finished. */
  summary(): TImportSummary;
};

function zeroByClass(): Record<TRequestClass, number> {
  return Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0])) as Record<TRequestClass, number>;
}

/**
 * Counts gathered by one thread since its last report: every field adds up (or is a min/max), so
 * states filled by several parse threads merge into exactly the counts of one sequential pass.
 */
export type TStateDelta = {
  linesRead: number;
  records: number;
  rejected: number;
  rejectedByCode: Partial<Record<TRejectCode, number>>;
  byClass: Record<TRequestClass, number>;
  byPathAndClass: Record<TRequestPath, Record<TRequestClass, number>>;
  firstTs: number | null;
  lastTs: number | null;
  timestampsAssumedUtc: number;
  invalidValues: TInvalidValueCounts;
  ignoredSpans: number;
  privacy: TPrivacyReport;
};

function addCounts<K extends string>(target: Partial<Record<K, number>>, source: Partial<Record<K, number>>): void {
  for (const key of Object.keys(source) as K[]) target[key] = (target[key] ?? 0) + (source[key] ?? 0);
}

/** Mutable state of one import; the only place counts live. */
export class ImportState {
  format: TLogFormat | null = null;
  detection: TFormatDetection | null = null;
  complete = false;
  linesRead = 0;
  records = 0;
  rejected = 0;
  rejectedByCode: Partial<Record<TRejectCode, number>> = {};
  byClass = zeroByClass();
  byPathAndClass: Record<TRequestPath, Record<TRequestClass, number>> = { PRIMARY: zeroByClass(), FALLBACK: zeroByClass() };
  firstTs: number | null = null;
  lastTs: number | null = null;
  timestampsAssumedUtc = 0;
  invalidValues: TInvalidValueCounts = {};
  ignoredSpans = 0;
  csv: TCsvSummary | null = null;

  constructor(readonly sanitizer: RequestSanitizer) {}

  snapshot(): TImportSummary {
    const byPath = Object.fromEntries(
      REQUEST_PATHS.map((p) => [p, Object.values(this.byPathAndClass[p]).reduce((a, b) => a + b, 0)]),
    ) as Record<TRequestPath, number>;
    return {
      format: this.format,
      detection: this.detection,
      complete: this.complete,
      linesRead: this.linesRead,
      records: this.records,
      rejected: this.rejected,
      rejectedByCode: { ...this.rejectedByCode },
      byClass: { ...this.byClass },
      byPath,
      byPathAndClass: { PRIMARY: { ...this.byPathAndClass.PRIMARY }, FALLBACK: { ...this.byPathAndClass.FALLBACK } },
      firstTs: this.firstTs === null ? null : new Date(this.firstTs),
      lastTs: this.lastTs === null ? null : new Date(this.lastTs),
      timestampsAssumedUtc: this.timestampsAssumedUtc,
      invalidValues: { ...this.invalidValues },
      ignoredSpans: this.ignoredSpans,
      csv: this.csv === null ? null : { ...this.csv, headers: [...this.csv.headers], mapping: { ...this.csv.mapping }, unmappedHeaders: [...this.csv.unmappedHeaders] },
      privacy: this.sanitizer.privacyReport(),
    };
  }

  /** The counts gathered since the last call (privacy report included), which are then reset. */
  takeDelta(): TStateDelta {
    const delta: TStateDelta = {
      linesRead: this.linesRead,
      records: this.records,
      rejected: this.rejected,
      rejectedByCode: this.rejectedByCode,
      byClass: this.byClass,
      byPathAndClass: this.byPathAndClass,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      timestampsAssumedUtc: this.timestampsAssumedUtc,
      invalidValues: this.invalidValues,
      ignoredSpans: this.ignoredSpans,
      privacy: this.sanitizer.takeReport(),
    };
    this.linesRead = 0;
    this.records = 0;
    this.rejected = 0;
    this.rejectedByCode = {};
    this.byClass = zeroByClass();
    this.byPathAndClass = { PRIMARY: zeroByClass(), FALLBACK: zeroByClass() };
    this.firstTs = null;
    this.lastTs = null;
    this.timestampsAssumedUtc = 0;
    this.invalidValues = {};
    this.ignoredSpans = 0;
    return delta;
  }

  /** Adds counts another thread (or an earlier takeDelta) gathered. */
  addDelta(delta: TStateDelta): void {
    this.linesRead += delta.linesRead;
    this.records += delta.records;
    this.rejected += delta.rejected;
    addCounts(this.rejectedByCode, delta.rejectedByCode);
    addCounts(this.byClass, delta.byClass);
    addCounts(this.byPathAndClass.PRIMARY, delta.byPathAndClass.PRIMARY);
    addCounts(this.byPathAndClass.FALLBACK, delta.byPathAndClass.FALLBACK);
    if (delta.firstTs !== null && (this.firstTs === null || delta.firstTs < this.firstTs)) this.firstTs = delta.firstTs;
    if (delta.lastTs !== null && (this.lastTs === null || delta.lastTs > this.lastTs)) this.lastTs = delta.lastTs;
    this.timestampsAssumedUtc += delta.timestampsAssumedUtc;
    addCounts(this.invalidValues, delta.invalidValues);
    this.ignoredSpans += delta.ignoredSpans;
    this.sanitizer.addReport(delta.privacy);
  }

  reject(rejection: TRowRejection, out: TParsedRow[]): void {
    this.rejected += 1;
    this.rejectedByCode[rejection.code] = (this.rejectedByCode[rejection.code] ?? 0) + 1;
    out.push({ ok: false, lineNumber: rejection.lineNumber, code: rejection.code, reason: rejection.reason });
  }

  accept(lineNumber: number, result: TExtractResult, out: TParsedRow[]): void {
    if (!result.ok) {
      this.reject({ ok: false, lineNumber, code: result.code, reason: result.reason }, out);
      return;
    }
    const raw = result.raw;
    const record = this.sanitizer.sanitize(raw);
    this.records += 1;
    this.byClass[record.requestClass] += 1;
    this.byPathAndClass[record.path][record.requestClass] += 1;
    const t = record.ts.getTime();
    if (this.firstTs === null || t < this.firstTs) this.firstTs = t;
    if (this.lastTs === null || t > this.lastTs) this.lastTs = t;
    if (raw.tsAssumedUtc) this.timestampsAssumedUtc += 1;
    out.push({ ok: true, lineNumber, record });
  }
}

export type TProcessorContext = {
  state: ImportState;
  mapping: Partial<TColumnMapping> | null;
  extract: TExtractOptions;
  maxRecordChars: number;
};

export interface TLineProcessor {
  push(line: TLogLine, out: TParsedRow[]): void;
  finish(out: TParsedRow[]): void;
}

/**
 * The per-record half of CSV parsing (column count, extraction, sanitizing): independent from
 * record to record once the header is planned, so it can run on another thread.
 */
export class CsvRecordStage {
  private readonly source: CsvRowSource;

  constructor(
    private readonly ctx: TProcessorContext,
    private readonly plan: TCsvPlan,
  ) {
    this.source = new CsvRowSource(plan);
  }

  push(record: TCsvRecord, out: TParsedRow[]): void {
    const { state } = this.ctx;
    if (!record.ok) {
      state.reject(record, out);
      return;
    }
    if (record.fields.length !== this.plan.headers.length) {
      state.reject(
        {
          ok: false,
          lineNumber: record.lineNumber,
          code: "CSV_COLUMN_COUNT",
          reason: `The row has ${record.fields.length} fields but the header has ${this.plan.headers.length}.`,
        },
        out,
      );
      return;
    }
    state.accept(record.lineNumber, rawFromFieldSource(this.source.setRow(record.fields), this.ctx.extract, state.invalidValues), out);
  }
}

/** Where the CSV processor hands each record after the header (the record stage, here or on a parse thread). */
export type TCsvRecordSink = (record: TCsvRecord, out: TParsedRow[]) => void;

/**
 * The sequential half of CSV parsing: physical lines → records (quoted newlines), and the header
 * → column plan. Records after the header go to `sink`, or to an in-thread record stage.
 */
export class CsvProcessor implements TLineProcessor {
  private tokenizer: CsvTokenizer | null = null;
  private delimiter = ",";
  plan: TCsvPlan | null = null;
  private stage: TCsvRecordSink | null = null;

  constructor(
    private readonly ctx: TProcessorContext,
    private readonly sink: TCsvRecordSink | null = null,
  ) {}

  push(line: TLogLine, out: TParsedRow[]): void {
    if (this.tokenizer === null) {
      if (!line.ok) {
        this.ctx.state.reject(line, out);
        return;
      }
      if (line.text.trim().length === 0) return;
      this.delimiter = detectDelimiter(line.text);
      this.tokenizer = new CsvTokenizer(this.delimiter, this.ctx.maxRecordChars);
    }
    const record = this.tokenizer.push(line);
    if (record !== null) this.record(record, out);
  }

  finish(out: TParsedRow[]): void {
    const record = this.tokenizer?.finish() ?? null;
    if (record !== null) this.record(record, out);
  }

  private record(record: TCsvRecord, out: TParsedRow[]): void {
    const { state } = this.ctx;
    if (this.stage !== null) {
      this.stage(record, out);
      return;
    }
    if (!record.ok) {
      state.reject(record, out);
      return;
    }
    const plan = planCsvColumns(record.fields, this.delimiter, this.ctx.mapping);
    if (plan.mapping.request_timestamp === null) {
      throw new LogInputError(
        "INVALID_MAPPING",
        `No CSV column is mapped to the request timestamp. Columns: ${plan.headers.slice(0, 30).join(", ").slice(0, 500)}.`,
      );
    }
    this.plan = plan;
    if (this.sink !== null) {
      this.stage = this.sink;
    } else {
      const stage = new CsvRecordStage(this.ctx, plan);
      this.stage = (r, o) => stage.push(r, o);
    }
    state.csv = { headers: plan.headers, delimiter: plan.delimiter, mapping: plan.mapping, signature: plan.signature, unmappedHeaders: plan.unmappedHeaders };
  }
}

export class JsonProcessor implements TLineProcessor {
  constructor(
    private readonly ctx: TProcessorContext,
    private readonly format: Exclude<TLogFormat, "csv">,
  ) {}

  push(line: TLogLine, out: TParsedRow[]): void {
    const { state } = this.ctx;
    if (!line.ok) {
      state.reject(line, out);
      return;
    }
    const text = line.text.trim();
    if (text.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The engine's message quotes the line, which may hold prompts or secrets: never pass it on.
      state.reject({ ok: false, lineNumber: line.lineNumber, code: "INVALID_JSON", reason: "The line is not valid JSON." }, out);
      return;
    }
    if (!isPlainObject(value)) {
      state.reject({ ok: false, lineNumber: line.lineNumber, code: "NOT_AN_OBJECT", reason: "The line is JSON but not an object." }, out);
      return;
    }
    const { extract, mapping } = this.ctx;
    if (this.format === "jsonl") {
      state.accept(line.lineNumber, rawFromJsonObject(value, mapping, extract, state.invalidValues), out);
    } else if (this.format === "litellm") {
      state.accept(line.lineNumber, rawFromLiteLLM(value, extract, state.invalidValues), out);
    } else {
      const spans = rawsFromOtlpLine(value, extract, state.invalidValues);
      if (!spans.ok) {
        state.reject({ ok: false, lineNumber: line.lineNumber, code: spans.code, reason: spans.reason }, out);
        return;
      }
      state.ignoredSpans += spans.ignoredSpans;
      for (const result of spans.results) state.accept(line.lineNumber, result, out);
    }
  }

  finish(): void {}
}

/**
 * Runs `step` for one physical line the way the parse loop does: counts the line, and turns any
 * failure other than a LogInputError (a problem with the whole file) into a rejection of that line.
 */
export function processGuarded(state: ImportState, lineNumber: number, out: TParsedRow[], step: () => void, countLine = true): void {
  if (countLine) state.linesRead += 1;
  try {
    step();
  } catch (error) {
    if (error instanceof LogInputError) throw error;
    // A bug or pathological row must not abort a million-row import; report the row instead.
    state.reject({ ok: false, lineNumber, code: "UNPROCESSABLE_ROW", reason: "The row could not be processed." }, out);
  }
}

const DETECTION_MAX_CHARS = 1024 * 1024;

export type TParsedLogOptions = z.output<typeof ZParseLogOptions>;

export function parseOptions(options: TParseLogOptions): TParsedLogOptions {
  const parsed = ZParseLogOptions.safeParse(options);
  if (!parsed.success) throw new LogInputError("INVALID_OPTIONS", `Invalid import options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Limits after defaults and validation. */
export function readLimitsOf(opts: TParsedLogOptions): TReadLimits {
  return checkLimits(opts.limits);
}

/** The state and processor context of one import, as parseLogStream (and each parse thread) builds them. */
export function newImportContext(opts: TParsedLogOptions): TProcessorContext {
  const limits = checkLimits(opts.limits);
  const state = new ImportState(
    new RequestSanitizer(opts.privacy, {
      primaryModel: opts.primaryModel ?? null,
      fallbackModel: opts.fallbackModel ?? null,
      clientTimeoutMs: opts.clientTimeoutMs ?? null,
    }),
  );
  return { state, mapping: opts.mapping ?? null, extract: { units: opts.units }, maxRecordChars: limits.maxLineBytes };
}

/**
 * Reads the first lines and detects the format (or takes the chosen one). Returns the lines read
 * so far, which the caller must process before the rest.
 */
export async function readHeadAndFormat(
  iterator: AsyncGenerator<TLogLine, void, undefined>,
  opts: TParsedLogOptions,
  state: ImportState,
): Promise<{ head: TLogLine[]; format: TLogFormat }> {
  const head: TLogLine[] = [];
  let format: TLogFormat;
  if (opts.format === "auto") {
    let nonBlank = 0;
    let chars = 0;
    while (nonBlank < DETECTION_SAMPLE_LINES && chars < DETECTION_MAX_CHARS) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
      if (next.value.ok) {
        chars += next.value.text.length;
        if (next.value.text.trim().length > 0) nonBlank += 1;
      }
    }
    const sample = head.flatMap((line) => (line.ok ? [line.text] : []));
    const detection: TFormatDetection =
      sample.every((text) => text.trim().length === 0) && head.some((line) => !line.ok)
        ? { ok: false, error: "Unrecognized log format: the first lines are all longer than the line limit." }
        : detectFormat(sample);
    state.detection = detection;
    if (!detection.ok) throw new LogInputError("UNRECOGNIZED_FORMAT", detection.error);
    format = detection.format;
  } else {
    format = opts.format;
  }
  state.format = format;
  return { head, format };
}

/**
 * Streams a log file into sanitized request records (or per-row rejections). Prompt/response
 * text and raw identifiers never leave this function: every record has been through
 * RequestSanitizer. Throws LogInputError (while iterating) for problems with the file as a whole.
 */
export function parseLogStream(source: TByteSource, options: TParseLogOptions): TLogParseStream {
  const opts = parseOptions(options);
  const limits = checkLimits(opts.limits);
  const ctx = newImportContext(opts);
  const { state } = ctx;

  async function* run(): AsyncGenerator<TParsedRow, void, undefined> {
    const iterator = readLogLines(source, limits);
    try {
      const { head, format } = await readHeadAndFormat(iterator, opts, state);
      const processor: TLineProcessor = format === "csv" ? new CsvProcessor(ctx) : new JsonProcessor(ctx, format);
      const out: TParsedRow[] = [];
      const handle = (line: TLogLine) => processGuarded(state, line.lineNumber, out, () => processor.push(line, out));
      for (const line of head) {
        handle(line);
        for (const row of out) yield row;
        out.length = 0;
      }
      for await (const line of iterator) {
        handle(line);
        for (const row of out) yield row;
        out.length = 0;
      }
      processor.finish(out);
      for (const row of out) yield row;
      out.length = 0;
      state.complete = true;
    } finally {
      await iterator.return(undefined);
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
