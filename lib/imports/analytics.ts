import "server-only";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { getPrisma, Prisma } from "@/lib/db/prisma";
import {
  BUCKET_ORIGIN_ISO,
  BUCKET_SIZE_MS,
  BUCKET_SIZES,
  bucketCount,
  bucketInterval,
  chooseBucketSize,
  isMultipleOf,
  MAX_CHOSEN_BUCKETS,
  type TBucketSize,
} from "./buckets";
import {
  decodeCursor,
  encodeCursor,
  MAX_OFFSET,
  REQUEST_CLASS_IDS,
  REQUEST_PATH_IDS,
  type TBucketChoice,
  type THistogramPath,
  type TLogsView,
  type TRequestClassId,
  type TRequestPathId,
} from "./schemas";

// ─── Imports ────────────────────────────────────────────────────────────────

export type TPrivacySummary = {
  textFieldsDropped: number;
  promptsDropped: number;
  promptsHashed: number;
  identifiersPseudonymized: number;
  secretsRedacted: number;
  personalDataRedacted: number;
};

export type TLogImportView = {
  id: string;
  fileName: string;
  format: string;
  status: "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
  rows: number;
  accepted: number;
  rejected: number;
  byClass: Record<TRequestClassId, number>;
  byPath: Record<TRequestPathId, number>;
  privacy: TPrivacySummary;
  rejectedLines: { line: number; code: string; reason: string }[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string | null;
};

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function privacySummary(report: unknown): TPrivacySummary {
  const r = (report ?? {}) as Record<string, unknown>;
  const byField = (r.textFieldsDroppedByField ?? {}) as Record<string, unknown>;
  return {
    textFieldsDropped: num(r.textFieldsDropped),
    promptsDropped: num(byField.prompt),
    promptsHashed: num(r.promptsHashed),
    identifiersPseudonymized: num(r.identifiersPseudonymized),
    secretsRedacted: num(r.secretsRedacted),
    personalDataRedacted: num(r.personalDataRedacted),
  };
}

function counts<K extends string>(keys: readonly K[], value: unknown): Record<K, number> {
  const v = (value ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, num(v[k])])) as Record<K, number>;
}

/** The incident's imports, newest first, with counts and privacy report. */
export async function listLogImports(actor: TActor, incidentId: string): Promise<TLogImportView[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().logImport.findMany({
    where: { incidentId },
    orderBy: { startedAt: "desc" },
    take: 100,
    include: { createdBy: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    fileName: r.fileName,
    format: r.format,
    status: r.status,
    rows: r.rows,
    accepted: r.accepted,
    rejected: r.rejected,
    byClass: counts(REQUEST_CLASS_IDS, r.byClass),
    byPath: counts(REQUEST_PATH_IDS, r.byPath),
    privacy: privacySummary(r.privacyReport),
    rejectedLines: Array.isArray(r.rejectedLines) ? (r.rejectedLines as TLogImportView["rejectedLines"]).slice(0, 100) : [],
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdBy: r.createdBy?.name ?? null,
  }));
}

export type TLogSpan = {
  rows: number;
  firstTs: string | null;
  lastTs: string | null;
  /** Size of the chart's default buckets stored at import (HistogramBucket). */
  storedBucketSize: TBucketSize | null;
  /** Size of the finest stored counts (RequestLogBucket), null for imports made before they existed. */
  fineBucketSize: TBucketSize | null;
};

/** How much imported traffic the incident has and over which span (a few index probes). */
export async function getLogSpan(actor: TActor, incidentId: string): Promise<TLogSpan> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const [span, total, bucket, fine] = await Promise.all([
    prisma.$queryRaw<{ first: Date | null; last: Date | null }[]>`
      SELECT min("ts") AS first, max("ts") AS last FROM "RequestLogRow" WHERE "incidentId" = ${incidentId}`,
    prisma.logImport.aggregate({ where: { incidentId, status: "COMPLETED" }, _sum: { accepted: true } }),
    prisma.histogramBucket.findFirst({ where: { incidentId, source: "IMPORT" }, select: { windowStart: true, windowEnd: true } }),
    prisma.requestLogBucket.findFirst({ where: { incidentId }, select: { widthSeconds: true } }),
  ]);
  const width = bucket ? bucket.windowEnd.getTime() - bucket.windowStart.getTime() : null;
  return {
    rows: total._sum.accepted ?? 0,
    firstTs: span[0]?.first?.toISOString() ?? null,
    lastTs: span[0]?.last?.toISOString() ?? null,
    storedBucketSize: BUCKET_SIZES.find((s) => BUCKET_SIZE_MS[s] === width) ?? null,
    fineBucketSize: fine ? (BUCKET_SIZES.find((s) => BUCKET_SIZE_MS[s] === fine.widthSeconds * 1000) ?? null) : null,
  };
}

