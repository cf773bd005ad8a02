import { redirect } from "next/navigation";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { computeIncidentMetrics, METRIC_DEFINITIONS, type TMetricKey } from "@/lib/incidents/metrics";
import { formatDuration } from "@/lib/time/zone";

export const dynamic = "force-dynamic";

export default async function IncidentOverviewPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const metrics = computeIncidentMetrics(incident);
  const rows: [string, React.ReactNode][] = [
    ["Start of degradation", <LocalTime key="s" iso={incident.degradationStartedAt.toISOString()} />],
    ["Detected at", <LocalTime key="d" iso={incident.detectedAt?.toISOString()} />],
    ["Detection source", incident.detectionSource?.replaceAll("_", " ").toLowerCase() ?? "—"],
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
        <dl className="flex flex-col gap-3 text-sm">
          {(Object.keys(METRIC_DEFINITIONS) as TMetricKey[]).map((k) => (
            <div key={k}>
              <dt className="font-medium">
                {METRIC_DEFINITIONS[k].label}: <span className="font-semibold">{formatDuration(metrics[k])}</span>
              </dt>
              <dd className="text-muted">{METRIC_DEFINITIONS[k].definition}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
