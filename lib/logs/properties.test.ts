import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { classifyPath, classifyRequest, type TClassificationInput } from "@/lib/logs/classify";
import { detectFormat, LOG_FORMATS, type TLogFormat } from "@/lib/logs/detect";
import { CsvTokenizer } from "@/lib/logs/formats/csv";
import { parseLogStream, type TParsedRow } from "@/lib/logs/reader";
import { REJECT_CODES, REQUEST_CLASSES, REQUEST_PATHS, ZSanitizedRequest } from "@/lib/logs/record";
import { textStream } from "@/lib/logs/testing/fixtures";
import { parseTimestamp, TIMESTAMP_MAX_MS, TIMESTAMP_MIN_MS } from "@/lib/logs/timestamp";
import { redactSecrets, sanitizeFreeText } from "@/lib/privacy/redact";

const CHEAP_RUNS = 10_000;
const PARSER_RUNS = 1_000;
const PRIVACY = { hmacSecret: "property-secret-01234", pseudonymizeIdentifiers: true };

describe("classifyRequest properties", () => {
  const checkResult = fc.oneof(fc.constantFrom("OK", "FAILED", null, undefined), fc.anything());
  const input = fc.record(
    {
      statusCode: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double(), fc.constant(null), fc.anything()),
      exceptionClass: fc.oneof(
        fc.constantFrom("RateLimitError", "APITimeoutError", "BadRequestError", "ECONNRESET", "JSONDecodeError", "", null),
        fc.string({ unit: "binary" }),
        fc.anything(),
      ),
      outcome: fc.oneof(fc.constantFrom("success", "failure", null), fc.anything()),
      latencyMs: fc.oneof(fc.double(), fc.integer(), fc.anything()),
      clientTimeoutMs: fc.oneof(fc.double(), fc.integer(), fc.anything()),
      parseResult: checkResult,
      validationResult: checkResult,
      completionTokens: fc.oneof(fc.integer(), fc.anything()),
      hasResponse: fc.oneof(fc.boolean(), fc.anything()),
    },
    { requiredKeys: [] },
  );

  it("always yields exactly one known class, whatever the input", () => {
    fc.assert(
      fc.property(fc.oneof(input, fc.anything()), fc.oneof(fc.double(), fc.constant(undefined)), (row, timeout) => {
        const result = classifyRequest(row as TClassificationInput, { clientTimeoutMs: timeout });
        expect(REQUEST_CLASSES).toContain(result);
      }),
      { numRuns: CHEAP_RUNS },
    );
  });

  it("lets a valid non-2xx status decide regardless of the other fields", () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 300, max: 599 }), (row, status) => {
        const alone = classifyRequest({ statusCode: status });
        expect(classifyRequest({ ...(row as TClassificationInput), statusCode: status })).toBe(alone);
      }),
      { numRuns: CHEAP_RUNS },
    );
  });

  it("path is always PRIMARY or FALLBACK", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (row, options) => {
        expect(REQUEST_PATHS).toContain(classifyPath(row as object, options as object));
      }),
      { numRuns: CHEAP_RUNS },
    );
  });
});

describe("parseTimestamp properties", () => {
  const validDate = fc.date({ min: new Date(TIMESTAMP_MIN_MS), max: new Date(TIMESTAMP_MAX_MS - 1), noInvalidDate: true });

  it("never throws and only returns dates in range", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string({ unit: "binary" }), fc.double(), fc.bigInt(), fc.stringMatching(/^\d{1,22}(\.\d{0,12})?$/)), (value) => {
        const result = parseTimestamp(value);
        if (result.ok) {
          expect(result.date.getTime()).toBeGreaterThanOrEqual(TIMESTAMP_MIN_MS);
          expect(result.date.getTime()).toBeLessThan(TIMESTAMP_MAX_MS);
        } else {
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: CHEAP_RUNS },
    );
  });

  it("round-trips ISO strings and epoch s/ms/µs/ns to the millisecond", () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom("iso", "offset", "s", "ms", "us", "ns", "ns-number"), (date, style) => {
        const t = date.getTime();
        const encoded =
          style === "iso"
            ? date.toISOString()
            : style === "offset"
              ? `${new Date(t - 5.5 * 3_600_000).toISOString().slice(0, 23)}-05:30`
              : style === "s"
                ? t / 1000
                : style === "ms"
                  ? t
                  : style === "us"
                    ? `${t}000`
                    : style === "ns"
                      ? `${t}123456`
                      : t * 1e6;
        const result = parseTimestamp(encoded);
        expect(result.ok && result.date.getTime()).toBe(t);
      }),
      { numRuns: CHEAP_RUNS },
    );
  });
});

