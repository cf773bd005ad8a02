import type { Metadata } from "next";
import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { Badge, Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { AffectedScope } from "@/components/incidents/affected-scope";
import { IncidentFigures } from "@/components/incidents/incident-figures";
import { ImpactEvaluation } from "@/components/impact/impact-evaluation";
import { VerdictBadge } from "@/components/review/verdict-badge";
import { VisualTimeline } from "@/components/review/visual-timeline";
import { PrintButton } from "@/components/summary/print-button";
import { getActor } from "@/lib/auth/session";
import { failureClassLabel } from "@/lib/analytics/schemas";
import { listFailureClasses } from "@/lib/classes/classes";
import { getEffectiveVerdict } from "@/lib/decision/decision";
import { REASON_LABELS } from "@/lib/decision/labels";
import { listFollowUps } from "@/lib/followups/followups";
import { isOverdue, sortFollowUps, todayInZone } from "@/lib/followups/overdue";
import { FOLLOW_UP_STATUS_LABELS } from "@/lib/followups/schemas";
import { getImpactPageData } from "@/lib/impact/impact";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { FALLBACK_MODE_LABELS } from "@/lib/incidents/schemas";
import { buildTimeline, toTimelineJson } from "@/lib/timeline/build";
import { listTimelineEvents } from "@/lib/timeline/timeline";

export const metadata: Metadata = { title: "Summary" };
export const dynamic = "force-dynamic";

const cardClass = "min-w-0 print:break-inside-avoid print:border-0 print:p-0";

function Rows({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[auto_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-muted">{label}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The review on one screen for managers: read-only, printable. */
export default async function IncidentSummaryPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const [events, classes, verdict, impact, followUps] = await Promise.all([
    listTimelineEvents(actor, incident.id),
    listFailureClasses(actor, incident.id),
    getEffectiveVerdict(actor, incident.id),
    getImpactPageData(actor, incident.key),
    listFollowUps(actor, incident.id),
  ]);
  const entries = toTimelineJson(buildTimeline(incident, events));
  const now = new Date();
  const today = todayInZone(now, "UTC");
  const model = (alias: string | null, resolved: string | null) => [alias, resolved].filter(Boolean).join(" → ") || "—";
  const orderedClasses = [...classes].sort((a, b) => (a.role === b.role ? 0 : a.role === "PRIMARY" ? -1 : 1));
  const units = Object.fromEntries(Object.entries(impact.values).map(([id, v]) => [id, v.unit ?? ""]));
  const hasImpact = impact.evaluation.measures.some((m) => m.before !== null || m.during !== null || m.after !== null);

  return (
    <div className="flex flex-col gap-4 print:gap-3" data-testid="incident-summary">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">Summary</h2>
        <div className="flex items-center gap-3">
          <span className="text-xs text-muted">
            As of <LocalTime iso={now.toISOString()} />
          </span>
          <PrintButton />
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2 print:gap-3">
        <Card className={cardClass} aria-labelledby="summary-window">
          <CardTitle>
            <span id="summary-window">Incident window</span>
          </CardTitle>
          <Rows
            rows={[
              ["Start of degradation", <LocalTime key="s" iso={incident.degradationStartedAt.toISOString()} />],
              ["Detected at", <LocalTime key="d" iso={incident.detectedAt?.toISOString()} />],
              ["Detection source", incident.detectionSource?.replaceAll("_", " ").toLowerCase() ?? "—"],
              ["Mitigated at", <LocalTime key="m" iso={incident.mitigatedAt?.toISOString()} />],
              [
                "End time or current status",
                incident.endedAt ? <LocalTime key="e" iso={incident.endedAt.toISOString()} /> : (incident.currentStatusNote ?? "ongoing"),
              ],
              ["Primary model", model(incident.primaryModelAlias, incident.primaryModelResolvedId)],
              ["Fallback model", model(incident.fallbackModelAlias, incident.fallbackModelResolvedId)],
              ["Fallback", FALLBACK_MODE_LABELS[incident.fallbackMode]],
              ["Incident commander", incident.commander?.name ?? "—"],
            ]}
          />
        </Card>
        <Card className={cardClass} aria-labelledby="summary-figures">
          <CardTitle>
            <span id="summary-figures">Computed figures</span>
          </CardTitle>
          <IncidentFigures times={incident} />
        </Card>
        <Card className={cardClass} aria-labelledby="summary-scope">
          <CardTitle>
            <span id="summary-scope">Affected scope</span>
          </CardTitle>
          <AffectedScope scope={incident} />
        </Card>
        <Card className={cardClass} aria-labelledby="summary-classes">
          <CardTitle>
            <span id="summary-classes">Failure classes</span>
          </CardTitle>
          {orderedClasses.length === 0 ? (
            <p className="text-sm text-muted">No failure class recorded.</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm">
              {orderedClasses.map((c) => (
                <li key={c.classId}>
                  <span className="font-semibold">{failureClassLabel(c.classId)}</span>{" "}
                  <Badge tone={c.role === "PRIMARY" ? "accent" : "neutral"}>{c.role === "PRIMARY" ? "primary" : "secondary"}</Badge>
                  {c.note ? <p className="text-muted break-words">{c.note}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card className={cardClass} aria-labelledby="summary-decision">
        <CardTitle>
          <span id="summary-decision">Fallback decision</span>
        </CardTitle>
        <div className="flex flex-col gap-2 text-sm">
          <VerdictBadge verdict={verdict.effective} overridden={verdict.overridden} />
          {verdict.overridden ? (
            <p>
              Computed: {verdict.computed.toLowerCase()}. Override reason: <span className="break-words">{verdict.overrideReason}</span>
            </p>
          ) : null}
          {verdict.result.reasons.length === 0 ? (
            <p className="text-muted">No criterion or failure class restricts fallback.</p>
          ) : (
            <ul className="list-disc pl-5">
              {verdict.result.reasons.map((r, i) => (
                <li key={`${r.code}-${i}`}>
                  <span className="font-medium">{REASON_LABELS[r.code]}:</span> {r.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>

      <Card className={`${cardClass} print:break-inside-auto`} aria-labelledby="summary-timeline">
        <CardTitle>
          <span id="summary-timeline">Timeline</span>
        </CardTitle>
        <VisualTimeline
          title="Timeline at a glance"
          window={{
            degradationStartedAt: incident.degradationStartedAt.toISOString(),
            detectedAt: incident.detectedAt?.toISOString() ?? null,
            mitigatedAt: incident.mitigatedAt?.toISOString() ?? null,
            endedAt: incident.endedAt?.toISOString() ?? null,
          }}
          entries={entries}
          nowIso={now.toISOString()}
        />
      </Card>

      <Card className={cardClass} aria-labelledby="summary-impact">
        <CardTitle>
          <span id="summary-impact">User impact</span>
        </CardTitle>
        {hasImpact ? (
          <ImpactEvaluation evaluation={impact.evaluation} units={units} businessMetricLabel={impact.businessMetricLabel} />
        ) : (
          <p className="text-sm text-muted">No impact measures recorded.</p>
        )}
      </Card>

      <Card className={cardClass} aria-labelledby="summary-follow-ups">
        <CardTitle>
          <span id="summary-follow-ups">Follow-ups</span>
        </CardTitle>
        {followUps.length === 0 ? (
          <p className="text-sm text-muted">No follow-ups recorded.</p>
        ) : (
          <TableWrap tabIndex={0} role="region" aria-label="Follow-ups table">
            <Table>
              <caption className="sr-only">Follow-ups, overdue first</caption>
              <thead>
                <tr>
                  <Th scope="col">Follow-up</Th>
                  <Th scope="col">Owner</Th>
                  <Th scope="col">Due</Th>
                  <Th scope="col">Status</Th>
                </tr>
              </thead>
              <tbody>
                {sortFollowUps(followUps, today).map((f) => (
                  <tr key={f.id}>
                    <Td>{f.title}</Td>
                    <Td>{f.ownerUserName ?? f.ownerExternalName ?? "—"}</Td>
                    <Td className="whitespace-nowrap">
                      {f.dueDate ?? "—"} {isOverdue(f, today) ? <Badge tone="danger">Overdue</Badge> : null}
                    </Td>
                    <Td>{FOLLOW_UP_STATUS_LABELS[f.status]}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableWrap>
        )}
      </Card>
    </div>
  );
}
