import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvField, incidentCsvRecord, INCIDENT_CSV_HEADER, toCsv } from "./csv";
import type { TIncidentListRow } from "./incident-list";

describe("csvField (RFC 4180)", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvField("plain text")).toBe("plain text");
    expect(csvField(42)).toBe("42");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });
  it("quotes fields with commas, quotes or line breaks and doubles quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r\nlf")).toBe('"cr\r\nlf"');
  });
  it("neutralizes text a spreadsheet would run as a formula", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+SUM(A1)")).toBe("'+SUM(A1)");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField("\t=x")).toBe("'\t=x");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("a=b")).toBe("a=b");
  });
});

describe("toCsv", () => {
  it("writes CRLF-terminated records that a strict parser reads back", () => {
    const csv = toCsv(["a", "b"], [["1,2", 'q"uote'], ["line\nbreak", 3]]);
    expect(csv).toBe('a,b\r\n"1,2","q""uote"\r\n"line\nbreak",3\r\n');
    const parsed = Papa.parse<string[]>(csv.slice(0, -2), { newline: "\r\n" });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([["a", "b"], ["1,2", 'q"uote'], ["line\nbreak", "3"]]);
  });
});

describe("incidentCsvRecord", () => {
  const row: TIncidentListRow = {
    id: "i1",
    key: "INC-2026-0007",
    title: "Timeouts, again",
    severity: "SEV1",
    status: "MITIGATING",
    primaryModelAlias: "assistant-default",
    primaryModelResolvedId: null,
    fallbackMode: "MANUAL",
    failureClasses: [
      { failureClass: "TIMEOUT", role: "PRIMARY" },
      { failureClass: "UPSTREAM_5XX", role: "SECONDARY" },
      { failureClass: "RATE_LIMIT_429", role: "SECONDARY" },
    ],
    startedAt: "2026-05-08T09:12:00.000Z",
    endedAt: null,
    durationMs: 90 * 60_000 + 59_000,
    ongoing: true,
    commanderId: "u1",
    commanderName: "Casey Commander",
    answered: 5,
    questionTotal: 23,
    openFollowUps: 2,
  };
  it("has one value per header, classes split by role, duration in whole minutes", () => {
    const record = incidentCsvRecord(row);
    expect(record).toHaveLength(INCIDENT_CSV_HEADER.length);
    expect(record).toEqual([
      "INC-2026-0007",
      "Timeouts, again",
      "SEV1",
      "MITIGATING",
      "assistant-default",
      null,
      "MANUAL",
      "Timeouts",
      "5xx upstream-style errors; 429 or rate-limit-style responses",
      "2026-05-08T09:12:00.000Z",
      null,
      true,
      90,
      "Casey Commander",
      5,
      23,
      2,
    ]);
  });
});