describe("detectFormat properties", () => {
  it("never throws and either names a known format or explains the problem", () => {
    const line = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string(),
      fc.json(),
      fc.constantFrom("timestamp,status", '{"resourceSpans":[]}', "<html>", "[1]", "{"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        const result = detectFormat(lines);
        if (result.ok) {
          expect(LOG_FORMATS).toContain(result.format);
          expect(result.confidence).toBeGreaterThan(0);
          expect(result.confidence).toBeLessThanOrEqual(1);
        } else {
          expect(result.error).toMatch(/^Unrecognized log format: /);
        }
      }),
      { numRuns: CHEAP_RUNS },
    );
  });
});

describe("redactSecrets properties", () => {
  const token = (alphabet: string, min: number, max: number) =>
    fc.array(fc.constantFrom(...alphabet.split("")), { minLength: min, maxLength: max }).map((chars) => chars.join(""));
  const base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const secret = fc.oneof(
    token(`${base62}_-`, 16, 60).map((t) => `sk-live-${t}`),
    token(`${base62}_-`, 16, 60).map((t) => `sk-proj-${t}`),
    token(`${base62}_-`, 16, 60).map((t) => `sk-ant-api03-${t}`),
    token("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16).map((t) => `AKIA${t}`),
    token(base62, 36, 40).map((t) => `ghp_${t}`),
    token(`${base62}-`, 10, 40).map((t) => `xoxb-${t}`),
    fc.tuple(token(`${base62}_-`, 5, 40), token(`${base62}_-`, 5, 40), token(`${base62}_-`, 0, 40)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`),
  );
  // Surroundings that end/start on a non-token character, as secrets do in real text.
  const before = fc.string({ unit: "binary", maxLength: 40 }).map((s) => `${s} `);
  const after = fc.string({ unit: "binary", maxLength: 40 }).map((s) => ` ${s}`);

  it("removes a planted secret from any surrounding text", () => {
    fc.assert(
      fc.property(before, secret, after, (pre, planted, post) => {
        const out = redactSecrets(`${pre}${planted}${post}`);
        expect(out.text).not.toContain(planted);
        expect(out.count).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: CHEAP_RUNS },
    );
  });

  it("removes bearer tokens and key=value credentials", () => {
    fc.assert(
      fc.property(
        before,
        fc.constantFrom("Bearer ", "bearer\t", "api_key=", "token: ", '"secret": "', "password="),
        token(`${base62}._~+/-`, 12, 80),
        after,
        (pre, lead, value, post) => {
          const out = redactSecrets(`${pre}${lead}${value}${post}`);
          expect(out.text).not.toContain(value);
        },
      ),
      { numRuns: CHEAP_RUNS },
    );
  });

  it("never throws, is idempotent, and never grows text without a marker", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const once = sanitizeFreeText(text, { redactPersonalData: true, maxLength: null });
        expect(sanitizeFreeText(once.text, { redactPersonalData: true, maxLength: null }).text).toBe(once.text);
        if (once.redactedCount === 0) expect(once.text).toBe(text);
      }),
      { numRuns: CHEAP_RUNS },
    );
  });
});

describe("CSV tokenizer round-trip", () => {
  it("reads back any fields written with RFC 4180 quoting, starting on the right line", () => {
    const field = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("", '"', ",", "\n", 'a,"b"\nc', " spaced "));
    const records = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(records, (rows) => {
        const quote = (f: string) => (/[",\r\n]/.test(f) || f.trim() !== f || f === "" ? `"${f.replace(/"/g, '""')}"` : f);
        const text = rows.map((r) => r.map(quote).join(",")).join("\n");
        const tokenizer = new CsvTokenizer(",", 1_000_000);
        const out: { line: number; fields: string[] }[] = [];
        text.split("\n").forEach((physical, i) => {
          const record = tokenizer.push({ ok: true, lineNumber: i + 1, text: physical });
          if (record?.ok) out.push({ line: record.lineNumber, fields: record.fields });
          else if (record) throw new Error(record.reason);
        });
        expect(tokenizer.finish()).toBeNull();
        expect(out.map((r) => r.fields)).toEqual(rows);
        let line = 1;
        rows.forEach((row, i) => {
          expect(out[i]!.line).toBe(line);
          line += row.map(quote).join(",").split("\n").length;
        });
      }),
      { numRuns: PARSER_RUNS * 2 },
    );
  });
});

async function collect(text: string, format: "auto" | TLogFormat): Promise<TParsedRow[]> {
  const rows: TParsedRow[] = [];
  try {
    for await (const row of parseLogStream(textStream(text, 97), { format, privacy: PRIVACY, clientTimeoutMs: 30_000 })) rows.push(row);
  } catch (error) {
    // Whole-file problems are allowed, but only as the documented typed error.
    expect((error as Error).name).toBe("LogInputError");
  }
  return rows;
}

