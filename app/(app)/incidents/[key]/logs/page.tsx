import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { ClassReachTable, ClassificationRules, FirstBadRequest, ImportsList } from "@/components/logs/log-sections";
import { LogHistogram } from "@/components/logs/log-histogram";
import { LogUpload } from "@/components/logs/log-upload";
import { RequestTable } from "@/components/logs/request-table";
import { SuggestedWindowCard } from "@/components/logs/suggested-window-card";
import { WindowCharts } from "@/components/logs/window-charts";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getFirstBadRequest, getLogSpan, getRequestHistogram, getWindowSeries, listLogImports, listRequests } from "@/lib/imports/analytics";
import { BUCKET_SIZE_LABELS } from "@/lib/imports/buckets";
import { parseLogsView } from "@/lib/imports/schemas";
import { loadImportSettings } from "@/lib/imports/settings";
import { getWindowSuggestion } from "@/lib/imports/window";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { LOG_FIELD_INFO, LOG_FIELDS } from "@/lib/logs";

export const metadata: Metadata = { title: "Request logs" };
export const dynamic = "force-dynamic";

export default async function IncidentLogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const view = parseLogsView(await searchParams);
  const canWrite = can(actor, "incident:write");
  const [imports, span, settings] = await Promise.all([
    listLogImports(actor, incident.id),
    getLogSpan(actor, incident.id),
    canWrite ? loadImportSettings() : Promise.resolve(null),
  ]);
  const hasData = span.firstTs !== null;
  const [histogram, windows, firstBad, suggestion, requests] = hasData
    ? await Promise.all([
        getRequestHistogram(actor, incident.id, { bucket: view.bucket, path: view.hpath }, span),
        getWindowSeries(actor, incident.id),
        getFirstBadRequest(actor, incident.id),
        getWindowSuggestion(actor, incident.id, span),
        listRequests(actor, incident.id, view),
      ])
    : [null, null, null, null, null];

  return (
    <div className="flex flex-col gap-5">
      <div>
        <h2 className="text-lg font-semibold">Request logs</h2>
        <p className="text-sm text-muted">
          The gateway&apos;s own request logs, classified into the runbook&apos;s failure classes and the primary or fallback path, then charted
          for the incident. {hasData ? `${span.rows.toLocaleString("en-US")} requests imported.` : "No request logs imported yet."}
        </p>
      </div>

      {canWrite && settings ? (
        <LogUpload
          incidentId={incident.id}
          incidentKey={incident.key}
          maxBytes={settings.maxImportBytes}
          fields={LOG_FIELDS.map((f) => ({ field: f, label: LOG_FIELD_INFO[f].label, note: LOG_FIELD_INFO[f].note }))}
        />
      ) : null}

      <ImportsList imports={imports} />

      {hasData && histogram && windows && requests ? (
        <>
          {suggestion ? (
            <SuggestedWindowCard
              incidentId={incident.id}
              canAccept={canWrite}
              view={{
                startIso: suggestion.suggestion.startMs === null ? null : new Date(suggestion.suggestion.startMs).toISOString(),
                endIso: suggestion.suggestion.endMs === null ? null : new Date(suggestion.suggestion.endMs).toISOString(),
                baseline: suggestion.suggestion.baseline,
                baselineSource: suggestion.suggestion.baselineSource,
                threshold: suggestion.suggestion.threshold,
                peakRate: suggestion.suggestion.peakRate,
                reason: suggestion.suggestion.reason,
                bucketLabel: BUCKET_SIZE_LABELS[suggestion.bucketSize],
                detectionLagMs: suggestion.detectionLagMs,
                recorded: suggestion.recorded,
              }}
            />
          ) : null}
          <Card>
            <LogHistogram
              rows={histogram.rows}
              size={histogram.size}
              autoSize={histogram.autoSize}
              chosen={view.bucket}
              path={view.hpath}
              adjusted={histogram.adjusted}
            />
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <FirstBadRequest request={firstBad} />
            </Card>
            <Card>
              <Suspense fallback={<p className="text-sm text-muted">Counting distinct prompts and tenants…</p>}>
                <ClassReachTable actor={actor} incidentId={incident.id} />
              </Suspense>
            </Card>
          </div>
          <Card>
            <WindowCharts windows={windows} windowMinutes={incident.observationWindowMinutes} />
          </Card>
          <Card>
            <RequestTable
              page={requests}
              query={{ sort: view.sort, dir: view.dir, class: view.class, path: view.path, status: view.status, q: view.q, size: view.size }}
            />
          </Card>
        </>
      ) : null}

      <ClassificationRules />
    </div>
  );
}
