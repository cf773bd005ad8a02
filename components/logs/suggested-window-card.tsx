"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { acceptSuggestedWindowAction } from "@/lib/imports/actions";
import { formatDuration } from "@/lib/time/zone";

export type TSuggestedWindowView = {
  startIso: string | null;
  endIso: string | null;
  baseline: number;
  baselineSource: "first-buckets" | "quietest-quarter";
  threshold: number;
  peakRate: number | null;
  reason: string;
  bucketLabel: string;
  detectionLagMs: number | null;
  recorded: { degradationStartedAt: string; endedAt: string | null; detectedAt: string | null; version: number };
};

const pct = (r: number) => `${(Math.round(r * 1000) / 10).toLocaleString("en-US")} %`;

export function SuggestedWindowCard({ incidentId, view, canAccept }: { incidentId: string; view: TSuggestedWindowView; canAccept: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const sameAsRecorded =
    view.startIso === view.recorded.degradationStartedAt && (view.endIso === null || view.endIso === view.recorded.endedAt);

  function accept() {
    if (!view.startIso) return;
    setMessage(null);
    startTransition(async () => {
      const result = await acceptSuggestedWindowAction({
        incidentId,
        version: view.recorded.version,
        degradationStartedAt: view.startIso!,
        endedAt: view.endIso,
      });
      if (result.ok) {
        setMessage({
          tone: "ok",
          text: result.data.changedFields.length ? "The incident window now uses the suggested times." : "The incident window already had these times.",
        });
        router.refresh();
      } else {
        setMessage({ tone: "danger", text: result.error });
      }
    });
  }

  return (
    <Card data-testid="suggested-window">
      <CardTitle>Incident window suggested by the logs</CardTitle>
      {view.startIso ? (
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-muted">Degradation started (suggested)</dt>
            <dd className="font-medium">
              <LocalTime iso={view.startIso} />
            </dd>
          </div>
          <div>
            <dt className="text-muted">Recovered (suggested)</dt>
            <dd className="font-medium">{view.endIso ? <LocalTime iso={view.endIso} /> : "Not recovered by the end of the logs"}</dd>
          </div>
          <div>
            <dt className="text-muted">Recorded start / end</dt>
            <dd>
              <LocalTime iso={view.recorded.degradationStartedAt} /> / <LocalTime iso={view.recorded.endedAt} />
            </dd>
          </div>
          <div>
            <dt className="text-muted">Detection lag implied (recorded detection − suggested start)</dt>
            <dd className="font-medium" data-testid="detection-lag">
              {view.detectionLagMs === null ? "No detection time recorded" : formatDuration(view.detectionLagMs)}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="text-sm">The logs show no sustained rise in the error rate.</p>
      )}
      <p className="mt-3 text-sm text-muted">
        {view.reason} Baseline {pct(view.baseline)} ({view.baselineSource === "first-buckets" ? "median of the first buckets" : "median of the quietest quarter"}),
        threshold {pct(view.threshold)}
        {view.peakRate !== null ? `, peak ${pct(view.peakRate)}` : ""}, {view.bucketLabel} buckets.
      </p>
      {view.startIso && canAccept ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Button onClick={accept} disabled={pending || sameAsRecorded}>
            {pending ? "Saving…" : "Accept into incident window"}
          </Button>
          {sameAsRecorded ? <span className="text-sm text-muted">The incident window already uses these times.</span> : null}
        </div>
      ) : null}
      <div role="status" className="mt-3 empty:hidden">
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      </div>
    </Card>
  );
}
