import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { LogInputError } from "@/lib/logs/errors";
import { parseLogStream, readLogLines, type TByteSource, type TLogLine, type TParseLogOptions, type TParsedRow } from "@/lib/logs/reader";
import { ZSanitizedRequest } from "@/lib/logs/record";
import { chunked, fixtureByteStream, fixtureRows, textStream } from "@/lib/logs/testing/fixtures";

const LIMITS = { maxLineBytes: 1024, maxFileBytes: 1024 * 1024 };
const PRIVACY = { hmacSecret: "test-secret-0123456789", pseudonymizeIdentifiers: true };
const encoder = new TextEncoder();

async function lines(source: TByteSource, limits = LIMITS): Promise<TLogLine[]> {
  const out: TLogLine[] = [];
  for await (const line of readLogLines(source, limits)) out.push(line);
  return out;
}

function texts(result: TLogLine[]): (string | null)[] {
  return result.map((l) => (l.ok ? l.text : null));
}

async function expectInputError(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(LogInputError);
  await expect(promise).rejects.toMatchObject({ code });
}

describe("readLogLines", () => {
  it("splits LF and CRLF lines, strips a BOM and numbers lines from 1", async () => {
    const result = await lines(textStream("\uFEFFfirst\r\nsecond\n\nfourth\r\n"));
    expect(result).toEqual([
      { ok: true, lineNumber: 1, text: "first" },
      { ok: true, lineNumber: 2, text: "second" },
      { ok: true, lineNumber: 3, text: "" },
      { ok: true, lineNumber: 4, text: "fourth" },
    ]);
  });

  it("returns a last line without a trailing newline, and nothing for an empty file", async () => {
    expect(texts(await lines(textStream("a\nb")))).toEqual(["a", "b"]);
    expect(await lines(textStream(""))).toEqual([]);
    expect(texts(await lines(textStream("\uFEFF")))).toEqual([]);
    expect(texts(await lines(textStream("x")))).toEqual(["x"]);
  });

  it("reassembles multi-byte characters and BOM/CRLF split across 1-byte chunks", async () => {
    const text = "\uFEFFprompt: naïve café — 日本語 😀\r\nnext 🚀 line\r\n";
    expect(texts(await lines(chunked(encoder.encode(text), 1)))).toEqual(["prompt: naïve café — 日本語 😀", "next 🚀 line"]);
    for (const size of [2, 3, 5, 7]) {
      expect(texts(await lines(chunked(encoder.encode(text), size)))).toEqual(["prompt: naïve café — 日本語 😀", "next 🚀 line"]);
    }
  });

  it("reports an over-long line without failing the rest, whatever the chunking", async () => {
    const long = "x".repeat(5000);
    for (const size of [1, 100, 64 * 1024]) {
      const result = await lines(chunked(encoder.encode(`ok1\n${long}\nok3\n${long}`), size), { maxLineBytes: 1000, maxFileBytes: 1e6 });
      expect(result[0]).toEqual({ ok: true, lineNumber: 1, text: "ok1" });
      expect(result[1]).toMatchObject({ ok: false, lineNumber: 2, code: "LINE_TOO_LONG", reason: expect.stringContaining("4.9 KiB") });
      expect(result[2]).toEqual({ ok: true, lineNumber: 3, text: "ok3" });
      expect(result[3]).toMatchObject({ ok: false, lineNumber: 4, code: "LINE_TOO_LONG" });
    }
  });

  it("accepts a line of exactly the limit", async () => {
    const result = await lines(textStream(`${"y".repeat(1024)}\n`));
    expect(result[0]).toMatchObject({ ok: true });
  });

  it("throws FILE_TOO_LARGE once the input exceeds maxFileBytes", async () => {
    await expectInputError(lines(textStream("a\n".repeat(600), 100), { maxLineBytes: 100, maxFileBytes: 1000 }), "FILE_TOO_LARGE");
  });

  it("throws BINARY_CONTENT on NUL bytes, with the line number", async () => {
    const bytes = encoder.encode("ok\nstill ok\nbad\u0000byte\n");
    await expect(lines(chunked(bytes, 4))).rejects.toMatchObject({ code: "BINARY_CONTENT", message: expect.stringContaining("line 3") });
  });

  it("throws on UTF-16 and invalid UTF-8", async () => {
    await expectInputError(lines(chunked(new Uint8Array([0xff, 0xfe, 0x61, 0x00]), 1)), "UNSUPPORTED_ENCODING");
    await expectInputError(lines(chunked(new Uint8Array([0x61, 0x0a, 0xc3, 0x28, 0x0a]), 64)), "INVALID_ENCODING");
    await expectInputError(lines(chunked(new Uint8Array([0x61, 0xe6, 0x97]), 64)), "INVALID_ENCODING");
  });

  it("reads Node readable streams, including string chunks", async () => {
    expect(texts(await lines(Readable.from([Buffer.from("a\nb"), Buffer.from("c\n")])))).toEqual(["a", "bc"]);
    expect(texts(await lines(Readable.from(["x\n", "y"], { objectMode: true })))).toEqual(["x", "y"]);
  });

  it("rejects things that are not streams and invalid limits", async () => {
    await expectInputError(lines({} as TByteSource), "INVALID_SOURCE");
    await expectInputError(lines(Readable.from([{ not: "bytes" }])), "INVALID_SOURCE");
    await expectInputError(lines(textStream("a"), { maxLineBytes: 0, maxFileBytes: 10 }), "INVALID_OPTIONS");
  });
});

