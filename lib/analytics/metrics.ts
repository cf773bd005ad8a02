// Cross-incident analytics as pure functions of incident rows: counts over
// time by failure class, counts by model and provider, the distribution and
// monthly trend of each incident figure (the one definition in
// lib/incidents/metrics.ts), and recurring causes.
import { computeIncidentMetrics, METRIC_DEFINITIONS, type TMetricKey } from "@/lib/incidents/metrics";
import { FAILURE_CLASS_IDS } from "@/lib/runbook/runbook";
import type { TTimeBucket } from "./schemas";

export type TAnalyticsIncident = {
  id: string;
  key: string;
  /** Loaded only for the recurring incidents shown ("" otherwise). */
  title: string;
  severity: string;
  /** Epoch milliseconds. */
  startedAt: number;
  detectedAt: number | null;
  mitigatedAt: number | null;
  endedAt: number | null;
  /** Resolved identifier when recorded, else the alias; null when neither. */
  primaryModel: string | null;
  fallbackModel: string | null;
  /** Base-URL host of the latest configuration snapshot; null without one. */
  provider: string | null;
  /** Primary first. */
  classes: { failureClass: string; role: "PRIMARY" | "SECONDARY" }[];
};

export const UNKNOWN = "unknown";
export const UNCLASSIFIED = "UNCLASSIFIED";

// ─── Definitions shown on the page ──────────────────────────────────────────

export const ANALYTICS_DEFINITIONS = {
  overTime:
    "Incidents by the period their degradation started in (in the time zone shown), each counted once under its primary failure class; incidents without a primary class are counted under their first recorded class, and incidents without any class as “Unclassified”.",
  primaryModel: "The primary model of each incident: its resolved model identifier when recorded, otherwise its alias.",
  fallbackModel: "The fallback model of each incident: its resolved model identifier when recorded, otherwise its alias.",
  provider: "The host of the base URL in the incident's latest configuration snapshot; “unknown” when it has none.",
  percentiles: "p50 and p90 interpolate linearly between the two nearest values (the median is p50).",
  recurrence:
    "Two incidents recur when they share a failure class (primary or secondary) and the same primary model, and the later one started at most the chosen number of days after the earlier one (exactly that many days still counts). Chains of such incidents are shown together.",
} as const;

// ─── Small helpers ──────────────────────────────────────────────────────────

/** Host of a base URL ("https://api.example.com/v1" → "api.example.com"), also without a scheme; null if unreadable. */
export function baseUrlHost(baseUrl: string | null | undefined): string | null {
  const value = baseUrl?.trim();
  if (!value) return null;
  for (const candidate of [value, `https://${value}`]) {
    try {
      const url = new URL(candidate);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname) return url.hostname.toLowerCase();
    } catch {
      // try the next form
    }
  }
  return null;
}

/** The model a figure is grouped by: resolved identifier, else alias. */
export function modelKey(alias: string | null | undefined, resolvedId: string | null | undefined): string | null {
  return resolvedId?.trim() || alias?.trim() || null;
}

