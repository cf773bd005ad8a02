import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ImpactEvaluation } from "@/components/impact/impact-evaluation";
import { ImpactForm } from "@/components/impact/impact-form";
import { Card, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getImpactPageData } from "@/lib/impact/impact";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { IMPACT_MEASURE_IDS, runbook, type TImpactMeasureId } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "User impact" };
export const dynamic = "force-dynamic";

export default async function ImpactPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const data = await getImpactPageData(actor, incident.key);
  const step = runbook.steps.impact;
  const units = Object.fromEntries(IMPACT_MEASURE_IDS.map((id) => [id, data.values[id]?.unit ?? ""]));

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card className="lg:col-start-2">
        <CardTitle>Runbook: {step.heading}</CardTitle>
        <p className="text-sm font-semibold">{step.completion}</p>
        <p className="mt-2 text-sm font-medium">{step.lead}</p>
        <ul className="mt-1 list-disc pl-5 text-sm">
          {step.measures.map((m) => (
            <li key={m.id}>{m.label}</li>
          ))}
        </ul>
      </Card>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        <section aria-labelledby="impact-eval-title">
          <Card>
            <h2 id="impact-eval-title" className="mb-3 text-lg font-semibold">
              Did user impact drop?
            </h2>
            <ImpactEvaluation evaluation={data.evaluation} units={units} businessMetricLabel={data.businessMetricLabel} />
          </Card>
        </section>
        {can(actor, "incident:write") ? (
          <section aria-labelledby="impact-form-title">
            <Card>
              <h2 id="impact-form-title" className="mb-3 text-lg font-semibold">
                Record the measures
              </h2>
              <ImpactForm
                incidentKey={incident.key}
                incidentVersion={data.incidentVersion}
                token={data.token}
                businessMetricLabel={data.businessMetricLabel}
                values={data.values as Record<TImpactMeasureId, (typeof data.values)[string]>}
              />
            </Card>
          </section>
        ) : null}
      </div>
    </div>
  );
}
