import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CompareManualForm, CompareRunsForm, type TRunChoice } from "@/components/comparison/compare-forms";
import { ComparisonTable } from "@/components/comparison/comparison-table";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { listComparisons } from "@/lib/comparison/comparisons";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";
import { listSmokeRuns } from "@/lib/smoke/smoke";
import { statusOrException } from "@/lib/smoke/view";

export const metadata: Metadata = { title: "Comparison" };
export const dynamic = "force-dynamic";

export default async function ComparisonPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const canWrite = can(actor, "incident:write");
  const [comparisons, runs] = await Promise.all([listComparisons(actor, incident.key), canWrite ? listSmokeRuns(actor, incident.key) : []]);
  const step = runbook.steps.comparison;
  const choices: TRunChoice[] = runs.map((r) => ({
    id: r.id,
    path: r.path,
    label: `${r.requestId} · ${r.model} · ${statusOrException(r) ?? "no result"}`,
  }));

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card className="lg:col-start-2">
        <CardTitle>Runbook: {step.heading}</CardTitle>
        <p className="text-sm font-medium">{step.lead}</p>
        <ul className="mt-1 list-disc pl-5 text-sm">
          {step.dimensions.map((d) => (
            <li key={d.id}>{d.label}</li>
          ))}
        </ul>
      </Card>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        <Notice tone="warn" title="Runbook warning">
          {step.warning}
        </Notice>

        <section aria-labelledby="comparisons-title" className="flex flex-col gap-4">
          <h2 id="comparisons-title" className="text-lg font-semibold">
            Primary and fallback, side by side
          </h2>
          {comparisons.length === 0 ? (
            <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">No comparison recorded yet.</p>
          ) : (
            comparisons.map((c) => <ComparisonTable key={c.id} comparison={c} />)
          )}
        </section>

        {canWrite ? (
          <>
            <section aria-labelledby="from-runs-title">
              <Card>
                <h2 id="from-runs-title" className="mb-3 text-lg font-semibold">
                  Compare two smoke runs
                </h2>
                <CompareRunsForm incidentKey={incident.key} runs={choices} />
              </Card>
            </section>
            <section aria-labelledby="manual-title">
              <Card>
                <h2 id="manual-title" className="mb-2 text-lg font-semibold">
                  Enter a comparison by hand
                </h2>
                <details>
                  <summary className="cursor-pointer text-sm">Show the form (for results you collected outside this app)</summary>
                  <div className="mt-3">
                    <CompareManualForm incidentKey={incident.key} />
                  </div>
                </details>
              </Card>
            </section>
          </>
        ) : null}
      </div>
    </div>
  );
}