/** Linear interpolation between closest ranks (like PostgreSQL percentile_cont); null for no values. */
export function percentile(sortedAsc: readonly number[], p: number): number | null {
  if (sortedAsc.length === 0) return null;
  const rank = (p / 100) * (sortedAsc.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sortedAsc[lo]!;
  const b = sortedAsc[hi]!;
  return a + (b - a) * (rank - lo);
}

// Building an Intl formatter is costly (tens of microseconds): one per zone,
// reused for every incident.
const DAY_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DD" of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  if (timeZone === "UTC") return new Date(ms).toISOString().slice(0, 10);
  let fmt = DAY_FORMATTERS.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    DAY_FORMATTERS.set(timeZone, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// An incident's period is computed once per bucket and zone, however many charts use it.
const PERIODS = new WeakMap<object, Map<string, string>>();

function incidentPeriod(incident: Pick<TAnalyticsIncident, "startedAt">, bucket: TTimeBucket, timeZone: string): string {
  let byKey = PERIODS.get(incident);
  if (!byKey) {
    byKey = new Map();
    PERIODS.set(incident, byKey);
  }
  const key = `${bucket}|${timeZone}`;
  let period = byKey.get(key);
  if (period === undefined) {
    period = periodOf(incident.startedAt, bucket, timeZone);
    byKey.set(key, period);
  }
  return period;
}

/** The period an instant falls in: "YYYY-MM" for months, the Monday "YYYY-MM-DD" for weeks. */
export function periodOf(ms: number, bucket: TTimeBucket, timeZone: string): string {
  const day = localDate(ms, timeZone);
  if (bucket === "month") return day.slice(0, 7);
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

function nextPeriod(period: string, bucket: TTimeBucket): string {
  if (bucket === "week") return addDays(period, 7);
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Every period from the first to the last, inclusive. */
export function periodRange(first: string, last: string, bucket: TTimeBucket): string[] {
  const out: string[] = [];
  for (let p = first; p <= last && out.length < 5000; p = nextPeriod(p, bucket)) out.push(p);
  return out;
}

export function periodLabel(period: string, bucket: TTimeBucket): string {
  return bucket === "week" ? `Week of ${period}` : period;
}

// ─── Incidents over time by failure class ──────────────────────────────────

/** The class an incident is counted under over time. */
export function chartedClass(incident: Pick<TAnalyticsIncident, "classes">): string {
  return (incident.classes.find((c) => c.role === "PRIMARY") ?? incident.classes[0])?.failureClass ?? UNCLASSIFIED;
}

export const OVER_TIME_SERIES: readonly string[] = [...FAILURE_CLASS_IDS, UNCLASSIFIED];

export type TOverTimeRow = { period: string; label: string; total: number; counts: Record<string, number> };

/** One row per period (empty periods included) between the first and last incident, or the given range. */
export function incidentsOverTime(
  incidents: readonly Pick<TAnalyticsIncident, "startedAt" | "classes">[],
  { bucket, timeZone, range }: { bucket: TTimeBucket; timeZone: string; range?: { from?: number; to?: number } },
): TOverTimeRow[] {
  const byPeriod = new Map<string, Record<string, number>>();
  let first: string | null = range?.from !== undefined ? periodOf(range.from, bucket, timeZone) : null;
  let last: string | null = range?.to !== undefined ? periodOf(range.to, bucket, timeZone) : null;
  for (const incident of incidents) {
    const period = incidentPeriod(incident, bucket, timeZone);
    if (first === null || period < first) first = period;
    if (last === null || period > last) last = period;
    const counts = byPeriod.get(period) ?? {};
    const cls = chartedClass(incident);
    counts[cls] = (counts[cls] ?? 0) + 1;
    byPeriod.set(period, counts);
  }
  if (first === null || last === null || incidents.length === 0) return [];
  return periodRange(first, last, bucket).map((period) => {
    const found = byPeriod.get(period) ?? {};
    const counts = Object.fromEntries(OVER_TIME_SERIES.map((s) => [s, found[s] ?? 0]));
    return { period, label: periodLabel(period, bucket), counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
}

// ─── Counts by model and provider ───────────────────────────────────────────

export type TCount = { value: string; count: number };

/**
 * Incidents per value, most first (ties alphabetical); missing values as
 * "unknown". Values that differ only in case are one value (shown as first seen),
 * as model names are everywhere else (list filter, recurrences).
 */
export function countBy<T>(items: readonly T[], pick: (item: T) => string | null): TCount[] {
  const counts = new Map<string, TCount>();
  for (const item of items) {
    const value = pick(item) ?? UNKNOWN;
    const id = value.toLowerCase();
    const entry = counts.get(id) ?? { value, count: 0 };
    entry.count += 1;
    counts.set(id, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

// ─── Incident figures: distributions and trends ────────────────────────────

export const DURATION_BUCKETS: readonly { label: string; fromMs: number; toMs: number | null }[] = [
  { label: "< 5 min", fromMs: 0, toMs: 5 * 60_000 },
  { label: "5–15 min", fromMs: 5 * 60_000, toMs: 15 * 60_000 },
  { label: "15–30 min", fromMs: 15 * 60_000, toMs: 30 * 60_000 },
  { label: "30–60 min", fromMs: 30 * 60_000, toMs: 3_600_000 },
  { label: "1–2 h", fromMs: 3_600_000, toMs: 2 * 3_600_000 },
  { label: "2–4 h", fromMs: 2 * 3_600_000, toMs: 4 * 3_600_000 },
  { label: "4–8 h", fromMs: 4 * 3_600_000, toMs: 8 * 3_600_000 },
  { label: "8–24 h", fromMs: 8 * 3_600_000, toMs: 24 * 3_600_000 },
  { label: "≥ 24 h", fromMs: 24 * 3_600_000, toMs: null },
];

export type TDistribution = {
  metric: TMetricKey;
  label: string;
  definition: string;
  /** Incidents with a value. */
  measured: number;
  /** Still open (no end time): only meaningful for time to resolve, where they have no value. */
  open: number;
  /** No value for another reason: the time was not recorded (or is before the start). */
  notRecorded: number;
  p50: number | null;
  p90: number | null;
  buckets: { label: string; count: number }[];
};

export type TMetricValues = Record<TMetricKey, number | null>;

type TTimes = Pick<TAnalyticsIncident, "startedAt" | "detectedAt" | "mitigatedAt" | "endedAt">;
// Each incident's figures are computed once, however many charts use them.
const FIGURES = new WeakMap<TTimes, TMetricValues>();

/** The three figures of an incident, by the shared definition. */
export function incidentFigures(i: TTimes): TMetricValues {
  let figures = FIGURES.get(i);
  if (!figures) {
    const d = (ms: number | null) => (ms === null ? null : new Date(ms));
    figures = computeIncidentMetrics({
      degradationStartedAt: new Date(i.startedAt),
      detectedAt: d(i.detectedAt),
      mitigatedAt: d(i.mitigatedAt),
      endedAt: d(i.endedAt),
    });
    FIGURES.set(i, figures);
  }
  return figures;
}

export function distribution(
  incidents: readonly Pick<TAnalyticsIncident, "startedAt" | "detectedAt" | "mitigatedAt" | "endedAt">[],
  metric: TMetricKey,
): TDistribution {
  const values: number[] = [];
  let open = 0;
  let notRecorded = 0;
  for (const incident of incidents) {
    const value = incidentFigures(incident)[metric];
    if (value !== null) values.push(value);
    else if (metric === "timeToResolve" && incident.endedAt === null) open += 1;
    else notRecorded += 1;
  }
  values.sort((a, b) => a - b);
  return {
    metric,
    label: METRIC_DEFINITIONS[metric].label,
    definition: METRIC_DEFINITIONS[metric].definition,
    measured: values.length,
    open,
    notRecorded,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    buckets: DURATION_BUCKETS.map((b) => ({
      label: b.label,
      count: values.filter((v) => v >= b.fromMs && (b.toMs === null || v < b.toMs)).length,
    })),
  };
}

export type TTrendPoint = { period: string; label: string; median: number | null; measured: number };

/** The median of a figure per month (of the start), every month from the first to the last incident. */
export function monthlyMedians(
  incidents: readonly Pick<TAnalyticsIncident, "startedAt" | "detectedAt" | "mitigatedAt" | "endedAt">[],
  metric: TMetricKey,
  timeZone: string,
): TTrendPoint[] {
  if (incidents.length === 0) return [];
  const byMonth = new Map<string, number[]>();
  let first: string | null = null;
  let last: string | null = null;
  for (const incident of incidents) {
    const month = incidentPeriod(incident, "month", timeZone);
    if (first === null || month < first) first = month;
    if (last === null || month > last) last = month;
    const value = incidentFigures(incident)[metric];
    if (value === null) continue;
    const list = byMonth.get(month) ?? [];
    list.push(value);
    byMonth.set(month, list);
  }
  return periodRange(first!, last!, "month").map((period) => {
    const values = (byMonth.get(period) ?? []).sort((a, b) => a - b);
    return { period, label: period, median: percentile(values, 50), measured: values.length };
  });
}

// ─── Recurring causes ───────────────────────────────────────────────────────

export type TRecurrence = {
  failureClass: string;
  model: string;
  /** Oldest first; each started at most `days` days after the one before. */
  incidents: Pick<TAnalyticsIncident, "key" | "title" | "startedAt">[];
  /** Shortest gap between consecutive incidents of the chain. */
  shortestGapMs: number;
};

const DAY_MS = 86_400_000;

/**
 * Chains of incidents of the same failure class and the same primary model
 * (case-insensitive), each starting at most `days` days after the previous.
 * Incidents without a primary model never recur.
 */
export function findRecurrences(incidents: readonly TAnalyticsIncident[], days: number): TRecurrence[] {
  type TGroup = { failureClass: string; model: string; items: TAnalyticsIncident[] };
  const groups = new Map<string, TGroup>();
  for (const incident of incidents) {
    const model = incident.primaryModel;
    if (!model) continue;
    for (const { failureClass } of incident.classes) {
      const id: string = `${failureClass}\u0000${model.toLowerCase()}`;
      const group: TGroup = groups.get(id) ?? { failureClass, model, items: [] };
      // An incident has each class once (unique per incident), so it joins a group once.
      group.items.push(incident);
      groups.set(id, group);
    }
  }
  const maxGap = days * DAY_MS;
  const out: TRecurrence[] = [];
  for (const group of groups.values()) {
    const items = [...group.items].sort((a, b) => a.startedAt - b.startedAt || a.key.localeCompare(b.key));
    let chain: TAnalyticsIncident[] = [];
    let shortest = Infinity;
    const flush = () => {
      if (chain.length >= 2) {
        out.push({
          failureClass: group.failureClass,
          model: group.model,
          incidents: chain.map((c) => ({ key: c.key, title: c.title, startedAt: c.startedAt })),
          shortestGapMs: shortest,
        });
      }
    };
    for (const item of items) {
      const prev = chain[chain.length - 1];
      if (prev && item.startedAt - prev.startedAt <= maxGap) {
        shortest = Math.min(shortest, item.startedAt - prev.startedAt);
        chain.push(item);
      } else {
        flush();
        chain = [item];
        shortest = Infinity;
      }
    }
    flush();
  }
  // Most recent chains first.
  return out.sort(
    (a, b) =>
      b.incidents[b.incidents.length - 1]!.startedAt - a.incidents[a.incidents.length - 1]!.startedAt ||
      a.failureClass.localeCompare(b.failureClass),
  );
}

/** Keys of every incident that is part of a recurrence. */
export function recurringKeys(recurrences: readonly TRecurrence[]): Set<string> {
  return new Set(recurrences.flatMap((r) => r.incidents.map((i) => i.key)));
}
