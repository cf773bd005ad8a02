import { readFileSync } from "node:fs";
import path from "node:path";

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { parseAnalyticsQuery, parseFollowUpTrackerQuery, parseIncidentListQuery } from "@/lib/analytics/schemas";
import { detectFileType } from "@/lib/artifacts/file-type";
import { parseFollowUpSource } from "@/lib/followups/schemas";
import { decodeCopyLine, decodeCopyText, encodeCopyText } from "@/lib/imports/copy-encoding";
import { decodeCursor, parseLogsView } from "@/lib/imports/schemas";
import { parseIncidentKey } from "@/lib/incidents/keys";
import { parseSectionSlug } from "@/lib/review/completeness";
import { SECTION_IDS } from "@/lib/runbook/runbook";
import { parseHostEntry } from "@/lib/smoke/hosts";
import { hostileString, hostileValue, TRICKY_STRINGS } from "@/lib/testing/fuzz-arbitraries";
import { exportedParserNames, LIB_ROOT } from "@/lib/testing/fuzz-inventory";
import { parseBearer } from "@/lib/tokens/format";

// Issue #8: every parser outside lib/logs, ≥10,000 generated inputs each, and the inventory that
// makes a new exported parse*/decode*/detect*/classify* function fail until it is covered here.
const RUNS = 10_000;

/** Where each collected parser is fuzzed. A new one must be added (with its property test). */
const COVERAGE: Record<string, string> = {
  "lib/logs/timestamp.ts#parseTimestamp": "lib/logs/parsers.property.test.ts",
  "lib/logs/reader.ts#parseLogStream": "lib/logs/parsers.property.test.ts",
  "lib/logs/reader.ts#parseOptions": "lib/logs/parsers.property.test.ts",
  "lib/logs/batch.ts#parseLogBatches": "lib/logs/parsers.property.test.ts",
  "lib/logs/detect.ts#detectFormat": "lib/logs/parsers.property.test.ts",
  "lib/logs/formats/csv.ts#detectDelimiter": "lib/logs/parsers.property.test.ts",
  "lib/logs/formats/csv.ts#CsvTokenizer": "lib/logs/parsers.property.test.ts",
  "lib/logs/classify.ts#classifyStatusCode": "lib/logs/classifiers.property.test.ts",
  "lib/logs/classify.ts#classifyRequestDetailed": "lib/logs/classifiers.property.test.ts",
  "lib/logs/classify.ts#classifyRequest": "lib/logs/classifiers.property.test.ts",
  "lib/logs/classify.ts#classifyPath": "lib/logs/classifiers.property.test.ts",
  "lib/logs/sanitize.ts#classificationException": "lib/logs/classifiers.property.test.ts",
  "lib/incidents/keys.ts#parseIncidentKey": "lib/testing/parsers.property.test.ts",
  "lib/review/completeness.ts#parseSectionSlug": "lib/testing/parsers.property.test.ts",
  "lib/smoke/hosts.ts#parseHostEntry": "lib/testing/parsers.property.test.ts",
  "lib/imports/schemas.ts#parseLogsView": "lib/testing/parsers.property.test.ts",
  "lib/imports/schemas.ts#decodeCursor": "lib/testing/parsers.property.test.ts",
  "lib/imports/copy-encoding.ts#decodeCopyText": "lib/testing/parsers.property.test.ts",
  "lib/imports/copy-encoding.ts#decodeCopyLine": "lib/testing/parsers.property.test.ts",
  "lib/followups/schemas.ts#parseFollowUpSource": "lib/testing/parsers.property.test.ts",
  "lib/analytics/schemas.ts#parseIncidentListQuery": "lib/testing/parsers.property.test.ts",
  "lib/analytics/schemas.ts#parseFollowUpTrackerQuery": "lib/testing/parsers.property.test.ts",
  "lib/analytics/schemas.ts#parseAnalyticsQuery": "lib/testing/parsers.property.test.ts",
  "lib/artifacts/file-type.ts#detectFileType": "lib/testing/parsers.property.test.ts",
  "lib/tokens/format.ts#parseBearer": "lib/testing/parsers.property.test.ts",
};

/** Matched by name but not parsers of untrusted input (checked by reading them). */
const NOT_PARSERS = new Set([
  // (suggestedStartMs, detectedAt) → a number of milliseconds.
  "lib/imports/suggest-window.ts#detectionLagMs",
]);

describe("parser inventory", () => {
  it("every exported parser/decoder/detector/classifier in lib/ has a property test that calls it", () => {
    const found = exportedParserNames().map((p) => `${p.file}#${p.name}`);
    expect(found.length).toBeGreaterThanOrEqual(20);
    const uncovered = found.filter((id) => !(id in COVERAGE) && !NOT_PARSERS.has(id));
    expect(uncovered, "add a ≥10,000-run property test and list it in COVERAGE").toEqual([]);
    for (const [id, testFile] of Object.entries(COVERAGE)) {
      const name = id.split("#")[1]!;
      const text = readFileSync(path.join(LIB_ROOT, "..", testFile), "utf8");
      expect(text, `${testFile} must exercise ${name}`).toMatch(new RegExp(`\\b${name}(\\(|\\])`)); // called, or a callee in an it.each table
    }
  });
});

/** Search params as Next hands them over: strings, repeated strings, or missing. */
const paramValue = fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }), fc.constant(undefined));
const searchParams = (keys: readonly string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.constantFrom("__proto__", "constructor"), hostileString), paramValue, { maxKeys: 8 });