// ─── Histogram ──────────────────────────────────────────────────────────────

export type THistogramRow = { windowStart: string; windowEnd: string; total: number } & Record<TRequestClassId, number>;

export type TRequestHistogram = {
  size: TBucketSize;
  autoSize: TBucketSize;
  /** The requested size was too fine for the span and was coarsened. */
  adjusted: boolean;
  path: THistogramPath;
  /** Stored per-import buckets were re-binned, or the rows themselves were aggregated. */
  source: "buckets" | "rows";
  rows: THistogramRow[];
};

export { MAX_CHOSEN_BUCKETS };

/**
 * Requests per class per time bucket (optionally one path). Every size the
 * view can produce is a multiple of the finest stored counts (RequestLogBucket,
 * at most MAX_CHOSEN_BUCKETS × paths × classes rows), so it is summed from
 * those; incidents imported before they existed fall back to HistogramBucket
 * for multiples of its size, and to RequestLogRow with date_bin otherwise.
 */
export async function getRequestHistogram(
  actor: TActor,
  incidentId: string,
  options: { bucket: TBucketChoice; path: THistogramPath },
  span?: TLogSpan,
): Promise<TRequestHistogram> {
  requirePermission(actor, "incident:read");
  const s = span ?? (await getLogSpan(actor, incidentId));
  const first = s.firstTs ? Date.parse(s.firstTs) : Date.now();
  const last = s.lastTs ? Date.parse(s.lastTs) : first;
  const autoSize = chooseBucketSize(first, last);
  let size: TBucketSize = options.bucket === "auto" ? autoSize : options.bucket;
  let adjusted = false;
  if (bucketCount(first, last, size) > MAX_CHOSEN_BUCKETS) {
    size = chooseBucketSize(first, last, MAX_CHOSEN_BUCKETS);
    adjusted = true;
  }
  if (!s.firstTs) return { size, autoSize, adjusted, path: options.path, source: "rows", rows: [] };
  const interval = bucketInterval(size);
  const pathFilter = options.path === "ALL" ? Prisma.empty : Prisma.sql`AND "path" = ${options.path}::"RequestPath"`;
  const useFine = s.fineBucketSize !== null && isMultipleOf(size, s.fineBucketSize);
  const useStored = useFine || (s.storedBucketSize !== null && isMultipleOf(size, s.storedBucketSize));
  const prisma = getPrisma();
  const raw = useFine
    ? await prisma.$queryRaw<{ b: Date; cls: TRequestClassId; n: bigint }[]>`
        SELECT date_bin(${interval}::interval, "windowStart", ${BUCKET_ORIGIN_ISO}::timestamptz) AS b, "requestClass"::text AS cls, sum("count")::bigint AS n
        FROM "RequestLogBucket" WHERE "incidentId" = ${incidentId} ${pathFilter}
        GROUP BY 1, 2 ORDER BY 1`
    : useStored
    ? await prisma.$queryRaw<{ b: Date; cls: TRequestClassId; n: bigint }[]>`
        SELECT date_bin(${interval}::interval, "windowStart", ${BUCKET_ORIGIN_ISO}::timestamptz) AS b, "requestClass"::text AS cls, sum("count")::bigint AS n
        FROM "HistogramBucket" WHERE "incidentId" = ${incidentId} AND "source" = 'IMPORT' ${pathFilter}
        GROUP BY 1, 2 ORDER BY 1`
    : await prisma.$queryRaw<{ b: Date; cls: TRequestClassId; n: bigint }[]>`
        SELECT date_bin(${interval}::interval, "ts", ${BUCKET_ORIGIN_ISO}::timestamptz) AS b, "requestClass"::text AS cls, count(*)::bigint AS n
        FROM "RequestLogRow" WHERE "incidentId" = ${incidentId} ${pathFilter}
        GROUP BY 1, 2 ORDER BY 1`;
  const step = BUCKET_SIZE_MS[size];
  const byStart = new Map<number, THistogramRow>();
  for (const r of raw) {
    const start = r.b.getTime();
    let row = byStart.get(start);
    if (!row) {
      row = {
        windowStart: new Date(start).toISOString(),
        windowEnd: new Date(start + step).toISOString(),
        total: 0,
        ...(Object.fromEntries(REQUEST_CLASS_IDS.map((c) => [c, 0])) as Record<TRequestClassId, number>),
      };
      byStart.set(start, row);
    }
    row[r.cls] += Number(r.n);
    row.total += Number(r.n);
  }
  return { size, autoSize, adjusted, path: options.path, source: useStored ? "buckets" : "rows", rows: [...byStart.values()] };
}

