import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge, Card, CardTitle, Notice, PageHeader } from "@/components/ui/card";
import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { CountChart } from "@/components/analytics/count-chart";
import { FigureCharts } from "@/components/analytics/figure-charts";
import { OverTimeChart } from "@/components/analytics/over-time-chart";
import { getActor } from "@/lib/auth/session";
import { ANALYTICS_MAX_AGE_MS, getAnalytics } from "@/lib/analytics/analytics";
import { LocalTime } from "@/components/ui/local-time";
import { ANALYTICS_DEFINITIONS } from "@/lib/analytics/metrics";
import {
  analyticsHref,
  DEFAULT_INCIDENT_LIST_QUERY,
  failureClassLabel,
  incidentListHref,
  parseAnalyticsQuery,
  type TSearchParams,
} from "@/lib/analytics/schemas";
import type { TFailureClassId } from "@/lib/runbook/runbook";
import { formatDuration } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Analytics" };
export const dynamic = "force-dynamic";

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const parsed = parseAnalyticsQuery(await searchParams);
  if (!parsed.ok) {
    return (
      <>
        <PageHeader title="Analytics" />
        <Notice tone="danger" title="This link's settings are not valid." role="alert">
          <ul className="list-disc pl-5">
            {parsed.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
          <Link href="/analytics" className="underline">
            Show analytics of every incident
          </Link>
        </Notice>
      </>
    );
  }
  const query = parsed.query;
  const a = await getAnalytics(actor, query);
  const per = query.bucket === "week" ? "week" : "month";

  return (
    <>
      <PageHeader
        title="Analytics"
        description={
          <>
            {`${a.incidentCount.toLocaleString("en-US")} ${a.incidentCount === 1 ? "incident matches" : "incidents match"} (${a.openCount.toLocaleString("en-US")} still open). Every chart can be shown as a table. `}
            Figures as of <LocalTime iso={a.computedAt} /> (recomputed at most every {ANALYTICS_MAX_AGE_MS / 1000} s).
          </>
        }
      />
      <div className="flex flex-col gap-6">
        <AnalyticsFilters key={analyticsHref(query)} query={query} services={a.services} />

        <Card>
          <OverTimeChart rows={a.overTime} title={`Incidents per ${per} by failure class`} definition={ANALYTICS_DEFINITIONS.overTime} />
        </Card>

        <div className="grid gap-4 lg:grid-cols-3">
          <Card className="min-w-0">
            <CountChart counts={a.byPrimaryModel} title="Incidents by primary model" definition={ANALYTICS_DEFINITIONS.primaryModel} valueLabel="Primary model" />
          </Card>
          <Card className="min-w-0">
            <CountChart counts={a.byFallbackModel} title="Incidents by fallback model" definition={ANALYTICS_DEFINITIONS.fallbackModel} valueLabel="Fallback model" />
          </Card>
          <Card className="min-w-0">
            <CountChart counts={a.byProvider} title="Incidents by provider" definition={ANALYTICS_DEFINITIONS.provider} valueLabel="Provider (base URL host)" />
          </Card>
        </div>

        {a.figures.map((f) => (
          <Card key={f.distribution.metric}>
            <FigureCharts distribution={f.distribution} trend={f.trend} percentileNote={ANALYTICS_DEFINITIONS.percentiles} />
          </Card>
        ))}

        <Card aria-labelledby="recurring-title">
          <CardTitle>
            <span id="recurring-title">Recurring causes</span>
          </CardTitle>
          <p className="mb-3 text-sm text-muted">
            {ANALYTICS_DEFINITIONS.recurrence} Window: {query.recurDays} {query.recurDays === 1 ? "day" : "days"} (change it in the filters, or with{" "}
            <code>?recurDays=</code>).
          </p>
          {a.recurrences.length === 0 ? (
            <p className="text-sm">No recurring causes among these incidents.</p>
          ) : (
            <>
              <p className="mb-3 text-sm" data-testid="recurrence-summary">
                {`${a.recurrenceCount.toLocaleString("en-US")} ${a.recurrenceCount === 1 ? "chain" : "chains"} of recurring incidents (${a.recurringIncidentCount.toLocaleString("en-US")} incidents flagged)`}
                {a.recurrenceCount > a.recurrences.length ? `; the ${a.recurrences.length} most recent are shown` : ""}.
              </p>
              <ul className="flex flex-col gap-3" data-testid="recurrences">
                {a.recurrences.map((r) => (
                  <li key={`${r.failureClass}-${r.model}-${r.incidents[0]!.key}`} className="rounded-md border border-warn/40 bg-warn-bg/40 p-3 text-sm">
                    <p className="flex flex-wrap items-center gap-2">
                      <Badge tone="warn">Recurring</Badge>
                      <span className="font-semibold">{failureClassLabel(r.failureClass)}</span> on <span className="font-mono break-all">{r.model}</span>
                      <span className="text-muted">
                        · {r.total} incidents, closest {formatDuration(r.shortestGapMs)} apart
                      </span>
                    </p>
                    <ul className="mt-2 flex flex-col gap-1">
                      {r.incidents.map((i) => (
                        <li key={i.key}>
                          <Link href={`/incidents/${i.key}`} className="font-mono text-accent underline-offset-2 hover:underline">
                            {i.key}
                          </Link>{" "}
                          <span>{i.title}</span> <span className="text-muted">({new Date(i.startedAt).toISOString().slice(0, 10)})</span>
                        </li>
                      ))}
                    </ul>
                    <p className="mt-2">
                      <Link
                        className="text-accent underline"
                        href={incidentListHref({ ...DEFAULT_INCIDENT_LIST_QUERY, failureClass: [r.failureClass as TFailureClassId], model: r.model })}
                      >
                        Every incident with this failure class and model
                      </Link>
                      {r.total > r.incidents.length ? (
                        <span className="text-muted">
                          {" "}
                          (the {r.incidents.length} most recent of this chain&apos;s {r.total} are listed above)
                        </span>
                      ) : null}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
      </div>
    </>
  );
}
