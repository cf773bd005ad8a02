import { CandidateTable, offerObject } from "@/lib/logs/extract";
import { lookupField, mappingSignature, suggestColumnMapping, type TColumnMapping } from "@/lib/logs/fields";
import { detectDelimiter, splitCsvLine } from "@/lib/logs/formats/csv";
import { isPlainObject } from "@/lib/logs/values";

export const LOG_FORMATS = ["csv", "jsonl", "litellm", "otel"] as const;
export type TLogFormat = (typeof LOG_FORMATS)[number];

export type TFormatDetection =
  | { ok: true; format: TLogFormat; confidence: number; reason: string }
  | { ok: false; error: string };

/** How many non-blank lines detection looks at. */
export const DETECTION_SAMPLE_LINES = 20;

// Keys that only a LiteLLM StandardLoggingPayload has together.
const LITELLM_KEYS = [
  "call_type",
  "model_group",
  "model_id",
  "api_base",
  "startTime",
  "endTime",
  "completionStartTime",
  "response_time",
  "hidden_params",
  "model_parameters",
  "error_information",
  "error_str",
  "model_map_information",
  "cache_hit",
  "saved_cache_cost",
  "response_cost",
  "custom_llm_provider",
  "requester_ip_address",
];
const LITELLM_MIN_KEYS = 4;

function fail(detail: string): TFormatDetection {
  return { ok: false, error: `Unrecognized log format: ${detail}` };
}

// C0 controls other than tab/CR/LF, and U+FFFD from a lossy decode, mean this is not text.
const BINARY_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/;

type TJsonKind = "otel" | "litellm" | "jsonl" | "otel-other";

function classifyJsonObject(value: Record<string, unknown>): { kind: TJsonKind; fieldsFound: number; hasTimestamp: boolean } {
  if ("resourceSpans" in value) return { kind: "otel", fieldsFound: 0, hasTimestamp: false };
  if ("resourceLogs" in value || "resourceMetrics" in value) return { kind: "otel-other", fieldsFound: 0, hasTimestamp: false };
  if (LITELLM_KEYS.filter((k) => k in value).length >= LITELLM_MIN_KEYS) return { kind: "litellm", fieldsFound: 0, hasTimestamp: false };
  const table = new CandidateTable();
  offerObject(table, value);
  return { kind: "jsonl", fieldsFound: table.size, hasTimestamp: table.has("request_timestamp") };
}

function detectJson(lines: readonly string[]): TFormatDetection {
  const counts: Record<TJsonKind, number> = { otel: 0, litellm: 0, jsonl: 0, "otel-other": 0 };
  let parsed = 0;
  let withTimestamp = 0;
  let fieldsSeen = 0;
  for (const line of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (parsed === 0) {
        return fail(
          line.trim() === "{" || !line.trim().endsWith("}")
            ? "the file looks like pretty-printed JSON (one object spread over several lines); JSON Lines needs exactly one object per line."
            : "the first line starts like JSON but is not valid JSON.",
        );
      }
      // Later lines may be truncated by the sample window; judge by the lines that parsed.
      continue;
    }
    if (!isPlainObject(value)) return fail("a JSON line is not an object; JSON Lines needs one object per line.");
    parsed += 1;
    const c = classifyJsonObject(value);
    counts[c.kind] += 1;
    if (c.hasTimestamp) withTimestamp += 1;
    fieldsSeen += c.fieldsFound;
  }
  if (parsed === 0) return fail("no complete JSON line found.");
  if (counts["otel-other"] > 0 && counts.otel === 0) {
    return fail("this is an OTLP logs/metrics export; export traces (resourceSpans) with GenAI spans instead.");
  }
  const share = (n: number) => Math.round((n / parsed) * 100) / 100;
  if (counts.otel > 0 && counts.otel >= counts.litellm && counts.otel >= counts.jsonl) {
    return { ok: true, format: "otel", confidence: share(counts.otel), reason: `${counts.otel} of ${parsed} sampled lines are OTLP/JSON trace exports (resourceSpans).` };
  }
  if (counts.litellm > 0 && counts.litellm >= counts.jsonl) {
    return {
      ok: true,
      format: "litellm",
      confidence: share(counts.litellm),
      reason: `${counts.litellm} of ${parsed} sampled lines have LiteLLM StandardLoggingPayload keys (call_type, model_group, startTime, …).`,
    };
  }
  if (withTimestamp === 0) {
    return fail(
      fieldsSeen > 0
        ? "JSON Lines without a recognizable timestamp key; name it e.g. \"timestamp\" or provide a key mapping."
        : "JSON Lines whose keys match none of the logging fields (timestamp, request_id, model, status, …).",
    );
  }
  return {
    ok: true,
    format: "jsonl",
    confidence: share(withTimestamp),
    reason: `${withTimestamp} of ${parsed} sampled lines are JSON objects with a timestamp and logging fields.`,
  };
}

