// URL state of the manager views (incident list, follow-up tracker,
// analytics): zod schemas that parse Next's searchParams with defaults and
// clear messages, and the inverse that writes a query back as a canonical
// query string (defaults left out), so a copied link shows the same view.
// Shared by pages, client components and the server data layer.
import { z } from "zod";
import { FAILURE_CLASS_IDS, getFailureClass, type TFailureClassId } from "@/lib/runbook/runbook";
import { FALLBACK_MODES, INCIDENT_STATUSES, SEVERITIES } from "@/lib/incidents/schemas";
import { isValidTimeZone, zonedLocalToUtc } from "@/lib/time/zone";

/** What Next passes a page as `searchParams` (and what URLSearchParams turns into). */
export type TSearchParams = Record<string, string | string[] | undefined>;

export function searchParamsToRecord(params: URLSearchParams): TSearchParams {
  const out: TSearchParams = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

// ─── Building blocks ────────────────────────────────────────────────────────

/** The first value of a parameter given once or several times. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A parameter value as text; objects and symbols (never in a query string) must not throw on conversion. */
function asText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" ? String(value) : `[${typeof value}]`;
}

/** A numeric parameter; anything but text or a number is not a number. */
function asNumber(value: unknown): number {
  return typeof value === "string" || typeof value === "number" ? Number(value) : NaN;
}

