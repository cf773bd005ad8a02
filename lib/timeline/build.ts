// The incident's timeline as one list: the stored events merged with the
// instants of the incident window (§1), which appear as read-only rows.
import { getDetectionSource, isDetectionSourceId } from "@/lib/runbook/runbook";
import type { TIncidentTimes } from "@/lib/incidents/metrics";
import { TIMELINE_KIND_LABELS, type TTimelineEventKind } from "./schemas";

export type TTimelineIncident = TIncidentTimes & { detectionSource: string | null };

export type TStoredTimelineEvent = {
  id: string;
  version: number;
  occurredAt: Date;
  kind: TTimelineEventKind;
  description: string;
  trafficPercent: number | null;
  authorName: string | null;
  createdAt?: Date;
};

export type TWindowMark = "START" | "DETECTION" | "MITIGATION" | "END";

export const WINDOW_MARK_LABELS: Record<TWindowMark, string> = {
  START: "Start of degradation",
  DETECTION: "Detection",
  MITIGATION: "Mitigation",
  END: "End of incident",
};

export type TWindowEntry = { origin: "window"; key: string; at: Date; mark: TWindowMark; label: string; description: string };
export type TEventEntry = { origin: "event"; key: string; at: Date; label: string } & TStoredTimelineEvent;
export type TTimelineEntry = TWindowEntry | TEventEntry;

const MARK_ORDER: Record<TWindowMark, number> = { START: 0, DETECTION: 1, MITIGATION: 2, END: 3 };

function detectionDescription(source: string | null): string {
  if (source && isDetectionSourceId(source)) return `Detected by ${getDetectionSource(source).label}.`;
  return "Detected (source not recorded).";
}

/** Window rows for the instants that are set. */
export function windowEntries(incident: TTimelineIncident): TWindowEntry[] {
  const marks: [TWindowMark, Date | null, string][] = [
    ["START", incident.degradationStartedAt, "Degradation started."],
    ["DETECTION", incident.detectedAt, detectionDescription(incident.detectionSource)],
    ["MITIGATION", incident.mitigatedAt, "Mitigation took effect."],
    ["END", incident.endedAt, "The incident ended."],
  ];
  return marks
    .filter((m): m is [TWindowMark, Date, string] => m[1] !== null)
    .map(([mark, at, description]) => ({ origin: "window", key: `window-${mark.toLowerCase()}`, at, mark, label: WINDOW_MARK_LABELS[mark], description }));
}

/**
 * Stored events and window rows, oldest first. At the same instant the window
 * rows come first (in runbook order), then events in the order they were recorded.
 */
export function buildTimeline(incident: TTimelineIncident, events: readonly TStoredTimelineEvent[]): TTimelineEntry[] {
  const entries: TTimelineEntry[] = [
    ...windowEntries(incident),
    ...events.map((e): TEventEntry => ({ ...e, origin: "event", key: `event-${e.id}`, at: e.occurredAt, label: TIMELINE_KIND_LABELS[e.kind] })),
  ];
  const rank = (e: TTimelineEntry) => (e.origin === "window" ? MARK_ORDER[e.mark] : 10);
  const recorded = (e: TTimelineEntry) => (e.origin === "event" ? (e.createdAt?.getTime() ?? 0) : 0);
  return entries.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() || rank(a) - rank(b) || recorded(a) - recorded(b) || a.key.localeCompare(b.key),
  );
}

/** A timeline entry as plain data for client components (instants as ISO strings). */
export type TTimelineEntryJson = {
  key: string;
  origin: "window" | "event";
  at: string;
  label: string;
  description: string;
  mark?: TWindowMark;
  id?: string;
  version?: number;
  kind?: TTimelineEventKind;
  trafficPercent?: number | null;
  authorName?: string | null;
};

export function toTimelineJson(entries: readonly TTimelineEntry[]): TTimelineEntryJson[] {
  return entries.map((e) =>
    e.origin === "window"
      ? { key: e.key, origin: e.origin, at: e.at.toISOString(), label: e.label, description: e.description, mark: e.mark }
      : {
          key: e.key,
          origin: e.origin,
          at: e.at.toISOString(),
          label: e.label,
          description: e.description,
          id: e.id,
          version: e.version,
          kind: e.kind,
          trafficPercent: e.trafficPercent,
          authorName: e.authorName,
        },
  );
}
