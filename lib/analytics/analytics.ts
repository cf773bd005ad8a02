// Cross-incident analytics: one aggregate query returns the filtered
// incidents in compact form (one JSON array per incident, built by
// PostgreSQL: times as epoch milliseconds, the model keys, the latest
// configuration snapshot's base URL, classes primary first) plus the service
// choices; lib/analytics/metrics.ts computes every figure from that. A second
// small query reads the titles of the recurring incidents shown.
import "server-only";
import { getPrisma, Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import type { TMetricKey } from "@/lib/incidents/metrics";
import {
  baseUrlHost,
  countBy,
  distribution,
  findRecurrences,
  incidentsOverTime,
  monthlyMedians,
  type TAnalyticsIncident,
  type TCount,
  type TDistribution,
  type TOverTimeRow,
  type TRecurrence,
  type TTrendPoint,
} from "./metrics";
import { dateRangeBounds, type TAnalyticsQuery } from "./schemas";

const sql = Prisma.sql;
const METRICS: readonly TMetricKey[] = ["detectionLag", "timeToMitigate", "timeToResolve"];

/** Recurring-cause chains shown on the page (most recent first); the rest are counted. */
export const MAX_RECURRENCES_SHOWN = 10;
/** Incidents shown per chain (its most recent); the list links to all of them. */
export const MAX_CHAIN_INCIDENTS_SHOWN = 5;

export type TAnalytics = {
  /** ISO instant the figures were computed. */
  computedAt: string;
  incidentCount: number;
  openCount: number;
  overTime: TOverTimeRow[];
  byPrimaryModel: TCount[];
  byFallbackModel: TCount[];
  byProvider: TCount[];
  figures: { distribution: TDistribution; trend: TTrendPoint[] }[];
  /** The most recent chains, with titles and their most recent incidents (`total` = the whole chain). */
  recurrences: (TRecurrence & { total: number })[];
  recurrenceCount: number;
  recurringIncidentCount: number;
  services: string[];
};

/** [key, severity, start, detected, mitigated, ended (epoch seconds), primary model, fallback model, base URL, "CLASS:P,CLASS:S"] */
type TCompactIncident = [
  string,
  string,
  number,
  number | null,
  number | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

// Seconds since the epoch as float8 (cheaper than numeric extract); exact to the microsecond, rounded to ms below.
const epochSeconds = (column: Prisma.Sql) => sql`date_part('epoch', ${column})`;
const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));

/** The filtered incidents (date range on the start, severities, one affected service, any case) and every service name. */
export async function loadAnalyticsIncidents(actor: TActor, query: TAnalyticsQuery): Promise<{ incidents: TAnalyticsIncident[]; services: string[] }> {
  requirePermission(actor, "incident:read");
  const where: Prisma.Sql[] = [];
  const { gte, lt } = dateRangeBounds(query.from, query.to, query.tz);
  if (gte) where.push(sql`i."degradationStartedAt" >= ${gte}::timestamptz`);
  if (lt) where.push(sql`i."degradationStartedAt" < ${lt}::timestamptz`);
  if (query.severity.length) where.push(sql`i."severity" = ANY(CAST(${query.severity} AS "Severity"[]))`);
  if (query.service) where.push(sql`EXISTS (SELECT 1 FROM unnest(i."affectedServices") s WHERE lower(s) = lower(${query.service}))`);
  const whereSql = where.length ? sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const [row] = await getPrisma().$queryRaw<{ incidents: string; services: string }[]>`
    SELECT
      (SELECT COALESCE(json_agg(json_build_array(
                i."key", i."severity",
                ${epochSeconds(sql`i."degradationStartedAt"`)}, ${epochSeconds(sql`i."detectedAt"`)},
                ${epochSeconds(sql`i."mitigatedAt"`)}, ${epochSeconds(sql`i."endedAt"`)},
                COALESCE(NULLIF(btrim(i."primaryModelResolvedId"), ''), NULLIF(btrim(i."primaryModelAlias"), '')),
                COALESCE(NULLIF(btrim(i."fallbackModelResolvedId"), ''), NULLIF(btrim(i."fallbackModelAlias"), '')),
                cs."baseUrl", fc."classes")), '[]'::json)::text
         FROM "Incident" i
         LEFT JOIN (SELECT DISTINCT ON (c."incidentId") c."incidentId", c."baseUrl"
                      FROM "ConfigSnapshot" c ORDER BY c."incidentId", c."versionNumber" DESC) cs ON cs."incidentId" = i."id"
         LEFT JOIN (SELECT f."incidentId", string_agg(f."failureClass" || ':' || left(f."role"::text, 1), ',' ORDER BY f."role", f."failureClass") AS "classes"
                      FROM "IncidentFailureClass" f GROUP BY f."incidentId") fc ON fc."incidentId" = i."id"
         ${whereSql}) AS "incidents",
      (SELECT COALESCE(json_agg(v ORDER BY lower(v)), '[]'::json)::text
         FROM (SELECT DISTINCT s AS v FROM "Incident" i, unnest(i."affectedServices") s) sv) AS "services"`;
  const compact = JSON.parse(row?.incidents ?? "[]") as TCompactIncident[];
  const hosts = new Map<string, string | null>();
  const incidents = compact.map(([key, severity, s, d, m, e, primaryModel, fallbackModel, url, classes]): TAnalyticsIncident => {
    let provider: string | null = null;
    if (url) {
      if (!hosts.has(url)) hosts.set(url, baseUrlHost(url));
      provider = hosts.get(url) ?? null;
    }
    return {
      id: key,
      key,
      title: "",
      severity,
      startedAt: ms(s)!,
      detectedAt: ms(d),
      mitigatedAt: ms(m),
      endedAt: ms(e),
      primaryModel,
      fallbackModel,
      provider,
      classes: classes
        ? classes.split(",").map((c) => {
            const [failureClass, role] = c.split(":") as [string, string];
            return { failureClass, role: role === "P" ? ("PRIMARY" as const) : ("SECONDARY" as const) };
          })
        : [],
    };
  });
  return { incidents, services: JSON.parse(row?.services ?? "[]") as string[] };
}

