import { LogInputError } from "@/lib/logs/errors";
import type { TFieldSource } from "@/lib/logs/extract";
import { emptyColumnMapping, LOG_FIELDS, mappingSignature, normalizeFieldName, suggestColumnMapping, type TColumnMapping, type TLogField } from "@/lib/logs/fields";
import type { TLogLine } from "@/lib/logs/reader";
import type { TRowRejection } from "@/lib/logs/record";
import { redactSecrets, truncateText } from "@/lib/privacy/redact";

/**
 * Streaming CSV (RFC 4180) on top of the line reader.
 *
 * Records are assembled from physical lines so that line numbers (the physical line where a record
 * starts) and the per-line byte limit come for free from readLogLines, and a record spanning lines
 * (quoted newlines) is bounded by maxRecordChars instead of growing without limit. papaparse's
 * streaming mode reports character offsets rather than line numbers and would need its own
 * buffering limits, so the small tokenizer here is simpler and keeps memory flat.
 */

export type TCsvRecord = { ok: true; lineNumber: number; fields: string[] } | TRowRejection;

const QUOTE = 34;
const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

/** Picks the delimiter that splits the header line into the most columns (outside quotes). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITER_CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  for (let i = 0; i < headerLine.length; i += 1) {
    const ch = headerLine[i] as string;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const c = counts.get(d) ?? 0;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

/** Incremental record assembler: feed physical lines, get complete records. */
export class CsvTokenizer {
  private active = false;
  private inQuotes = false;
  private malformed = false;
  private fields: string[] = [];
  private cur = "";
  private startLine = 0;
  private size = 0;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
  ) {}

  push(line: TLogLine): TCsvRecord | null {
    if (!line.ok) {
      if (this.active) return this.abort("CSV_RECORD_TOO_LONG", `The record starting on line ${this.startLine} contains an over-long line (${line.lineNumber}).`);
      return line;
    }
    const text = line.text;
    if (!this.active) {
      if (text.trim().length === 0) return null;
      this.active = true;
      this.startLine = line.lineNumber;
      this.fields = [];
      this.cur = "";
      this.size = 0;
      this.malformed = false;
    } else {
      // Only a quoted field carries a record over to the next line; its newline is content.
      this.cur += "\n";
    }
    this.size += text.length + 1;
    if (this.size > this.maxRecordChars) {
      return this.abort(
        "CSV_RECORD_TOO_LONG",
        `The record starting on line ${this.startLine} is longer than ${this.maxRecordChars} characters (often an unclosed quote).`,
      );
    }
    if (!this.consume(text)) return null;
    this.active = false;
    const fields = this.fields;
    this.fields = [];
    if (this.malformed) {
      return {
        ok: false,
        lineNumber: this.startLine,
        code: "CSV_MALFORMED_QUOTES",
        reason: "A quoted field is followed by other characters before the next delimiter.",
      };
    }
    return { ok: true, lineNumber: this.startLine, fields };
  }

  /** Call at end of input: reports a record left open by an unclosed quote. */
  finish(): TCsvRecord | null {
    if (!this.active) return null;
    return this.abort("CSV_UNTERMINATED_QUOTE", `The quoted field starting in the record on line ${this.startLine} is never closed.`);
  }

  private abort(code: TRowRejection["code"], reason: string): TRowRejection {
    const rejection: TRowRejection = { ok: false, lineNumber: this.startLine, code, reason };
    this.active = false;
    this.inQuotes = false;
    this.fields = [];
    this.cur = "";
    return rejection;
  }

  /** Parses one physical line into the current record; true when the record is complete. */
  private consume(text: string): boolean {
    const d = this.delimiter;
    const n = text.length;
    let i = 0;
    for (;;) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          this.cur += text.slice(i);
          return false;
        }
        this.cur += text.slice(i, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.cur += '"';
          i = q + 2;
          continue;
        }
        this.inQuotes = false;
        i = q + 1;
        if (i >= n) {
          this.fields.push(this.cur);
          this.cur = "";
          return true;
        }
        if (!text.startsWith(d, i)) {
          // Keep the stray text so the record still ends at the right place; then reject it.
          this.malformed = true;
          const next = text.indexOf(d, i);
          if (next === -1) {
            this.fields.push(this.cur + text.slice(i));
            this.cur = "";
            return true;
          }
          this.fields.push(this.cur + text.slice(i, next));
          this.cur = "";
          i = next + d.length;
          if (i >= n) {
            this.fields.push("");
            return true;
          }
          continue;
        }
        this.fields.push(this.cur);
        this.cur = "";
        i += d.length;
        if (i >= n) {
          this.fields.push("");
          return true;
        }
        continue;
      }
      if (text.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        this.cur = "";
        i += 1;
        continue;
      }
      const next = text.indexOf(d, i);
      if (next === -1) {
        this.fields.push(text.slice(i));
        return true;
      }
      this.fields.push(text.slice(i, next));
      i = next + d.length;
      if (i >= n) {
        this.fields.push("");
        return true;
      }
    }
  }
}

