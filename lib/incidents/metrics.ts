// Computed incident figures. Each has one definition, shown wherever the
// figure appears (page, exports, analytics).
export type TIncidentTimes = {
  degradationStartedAt: Date;
  detectedAt: Date | null;
  mitigatedAt: Date | null;
  endedAt: Date | null;
};

export const METRIC_DEFINITIONS = {
  detectionLag: {
    label: "Detection lag",
    definition: "Time from the start of degradation to detection (detected at − start of degradation).",
  },
  timeToMitigate: {
    label: "Time to mitigate",
    definition: "Time from the start of degradation to the mitigation taking effect (mitigated at − start of degradation).",
  },
  timeToResolve: {
    label: "Time to resolve",
    definition: "Time from the start of degradation to the end of the incident (end time − start of degradation). Open incidents have none yet.",
  },
} as const;

export type TMetricKey = keyof typeof METRIC_DEFINITIONS;

function span(from: Date, to: Date | null): number | null {
  if (!to) return null;
  const ms = to.getTime() - from.getTime();
  return ms >= 0 ? ms : null;
}

export function computeIncidentMetrics(t: TIncidentTimes): Record<TMetricKey, number | null> {
  return {
    detectionLag: span(t.degradationStartedAt, t.detectedAt),
    timeToMitigate: span(t.degradationStartedAt, t.mitigatedAt),
    timeToResolve: span(t.degradationStartedAt, t.endedAt),
  };
}
