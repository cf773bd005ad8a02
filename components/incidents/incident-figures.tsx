import { computeIncidentMetrics, METRIC_DEFINITIONS, type TIncidentTimes, type TMetricKey } from "@/lib/incidents/metrics";
import { formatDuration } from "@/lib/time/zone";

/** Detection lag, time to mitigate and time to resolve, each with its definition. */
export function IncidentFigures({ times }: { times: TIncidentTimes }) {
  const metrics = computeIncidentMetrics(times);
  return (
    <dl className="flex flex-col gap-3 text-sm">
      {(Object.keys(METRIC_DEFINITIONS) as TMetricKey[]).map((k) => (
        <div key={k} data-testid={`figure-${k}`}>
          <dt className="font-medium">
            {METRIC_DEFINITIONS[k].label}: <span className="font-semibold">{formatDuration(metrics[k])}</span>
          </dt>
          <dd className="text-muted">{METRIC_DEFINITIONS[k].definition}</dd>
        </div>
      ))}
    </dl>
  );
}
