// Follow-ups across incidents for the tracker: overdue first, then by due
// date or by owner, optionally only the viewer's own; and the weekly
// completion-rate and overdue series. Status changes reuse lib/followups
// (setFollowUpStatusAction: version check and audit row).
import "server-only";
import { getPrisma, Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { todayInZone } from "@/lib/followups/overdue";
import type { TFollowUpStatus } from "@/lib/followups/schemas";
import { isValidTimeZone } from "@/lib/time/zone";
import { followUpWeeklySeries, weekEndDays, type TFollowUpFact, type TFollowUpWeek } from "./followup-metrics";
import { TRACKER_PAGE_SIZE, type TFollowUpTrackerQuery } from "./schemas";

const sql = Prisma.sql;

export type TTrackedFollowUp = {
  id: string;
  version: number;
  title: string;
  status: TFollowUpStatus;
  /** "YYYY-MM-DD" */
  dueDate: string | null;
  overdue: boolean;
  ownerUserId: string | null;
  /** The user's name, or the named person outside the app. */
  ownerName: string | null;
  ownerIsExternal: boolean;
  ticketUrl: string | null;
  incidentKey: string;
  incidentTitle: string;
};

export type TFollowUpTrackerPage = {
  rows: TTrackedFollowUp[];
  total: number;
  /** Overdue among all rows of the view (not only this page). */
  overdue: number;
  page: number;
  pageCount: number;
  /** The day "overdue" is measured against, and its zone. */
  today: string;
  timeZone: string;
};

/** The viewer's zone as stored on their profile, else UTC. */
async function zoneOf(actor: TActor): Promise<string> {
  const user = await getPrisma().user.findUnique({ where: { id: actor.id }, select: { timeZone: true } });
  return user?.timeZone && isValidTimeZone(user.timeZone) ? user.timeZone : "UTC";
}

type TRawTracked = {
  total: number;
  overdueTotal: number;
  id: string | null;
  version: number;
  title: string;
  status: TFollowUpStatus;
  dueDate: string | null;
  overdue: boolean;
  ownerUserId: string | null;
  ownerName: string | null;
  ownerExternalName: string | null;
  ticketUrl: string | null;
  incidentKey: string;
  incidentTitle: string;
};

export async function listTrackedFollowUps(
  actor: TActor,
  query: TFollowUpTrackerQuery,
  { now = new Date(), timeZone }: { now?: Date; timeZone?: string } = {},
): Promise<TFollowUpTrackerPage> {
  requirePermission(actor, "incident:read");
  const zone = timeZone ?? (await zoneOf(actor));
  const today = todayInZone(now, zone);
  const where: Prisma.Sql[] = [];
  if (query.show === "active") where.push(sql`f."status" IN ('OPEN', 'IN_PROGRESS')`);
  if (query.owner === "me") where.push(sql`f."ownerUserId" = ${actor.id}`);
  const whereSql = where.length ? sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const owner = sql`lower(COALESCE(u."name", f."ownerExternalName"))`;
  // After the overdue ones: open and in progress, then done and won't do.
  const then =
    query.by === "owner"
      ? sql`${owner} ASC NULLS LAST, f."dueDate" ASC NULLS LAST`
      : sql`f."dueDate" ASC NULLS LAST, ${owner} ASC NULLS LAST`;
  const offset = (query.page - 1) * TRACKER_PAGE_SIZE;
  const raw = await getPrisma().$queryRaw<TRawTracked[]>`
    WITH filtered AS (
      SELECT f."id",
             (f."status" IN ('OPEN', 'IN_PROGRESS') AND f."dueDate" < ${today}::date) AS "overdue",
             row_number() OVER (ORDER BY
               CASE WHEN f."status" IN ('OPEN', 'IN_PROGRESS') AND f."dueDate" < ${today}::date THEN 0
                    WHEN f."status" IN ('OPEN', 'IN_PROGRESS') THEN 1 ELSE 2 END,
               ${then}, lower(f."title"), f."id") AS rn
        FROM "FollowUp" f
        LEFT JOIN "User" u ON u."id" = f."ownerUserId"
        ${whereSql}
    ),
    counted AS (SELECT count(*)::int AS "total", (count(*) FILTER (WHERE "overdue"))::int AS "overdueTotal" FROM filtered),
    page AS (SELECT * FROM filtered WHERE rn > ${offset} AND rn <= ${offset + TRACKER_PAGE_SIZE})
    SELECT t."total", t."overdueTotal", r.* FROM counted t
    LEFT JOIN LATERAL (
      SELECT p.rn, f."id", f."version", f."title", f."status"::text AS "status", f."dueDate"::text AS "dueDate", p."overdue",
             f."ownerUserId", u."name" AS "ownerName", f."ownerExternalName", f."ticketUrl",
             i."key" AS "incidentKey", i."title" AS "incidentTitle"
        FROM page p
        JOIN "FollowUp" f ON f."id" = p."id"
        JOIN "Incident" i ON i."id" = f."incidentId"
        LEFT JOIN "User" u ON u."id" = f."ownerUserId"
    ) r ON true
    ORDER BY r.rn`;
  const total = raw[0]?.total ?? 0;
  const rows = raw
    .filter((r): r is TRawTracked & { id: string } => r.id !== null)
    .map((r) => ({
      id: r.id,
      version: r.version,
      title: r.title,
      status: r.status,
      dueDate: r.dueDate,
      overdue: r.overdue,
      ownerUserId: r.ownerUserId,
      ownerName: r.ownerName ?? r.ownerExternalName,
      ownerIsExternal: r.ownerUserId === null,
      ticketUrl: r.ticketUrl,
      incidentKey: r.incidentKey,
      incidentTitle: r.incidentTitle,
    }));
  return {
    rows,
    total,
    overdue: raw[0]?.overdueTotal ?? 0,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / TRACKER_PAGE_SIZE)),
    today,
    timeZone: zone,
  };
}

export type TFollowUpTrend = { weeks: TFollowUpWeek[]; timeZone: string };

/** Completion rate and overdue count at each of the last 12 week ends (optionally only the viewer's follow-ups). */
export async function getFollowUpTrend(
  actor: TActor,
  { now = new Date(), timeZone, mine = false }: { now?: Date; timeZone?: string; mine?: boolean } = {},
): Promise<TFollowUpTrend> {
  requirePermission(actor, "incident:read");
  const zone = timeZone ?? (await zoneOf(actor));
  const days = weekEndDays(now, zone);
  // Only what can matter: created before the last week's end, not won't do.
  const until = new Date(`${days[days.length - 1]}T00:00:00Z`);
  until.setUTCDate(until.getUTCDate() + 2);
  const facts = await getPrisma().$queryRaw<TFollowUpFact[]>`
    SELECT f."createdAt", f."dueDate"::text AS "dueDate", f."status"::text AS "status", f."completedAt"
      FROM "FollowUp" f
     WHERE f."status" <> 'WONT_DO' AND f."createdAt" < ${until}::timestamptz
       ${mine ? sql`AND f."ownerUserId" = ${actor.id}` : Prisma.empty}`;
  return { weeks: followUpWeeklySeries(facts, { now, timeZone: zone }), timeZone: zone };
}
