import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { detectFormat, LOG_FORMATS, type TLogFormat } from "@/lib/logs/detect";
import { LOG_INPUT_ERROR_CODES, LogInputError } from "@/lib/logs/errors";
import { CsvTokenizer, detectDelimiter } from "@/lib/logs/formats/csv";
import { InProcessExecutor, parseLogBatches } from "@/lib/logs/batch";
import { parseLogStream, parseOptions, type TLogLine, type TParseLogOptions } from "@/lib/logs/reader";
import { REJECT_CODES, ZSanitizedRequest } from "@/lib/logs/record";
import { parseTimestamp, TIMESTAMP_MAX_MS, TIMESTAMP_MIN_MS } from "@/lib/logs/timestamp";
import { hostileNumber, hostileString, hostileValue, TRICKY_STRINGS } from "@/lib/testing/fuzz-arbitraries";

// Issue #8: every log parser, ≥10,000 generated inputs each. The only error allowed out of a
// parser is the documented LogInputError (whole-file problems); rows are accepted or rejected.
const RUNS = 10_000;
const PRIVACY = { hmacSecret: "property-secret-01234", pseudonymizeIdentifiers: true };

const BOM = "\uFEFF";

/** Epoch values in s/ms/µs/ns, as numbers and strings, with fractions and out-of-range magnitudes. */
const epochLike = fc.oneof(
  fc.integer({ min: 0, max: 4_102_444_800 }).chain((s) =>
    fc.constantFrom<unknown>(s, `${s}`, s * 1000, `${s}000`, `${s}000000`, `${s}000000000`, `${s}.5`, s * 1e9, `${s}123456789012`),
  ),
  fc.stringMatching(/^-?\d{1,25}(\.\d{0,12})?(e[+-]?\d{1,3})?$/),
  fc.constantFrom("NaN", "nan", "Infinity", "-1", "1e400", "0x10", "1_000", " 1741942800 ", "1741942800\r"),
);

const isoLike = fc
  .tuple(
    fc.integer({ min: -1, max: 10_000 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom("", "Z", "z", "+05:30", "-0800", "+14", " UTC", "GMT", "+99:99", ".123456789Z", ",5Z"),
    fc.constantFrom("T", " ", "t", "_"),
  )
  .map(([y, mo, d, h, mi, zone, sep]) => {
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    return `${p(y, 4)}-${p(mo)}-${p(d)}${sep}${p(h)}:${p(mi)}:${p(mi)}${zone}`;
  });

/** One physical line of a log file: JSON objects, partial JSON, CSV rows, garbage, with BOM/CR. */
const jsonRecord = fc.dictionary(
  fc.constantFrom("timestamp", "ts", "status", "status_code", "model", "latency_ms", "exception", "error", "prompt", "__proto__", "constructor", "resourceSpans"),
  fc.oneof(hostileValue, epochLike, isoLike),
  { maxKeys: 6 },
);
const physicalLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: jsonRecord.map((o) => safeJson(o)) },
  { weight: 2, arbitrary: jsonRecord.map((o) => safeJson(o)).chain((t) => fc.nat({ max: Math.max(0, t.length) }).map((n) => t.slice(0, n))) },
  { weight: 2, arbitrary: fc.array(fc.oneof(hostileString, isoLike, epochLike.map(String)), { maxLength: 6 }).map((cells) => cells.join(",")) },
  { weight: 1, arbitrary: fc.constantFrom("timestamp,status,model,latency_ms,exception", '{"resourceSpans":[{"scopeSpans":[{"spans":[{}]}]}]}', "[1,2]", "{", '"unterminated', "") },
  { weight: 1, arbitrary: hostileString },
);

/** JSON.stringify that survives bigint/symbol/cyclic-free hostile values. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : typeof v === "symbol" ? undefined : v)) ?? "null";
  } catch {
    return "null";
  }
}

/** A whole file: lines joined by LF or CRLF, with an optional BOM, as text or as raw bytes. */
const fileText = fc
  .tuple(fc.boolean(), fc.array(physicalLine, { minLength: 0, maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean())
  .map(([bom, lines, eol, trailing]) => `${bom ? BOM : ""}${lines.join(eol)}${trailing ? eol : ""}`);
const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fileText.map((t) => new TextEncoder().encode(t)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
  { weight: 1, arbitrary: fc.constantFrom(new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xff, 0xfe, 0x7b, 0x00]), new Uint8Array([0xc3]), new Uint8Array([0, 0, 0, 0])) },
);

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function parseAll(bytes: Uint8Array, format: "auto" | TLogFormat, chunkSize: number): Promise<void> {
  let lines = 0;
  try {
    const stream = parseLogStream(chunks(bytes, chunkSize), { format, privacy: PRIVACY, clientTimeoutMs: 30_000 });
    for await (const row of stream) {
      lines += 1;
      expect(Number.isInteger(row.lineNumber) && row.lineNumber >= 1).toBe(true);
      if (row.ok) expect(ZSanitizedRequest.safeParse(row.record).success).toBe(true);
      else expect(REJECT_CODES).toContain(row.code);
    }
    const summary = stream.summary();
    expect(summary.linesRead).toBeGreaterThanOrEqual(0);
  } catch (error) {
    // Only the documented, typed whole-file error may escape.
    expect(error).toBeInstanceOf(LogInputError);
    expect(LOG_INPUT_ERROR_CODES).toContain((error as LogInputError).code);
  }
  expect(lines).toBeGreaterThanOrEqual(0);
}

