// PostgreSQL COPY text format (the default of `COPY … FROM STDIN`): one line
// per row, fields separated by a tab, `\N` for NULL, and backslash escapes for
// the characters that would otherwise end a field or a row. Pure code, shared
// by the importer, the benchmark and the tests.
import type { TSanitizedRequest } from "@/lib/logs";

export const COPY_NULL = "\\N";

// Characters that need an escape in COPY text: backslash, tab, newline, CR.
// NUL cannot be stored in a PostgreSQL text value at all and is removed.
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPE_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "" };

/** One text field in COPY text format; null becomes \N. NUL characters are dropped. */
export function encodeCopyText(value: string | null): string {
  if (value === null) return COPY_NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPE_ALL, (c) => ESCAPES[c] as string) : value;
}

const DECODES: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", v: "\v" };

/** Inverse of encodeCopyText for one field (as PostgreSQL reads it). */
export function decodeCopyText(field: string): string | null {
  if (field === COPY_NULL) return null;
  if (!field.includes("\\")) return field;
  let out = "";
  for (let i = 0; i < field.length; i += 1) {
    const c = field[i] as string;
    if (c !== "\\" || i === field.length - 1) {
      out += c;
      continue;
    }
    const next = field[i + 1] as string;
    i += 1;
    out += DECODES[next] ?? next;
  }
  return out;
}

/** Splits one COPY text line (without its newline) into decoded fields. */
export function decodeCopyLine(line: string): (string | null)[] {
  return line.split("\t").map(decodeCopyText);
}

const INT4_MAX = 2_147_483_647;

/** The value an integer column stores: rounded, and null when missing or out of the int4 range. */
export function copyIntValue(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const n = Math.round(value);
  return n > INT4_MAX || n < -INT4_MAX - 1 ? null : n;
}

/** An integer column in COPY text (see copyIntValue). */
export function encodeCopyInt(value: number | null): string {
  const n = copyIntValue(value);
  return n === null ? COPY_NULL : String(n);
}

export function encodeCopyBool(value: boolean | null): string {
  return value === null ? COPY_NULL : value ? "t" : "f";
}

/** Columns of "RequestLogRow" written by the importer, in COPY order (id comes from its sequence). */
export const REQUEST_LOG_COPY_COLUMNS = [
  "importId",
  "incidentId",
  "ts",
  "requestId",
  "userHash",
  "tenantHash",
  "route",
  "primaryModel",
  "requestedModel",
  "fallbackModel",
  "fallbackReason",
  "path",
  "retryCount",
  "clientTimeoutMs",
  "statusCode",
  "exceptionClass",
  "latencyMs",
  "parseOk",
  "validationOk",
  "promptTokens",
  "completionTokens",
  "totalTokens",
  "featureFlags",
  "deploymentVersion",
  "promptHash",
  "requestClass",
] as const;

/** `COPY "table" ("importId", …) FROM STDIN` for the importer's columns. */
export function copyFromStatement(table = "RequestLogRow"): string {
  return `COPY "${table}" (${REQUEST_LOG_COPY_COLUMNS.map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
}

const check = (value: "OK" | "FAILED" | null): boolean | null => (value === null ? null : value === "OK");

/**
 * One sanitized request as a COPY text line, newline included. `prefix` is
 * the already-encoded importId and incidentId fields followed by a tab
 * (see copyRowPrefix), so the two constant fields are escaped once per import.
 */
export function encodeRequestRow(prefix: string, r: TSanitizedRequest): string {
  return (
    prefix +
    r.ts.toISOString() +
    "\t" +
    encodeCopyText(r.requestId) +
    "\t" +
    encodeCopyText(r.userHash) +
    "\t" +
    encodeCopyText(r.tenantHash) +
    "\t" +
    encodeCopyText(r.route) +
    "\t" +
    encodeCopyText(r.primaryModel) +
    "\t" +
    encodeCopyText(r.requestedModel) +
    "\t" +
    encodeCopyText(r.fallbackModel) +
    "\t" +
    encodeCopyText(r.fallbackReason) +
    "\t" +
    r.path +
    "\t" +
    encodeCopyInt(r.retryCount) +
    "\t" +
    encodeCopyInt(r.clientTimeoutMs) +
    "\t" +
    encodeCopyInt(r.statusCode) +
    "\t" +
    encodeCopyText(r.exceptionClass) +
    "\t" +
    encodeCopyInt(r.latencyMs) +
    "\t" +
    encodeCopyBool(check(r.parseResult)) +
    "\t" +
    encodeCopyBool(check(r.validationResult)) +
    "\t" +
    encodeCopyInt(r.promptTokens) +
    "\t" +
    encodeCopyInt(r.completionTokens) +
    "\t" +
    encodeCopyInt(r.totalTokens) +
    "\t" +
    encodeCopyText(r.featureFlags) +
    "\t" +
    encodeCopyText(r.deploymentVersion) +
    "\t" +
    encodeCopyText(r.promptHash) +
    "\t" +
    r.requestClass +
    "\n"
  );
}

export function copyRowPrefix(importId: string, incidentId: string): string {
  return `${encodeCopyText(importId)}\t${encodeCopyText(incidentId)}\t`;
}
