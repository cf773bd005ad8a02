import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { ErrorClassHistogram } from "@/components/charts/error-class-histogram";
import { FailureClassForm } from "@/components/classes/failure-class-form";
import { ManualHistogramForm } from "@/components/classes/manual-histogram-form";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getClassesView } from "@/lib/classes/classes";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Failure classes" };
export const dynamic = "force-dynamic";

export default async function IncidentClassesPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const view = await getClassesView(actor, incident.id);
  const canEdit = can(actor, "incident:write");
  const hasImport = view.buckets.some((b) => b.source === "IMPORT");
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="classes-title" className="flex flex-col gap-3">
        <div>
          <h2 id="classes-title" className="mb-1 text-lg font-semibold">
            {runbook.failureModes.heading}
          </h2>
          <p className="text-sm text-muted">{runbook.failureModes.intro}</p>
          <p className="mt-2 text-sm font-medium">{runbook.failureModes.tableLead}</p>
        </div>
        <FailureClassForm incidentId={incident.id} classes={view.classes} basedOn={view.classesBasedOn} canEdit={canEdit} />
        <p className="text-sm text-muted">{runbook.failureModes.referenceNote}</p>
      </section>

      <section aria-labelledby="histogram-title" className="flex flex-col gap-3">
        <h2 id="histogram-title" className="text-lg font-semibold">
          Error-class histogram
        </h2>
        <Card>
          <ErrorClassHistogram buckets={view.buckets} />
        </Card>
        {canEdit ? (
          <Card>
            <CardTitle as="h3">Manual counts</CardTitle>
            {hasImport ? (
              <Notice tone="accent">
                Request logs were imported for this incident, so the chart shows them. Manual counts are kept for reference.
              </Notice>
            ) : (
              <p className="mb-2 text-sm text-muted">Without imported request logs, enter the counts per time window by hand.</p>
            )}
            <ManualHistogramForm
              incidentId={incident.id}
              windows={view.manualWindows.map((w) => ({
                windowStart: w.windowStart.toISOString(),
                windowEnd: w.windowEnd.toISOString(),
                counts: w.counts,
              }))}
              basedOn={view.manualBasedOn}
              firstWindowStart={incident.degradationStartedAt.toISOString()}
              windowMinutes={incident.observationWindowMinutes}
            />
          </Card>
        ) : null}
      </section>
    </div>
  );
}
