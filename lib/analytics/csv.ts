// CSV for downloads: RFC 4180 (comma-separated, CRLF line ends, fields with a
// comma, quote or line break quoted, quotes doubled) and safe to open in a
// spreadsheet: text that a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return) is prefixed with an apostrophe.
import { failureClassLabel } from "./schemas";
import type { TIncidentListRow } from "./incident-list";

export type TCsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: numbers and booleans as they are, text neutralized against formulas, quoted when needed. */
export function csvField(value: TCsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: header row, then one record per row, every line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly TCsvValue[])[]): string {
  const lines = [header.map(csvField).join(","), ...rows.map((r) => r.map(csvField).join(","))];
  return lines.map((l) => `${l}\r\n`).join("");
}

export const INCIDENT_CSV_HEADER = [
  "Key",
  "Title",
  "Severity",
  "Status",
  "Primary model alias",
  "Primary model resolved ID",
  "Fallback mode",
  "Primary failure classes",
  "Secondary failure classes",
  "Start (UTC)",
  "End (UTC)",
  "Ongoing",
  "Duration (minutes)",
  "Commander",
  "Review questions answered",
  "Review questions total",
  "Open follow-ups",
] as const;

/** The list's columns as CSV values: instants in ISO 8601 UTC, durations in whole minutes. */
export function incidentCsvRecord(row: TIncidentListRow): TCsvValue[] {
  const classes = (role: "PRIMARY" | "SECONDARY") =>
    row.failureClasses
      .filter((c) => c.role === role)
      .map((c) => failureClassLabel(c.failureClass))
      .join("; ");
  return [
    row.key,
    row.title,
    row.severity,
    row.status,
    row.primaryModelAlias,
    row.primaryModelResolvedId,
    row.fallbackMode,
    classes("PRIMARY"),
    classes("SECONDARY"),
    row.startedAt,
    row.endedAt,
    row.ongoing,
    Math.floor(row.durationMs / 60_000),
    row.commanderName,
    row.answered,
    row.questionTotal,
    row.openFollowUps,
  ];
}

export function incidentsToCsv(rows: readonly TIncidentListRow[]): string {
  return toCsv(INCIDENT_CSV_HEADER, rows.map(incidentCsvRecord));
}