/** Every value of a list parameter: repeated (`a=1&a=2`) or comma-separated (`a=1,2`), blanks dropped. */
function listValues(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return raw
    .flatMap((v) => asText(v).split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function joinOr(values: readonly string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/**
 * A list of enum values: accepts any case, keeps the enum's own order and
 * drops duplicates, so equal selections give equal URLs.
 */
function enumList<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  const canonical = new Map(values.map((v) => [v.toLowerCase(), v]));
  return z.preprocess(
    (v) => listValues(v).map((x) => canonical.get(x.toLowerCase()) ?? x),
    z
      .array(
        z.enum(values, {
          error: (issue) => `Unknown ${noun} “${asText(issue.input)}”. Use ${joinOr(values)}.`,
        }),
      )
      .transform((picked) => values.filter((v) => picked.includes(v)) as T[number][]),
  );
}

function text(max: number, label: string) {
  return z.preprocess(
    (v) => first(v) ?? "",
    z
      .string()
      .trim()
      .max(max, { error: `${label} can have at most ${max} characters.` }),
  );
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" naming a real calendar day. */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function date(label: string) {
  return z.preprocess(
    (v) => first(v) ?? "",
    z
      .string()
      .trim()
      .refine((v) => v === "" || isIsoDate(v), { error: `${label} must be a date written YYYY-MM-DD.` }),
  );
}

const ZZone = z.preprocess(
  (v) => first(v) || "UTC",
  z.string().refine(isValidTimeZone, { error: "Unknown time zone (tz); use an IANA name such as Europe/Berlin." }),
);

function positiveInt(label: string, fallback: number, max = 1_000_000) {
  return z.preprocess(
    (v) => {
      const s = first(v);
      return s === undefined || s === "" ? fallback : asNumber(s);
    },
    z
      .number({ error: `${label} must be a whole number.` })
      .int({ error: `${label} must be a whole number.` })
      .min(1, { error: `${label} must be at least 1.` })
      .max(max, { error: `${label} can be at most ${max.toLocaleString("en-US")}.` }),
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number], label: string) {
  return z.preprocess(
    (v) => first(v) || fallback,
    z.enum(values, { error: (issue) => `${label} “${asText(issue.input)}” is not one of ${joinOr(values)}.` }),
  );
}

/** Start and end dates of a range, in a time zone: [from 00:00, day after `to` 00:00). */
export function dateRangeBounds(from: string, to: string, timeZone: string): { gte: Date | null; lt: Date | null } {
  const gte = from ? zonedLocalToUtc(`${from}T00:00`, timeZone) : null;
  let lt: Date | null = null;
  if (to) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    lt = zonedLocalToUtc(`${next.toISOString().slice(0, 10)}T00:00`, timeZone);
  }
  return { gte, lt };
}

/** The zone only matters for dates: without any, it is UTC, so equal views have equal URLs. */
function withZoneOnlyForDates<T extends { from: string; to: string; tz: string }>(v: T): T {
  return v.from || v.to ? v : { ...v, tz: "UTC" };
}

const rangeOrder = {
  check: (v: { from: string; to: string }, ctx: z.RefinementCtx) => {
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date." });
  },
};

// ─── Failure classes, for every view ───────────────────────────────────────

export const FAILURE_CLASSES = FAILURE_CLASS_IDS as unknown as readonly [TFailureClassId, ...TFailureClassId[]];
export function failureClassLabel(id: string): string {
  return (FAILURE_CLASS_IDS as readonly string[]).includes(id) ? getFailureClass(id as TFailureClassId).label : id;
}

// ─── Incident list ──────────────────────────────────────────────────────────

export const INCIDENT_LIST_COLUMNS = [
  "key",
  "title",
  "severity",
  "status",
  "primaryModel",
  "fallbackMode",
  "failureClasses",
  "start",
  "duration",
  "commander",
  "completeness",
  "openFollowUps",
] as const;
export type TIncidentListColumn = (typeof INCIDENT_LIST_COLUMNS)[number];

export const INCIDENT_LIST_COLUMN_LABELS: Record<TIncidentListColumn, string> = {
  key: "Key",
  title: "Title",
  severity: "Severity",
  status: "Status",
  primaryModel: "Primary model",
  fallbackMode: "Fallback mode",
  failureClasses: "Failure classes",
  start: "Start",
  duration: "Duration",
  commander: "Commander",
  completeness: "Review completeness",
  openFollowUps: "Open follow-ups",
};

/** Columns that cannot be hidden (the row's link). */
export const ALWAYS_VISIBLE_COLUMNS: readonly TIncidentListColumn[] = ["key"];

export const PAGE_SIZES = [25, 50, 100] as const;
export type TPageSize = (typeof PAGE_SIZES)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type TSortDirection = (typeof SORT_DIRECTIONS)[number];

const HIDEABLE = INCIDENT_LIST_COLUMNS.filter((c) => !ALWAYS_VISIBLE_COLUMNS.includes(c)) as unknown as readonly [
  TIncidentListColumn,
  ...TIncidentListColumn[],
];

export const ZIncidentListQuery = z
  .object({
    /** Full-text search over titles and review answers (web-search syntax: "quoted phrase", -not, or). */
    q: text(200, "The search"),
    severity: enumList(SEVERITIES, "severity"),
    status: enumList(INCIDENT_STATUSES, "status"),
    failureClass: enumList(FAILURE_CLASSES, "failure class"),
    fallbackMode: enumList(FALLBACK_MODES, "fallback mode"),
    /** Primary model alias or resolved identifier, matched exactly (any case). */
    model: text(200, "The primary model"),
    /** Commander's user id. */
    commander: text(64, "The commander"),
    from: date("The start date (from)"),
    to: date("The end date (to)"),
    /** Zone the dates are calendar days in. */
    tz: ZZone,
    sort: oneOf(INCIDENT_LIST_COLUMNS, "start", "Sort column"),
    dir: oneOf(SORT_DIRECTIONS, "desc", "Sort direction"),
    page: positiveInt("The page", 1),
    size: z.preprocess(
      (v) => {
        const s = first(v);
        return s === undefined || s === "" ? 25 : asNumber(s);
      },
      z.literal(PAGE_SIZES, { error: `Rows per page must be ${joinOr(PAGE_SIZES.map(String))}.` }),
    ),
    /** Hidden columns. */
    hide: enumList(HIDEABLE, "column"),
  })
  .superRefine(rangeOrder.check)
  .transform(withZoneOnlyForDates);

export type TIncidentListQuery = z.output<typeof ZIncidentListQuery>;
export type TIncidentListFilters = Omit<TIncidentListQuery, "sort" | "dir" | "page" | "size" | "hide">;

export const DEFAULT_INCIDENT_LIST_QUERY: TIncidentListQuery = ZIncidentListQuery.parse({});

export type TParsed<T> = { ok: true; query: T } | { ok: false; errors: string[] };

function parseWith<S extends z.ZodType>(schema: S, params: TSearchParams): TParsed<z.output<S>> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, query: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => {
      const name = i.path.filter((p) => typeof p === "string").join(".");
      return name ? `${name}: ${i.message}` : i.message;
    }),
  };
}

/** searchParams → the list's state, or every problem with the address at once. */
export function parseIncidentListQuery(params: TSearchParams): TParsed<TIncidentListQuery> {
  return parseWith(ZIncidentListQuery, params);
}

/** Writes a query as a canonical query string: fixed key order, lists comma-joined, defaults left out. */
function toQueryString<T extends Record<string, unknown>>(query: T, defaults: T, keys: readonly (keyof T & string)[]): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = query[key];
    const fallback = defaults[key];
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else if (value !== fallback && value !== "" && value !== undefined && value !== null) {
      params.set(key, String(value));
    }
  }
  return params.toString();
}