describe("parseTimestamp: 10,000 hostile values", () => {
  it("never throws; accepted dates are in range, rejections say why", () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, epochLike, isoLike, hostileNumber, isoLike.map((s) => `${BOM}${s}`), fc.bigInt()), (value) => {
        const result = parseTimestamp(value);
        if (result.ok) {
          expect(result.date.getTime()).toBeGreaterThanOrEqual(TIMESTAMP_MIN_MS);
          expect(result.date.getTime()).toBeLessThan(TIMESTAMP_MAX_MS);
        } else {
          expect(typeof result.reason).toBe("string");
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("detectFormat: 10,000 samples of first lines", () => {
  it("never throws; names a known format or explains", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(physicalLine, physicalLine.map((l) => `${BOM}${l}\r`)), { maxLength: 20 }), (lines) => {
        const result = detectFormat(lines);
        if (result.ok) expect(LOG_FORMATS).toContain(result.format);
        else expect(result.error.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("CSV: 10,000 header lines and physical-line sequences", () => {
  it("detectDelimiter always returns one of the candidate delimiters", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, physicalLine), (header) => {
        expect([",", ";", "\t", "|"]).toContain(detectDelimiter(header));
      }),
      { numRuns: RUNS },
    );
  });

  it("CsvTokenizer never throws; every record is fields or a reasoned rejection", () => {
    const line: fc.Arbitrary<TLogLine> = fc.oneof(
      { weight: 9, arbitrary: fc.oneof(physicalLine, fc.constantFrom('"a', 'b"', '""', '"x""y",z', "a,\"b\nc", ...TRICKY_STRINGS)).map((text) => ({ ok: true as const, lineNumber: 0, text })) },
      { weight: 1, arbitrary: fc.constant({ ok: false as const, lineNumber: 0, code: "LINE_TOO_LONG" as const, reason: "too long" }) },
    );
    fc.assert(
      fc.property(fc.constantFrom(",", ";", "\t", "|"), fc.integer({ min: 1, max: 200 }), fc.array(line, { maxLength: 12 }), (delimiter, maxChars, lines) => {
        const tokenizer = new CsvTokenizer(delimiter, maxChars);
        const records = [...lines.map((l, i) => tokenizer.push({ ...l, lineNumber: i + 1 })), tokenizer.finish()];
        for (const record of records) {
          if (record === null) continue;
          if (record.ok) expect(Array.isArray(record.fields)).toBe(true);
          else expect(record.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("parseLogStream: 10,000 files per format", () => {
  it.each<"auto" | TLogFormat>(["auto", ...LOG_FORMATS])(
    "%s: bytes, BOM, CRLF, partial JSON and huge numbers never crash the import",
    async (format) => {
      await fc.assert(
        fc.asyncProperty(fileBytes, fc.constantFrom(3, 61, 4096), async (bytes, chunkSize) => {
          await parseAll(bytes, format, chunkSize);
        }),
        { numRuns: RUNS },
      );
    },
    120_000,
  );
});

describe("parseLogBatches (batched import path): 10,000 files over all formats", () => {
  it("never crashes; every encoded row is a valid sanitized record; only LogInputError escapes", async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, fc.constantFrom<"auto" | TLogFormat>("auto", ...LOG_FORMATS), fc.integer({ min: 1, max: 5 }), async (bytes, format, maxItems) => {
        let encodedRows = 0;
        const executor = new InProcessExecutor((record) => {
          expect(ZSanitizedRequest.safeParse(record).success).toBe(true);
          encodedRows += 1;
          return "row\n";
        });
        try {
          const stream = parseLogBatches(chunks(bytes, 61), { format, privacy: PRIVACY, clientTimeoutMs: 30_000 }, executor, { maxItems, maxChars: 2_000, maxInFlight: 2 });
          let accepted = 0;
          for await (const batch of stream) {
            accepted += batch.accepted;
            for (const r of batch.rejections) expect(REJECT_CODES).toContain(r.code);
          }
          expect(accepted).toBe(encodedRows);
        } catch (error) {
          expect(error).toBeInstanceOf(LogInputError);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe("parseOptions: 10,000 option objects", () => {
  it("returns parsed options or throws LogInputError INVALID_OPTIONS, nothing else", () => {
    const options = fc.record(
      {
        format: fc.oneof(fc.constantFrom("auto", ...LOG_FORMATS), hostileValue),
        privacy: fc.oneof(fc.constant(PRIVACY), fc.record({ hmacSecret: hostileValue, pseudonymizeIdentifiers: hostileValue }, { requiredKeys: [] }), hostileValue),
        clientTimeoutMs: fc.oneof(hostileNumber, hostileValue),
        primaryModel: fc.oneof(hostileString, hostileValue),
        limits: fc.oneof(fc.record({ maxLineBytes: hostileNumber, maxFileBytes: hostileNumber }, { requiredKeys: [] }), hostileValue),
        mapping: hostileValue,
        units: hostileValue,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(options, hostileValue), (input) => {
        try {
          const parsed = parseOptions(input as TParseLogOptions);
          expect(["auto", ...LOG_FORMATS]).toContain(parsed.format);
        } catch (error) {
          expect(error).toBeInstanceOf(LogInputError);
          expect((error as LogInputError).code).toBe("INVALID_OPTIONS");
        }
      }),
      { numRuns: RUNS },
    );
  });
});