// ─── Observation windows ────────────────────────────────────────────────────

export type TWindowPoint = {
  windowStart: string;
  windowEnd: string;
  path: TRequestPathId;
  requests: number;
  errors: number;
  timeouts: number;
  validationFailures: number;
  errorRate: number;
  timeoutRate: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
};

/** Error and timeout rate and p50/p95/p99 latency per path per observation window, from the import. */
export async function getWindowSeries(actor: TActor, incidentId: string): Promise<TWindowPoint[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().observationWindow.findMany({
    where: { incidentId, source: "IMPORT" },
    orderBy: [{ windowStart: "asc" }, { path: "asc" }],
    take: 20_000,
  });
  return rows.map((w) => ({
    windowStart: w.windowStart.toISOString(),
    windowEnd: w.windowEnd.toISOString(),
    path: w.path,
    requests: w.requests,
    errors: w.errors,
    timeouts: w.timeouts,
    validationFailures: w.validationFailures,
    errorRate: w.requests ? w.errors / w.requests : 0,
    timeoutRate: w.requests ? w.timeouts / w.requests : 0,
    p50LatencyMs: w.p50LatencyMs,
    p95LatencyMs: w.p95LatencyMs,
    p99LatencyMs: w.p99LatencyMs,
  }));
}

// ─── Requests ───────────────────────────────────────────────────────────────

export type TRequestRow = {
  id: string;
  ts: string;
  requestId: string | null;
  requestClass: TRequestClassId;
  path: TRequestPathId;
  statusCode: number | null;
  exceptionClass: string | null;
  latencyMs: number | null;
  route: string | null;
  requestedModel: string | null;
  retryCount: number | null;
  tenantHash: string | null;
  promptHash: string | null;
};

const REQUEST_COLUMNS = Prisma.sql`"id"::text AS "id", "ts", "requestId", "requestClass"::text AS "requestClass", "path"::text AS "path",
  "statusCode", "exceptionClass", "latencyMs", "route", "requestedModel", "retryCount", "tenantHash", "promptHash"`;

type TRawRequestRow = Omit<TRequestRow, "ts"> & { ts: Date };
const toRequestRow = (r: TRawRequestRow): TRequestRow => ({ ...r, ts: r.ts.toISOString() });

/** The earliest request that was not OK: where the incident shows first in the logs. */
export async function getFirstBadRequest(actor: TActor, incidentId: string): Promise<TRequestRow | null> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().$queryRaw<TRawRequestRow[]>`
    SELECT ${REQUEST_COLUMNS} FROM "RequestLogRow"
    WHERE "incidentId" = ${incidentId} AND "requestClass" <> 'OK'
    ORDER BY "ts", "id" LIMIT 1`;
  return rows[0] ? toRequestRow(rows[0]) : null;
}

export type TClassReach = { requestClass: TRequestClassId; requests: number; distinctPrompts: number; distinctTenants: number };

/** Per class: requests, distinct prompt hashes and distinct pseudonymous tenants affected. */
export async function getClassReach(actor: TActor, incidentId: string): Promise<TClassReach[]> {
  requirePermission(actor, "incident:read");
  const rows = await getPrisma().$queryRaw<{ cls: TRequestClassId; requests: bigint; prompts: bigint; tenants: bigint }[]>`
    SELECT "requestClass"::text AS cls, count(*)::bigint AS requests,
      count(DISTINCT "promptHash")::bigint AS prompts, count(DISTINCT "tenantHash")::bigint AS tenants
    FROM "RequestLogRow" WHERE "incidentId" = ${incidentId} GROUP BY 1`;
  const byClass = new Map(rows.map((r) => [r.cls, r]));
  return REQUEST_CLASS_IDS.map((c) => {
    const r = byClass.get(c);
    return { requestClass: c, requests: Number(r?.requests ?? 0), distinctPrompts: Number(r?.prompts ?? 0), distinctTenants: Number(r?.tenants ?? 0) };
  });
}

export type TRequestPage = {
  rows: TRequestRow[];
  /** Matching rows, counted up to COUNT_CAP. */
  total: number;
  totalIsExact: boolean;
  mode: "keyset" | "offset";
  page: number;
  nextCursor: string | null;
  prevCursor: string | null;
  hasNext: boolean;
  hasPrev: boolean;
  /** Offset paging stops here; narrow the filters to see further. */
  offsetLimitReached: boolean;
};

export const COUNT_CAP = 100_000;

