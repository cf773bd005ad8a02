import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { TimelineEditor } from "@/components/review/timeline-editor";
import { VisualTimeline } from "@/components/review/visual-timeline";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { buildTimeline, toTimelineJson } from "@/lib/timeline/build";
import { listTimelineEvents } from "@/lib/timeline/timeline";

export const metadata: Metadata = { title: "Timeline" };
export const dynamic = "force-dynamic";

export default async function IncidentTimelinePage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const events = await listTimelineEvents(actor, incident.id);
  const entries = toTimelineJson(buildTimeline(incident, events));
  const renderedAt = new Date().toISOString();

  return (
    <div className="flex flex-col gap-4">
      <h2 className="text-lg font-semibold">Timeline</h2>
      <p className="text-sm text-muted">
        Detections, alerts, changes, mitigations, fallback changes, rollbacks, recovery and customer communication, oldest first. Rows marked
        “from incident window” come from the incident window and are edited there.
      </p>
      <Card>
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
      <TimelineEditor incidentId={incident.id} incidentKey={incident.key} entries={entries} canWrite={can(actor, "incident:write")} />
    </div>
  );
}
