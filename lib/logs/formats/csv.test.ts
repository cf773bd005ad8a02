import { describe, expect, it } from "vitest";

import { LogInputError } from "@/lib/logs/errors";
import { CsvTokenizer, detectDelimiter, planCsvColumns, splitCsvLine, type TCsvRecord } from "@/lib/logs/formats/csv";
import type { TLogLine } from "@/lib/logs/reader";

function tokenize(text: string, delimiter = ",", max = 10_000): TCsvRecord[] {
  const tokenizer = new CsvTokenizer(delimiter, max);
  const out: TCsvRecord[] = [];
  text.split("\n").forEach((line, i) => {
    const record = tokenizer.push({ ok: true, lineNumber: i + 1, text: line });
    if (record) out.push(record);
  });
  const last = tokenizer.finish();
  if (last) out.push(last);
  return out;
}

describe("CsvTokenizer", () => {
  it("splits plain and quoted fields, with escaped quotes and empty fields", () => {
    expect(tokenize('a,"b,c","say ""hi""",,e,')).toEqual([{ ok: true, lineNumber: 1, fields: ["a", "b,c", 'say "hi"', "", "e", ""] }]);
  });

  it("keeps newlines inside quoted fields and reports the starting line", () => {
    const records = tokenize('h1,h2\n1,"line one\nline two\n\nline four"\n2,x\n3,"end"');
    expect(records).toEqual([
      { ok: true, lineNumber: 1, fields: ["h1", "h2"] },
      { ok: true, lineNumber: 2, fields: ["1", "line one\nline two\n\nline four"] },
      { ok: true, lineNumber: 6, fields: ["2", "x"] },
      { ok: true, lineNumber: 7, fields: ["3", "end"] },
    ]);
  });

  it("skips blank lines between records", () => {
    expect(tokenize("a,b\n\n   \nc,d").map((r) => r.lineNumber)).toEqual([1, 4]);
  });

  it("treats quotes inside an unquoted field literally", () => {
    expect(tokenize('ab"c,d')).toEqual([{ ok: true, lineNumber: 1, fields: ['ab"c', "d"] }]);
  });

  it("rejects text after a closing quote but resynchronises on the next record", () => {
    const records = tokenize('"abc"def,x\nok,1');
    expect(records[0]).toMatchObject({ ok: false, code: "CSV_MALFORMED_QUOTES", lineNumber: 1 });
    expect(records[1]).toEqual({ ok: true, lineNumber: 2, fields: ["ok", "1"] });
  });

  it("reports a quote that is never closed", () => {
    expect(tokenize('a,"open\nmore')).toEqual([
      { ok: false, lineNumber: 1, code: "CSV_UNTERMINATED_QUOTE", reason: expect.stringContaining("never closed") },
    ]);
  });

  it("bounds a record that runs away (unclosed quote) and starts over", () => {
    const records = tokenize(`x,"${"y".repeat(50)}\n${"z".repeat(60)}\nnext,row`, ",", 100);
    expect(records[0]).toMatchObject({ ok: false, code: "CSV_RECORD_TOO_LONG", lineNumber: 1 });
    expect(records.at(-1)).toEqual({ ok: true, lineNumber: 3, fields: ["next", "row"] });
  });

  it("passes an over-long line through as a rejection, or fails the record it is part of", () => {
    const tokenizer = new CsvTokenizer(",", 1000);
    const tooLong: TLogLine = { ok: false, lineNumber: 2, code: "LINE_TOO_LONG", reason: "too long" };
    expect(tokenizer.push(tooLong)).toBe(tooLong);
    tokenizer.push({ ok: true, lineNumber: 3, text: 'a,"open' });
    expect(tokenizer.push({ ...tooLong, lineNumber: 4 })).toMatchObject({ ok: false, code: "CSV_RECORD_TOO_LONG", lineNumber: 3 });
  });

  it("supports other delimiters", () => {
    expect(tokenize('a;"b;c";d', ";")[0]).toMatchObject({ fields: ["a", "b;c", "d"] });
    expect(tokenize("a\tb", "\t")[0]).toMatchObject({ fields: ["a", "b"] });
  });
});

describe("detectDelimiter", () => {
  it("picks the separator that splits the header most, ignoring quoted text", () => {
    expect(detectDelimiter("a,b,c")).toBe(",");
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter('"a;b;c;d",e,f')).toBe(",");
    expect(detectDelimiter("single")).toBe(",");
  });

  it("splits a header line", () => {
    expect(splitCsvLine('timestamp,"request id",model')).toEqual(["timestamp", "request id", "model"]);
  });
});

describe("planCsvColumns", () => {
  it("suggests a mapping and lists unmapped columns", () => {
    const plan = planCsvColumns(["timestamp", " model ", "", "notes"], ",");
    expect(plan.headers).toEqual(["timestamp", "model", "column_3", "notes"]);
    expect(plan.mapping.request_timestamp).toBe("timestamp");
    expect(plan.mapping.requested_model).toBe("model");
    expect(plan.unmappedHeaders).toEqual(["column_3", "notes"]);
    expect(plan.signature).toMatch(/^m:/);
  });

  it("uses a user mapping as given, matching names loosely", () => {
    const plan = planCsvColumns(["When", "Which Model", "model"], ",", { request_timestamp: "when", requested_model: "Which Model" });
    expect(plan.mapping.request_timestamp).toBe("When");
    expect(plan.mapping.requested_model).toBe("Which Model");
    expect(plan.index.get("requested_model")).toBe(1);
    expect(plan.mapping.status_code).toBeNull();
  });

  it("rejects a mapping to a column that does not exist", () => {
    expect(() => planCsvColumns(["timestamp"], ",", { request_timestamp: "ts" })).toThrow(LogInputError);
  });
});
