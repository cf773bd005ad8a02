import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { buildCsvFiles, csvCell, toCsv } from "./csv";
import { fixtureReview } from "./testing/fixture";

describe("CSV (RFC 4180, formula-safe)", () => {
  it("quotes fields with comma, quote, CR or LF and doubles quotes; lines end in CRLF", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it("prefixes text that a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}SUM(A1)`).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("plain")).toBe("plain");
    // Numbers stay numbers, negative ones included.
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("round-trips any text through a CSV parser, never starting a cell with a formula character", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 20 }), { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (rows) => {
        const csv = toCsv(["a", "b", "c"], rows);
        const parsed = Papa.parse<string[]>(csv.replace(/\r\n$/, ""), { newline: "\r\n" });
        expect(parsed.errors).toEqual([]);
        expect(parsed.data).toHaveLength(rows.length + 1);
        rows.forEach((row, r) =>
          row.forEach((value, c) => {
            const cell = parsed.data[r + 1]![c]!;
            expect(cell).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
            expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
          }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("builds the five files of the bundle with a header and one row per item", () => {
    const files = buildCsvFiles(fixtureReview());
    expect(files.map((f) => f.name)).toEqual(["timeline.csv", "follow-ups.csv", "error-histogram.csv", "comparison.csv", "rollout-windows.csv"]);
    const lines = (name: string) => files.find((f) => f.name === name)!.content.trimEnd().split("\r\n");
    expect(lines("timeline.csv")).toHaveLength(7);
    expect(lines("timeline.csv")[0]).toBe("occurred_at,kind,description,traffic_percent,author");
    expect(lines("follow-ups.csv")).toHaveLength(4);
    expect(lines("error-histogram.csv")).toHaveLength(7);
    expect(lines("comparison.csv")).toHaveLength(8);
    expect(lines("rollout-windows.csv")).toHaveLength(11);
    expect(lines("rollout-windows.csv")[1]).toBe("IMPORT,PRIMARY,2026-05-08T09:15:00.000Z,2026-05-08T09:20:00.000Z,1000,40,60,2,0.04,0.06,0.002,900,8000,12000,");
  });
});