describe("query parsers: 10,000 query strings each", () => {
  const LIST_KEYS = ["q", "status", "severity", "from", "to", "tz", "sort", "dir", "page", "size", "hide", "owner", "by", "recurDays", "class", "mode"];

  it.each([
    ["parseIncidentListQuery", parseIncidentListQuery],
    ["parseFollowUpTrackerQuery", parseFollowUpTrackerQuery],
    ["parseAnalyticsQuery", parseAnalyticsQuery],
  ] as const)("%s: a query or the list of problems, never a throw", (_name, parse) => {
    fc.assert(
      fc.property(searchParams(LIST_KEYS), (params) => {
        const result = parse(params);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) expect(typeof e).toBe("string");
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("parseLogsView: a view with defaults for whatever is wrong", () => {
    const keys = ["bucket", "hpath", "sort", "dir", "class", "path", "status", "q", "size", "page", "after", "before"];
    fc.assert(
      fc.property(searchParams(keys), (params) => {
        const view = parseLogsView(params);
        expect(view.page).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("parseSectionSlug: always a section of the runbook", () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, fc.constantFrom(...SECTION_IDS.map((s) => s.toLowerCase()))), (value) => {
        expect(SECTION_IDS).toContain(parseSectionSlug(value));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("identifier parsers: 10,000 strings each", () => {
  it("parseIncidentKey: null or a year and sequence that format back to the key", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.stringMatching(/^INC-\d{1,5}-\d{1,8}$/)), (key) => {
        const parsed = parseIncidentKey(key);
        if (parsed) {
          expect(key).toMatch(/^INC-\d{4}-\d{4,}$/);
          expect(Number.isInteger(parsed.year) && parsed.year >= 0 && parsed.year <= 9999).toBe(true);
          expect(Number.isFinite(parsed.seq) && parsed.seq >= 0).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("decodeCursor: null or a millisecond time and a numeric id", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.stringMatching(/^-?\d{1,20}_\d{1,22}$/), fc.constant(null)), (cursor) => {
        const parsed = decodeCursor(cursor);
        if (parsed) {
          expect(Number.isFinite(parsed.tsMs)).toBe(true);
          expect(parsed.id).toMatch(/^\d+$/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("parseFollowUpSource: null or a known section/question pair", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.constantFrom(...SECTION_IDS).map((s) => `section:${s}`), hostileString.map((s) => `question:${s}`)), (value) => {
        const parsed = parseFollowUpSource(value);
        if (parsed?.sourceSectionId) expect(SECTION_IDS).toContain(parsed.sourceSectionId);
      }),
      { numRuns: RUNS },
    );
  });

  it("parseHostEntry: null or a lower-case host name with a valid port", () => {
    const hostish = fc.oneof(hostileString, fc.domain(), fc.ipV4(), fc.ipV6(), fc.tuple(fc.domain(), fc.integer({ min: -1, max: 70_000 })).map(([h, p]) => `${h}:${p}`));
    fc.assert(
      fc.property(hostish, (entry) => {
        const parsed = parseHostEntry(entry);
        if (parsed) {
          expect(parsed.hostname.length).toBeGreaterThan(0);
          expect(parsed.hostname).toBe(parsed.hostname.toLowerCase());
          if (parsed.port !== null) expect(parsed.port >= 1 && parsed.port <= 65535).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("parseBearer: null or a token that appears in the header", () => {
    const header = fc.oneof(
      hostileString,
      fc.constant(null),
      fc.stringMatching(/^[0-9a-f]{8}$/).chain((prefix) => fc.stringMatching(/^[A-Za-z0-9_-]{40,45}$/).map((secret) => `Bearer irt_${prefix}_${secret}`)),
      hostileString.map((s) => `Bearer ${s}`),
    );
    fc.assert(
      fc.property(header, (value) => {
        const token = parseBearer(value);
        if (token !== null) expect(value).toContain(token);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("byte and COPY decoders: 10,000 inputs each", () => {
  it("decodeCopyText inverts encodeCopyText and never throws on arbitrary fields", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.string({ unit: "binary", maxLength: 40 })), fc.boolean(), (text, roundTrip) => {
        // NUL cannot be stored in PostgreSQL text and is dropped by design.
        if (roundTrip) expect(decodeCopyText(encodeCopyText(text))).toBe(text.replaceAll("\0", ""));
        else expect([null, "string"]).toContain(decodeCopyText(text) === null ? null : typeof decodeCopyText(text));
      }),
      { numRuns: RUNS },
    );
  });

  it("decodeCopyLine: one field per tab-separated column", () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.array(hostileString, { maxLength: 5 }).map((f) => f.join("\t"))), (line) => {
        expect(decodeCopyLine(line).length).toBe(line.split("\t").length);
      }),
      { numRuns: RUNS },
    );
  });

  it("detectFileType: accepted with a MIME type, or refused with a message", () => {
    const name = fc.oneof(hostileString, fc.tuple(hostileString, fc.constantFrom("png", "jpg", "jpeg", "gif", "webp", "pdf", "txt", "md", "json", "csv", "log", "svg", "html", "exe", "")).map(([b, e]) => `${b}.${e}`));
    const signatures = [
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0xff, 0xd8, 0xff],
      [0x25, 0x50, 0x44, 0x46, 0x2d],
      [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
      [0xef, 0xbb, 0xbf],
    ];
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 32 })).map(([sig, rest]) => new Uint8Array([...sig, ...rest])),
      fc.oneof(hostileString, fc.constantFrom(...TRICKY_STRINGS)).map((t) => new TextEncoder().encode(t)),
    );
    fc.assert(
      fc.property(name, bytes, (fileName, content) => {
        const result = detectFileType(fileName, content);
        if (result.ok) expect(result.mimeType.length).toBeGreaterThan(0);
        else expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});
