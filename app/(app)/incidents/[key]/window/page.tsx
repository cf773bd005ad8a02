import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardTitle } from "@/components/ui/card";
import { IncidentFigures } from "@/components/incidents/incident-figures";
import { IncidentWindowDetails } from "@/components/incidents/incident-window-details";
import { IncidentWindowForm } from "@/components/incidents/incident-window-form";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { listCommanderOptions, listScopeSuggestions } from "@/lib/incidents/window";
import { toIncidentWindowView } from "@/lib/incidents/window-view";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Incident window" };
export const dynamic = "force-dynamic";

export default async function IncidentWindowPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const view = toIncidentWindowView(incident);
  const canWrite = can(actor, "incident:write");
  const section = runbook.incidentWindow;
  const [suggestions, commanders] = canWrite
    ? await Promise.all([listScopeSuggestions(actor, incident.id), listCommanderOptions(actor, incident.commanderId)])
    : [null, null];

  return (
    <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card className="lg:col-start-2">
        <CardTitle>Runbook: {section.heading}</CardTitle>
        <p className="text-sm font-medium">{section.recordLead}</p>
        <ul className="mt-1 list-disc pl-5 text-sm" aria-label="What to record">
          {section.record.map((item) => (
            <li key={item.id}>{item.text}</li>
          ))}
        </ul>
      </Card>
      <Card className="lg:col-start-2">
        <CardTitle>Computed figures</CardTitle>
        <IncidentFigures times={incident} />
      </Card>
      <section aria-labelledby="window-title" className="min-w-0 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        <Card>
          <h2 id="window-title" className="mb-4 text-lg font-semibold">
            Incident window
          </h2>
          {suggestions && commanders ? (
            <IncidentWindowForm view={view} suggestions={suggestions} commanders={commanders} />
          ) : (
            <IncidentWindowDetails view={view} commanderName={incident.commander?.name ?? null} />
          )}
        </Card>
      </section>
    </div>
  );
}
