import { redirect } from "next/navigation";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AffectedScope } from "@/components/incidents/affected-scope";
import { IncidentFigures } from "@/components/incidents/incident-figures";
import { VisualTimeline } from "@/components/review/visual-timeline";
import { FallbackVerdictSummary } from "@/components/decision/fallback-verdict-summary";
import { CompletenessCard } from "@/components/review/completeness-card";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { getDetectionSource } from "@/lib/runbook/runbook";
import { buildTimeline, toTimelineJson } from "@/lib/timeline/build";
import { listTimelineEvents } from "@/lib/timeline/timeline";

export const dynamic = "force-dynamic";

export default async function IncidentOverviewPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const events = await listTimelineEvents(actor, incident.id);
  const entries = toTimelineJson(buildTimeline(incident, events));
  const renderedAt = new Date().toISOString();
  const rows: [string, React.ReactNode][] = [
    ["Start of degradation", <LocalTime key="s" iso={incident.degradationStartedAt.toISOString()} />],
    ["Detected at", <LocalTime key="d" iso={incident.detectedAt?.toISOString()} />],
    ["Detection source", incident.detectionSource ? getDetectionSource(incident.detectionSource).label : "—"],
    ["Mitigated at", <LocalTime key="m" iso={incident.mitigatedAt?.toISOString()} />],
    ["End time or current status", incident.endedAt ? <LocalTime key="e" iso={incident.endedAt.toISOString()} /> : (incident.currentStatusNote ?? "ongoing")],
    ["Primary model", [incident.primaryModelAlias, incident.primaryModelResolvedId].filter(Boolean).join(" → ") || "—"],
    ["Fallback", incident.fallbackMode.replaceAll("_", " ").toLowerCase()],
    ["Incident commander", incident.commander?.name ?? "—"],
  ];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardTitle>Incident window</CardTitle>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-muted">{label}</dt>
              <dd className="break-words">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card>
        <CardTitle>Computed figures</CardTitle>
        <IncidentFigures times={incident} />
      </Card>
      <Card>
        <CardTitle>Affected scope</CardTitle>
        <AffectedScope scope={incident} />
      </Card>
      <FallbackVerdictSummary incidentId={incident.id} incidentKey={incident.key} />
      <CompletenessCard incidentId={incident.id} incidentKey={incident.key} />
      <Card className="min-w-0 lg:col-span-2">
        <VisualTimeline
          window={{
            degradationStartedAt: incident.degradationStartedAt.toISOString(),
            detectedAt: incident.detectedAt?.toISOString() ?? null,
            mitigatedAt: incident.mitigatedAt?.toISOString() ?? null,
            endedAt: incident.endedAt?.toISOString() ?? null,
          }}
          entries={entries}
          nowIso={renderedAt}
        />
      </Card>
    </div>
  );
}