const LIST_KEYS = [
  "q",
  "severity",
  "status",
  "failureClass",
  "fallbackMode",
  "model",
  "commander",
  "from",
  "to",
  "tz",
  "sort",
  "dir",
  "page",
  "size",
  "hide",
] as const satisfies readonly (keyof TIncidentListQuery)[];

export function incidentListQueryString(query: TIncidentListQuery): string {
  return toQueryString(withZoneOnlyForDates(query), DEFAULT_INCIDENT_LIST_QUERY, LIST_KEYS);
}

export function incidentListHref(query: TIncidentListQuery): string {
  const qs = incidentListQueryString(query);
  return qs ? `/incidents?${qs}` : "/incidents";
}

/** The export's query string: the same filters and order, without paging or column choice. */
export function incidentExportHref(query: TIncidentListQuery): string {
  const qs = incidentListQueryString({ ...query, page: 1, size: DEFAULT_INCIDENT_LIST_QUERY.size, hide: [] });
  return qs ? `/api/incidents/export.csv?${qs}` : "/api/incidents/export.csv";
}

/** True when any filter (not sort, page or columns) narrows the list. */
export function hasIncidentListFilters(q: TIncidentListQuery): boolean {
  return Boolean(
    q.q || q.severity.length || q.status.length || q.failureClass.length || q.fallbackMode.length || q.model || q.commander || q.from || q.to,
  );
}

// ─── Follow-up tracker ──────────────────────────────────────────────────────

export const TRACKER_GROUPINGS = ["due", "owner"] as const;
export type TTrackerGrouping = (typeof TRACKER_GROUPINGS)[number];
export const TRACKER_SCOPES = ["active", "all"] as const;
export type TTrackerScope = (typeof TRACKER_SCOPES)[number];

export const ZFollowUpTrackerQuery = z.object({
  /** After the overdue ones: by due date or by owner. */
  by: oneOf(TRACKER_GROUPINGS, "due", "Order"),
  /** "me" = only follow-ups I own. */
  owner: oneOf(["any", "me"] as const, "any", "Owner"),
  /** active = open and in progress; all = also done and won't do. */
  show: oneOf(TRACKER_SCOPES, "active", "Show"),
  page: positiveInt("The page", 1),
});
export type TFollowUpTrackerQuery = z.output<typeof ZFollowUpTrackerQuery>;
export const DEFAULT_TRACKER_QUERY: TFollowUpTrackerQuery = ZFollowUpTrackerQuery.parse({});
export const TRACKER_PAGE_SIZE = 50;

export function parseFollowUpTrackerQuery(params: TSearchParams): TParsed<TFollowUpTrackerQuery> {
  return parseWith(ZFollowUpTrackerQuery, params);
}

export function followUpTrackerHref(query: TFollowUpTrackerQuery): string {
  const qs = toQueryString(query, DEFAULT_TRACKER_QUERY, ["owner", "by", "show", "page"]);
  return qs ? `/follow-ups?${qs}` : "/follow-ups";
}

// ─── Analytics ──────────────────────────────────────────────────────────────

export const TIME_BUCKETS = ["month", "week"] as const;
export type TTimeBucket = (typeof TIME_BUCKETS)[number];
export const DEFAULT_RECUR_DAYS = 30;

export const ZAnalyticsQuery = z
  .object({
    from: date("The start date (from)"),
    to: date("The end date (to)"),
    tz: ZZone,
    severity: enumList(SEVERITIES, "severity"),
    /** Affected service, matched exactly. */
    service: text(200, "The service"),
    bucket: oneOf(TIME_BUCKETS, "month", "Time bucket"),
    /** Two incidents of the same class and primary model at most this many days apart are a recurrence. */
    recurDays: positiveInt("Recurrence days (recurDays)", DEFAULT_RECUR_DAYS, 3650),
  })
  // The zone also places incidents in months and weeks, so it is kept without dates.
  .superRefine(rangeOrder.check);
export type TAnalyticsQuery = z.output<typeof ZAnalyticsQuery>;
export const DEFAULT_ANALYTICS_QUERY: TAnalyticsQuery = ZAnalyticsQuery.parse({});

export function parseAnalyticsQuery(params: TSearchParams): TParsed<TAnalyticsQuery> {
  return parseWith(ZAnalyticsQuery, params);
}

export function analyticsHref(query: TAnalyticsQuery): string {
  const qs = toQueryString(query, DEFAULT_ANALYTICS_QUERY, ["from", "to", "tz", "severity", "service", "bucket", "recurDays"]);
  return qs ? `/analytics?${qs}` : "/analytics";
}
