// The incident list for managers: filters, full-text search, sort and paging
// done in PostgreSQL, in one parameterized query (Prisma.sql composition; no
// user input is ever concatenated into SQL text). The CSV export runs the same
// query without paging, so it holds exactly the rows the list shows.
import "server-only";
import { getPrisma, Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { QUESTION_IDS } from "@/lib/runbook/runbook";
import { searchDocumentMatches } from "./search-document";
import {
  dateRangeBounds,
  ZIncidentListQuery,
  type TIncidentListColumn,
  type TIncidentListFilters,
  type TIncidentListQuery,
  type TSortDirection,
} from "./schemas";

export { ZIncidentListQuery };

export type TIncidentListRow = {
  id: string;
  key: string;
  title: string;
  severity: string;
  status: string;
  primaryModelAlias: string | null;
  primaryModelResolvedId: string | null;
  fallbackMode: string;
  /** Failure classes, primary first. */
  failureClasses: { failureClass: string; role: "PRIMARY" | "SECONDARY" }[];
  /** ISO instants. */
  startedAt: string;
  endedAt: string | null;
  /** End − start, or now − start while the incident is open. */
  durationMs: number;
  ongoing: boolean;
  commanderId: string | null;
  commanderName: string | null;
  /** Review questions with a non-blank answer, out of `questionTotal`. */
  answered: number;
  questionTotal: number;
  /** Follow-ups still open or in progress. */
  openFollowUps: number;
};

export type TIncidentListPage = {
  rows: TIncidentListRow[];
  total: number;
  page: number;
  size: number;
  pageCount: number;
};

/** The export's ceiling; the list page says so when a filter matches more. */
export const MAX_EXPORT_ROWS = 50_000;

const sql = Prisma.sql;
const QUESTION_ID_LIST = [...QUESTION_IDS] as string[];

// "Answered" has one meaning everywhere (lib/review/completeness.ts): a body
// with something other than whitespace, to a question of the runbook.
const ANSWERED = sql`a."questionId" = ANY(${QUESTION_ID_LIST}::text[]) AND a."body" ~ '[^[:space:]]'`;

type TSortSql = { expr: Prisma.Sql; nullable: boolean; join: Prisma.Sql };

const plain = (expr: Prisma.Sql, nullable = false): TSortSql => ({ expr, nullable, join: Prisma.empty });

/**
 * One expression per sortable column, whether it can be null (only then is
 * NULLS LAST added, so a NOT NULL column keeps its index order usable), and
 * for aggregates the grouped scan joined in to compute them for every row.
 */
function sortExpression(column: TIncidentListColumn, now: Date): TSortSql {
  switch (column) {
    case "key":
      // INC-YYYY-NNNN: the year, then the sequence as a number (keys may outgrow four digits).
      return plain(sql`(split_part(i."key", '-', 2) || lpad(split_part(i."key", '-', 3), 12, '0'))`);
    case "title":
      return plain(sql`lower(i."title")`);
    case "severity":
      return plain(sql`i."severity"`);
    case "status":
      return plain(sql`i."status"`);
    case "primaryModel":
      return plain(sql`lower(COALESCE(i."primaryModelAlias", i."primaryModelResolvedId"))`, true);
    case "fallbackMode":
      return plain(sql`i."fallbackMode"`);
    case "start":
      return plain(sql`i."degradationStartedAt"`);
    case "duration":
      return plain(sql`(COALESCE(i."endedAt", ${now}::timestamptz) - i."degradationStartedAt")`);
    case "commander":
      return plain(sql`lower(c."name")`, true);
    case "failureClasses":
      // The primary class (else the first), in the runbook's class order.
      return {
        expr: sql`sk."v"`,
        nullable: true,
        join: sql`LEFT JOIN (SELECT DISTINCT ON (f."incidentId") f."incidentId", f."failureClass" AS "v"
                               FROM "IncidentFailureClass" f ORDER BY f."incidentId", f."role", f."failureClass") sk
                    ON sk."incidentId" = i."id"`,
      };
    case "completeness":
      return {
        expr: sql`COALESCE(sk."v", 0)`,
        nullable: false,
        join: sql`LEFT JOIN (SELECT a."incidentId", count(*) AS "v" FROM "QuestionAnswer" a WHERE ${ANSWERED} GROUP BY a."incidentId") sk
                    ON sk."incidentId" = i."id"`,
      };
    case "openFollowUps":
      return {
        expr: sql`COALESCE(sk."v", 0)`,
        nullable: false,
        join: sql`LEFT JOIN (SELECT u."incidentId", count(*) AS "v" FROM "FollowUp" u
                              WHERE u."status" IN ('OPEN', 'IN_PROGRESS') GROUP BY u."incidentId") sk
                    ON sk."incidentId" = i."id"`,
      };
  }
}

/**
 * The filters as SQL: the WHERE conditions, each parameterized, and whether
 * a full-text search is among them (its matches are then counted and paged
 * from one materialized scan).
 */
export function incidentFilterSql(f: TIncidentListFilters): { searching: boolean; where: Prisma.Sql } {
  const conditions: Prisma.Sql[] = [];
  if (f.q) {
    // One tsvector per incident (title + answers, lib/analytics/search-document.ts)
    // behind a GIN index. All words must occur in the incident, in its title or
    // any answer; a "quoted phrase" within one title or answer. A semi-join
    // rather than IN (matching ids): the planner checks the other filters'
    // candidates against the documents (hash or index, by their number) and
    // never collects and de-duplicates every matching id first (bench:list:
    // 13.8 → 11 ms on 10,000 incidents when most documents match).
    conditions.push(sql`EXISTS (SELECT 1 FROM "IncidentSearchDocument" d WHERE d."incidentId" = i."id" AND ${searchDocumentMatches(f.q)})`);
  }
  if (f.severity.length) conditions.push(sql`i."severity" = ANY(CAST(${f.severity} AS "Severity"[]))`);
  if (f.status.length) conditions.push(sql`i."status" = ANY(CAST(${f.status} AS "IncidentStatus"[]))`);
  if (f.fallbackMode.length) conditions.push(sql`i."fallbackMode" = ANY(CAST(${f.fallbackMode} AS "FallbackMode"[]))`);
  if (f.failureClass.length) {
    conditions.push(sql`i."id" IN (SELECT f."incidentId" FROM "IncidentFailureClass" f
      WHERE f."failureClass" = ANY(CAST(${f.failureClass} AS "FailureClass"[])))`);
  }
  if (f.model) {
    conditions.push(sql`(lower(i."primaryModelAlias") = lower(${f.model}) OR lower(i."primaryModelResolvedId") = lower(${f.model}))`);
  }
  if (f.commander) conditions.push(sql`i."commanderId" = ${f.commander}`);
  const { gte, lt } = dateRangeBounds(f.from, f.to, f.tz);
  if (gte) conditions.push(sql`i."degradationStartedAt" >= ${gte}::timestamptz`);
  if (lt) conditions.push(sql`i."degradationStartedAt" < ${lt}::timestamptz`);
  return { searching: Boolean(f.q), where: conditions.length ? sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty };
}

type TRawRow = {
  total: number;
  rn: bigint | null;
  id: string | null;
  key: string;
  title: string;
  severity: string;
  status: string;
  primaryModelAlias: string | null;
  primaryModelResolvedId: string | null;
  fallbackMode: string;
  classes: string[] | null;
  roles: string[] | null;
  degradationStartedAt: Date;
  endedAt: Date | null;
  commanderId: string | null;
  commanderName: string | null;
  answered: number;
  openFollowUps: number;
};

/**
 * Filtered, sorted rows with the total matching count. The sort is by one
 * column (nulls last either way), then newest start, newest created, id, so
 * pages never overlap or skip rows.
 */
async function queryIncidentRows(
  query: TIncidentListFilters & { sort: TIncidentListColumn; dir: TSortDirection },
  { limit, offset, now }: { limit: number; offset: number; now: Date },
): Promise<{ rows: TIncidentListRow[]; total: number }> {
  const { searching, where } = incidentFilterSql(query);
  const { expr, nullable, join } = sortExpression(query.sort, now);
  const dir = query.dir === "asc" ? sql`ASC` : sql`DESC`;
  const nulls = nullable ? sql`NULLS LAST` : Prisma.empty;
  const keys = sql`i."id", ${expr} AS "s", i."degradationStartedAt" AS "st", i."createdAt" AS "cr"
        FROM "Incident" i
        LEFT JOIN "User" c ON c."id" = i."commanderId"
        ${join}
        ${where}`;
  const order = sql`ORDER BY "s" ${dir} ${nulls}, "st" DESC, "cr" DESC, "id"`;
  // Without a search, the count and the page are separate scans of the same
  // filters, so the page can come straight from an index (top-N) without
  // ranking every row. With one, the matching rows are found once and both
  // the count and the page read them.
  const ctes = searching
    ? sql`filtered AS MATERIALIZED (SELECT ${keys}),
      counted AS (SELECT count(*)::int AS "total" FROM filtered),
      page AS (SELECT * FROM filtered ${order} LIMIT ${limit} OFFSET ${offset})`
    : sql`counted AS (SELECT count(*)::int AS "total" FROM "Incident" i ${where}),
      page AS (SELECT ${keys} ${order} LIMIT ${limit} OFFSET ${offset})`;
  const raw = await getPrisma().$queryRaw<TRawRow[]>`
    WITH ${ctes}
    SELECT t."total", r.* FROM counted t
    LEFT JOIN LATERAL (
      SELECT row_number() OVER (ORDER BY p."s" ${dir} ${nulls}, p."st" DESC, p."cr" DESC, p."id") AS "rn",
             i."id", i."key", i."title", i."severity"::text AS "severity", i."status"::text AS "status",
             i."primaryModelAlias", i."primaryModelResolvedId", i."fallbackMode"::text AS "fallbackMode",
             i."degradationStartedAt", i."endedAt", i."commanderId", c."name" AS "commanderName",
             fc."classes", fc."roles",
             COALESCE(qa."answered", 0) AS "answered",
             COALESCE(fu."open", 0) AS "openFollowUps"
        FROM page p
        JOIN "Incident" i ON i."id" = p."id"
        LEFT JOIN "User" c ON c."id" = i."commanderId"
        LEFT JOIN LATERAL (
          SELECT array_agg(f."failureClass"::text ORDER BY f."role", f."failureClass") AS "classes",
                 array_agg(f."role"::text ORDER BY f."role", f."failureClass") AS "roles"
            FROM "IncidentFailureClass" f WHERE f."incidentId" = i."id"
        ) fc ON true
        LEFT JOIN LATERAL (
          -- FILTER rather than WHERE: one range scan of the incident's answers,
          -- not one index probe per runbook question.
          SELECT (count(*) FILTER (WHERE ${ANSWERED}))::int AS "answered" FROM "QuestionAnswer" a WHERE a."incidentId" = i."id"
        ) qa ON true
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS "open" FROM "FollowUp" u WHERE u."incidentId" = i."id" AND u."status" IN ('OPEN', 'IN_PROGRESS')
        ) fu ON true
    ) r ON true
    ORDER BY r."rn"`;
  const total = raw[0]?.total ?? 0;
  const rows = raw
    .filter((r): r is TRawRow & { id: string } => r.id !== null)
    .map((r): TIncidentListRow => {
      const start = r.degradationStartedAt;
      const end = r.endedAt ?? now;
      return {
        id: r.id,
        key: r.key,
        title: r.title,
        severity: r.severity,
        status: r.status,
        primaryModelAlias: r.primaryModelAlias,
        primaryModelResolvedId: r.primaryModelResolvedId,
        fallbackMode: r.fallbackMode,
        failureClasses: (r.classes ?? []).map((failureClass, i) => ({
          failureClass,
          role: r.roles?.[i] === "PRIMARY" ? "PRIMARY" : "SECONDARY",
        })),
        startedAt: start.toISOString(),
        endedAt: r.endedAt?.toISOString() ?? null,
        durationMs: Math.max(0, end.getTime() - start.getTime()),
        ongoing: r.endedAt === null,
        commanderId: r.commanderId,
        commanderName: r.commanderName,
        answered: Number(r.answered),
        questionTotal: QUESTION_ID_LIST.length,
        openFollowUps: Number(r.openFollowUps),
      };
    });
  return { rows, total };
}

/** One page of the incident list for the query (already parsed by ZIncidentListQuery). */
export async function listIncidentPage(
  actor: TActor,
  query: TIncidentListQuery,
  { now = new Date() }: { now?: Date } = {},
): Promise<TIncidentListPage> {
  requirePermission(actor, "incident:read");
  const { rows, total } = await queryIncidentRows(query, { limit: query.size, offset: (query.page - 1) * query.size, now });
  return { rows, total, page: query.page, size: query.size, pageCount: Math.max(1, Math.ceil(total / query.size)) };
}

/** Every row the list's filters match, in the list's order (at most MAX_EXPORT_ROWS). */
export async function listIncidentsForExport(
  actor: TActor,
  query: TIncidentListQuery,
  { now = new Date(), limit = MAX_EXPORT_ROWS }: { now?: Date; limit?: number } = {},
): Promise<{ rows: TIncidentListRow[]; total: number }> {
  requirePermission(actor, "incident:read");
  return queryIncidentRows(query, { limit, offset: 0, now });
}

export type TIncidentFilterOptions = {
  models: string[];
  commanders: { id: string; name: string }[];
};

// The choices change rarely and are the same for every reader: they are
// reused for a few seconds instead of being recomputed on every page view.
const OPTIONS_TTL_MS = 15_000;
let optionsCache: { at: number; value: Promise<TIncidentFilterOptions> } | null = null;

/** Choices for the model and commander filters: values that occur on some incident (at most 15 s old). */
export async function getIncidentFilterOptions(actor: TActor, { fresh = false }: { fresh?: boolean } = {}): Promise<TIncidentFilterOptions> {
  requirePermission(actor, "incident:read");
  const now = Date.now();
  if (fresh || !optionsCache || now - optionsCache.at > OPTIONS_TTL_MS) {
    const value = loadFilterOptions();
    optionsCache = { at: now, value };
    value.catch(() => {
      if (optionsCache?.value === value) optionsCache = null;
    });
  }
  return optionsCache.value;
}

async function loadFilterOptions(): Promise<TIncidentFilterOptions> {
  const rows = await getPrisma().$queryRaw<{ kind: "model" | "commander"; value: string; label: string | null }[]>`
    SELECT 'model' AS "kind", m."value", NULL AS "label"
      FROM (SELECT i."primaryModelAlias" AS "value" FROM "Incident" i
            UNION SELECT i."primaryModelResolvedId" FROM "Incident" i) m
     WHERE m."value" IS NOT NULL AND m."value" <> ''
    UNION ALL
    SELECT 'commander', u."id", u."name"
      FROM "User" u WHERE u."id" IN (SELECT DISTINCT i."commanderId" FROM "Incident" i WHERE i."commanderId" IS NOT NULL)`;
  const models = rows.filter((r) => r.kind === "model").map((r) => r.value);
  const commanders = rows.filter((r) => r.kind === "commander").map((r) => ({ id: r.value, name: r.label ?? r.value }));
  models.sort((a, b) => a.localeCompare(b));
  commanders.sort((a, b) => a.name.localeCompare(b.name));
  return { models, commanders };
}