const SORT_SQL: Record<Exclude<TLogsView["sort"], "ts">, Prisma.Sql> = {
  latency: Prisma.sql`"latencyMs"`,
  status: Prisma.sql`"statusCode"`,
  class: Prisma.sql`"requestClass"`,
  path: Prisma.sql`"path"`,
};

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of the request table. Time order (the default) pages by keyset on
 * (ts, id) over the (incidentId, ts) index, so any page is as fast as the
 * first; other sorts page by offset, up to MAX_OFFSET rows deep.
 */
export async function listRequests(actor: TActor, incidentId: string, view: TLogsView): Promise<TRequestPage> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const filters: Prisma.Sql[] = [Prisma.sql`"incidentId" = ${incidentId}`];
  if (view.class) filters.push(Prisma.sql`"requestClass" = ${view.class}::"RequestClass"`);
  if (view.path) filters.push(Prisma.sql`"path" = ${view.path}::"RequestPath"`);
  if (view.status !== null) filters.push(Prisma.sql`"statusCode" = ${view.status}`);
  if (view.q) {
    const like = likePattern(view.q);
    filters.push(Prisma.sql`("requestId" ILIKE ${like} OR "route" ILIKE ${like} OR "requestedModel" ILIKE ${like} OR "exceptionClass" ILIKE ${like})`);
  }
  const where = Prisma.join(filters, " AND ");
  const size = view.size;
  const desc = view.dir === "desc";

  const counted = prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM (SELECT 1 FROM "RequestLogRow" WHERE ${where} LIMIT ${COUNT_CAP + 1}) AS capped`;

  if (view.sort === "ts") {
    const after = decodeCursor(view.after);
    const before = after ? null : decodeCursor(view.before);
    const cursor = after ?? before;
    const backwards = before !== null;
    // Walking backwards reverses the order, then the page is flipped back.
    const ascending = desc === backwards;
    const cmp = ascending ? Prisma.sql`>` : Prisma.sql`<`;
    const order = ascending ? Prisma.sql`"ts" ASC, "id" ASC` : Prisma.sql`"ts" DESC, "id" DESC`;
    const keyset = cursor ? Prisma.sql`AND ("ts", "id") ${cmp} (${new Date(cursor.tsMs)}::timestamptz, ${BigInt(cursor.id)}::bigint)` : Prisma.empty;
    const [fetched, count] = await Promise.all([
      prisma.$queryRaw<TRawRequestRow[]>`
        SELECT ${REQUEST_COLUMNS} FROM "RequestLogRow" WHERE ${where} ${keyset} ORDER BY ${order} LIMIT ${size + 1}`,
      counted,
    ]);
    const more = fetched.length > size;
    const page = fetched.slice(0, size);
    if (backwards) page.reverse();
    const rows = page.map(toRequestRow);
    const hasNext = backwards ? true : more;
    const hasPrev = backwards ? more : Boolean(after);
    const firstRow = page[0];
    const lastRow = page[page.length - 1];
    const total = Number(count[0]?.n ?? 0);
    return {
      rows,
      total: Math.min(total, COUNT_CAP),
      totalIsExact: total <= COUNT_CAP,
      mode: "keyset",
      page: view.page,
      nextCursor: hasNext && lastRow ? encodeCursor(lastRow.ts.getTime(), lastRow.id) : null,
      prevCursor: hasPrev && firstRow ? encodeCursor(firstRow.ts.getTime(), firstRow.id) : null,
      hasNext: hasNext && rows.length > 0,
      hasPrev: hasPrev && rows.length > 0,
      offsetLimitReached: false,
    };
  }

  const maxPage = Math.floor(MAX_OFFSET / size);
  const pageIndex = Math.min(view.page, maxPage);
  const direction = desc ? Prisma.sql`DESC NULLS LAST` : Prisma.sql`ASC NULLS LAST`;
  const tiebreak = desc ? Prisma.sql`"ts" DESC, "id" DESC` : Prisma.sql`"ts" ASC, "id" ASC`;
  const [fetched, count] = await Promise.all([
    prisma.$queryRaw<TRawRequestRow[]>`
      SELECT ${REQUEST_COLUMNS} FROM "RequestLogRow" WHERE ${where}
      ORDER BY ${SORT_SQL[view.sort]} ${direction}, ${tiebreak} LIMIT ${size + 1} OFFSET ${pageIndex * size}`,
    counted,
  ]);
  const total = Number(count[0]?.n ?? 0);
  const more = fetched.length > size;
  return {
    rows: fetched.slice(0, size).map(toRequestRow),
    total: Math.min(total, COUNT_CAP),
    totalIsExact: total <= COUNT_CAP,
    mode: "offset",
    page: pageIndex,
    nextCursor: null,
    prevCursor: null,
    hasNext: more && pageIndex < maxPage,
    hasPrev: pageIndex > 0,
    offsetLimitReached: more && pageIndex >= maxPage,
  };
}