async function parse(source: TByteSource, options: Partial<TParseLogOptions> = {}) {
  const stream = parseLogStream(source, { format: "auto", privacy: PRIVACY, ...options });
  const rows: TParsedRow[] = [];
  for await (const row of stream) rows.push(row);
  return { rows, summary: stream.summary() };
}

describe("parseLogStream", () => {
  it("gives CSV records the physical line where they start, across quoted newlines", async () => {
    const csv = [
      "timestamp,request_id,status_code,prompt",
      '2025-03-14T09:00:00Z,r1,200,"first line',
      "second line",
      'third, with ""quotes"""',
      "2025-03-14T09:00:01Z,r2,429,short",
      "",
      '2025-03-14T09:00:02Z,r3,500,"multi',
      'line"',
    ].join("\r\n");
    const { rows, summary } = await parse(chunked(encoder.encode(csv), 3));
    expect(rows.map((r) => [r.lineNumber, r.ok ? r.record.requestId : r.code])).toEqual([
      [2, "r1"],
      [5, "r2"],
      [7, "r3"],
    ]);
    expect(summary).toMatchObject({ format: "csv", records: 3, rejected: 0, linesRead: 8, complete: true });
    expect(summary.byClass).toMatchObject({ OK: 1, RATE_LIMIT_429: 1, UPSTREAM_5XX: 1 });
    expect(summary.csv).toMatchObject({ delimiter: ",", headers: ["timestamp", "request_id", "status_code", "prompt"], unmappedHeaders: [] });
    expect(summary.privacy.promptsHashed).toBe(3);
  });

  it("rejects rows with the wrong number of fields and keeps going", async () => {
    const { rows, summary } = await parse(textStream("timestamp,status\n2025-03-14T09:00:00Z,200,extra\n2025-03-14T09:00:01Z\n2025-03-14T09:00:02Z,200\n"));
    expect(rows.map((r) => (r.ok ? "ok" : r.code))).toEqual(["CSV_COLUMN_COUNT", "CSV_COLUMN_COUNT", "ok"]);
    expect(summary.rejectedByCode).toEqual({ CSV_COLUMN_COUNT: 2 });
  });

  it("reads epoch seconds, milliseconds and nanoseconds and flags zone-less ISO timestamps", async () => {
    const instant = Date.UTC(2025, 2, 14, 9, 0, 0, 250);
    const csv = `ts,status\n${instant / 1000},200\n${instant},200\n${instant}000000,200\n2025-03-14T09:00:00.250,200\n`;
    const { rows, summary } = await parse(textStream(csv));
    expect(rows.map((r) => (r.ok ? r.record.ts.getTime() : r.reason))).toEqual([instant, instant, instant, instant]);
    expect(summary.timestampsAssumedUtc).toBe(1);
    expect(summary.firstTs?.getTime()).toBe(instant);
  });

  it("rejects rows with missing or unparseable timestamps with a reason", async () => {
    const { rows } = await parse(textStream("timestamp,status\n,200\nlast tuesday,200\n"));
    expect(rows).toEqual([
      { ok: false, lineNumber: 2, code: "MISSING_TIMESTAMP", reason: expect.stringContaining("timestamp") },
      { ok: false, lineNumber: 3, code: "INVALID_TIMESTAMP", reason: expect.stringContaining("Unrecognized timestamp format") },
    ]);
  });

  it("uses a user mapping and explicit units", async () => {
    const csv = "When,Took,Code,Which\n2025-03-14T09:00:00Z,1.5,504,gpt-4o-mini\n";
    const { rows, summary } = await parse(textStream(csv), {
      format: "csv",
      mapping: { request_timestamp: "When", latency: "Took", status_code: "Code", requested_model: "Which" },
      units: { latency: "s" },
      fallbackModel: "gpt-4o-mini",
    });
    expect(rows[0]).toMatchObject({ ok: true, record: { latencyMs: 1500, statusCode: 504, requestClass: "TIMEOUT", path: "FALLBACK", fallbackModel: "gpt-4o-mini" } });
    expect(summary.csv?.mapping.latency).toBe("Took");
  });

  it("stops with INVALID_MAPPING when no timestamp column can be found", async () => {
    await expectInputError(parse(textStream("a,b\n1,2\n"), { format: "csv" }), "INVALID_MAPPING");
    await expectInputError(parse(textStream("timestamp,b\n1,2\n"), { format: "csv", mapping: { request_timestamp: "nope" } }), "INVALID_MAPPING");
  });

  it("stops with UNRECOGNIZED_FORMAT for unknown input and records the detection", async () => {
    const stream = parseLogStream(textStream("<html><body>502 Bad Gateway</body></html>\n"), { format: "auto", privacy: PRIVACY });
    await expectInputError((async () => { for await (const _ of stream) void _; })(), "UNRECOGNIZED_FORMAT");
    expect(stream.summary().detection).toMatchObject({ ok: false, error: expect.stringContaining("HTML") });
  });

  it("reports JSON Lines problems per line without echoing the line", async () => {
    const text = '{"timestamp":"2025-03-14T09:00:00Z","status":200}\n{"timestamp": sk-live-0123456789abcdefghij\n[1,2]\n\n{"timestamp":"2025-03-14T09:00:01Z","status":401}\n';
    const { rows, summary } = await parse(textStream(text), { format: "jsonl" });
    expect(rows.map((r) => [r.lineNumber, r.ok ? r.record.requestClass : r.code])).toEqual([
      [1, "OK"],
      [2, "INVALID_JSON"],
      [3, "NOT_AN_OBJECT"],
      [5, "AUTH"],
    ]);
    expect(JSON.stringify(rows)).not.toContain("sk-live");
    expect(summary).toMatchObject({ records: 2, rejected: 2, linesRead: 5 });
  });

  it("validates options up front", () => {
    expect(() => parseLogStream(textStream(""), { format: "auto", privacy: { hmacSecret: "short", pseudonymizeIdentifiers: true } })).toThrow(LogInputError);
    expect(() => parseLogStream(textStream(""), { format: "xml" as "csv", privacy: PRIVACY })).toThrow(/Invalid import options/);
    expect(() => parseLogStream(textStream(""), { format: "csv", privacy: PRIVACY, clientTimeoutMs: -1 })).toThrow(LogInputError);
  });

  it("can be iterated only once", async () => {
    const stream = parseLogStream(textStream("timestamp\n2025-03-14T09:00:00Z\n"), { format: "csv", privacy: PRIVACY });
    for await (const _ of stream) void _;
    expect(() => stream[Symbol.asyncIterator]()).toThrow(LogInputError);
  });

  it("closes the source when the consumer stops early", async () => {
    let closed = false;
    async function* source() {
      try {
        for await (const chunk of fixtureByteStream("jsonl", { count: 10_000 }, 4096)) yield chunk;
      } finally {
        closed = true;
      }
    }
    const stream = parseLogStream(source(), { format: "auto", privacy: PRIVACY });
    let seen = 0;
    for await (const item of stream) {
      expect(item.lineNumber).toBeGreaterThan(0);
      if (++seen === 5) break;
    }
    expect(closed).toBe(true);
    expect(stream.summary()).toMatchObject({ records: 5, complete: false });
  });

  it("handles an empty file with an explicit format", async () => {
    expect((await parse(textStream(""), { format: "csv" })).summary).toMatchObject({ records: 0, complete: true, csv: null });
  });

  it("reports the first lines being too long instead of guessing a format", async () => {
    const big = "x".repeat(3000);
    await expect(parse(textStream(`${big}\n${big}\n`), { limits: { maxLineBytes: 1000 } })).rejects.toMatchObject({
      code: "UNRECOGNIZED_FORMAT",
      message: expect.stringContaining("longer than the line limit"),
    });
  });

  it.each(["csv", "jsonl", "litellm", "otel"] as const)("classifies every generated %s row exactly as the fixture intends", async (format) => {
    const options = { count: 3000, seed: 11, spansPerLine: 4, multilinePrompts: format === "csv" };
    const expected = [...fixtureRows(options)];
    const { rows, summary } = await parse(fixtureByteStream(format, options, 1000), {
      primaryModel: "gpt-4o",
      fallbackModel: "gpt-4o-mini",
      clientTimeoutMs: 30_000,
    });
    const records = rows.flatMap((r) => (r.ok ? [r.record] : []));
    expect(summary.rejected).toBe(0);
    expect(records).toHaveLength(expected.length);
    records.forEach((record, i) => {
      const row = expected[i]!;
      expect([record.requestClass, record.path], `row ${i}`).toEqual([row.requestClass, row.path]);
      expect(record.ts.getTime()).toBe(row.tsMs);
      expect(ZSanitizedRequest.safeParse(record).success).toBe(true);
    });
    expect(summary.format).toBe(format);
    expect(summary.byPath.PRIMARY + summary.byPath.FALLBACK).toBe(expected.length);
    if (format === "otel") expect(summary.ignoredSpans).toBe(Math.ceil(expected.length / 4));
  });
});
