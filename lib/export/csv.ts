// CSV files of the bundle: RFC 4180 (CRLF line ends, every field quoted when
// it holds a comma, quote, CR or LF; quotes doubled) and safe to open in a
// spreadsheet: a text cell starting with = + - @ (or a tab / CR, which some
// spreadsheets skip before looking) is prefixed with ' so it is never run as
// a formula. Numbers are written plainly (negative numbers are numbers, not
// formulas). Pure.
import { runbook } from "@/lib/runbook/runbook";
import type { TReviewExport } from "./schema";

export type TCsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: TCsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly TCsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export type TCsvFile = { name: string; content: string };

export function timelineCsv(r: TReviewExport): string {
  return toCsv(
    ["occurred_at", "kind", "description", "traffic_percent", "author"],
    r.timeline.map((e) => [e.occurredAt, e.kind, e.description, e.trafficPercent, e.author]),
  );
}

export function followUpsCsv(r: TReviewExport): string {
  return toCsv(
    ["title", "owner", "due_date", "status", "overdue", "ticket_url", "source_section", "source_question", "completed_at"],
    r.followUps.map((f) => [f.title, f.owner, f.dueDate, f.status, f.overdue, f.ticketUrl, f.sourceSectionId, f.sourceQuestionId, f.completedAt]),
  );
}

export function errorHistogramCsv(r: TReviewExport): string {
  const h = r.classes.histogram;
  return toCsv(
    ["source", "window_start", "window_end", "path", "request_class", "class_label", "count"],
    h.buckets.map((b) => [
      h.source,
      b.windowStart,
      b.windowEnd,
      b.path,
      b.requestClass,
      b.requestClass === "OK" ? "OK" : (runbook.failureModes.classes.find((c) => c.id === b.requestClass)?.label ?? b.requestClass),
      b.count,
    ]),
  );
}

export function comparisonCsv(r: TReviewExport): string {
  return toCsv(
    ["prompt_label", "source", "created_at", "dimension", "dimension_label", "primary", "fallback", "differs"],
    r.comparisons.flatMap((c) => c.rows.map((x) => [c.promptLabel, c.source, c.createdAt, x.dimensionId, x.label, x.primary, x.fallback, x.differs])),
  );
}

export function rolloutWindowsCsv(r: TReviewExport): string {
  return toCsv(
    [
      "source",
      "path",
      "window_start",
      "window_end",
      "requests",
      "errors",
      "timeouts",
      "validation_failures",
      "error_rate",
      "timeout_rate",
      "validation_failure_rate",
      "p50_latency_ms",
      "p95_latency_ms",
      "p99_latency_ms",
      "active_class_errors",
    ],
    r.rollout.windows.map((w) => [
      w.source,
      w.path,
      w.windowStart,
      w.windowEnd,
      w.requests,
      w.errors,
      w.timeouts,
      w.validationFailures,
      w.errorRate,
      w.timeoutRate,
      w.validationFailureRate,
      w.p50LatencyMs,
      w.p95LatencyMs,
      w.p99LatencyMs,
      w.activeClassErrors,
    ]),
  );
}

export function buildCsvFiles(r: TReviewExport): TCsvFile[] {
  return [
    { name: "timeline.csv", content: timelineCsv(r) },
    { name: "follow-ups.csv", content: followUpsCsv(r) },
    { name: "error-histogram.csv", content: errorHistogramCsv(r) },
    { name: "comparison.csv", content: comparisonCsv(r) },
    { name: "rollout-windows.csv", content: rolloutWindowsCsv(r) },
  ];
}