// Header cells are names: short, no control characters, not sentences.
const HEADER_CELL_RE = /^[\p{L}\p{N} _.\-@()/#:[\]]{1,80}$/u;

function detectCsv(lines: readonly string[]): TFormatDetection {
  const header = lines[0] as string;
  const delimiter = detectDelimiter(header);
  const cells = splitCsvLine(header, delimiter);
  if (!cells || cells.length < 2) {
    return fail("the first line is neither JSON nor a delimited header row (expected CSV with at least two named columns).");
  }
  const names = cells.map((c) => c.trim());
  // Column names are a few words at most; sentences with commas are prose, not a header.
  if (names.some((n) => n.length > 0 && (!HEADER_CELL_RE.test(n) || n.split(/\s+/).length > 5))) {
    return fail("the first line does not look like a CSV header (cells must be short column names).");
  }
  const fields = new Set(names.map((n) => lookupField(n)?.field).filter((f) => f !== undefined));
  const delimiterName = delimiter === "\t" ? "tab" : `"${delimiter}"`;
  if (fields.size === 0) {
    return {
      ok: true,
      format: "csv",
      confidence: 0.3,
      reason: `Delimited header with ${names.length} columns (${delimiterName}) but no known column names; map the columns manually.`,
    };
  }
  const hasTimestamp = fields.has("request_timestamp");
  const confidence = Math.min(0.99, 0.5 + fields.size * 0.05 + (hasTimestamp ? 0.2 : 0));
  return {
    ok: true,
    format: "csv",
    confidence: Math.round(confidence * 100) / 100,
    reason: `CSV header with ${names.length} columns (${delimiterName}); ${fields.size} recognized${hasTimestamp ? "" : ", no timestamp column recognized"}.`,
  };
}

/**
 * Guesses the format from the first lines of a file. Never throws; unknown input gives
 * `{ ok: false, error: "Unrecognized log format: …" }`.
 */
export function detectFormat(firstLines: readonly string[]): TFormatDetection {
  if (!Array.isArray(firstLines)) return fail("no lines were given.");
  const lines: string[] = [];
  for (const entry of firstLines) {
    if (typeof entry !== "string") continue;
    const line = (lines.length === 0 ? entry.replace(/^\uFEFF/, "") : entry).replace(/\r$/, "");
    if (line.trim().length > 0) lines.push(line);
    if (lines.length >= DETECTION_SAMPLE_LINES) break;
  }
  if (lines.length === 0) return fail("the file is empty.");
  if (lines.some((l) => BINARY_RE.test(l))) return fail("the file contains binary data (control characters).");
  const first = (lines[0] as string).trimStart();
  if (first.startsWith("<")) return fail("the file looks like HTML or XML, not a log export.");
  if (first.startsWith("[")) return fail("the file is a JSON array; export JSON Lines (one object per line) instead.");
  if (first.startsWith("{")) return detectJson(lines.map((l) => l.trim()));
  return detectCsv(lines);
}

export type TLogSampleInspection = {
  detection: TFormatDetection;
  /** For CSV: what the column-mapping editor needs before the real import starts. */
  csv: { headers: string[]; delimiter: string; suggestedMapping: TColumnMapping; signature: string } | null;
};

/**
 * Detection plus, for CSV, the header row, the suggested mapping and the header signature (to
 * look up a mapping the team saved earlier). Meant for the first lines of an upload.
 */
export function inspectLogSample(firstLines: readonly string[]): TLogSampleInspection {
  const detection = detectFormat(firstLines);
  if (!detection.ok || detection.format !== "csv") return { detection, csv: null };
  const header = firstLines.find((line) => typeof line === "string" && line.trim().length > 0) ?? "";
  const clean = header.replace(/^\uFEFF/, "").replace(/\r$/, "");
  const delimiter = detectDelimiter(clean);
  const headers = (splitCsvLine(clean, delimiter) ?? []).map((h, i) => h.trim() || `column_${i + 1}`);
  return { detection, csv: { headers, delimiter, suggestedMapping: suggestColumnMapping(headers), signature: mappingSignature(headers) } };
}