/** Splits a single CSV line (e.g. a header) into fields; quoted newlines are not expected here. */
export function splitCsvLine(line: string, delimiter = detectDelimiter(line)): string[] | null {
  const tokenizer = new CsvTokenizer(delimiter, Math.max(1024, line.length * 2 + 2));
  const record = tokenizer.push({ ok: true, lineNumber: 1, text: line }) ?? tokenizer.finish();
  return record && record.ok ? record.fields : null;
}

export type TCsvPlan = {
  headers: string[];
  delimiter: string;
  mapping: TColumnMapping;
  signature: string;
  /** Columns no field reads; their values are never looked at. */
  unmappedHeaders: string[];
  index: ReadonlyMap<TLogField, number>;
};

function cleanHeaders(fields: readonly string[]): string[] {
  return fields.map((h, i) => {
    const trimmed = h.trim();
    return trimmed.length === 0 ? `column_${i + 1}` : trimmed;
  });
}

function describeHeader(name: string): string {
  return truncateText(redactSecrets(name).text, 60).text;
}

/**
 * Resolves the mapping against the header row. A user-supplied mapping is used as given
 * (missing keys = unmapped); names are matched exactly, then by normalized form.
 */
export function planCsvColumns(headerFields: readonly string[], delimiter: string, mapping?: Partial<TColumnMapping> | null): TCsvPlan {
  const headers = cleanHeaders(headerFields);
  const resolved: TColumnMapping = mapping ? { ...emptyColumnMapping(), ...mapping } : suggestColumnMapping(headers);
  const index = new Map<TLogField, number>();
  const used = new Set<number>();
  for (const field of LOG_FIELDS) {
    const name = resolved[field];
    if (name === null || name === undefined) {
      resolved[field] = null;
      continue;
    }
    let at = headers.indexOf(name);
    if (at === -1) {
      const wanted = normalizeFieldName(name);
      at = headers.findIndex((h) => normalizeFieldName(h) === wanted);
    }
    if (at === -1) {
      throw new LogInputError("INVALID_MAPPING", `The column "${describeHeader(name)}" mapped to ${field} is not in the CSV header.`);
    }
    resolved[field] = headers[at] as string;
    index.set(field, at);
    used.add(at);
  }
  return {
    headers,
    delimiter,
    mapping: resolved,
    signature: mappingSignature(headers),
    unmappedHeaders: headers.filter((_, i) => !used.has(i)),
    index,
  };
}

/** Field source over one CSV row; reused across rows to avoid per-row allocation. */
export class CsvRowSource implements TFieldSource {
  private fields: readonly string[] = [];

  constructor(private readonly plan: TCsvPlan) {}

  setRow(fields: readonly string[]): this {
    this.fields = fields;
    return this;
  }

  get(field: TLogField): unknown {
    const at = this.plan.index.get(field);
    return at === undefined ? undefined : this.fields[at];
  }

  name(field: TLogField): string | null {
    return this.plan.mapping[field];
  }
}
