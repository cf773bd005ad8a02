import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SmokePanel, type TSmokeSnapshotChoice } from "@/components/smoke/smoke-panel";
import { SmokeRuns } from "@/components/smoke/smoke-runs";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { modelForPath, SNAPSHOT_LABEL_TEXT } from "@/lib/configuration/schemas";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";
import { defaultSmokeMessages, SMOKE_EXAMPLE } from "@/lib/smoke/example";
import { DEFAULT_LIVE_TIMEOUT_MS } from "@/lib/smoke/live";
import { getSmokePageData } from "@/lib/smoke/smoke";

export const metadata: Metadata = { title: "Smoke tests" };
export const dynamic = "force-dynamic";

export default async function SmokePage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const data = await getSmokePageData(actor, incident.key);
  const step = runbook.steps.smokeRequest;
  const canWrite = can(actor, "incident:write");

  const choices: TSmokeSnapshotChoice[] = data.snapshots.map((s) => ({
    id: s.id,
    versionNumber: s.versionNumber,
    labelText: s.labelNote ? `${SNAPSHOT_LABEL_TEXT[s.label]}: ${s.labelNote}` : SNAPSHOT_LABEL_TEXT[s.label],
    baseUrl: s.snapshot.baseUrl,
    apiKeyEnvVar: s.snapshot.apiKeyEnvVar,
    models: { PRIMARY: modelForPath(s.snapshot, "PRIMARY"), FALLBACK: modelForPath(s.snapshot, "FALLBACK") },
    defaultToleranceMs: data.userFacingTimeoutBudgetMs ?? s.snapshot.clientTimeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS,
    live: s.live,
  }));

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card className="lg:col-start-2">
        <CardTitle>Runbook: {step.heading}</CardTitle>
        <p className="text-sm">{step.text}</p>
        <p className="mt-3 text-sm font-medium">{step.criteriaLead}</p>
        <ol className="mt-1 list-decimal pl-5 text-sm">
          {step.criteria.map((c) => (
            <li key={c.id}>{c.text}</li>
          ))}
        </ol>
      </Card>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        {canWrite ? (
          <section aria-labelledby="smoke-form-title">
            <Card>
              <h2 id="smoke-form-title" className="mb-3 text-lg font-semibold">
                Run a minimal smoke request
              </h2>
              {choices.length === 0 ? (
                <Notice tone="warn">
                  Record a configuration version first: the smoke request uses its base URL, model and key variable.{" "}
                  <Link href={`/incidents/${incident.key}/configuration`} className="underline">
                    Go to configuration
                  </Link>
                </Notice>
              ) : (
                <SmokePanel
                  incidentKey={incident.key}
                  incidentDateIso={data.degradationStartedAt.toISOString()}
                  nextSequence={data.nextSequence}
                  snapshots={choices}
                  defaults={{ ...defaultSmokeMessages(), maxTokens: SMOKE_EXAMPLE.maxTokens }}
                />
              )}
              {actor.role === "ADMIN" ? (
                <p className="mt-3 text-xs text-muted">
                  Live runs only reach hosts on the{" "}
                  <Link href="/admin/settings" className="underline">
                    outbound allow-list
                  </Link>
                  .
                </p>
              ) : null}
            </Card>
          </section>
        ) : null}

        <section aria-labelledby="smoke-runs-title">
          <h2 id="smoke-runs-title" className="mb-2 text-lg font-semibold">
            Recorded smoke requests
          </h2>
          <SmokeRuns runs={data.runs} />
        </section>
      </div>
    </div>
  );
}
