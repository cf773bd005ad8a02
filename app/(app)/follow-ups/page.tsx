import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge, Card, Notice, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { FollowUpStatusSelect } from "@/components/tracker/follow-up-status-select";
import { FollowUpTrend } from "@/components/tracker/follow-up-trend";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getFollowUpTrend, listTrackedFollowUps } from "@/lib/analytics/followup-tracker";
import { followUpTrackerHref, parseFollowUpTrackerQuery, type TFollowUpTrackerQuery, type TSearchParams } from "@/lib/analytics/schemas";
import { FOLLOW_UP_STATUS_LABELS } from "@/lib/followups/schemas";

export const metadata: Metadata = { title: "Follow-ups" };
export const dynamic = "force-dynamic";

function Toggle({ label, options }: { label: string; options: { href: string; text: string; current: boolean }[] }) {
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-1 text-sm">
      <span className="mr-1 font-medium">{label}:</span>
      {options.map((o) => (
        <Link
          key={o.href + o.text}
          href={o.href}
          aria-current={o.current ? "true" : undefined}
          className={cn("rounded border px-2 py-1", o.current ? "border-accent bg-surface-2 font-semibold text-accent" : "border-border hover:bg-surface-2")}
        >
          {o.text}
        </Link>
      ))}
    </div>
  );
}

export default async function FollowUpsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const parsed = parseFollowUpTrackerQuery(await searchParams);
  if (!parsed.ok) {
    return (
      <>
        <PageHeader title="Follow-ups" />
        <Notice tone="danger" title="This link's settings are not valid." role="alert">
          {parsed.errors.join(" ")} <Link href="/follow-ups" className="underline">Show all follow-ups</Link>
        </Notice>
      </>
    );
  }
  const query = parsed.query;
  const [list, trend] = await Promise.all([listTrackedFollowUps(actor, query), getFollowUpTrend(actor, { mine: query.owner === "me" })]);
  const href = (over: Partial<TFollowUpTrackerQuery>) => followUpTrackerHref({ ...query, page: 1, ...over });
  const canWrite = can(actor, "incident:write");

  return (
    <>
      <PageHeader
        title="Follow-ups"
        description="Follow-ups of every incident review: overdue first, then by due date or by owner."
      />
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:gap-x-6">
          <Toggle
            label="Owner"
            options={[
              { href: href({ owner: "any" }), text: "Everyone", current: query.owner === "any" },
              { href: href({ owner: "me" }), text: "My follow-ups", current: query.owner === "me" },
            ]}
          />
          <Toggle
            label="After overdue, order by"
            options={[
              { href: href({ by: "due" }), text: "Due date", current: query.by === "due" },
              { href: href({ by: "owner" }), text: "Owner", current: query.by === "owner" },
            ]}
          />
          <Toggle
            label="Show"
            options={[
              { href: href({ show: "active" }), text: "Open and in progress", current: query.show === "active" },
              { href: href({ show: "all" }), text: "All, done included", current: query.show === "all" },
            ]}
          />
        </div>
        <p className="text-sm" role="status">
          {list.total.toLocaleString("en-US")} {list.total === 1 ? "follow-up" : "follow-ups"},{" "}
          <strong className={list.overdue ? "text-danger" : undefined}>{list.overdue.toLocaleString("en-US")} overdue</strong>{" "}
          <span className="text-muted">
            (open or in progress and due before {list.today}, {list.timeZone}).
          </span>
        </p>
        {list.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">
            {query.owner === "me" ? "You own no follow-ups in this view." : "No follow-ups in this view."}
          </p>
        ) : (
          <TableWrap>
            <Table>
              <caption className="sr-only">Follow-ups, overdue first, then by {query.by === "owner" ? "owner" : "due date"}</caption>
              <thead>
                <tr>
                  <Th scope="col">Follow-up</Th>
                  <Th scope="col">Incident</Th>
                  <Th scope="col">Owner</Th>
                  <Th scope="col">Due</Th>
                  <Th scope="col">Status</Th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((f) => (
                  <tr key={f.id} data-testid="tracked-follow-up" data-overdue={f.overdue ? "true" : "false"}>
                    <Td className="min-w-56">
                      {f.title}
                      {f.ticketUrl ? (
                        <a href={f.ticketUrl} className="ml-2 text-xs text-accent underline" rel="noopener noreferrer" target="_blank">
                          ticket<span className="sr-only"> for “{f.title}” (opens in a new tab)</span>
                        </a>
                      ) : null}
                    </Td>
                    <Td>
                      <Link className="font-mono text-accent underline-offset-2 hover:underline" href={`/incidents/${f.incidentKey}/follow-ups`}>
                        {f.incidentKey}
                      </Link>
                      <span className="block max-w-64 truncate text-xs text-muted" title={f.incidentTitle}>
                        {f.incidentTitle}
                      </span>
                    </Td>
                    <Td>
                      {f.ownerName ?? "—"}
                      {f.ownerIsExternal && f.ownerName ? <span className="block text-xs text-muted">outside the app</span> : null}
                    </Td>
                    <Td className="whitespace-nowrap">
                      {f.dueDate ?? "—"} {f.overdue ? <Badge tone="danger">Overdue</Badge> : null}
                    </Td>
                    <Td>
                      {canWrite ? (
                        <FollowUpStatusSelect incidentKey={f.incidentKey} id={f.id} version={f.version} status={f.status} title={f.title} />
                      ) : (
                        FOLLOW_UP_STATUS_LABELS[f.status]
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableWrap>
        )}
        {list.pageCount > 1 ? (
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            <span>
              Page {list.page} of {list.pageCount}
            </span>
            <span className="flex gap-3">
              {list.page > 1 ? (
                <Link className="text-accent underline" href={followUpTrackerHref({ ...query, page: list.page - 1 })}>
                  Previous page
                </Link>
              ) : null}
              {list.page < list.pageCount ? (
                <Link className="text-accent underline" href={followUpTrackerHref({ ...query, page: list.page + 1 })}>
                  Next page
                </Link>
              ) : null}
            </span>
          </nav>
        ) : null}
        <Card>
          <FollowUpTrend weeks={trend.weeks} timeZone={trend.timeZone} />
        </Card>
      </div>
    </>
  );
}