function checkRows(rows: TParsedRow[]): void {
  for (const row of rows) {
    expect(Number.isInteger(row.lineNumber) && row.lineNumber >= 1).toBe(true);
    if (row.ok) expect(ZSanitizedRequest.safeParse(row.record).success).toBe(true);
    else expect(REJECT_CODES).toContain(row.code);
  }
}

describe("full-line parser properties", () => {
  const scalar = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom("2025-03-14T09:00:00Z", "1741942800", "200", "429", "RateLimitError", "true", "failed", "gpt-4o-mini"),
  );
  const key = fc.oneof(
    fc.constantFrom(
      "timestamp",
      "ts",
      "status",
      "status_code",
      "error",
      "exception",
      "model",
      "latency_ms",
      "response_time",
      "prompt",
      "messages",
      "user",
      "tenant_id",
      "is_fallback",
      "fallback_reason",
      "validation_result",
      "parse_error",
      "feature_flags",
      "metadata",
      "__proto__",
      "constructor",
    ),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(key, tie("node"), { maxKeys: 4 })),
  })).node;
  const object = fc.dictionary(key, value, { maxKeys: 10 });
  const secretPrompt = fc.string({ minLength: 1, maxLength: 20 }).map((s) => `PROMPT<${s}> sk-live-${"k".repeat(24)}`);

  it.each<"jsonl" | "litellm" | "auto">(["jsonl", "litellm", "auto"])("%s: arbitrary JSON objects never crash the import and never leak the prompt", async (format) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(object, secretPrompt), { minLength: 1, maxLength: 5 }), async (items) => {
        const text = items.map(([obj, prompt]) => JSON.stringify({ ...obj, prompt, messages: [{ role: "user", content: prompt }] })).join("\n");
        const rows = await collect(text, format);
        checkRows(rows);
        const json = JSON.stringify(rows);
        for (const [, prompt] of items) expect(json).not.toContain(prompt);
        expect(json).not.toContain("sk-live-");
      }),
      { numRuns: PARSER_RUNS },
    );
  });

  it("otel: arbitrary span attributes never crash the import", async () => {
    const anyValue = fc.oneof(
      fc.string({ maxLength: 20 }).map((v) => ({ stringValue: v })),
      fc.oneof(fc.integer(), fc.string({ maxLength: 20 })).map((v) => ({ intValue: v })),
      fc.double().map((v) => ({ doubleValue: v })),
      fc.boolean().map((v) => ({ boolValue: v })),
      fc.anything(),
    );
    const attribute = fc.record({
      key: fc.oneof(fc.constantFrom("gen_ai.request.model", "gen_ai.operation.name", "http.response.status_code", "error.type", "gen_ai.prompt", "user.id"), fc.string({ maxLength: 10 })),
      value: anyValue,
    });
    const span = fc.record(
      {
        traceId: fc.oneof(fc.string({ maxLength: 32 }), fc.anything()),
        spanId: fc.string({ maxLength: 16 }),
        startTimeUnixNano: fc.oneof(fc.constant("1741942800125000000"), fc.string({ maxLength: 20 }), fc.integer(), fc.anything()),
        endTimeUnixNano: fc.oneof(fc.constant("1741942801125000000"), fc.anything()),
        attributes: fc.oneof(fc.array(attribute, { maxLength: 8 }), fc.anything()),
        status: fc.oneof(fc.record({ code: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.string()) }), fc.anything()),
        events: fc.oneof(fc.array(fc.record({ name: fc.string(), attributes: fc.array(attribute, { maxLength: 3 }) }), { maxLength: 3 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const exportLine = fc.oneof(
      fc.array(span, { maxLength: 4 }).map((spans) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] })),
      object,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(exportLine, { minLength: 1, maxLength: 4 }), async (lines) => {
        checkRows(await collect(lines.map((l) => JSON.stringify(l)).join("\n"), "otel"));
      }),
      { numRuns: PARSER_RUNS },
    );
  });

  it("csv: arbitrary rows under a realistic header never crash the import and never leak the prompt", async () => {
    const cell = fc.oneof(scalar.map((v) => (v === null ? "" : String(v))), fc.string({ unit: "binary", maxLength: 15 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.array(cell, { minLength: 5, maxLength: 7 }), secretPrompt), { minLength: 1, maxLength: 6 }), async (rows) => {
        const quote = (f: string) => `"${f.replace(/"/g, '""')}"`;
        const text = ["timestamp,status,model,latency_ms,exception,prompt", ...rows.map(([cells, prompt]) => [...cells.slice(0, 5), prompt].map(quote).join(","))].join("\r\n");
        const parsed = await collect(text, "csv");
        checkRows(parsed);
        const json = JSON.stringify(parsed);
        for (const [, prompt] of rows) expect(json).not.toContain(prompt);
      }),
      { numRuns: PARSER_RUNS },
    );
  });
});