// Analytics are read by many managers at once and recomputing them means
// reading every matching incident: the result for a query is reused for a
// few seconds. Every reader may see every incident, so it is not per user.
export const ANALYTICS_MAX_AGE_MS = 10_000;
const MEMO_SIZE = 50;
const memo = new Map<string, { at: number; value: Promise<TAnalytics> }>();

/**
 * Every analytics figure for the filters, at most ANALYTICS_MAX_AGE_MS old
 * (`computedAt` says when); `fresh` computes anew.
 */
export async function getAnalytics(actor: TActor, query: TAnalyticsQuery, { fresh = false }: { fresh?: boolean } = {}): Promise<TAnalytics> {
  requirePermission(actor, "incident:read");
  const key = JSON.stringify(query);
  const now = Date.now();
  const hit = memo.get(key);
  if (!fresh && hit && now - hit.at <= ANALYTICS_MAX_AGE_MS) return hit.value;
  const value = computeAnalytics(actor, query);
  memo.set(key, { at: now, value });
  value.catch(() => {
    if (memo.get(key)?.value === value) memo.delete(key);
  });
  while (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return value;
}

async function computeAnalytics(actor: TActor, query: TAnalyticsQuery): Promise<TAnalytics> {
  const computedAt = new Date().toISOString();
  const { incidents, services } = await loadAnalyticsIncidents(actor, query);
  const { gte, lt } = dateRangeBounds(query.from, query.to, query.tz);
  const allRecurrences = findRecurrences(incidents, query.recurDays);
  const shown = allRecurrences
    .slice(0, MAX_RECURRENCES_SHOWN)
    .map((r) => ({ ...r, total: r.incidents.length, incidents: r.incidents.slice(-MAX_CHAIN_INCIDENTS_SHOWN) }));
  const keys = [...new Set(shown.flatMap((r) => r.incidents.map((i) => i.key)))];
  const titles = new Map(
    keys.length
      ? (await getPrisma().$queryRaw<{ key: string; title: string }[]>`SELECT "key", "title" FROM "Incident" WHERE "key" = ANY(${keys}::text[])`).map(
          (r) => [r.key, r.title] as const,
        )
      : [],
  );
  return {
    computedAt,
    incidentCount: incidents.length,
    openCount: incidents.filter((i) => i.endedAt === null).length,
    overTime: incidentsOverTime(incidents, {
      bucket: query.bucket,
      timeZone: query.tz,
      range: { from: gte?.getTime(), to: lt ? lt.getTime() - 1 : undefined },
    }),
    byPrimaryModel: countBy(incidents, (i) => i.primaryModel),
    byFallbackModel: countBy(incidents, (i) => i.fallbackModel),
    byProvider: countBy(incidents, (i) => i.provider),
    figures: METRICS.map((metric) => ({ distribution: distribution(incidents, metric), trend: monthlyMedians(incidents, metric, query.tz) })),
    recurrences: shown.map((r) => ({ ...r, incidents: r.incidents.map((i) => ({ ...i, title: titles.get(i.key) ?? "" })) })),
    recurrenceCount: allRecurrences.length,
    recurringIncidentCount: new Set(allRecurrences.flatMap((r) => r.incidents.map((i) => i.key))).size,
    services,
  };
}
