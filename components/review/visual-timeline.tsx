"use client";

import { useId } from "react";
import { useTimeZone } from "@/components/ui/local-time";
import { cn } from "@/components/ui/cn";
import { TIMELINE_KIND_LABELS, type TTimelineEventKind } from "@/lib/timeline/schemas";
import {
  assignLanes,
  computePhases,
  computeTimeDomain,
  fallbackTrafficSteps,
  PHASE_DEFINITIONS,
  PHASE_LABELS,
  scaleTime,
  spacedLabels,
  timeTicks,
  type TPhaseId,
} from "@/lib/timeline/phases";
import type { TWindowMark } from "@/lib/timeline/build";
import { formatDuration, formatInZone } from "@/lib/time/zone";

/** One row of buildTimeline, with the instant as an ISO string. */
export type TVisualTimelineEntry = {
  key: string;
  at: string;
  origin: "window" | "event";
  label: string;
  description: string;
  kind?: TTimelineEventKind;
  mark?: TWindowMark;
  trafficPercent?: number | null;
};

export type TVisualTimelineWindow = {
  degradationStartedAt: string;
  detectedAt: string | null;
  mitigatedAt: string | null;
  endedAt: string | null;
};

const PHASE_FILL: Record<TPhaseId, string> = {
  undetected: "fill-danger-bg stroke-danger",
  mitigating: "fill-warn-bg stroke-warn",
  recovering: "fill-accent/15 stroke-accent",
  resolved: "fill-ok-bg stroke-ok",
};
const PHASE_SWATCH: Record<TPhaseId, string> = {
  undetected: "bg-danger-bg border-danger",
  mitigating: "bg-warn-bg border-warn",
  recovering: "bg-accent/15 border-accent",
  resolved: "bg-ok-bg border-ok",
};

const KIND_CODE: Record<TTimelineEventKind, string> = {
  DETECTION: "D",
  ALERT: "A",
  DEPLOYMENT_OR_CHANGE: "Ch",
  MITIGATION: "M",
  FALLBACK_CHANGE: "F",
  ROLLBACK: "Rb",
  RECOVERY: "Rc",
  CUSTOMER_COMMUNICATION: "Cu",
  NOTE: "N",
};
const KIND_STROKE: Record<TTimelineEventKind, string> = {
  DETECTION: "stroke-danger",
  ALERT: "stroke-danger",
  DEPLOYMENT_OR_CHANGE: "stroke-warn",
  ROLLBACK: "stroke-warn",
  MITIGATION: "stroke-accent",
  FALLBACK_CHANGE: "stroke-accent",
  RECOVERY: "stroke-ok",
  CUSTOMER_COMMUNICATION: "stroke-muted",
  NOTE: "stroke-muted",
};
const KIND_BORDER: Record<TTimelineEventKind, string> = {
  DETECTION: "border-danger",
  ALERT: "border-danger",
  DEPLOYMENT_OR_CHANGE: "border-warn",
  ROLLBACK: "border-warn",
  MITIGATION: "border-accent",
  FALLBACK_CHANGE: "border-accent",
  RECOVERY: "border-ok",
  CUSTOMER_COMMUNICATION: "border-muted",
  NOTE: "border-muted",
};

const MARK_SHORT: Record<TWindowMark, string> = { START: "start", DETECTION: "detected", MITIGATION: "mitigated", END: "ended" };

// Drawing space (viewBox units); the SVG scales to its container and scrolls below 640 px.
const W = 800;
const X0 = 16;
const X1 = W - 16;
const BAND_TOP = 22;
const BAND_H = 36;
const LANE_TOP = BAND_TOP + BAND_H + 18;
const LANE_H = 24;
const LANES = 3;
const TRAFFIC_H = 44;

function timeLabel(date: Date, timeZone: string, withDate: boolean): string {
  const text = formatInZone(date, timeZone); // "2026-05-08 11:12 CEST"
  const [day, time] = text.split(" ");
  return withDate ? `${day?.slice(5)} ${time}` : (time ?? text);
}

export function VisualTimeline({
  window: times,
  entries,
  nowIso,
  title = "Timeline at a glance",
}: {
  window: TVisualTimelineWindow;
  entries: readonly TVisualTimelineEntry[];
  /** The server's "now", so an open incident's last phase ends where the page was rendered. */
  nowIso: string;
  title?: string;
}) {
  const timeZone = useTimeZone();
  const headingId = useId();
  const now = new Date(nowIso);
  const incidentTimes = {
    degradationStartedAt: new Date(times.degradationStartedAt),
    detectedAt: times.detectedAt ? new Date(times.detectedAt) : null,
    mitigatedAt: times.mitigatedAt ? new Date(times.mitigatedAt) : null,
    endedAt: times.endedAt ? new Date(times.endedAt) : null,
  };
  const events = entries.filter((e) => e.origin === "event" && e.kind);
  const domain = computeTimeDomain(
    incidentTimes,
    events.map((e) => new Date(e.at)),
    now,
  );
  const phases = computePhases(incidentTimes, { now, until: domain.to });
  const open = !incidentTimes.endedAt;
  const x = (at: Date | string) => scaleTime(typeof at === "string" ? new Date(at) : at, domain, [X0, X1]);
  const multiDay = domain.to.getTime() - domain.from.getTime() > 20 * 3600_000;

  const eventXs = events.map((e) => x(e.at));
  const lanes = assignLanes(eventXs, 24, LANES);
  const usedLanes = Math.max(1, ...lanes.map((l) => l + 1));
  const trafficChanges = events
    .filter((e) => e.kind === "FALLBACK_CHANGE" && typeof e.trafficPercent === "number")
    .map((e) => ({ at: new Date(e.at), percent: e.trafficPercent as number }));
  const steps = fallbackTrafficSteps(trafficChanges, domain);
  const trafficTop = LANE_TOP + usedLanes * LANE_H + 24;
  const axisY = steps.length ? trafficTop + TRAFFIC_H + 14 : trafficTop;
  const height = axisY + 26;
  const ty = (percent: number) => trafficTop + TRAFFIC_H - (percent / 100) * TRAFFIC_H;

  const windowMarks = entries.filter((e) => e.origin === "window" && e.mark);
  const markXs = windowMarks.map((m) => x(m.at));
  const markShown = spacedLabels(markXs, 64);
  const markLabels = windowMarks.map((m, i) => ({ ...m, mx: markXs[i]!, show: markShown[i]! }));

  const phaseSummary = phases
    .map((p) => (p.id === "resolved" ? "resolved" : `${PHASE_LABELS[p.id].toLowerCase()} for ${formatDuration(p.to.getTime() - p.from.getTime())}${p.ongoing ? " so far" : ""}`))
    .join(", ");
  const peak = trafficChanges.length ? Math.max(...trafficChanges.map((c) => c.percent)) : null;
  const summary =
    `Incident from ${formatInZone(incidentTimes.degradationStartedAt, timeZone)} to ${open ? "now (ongoing)" : formatInZone(incidentTimes.endedAt, timeZone)}: ` +
    `${phaseSummary}. ${events.length} recorded event${events.length === 1 ? "" : "s"}` +
    (peak !== null ? `; fallback traffic peaked at ${peak} %.` : ".") +
    " The list that follows gives every phase and event.";

  const kindsShown = [...new Set(events.map((e) => e.kind!))];

  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-3">
      <h2 id={headingId} className="text-base font-semibold">
        {title}
      </h2>
      <div
        className="max-w-full overflow-x-auto rounded-md border border-border bg-surface"
        tabIndex={0}
        role="region"
        aria-label="Visual timeline (scrolls sideways on small screens)"
      >
        <svg
          viewBox={`0 0 ${W} ${height}`}
          className="block h-auto w-full min-w-[640px]"
          role="img"
          aria-label={summary}
          data-testid="visual-timeline"
        >
          {/* Phases */}
          {phases.map((p) => {
            const px0 = x(p.from);
            const px1 = Math.max(x(p.to), px0 + 1);
            return (
              <g key={p.id}>
                <rect x={px0} y={BAND_TOP} width={px1 - px0} height={BAND_H} className={cn(PHASE_FILL[p.id], "stroke-[0.75]")} />
                {px1 - px0 > 72 ? (
                  <text x={px0 + 6} y={BAND_TOP + 22} className="fill-text text-[12px] font-medium">
                    {PHASE_LABELS[p.id]}
                    {p.ongoing ? " (ongoing)" : ""}
                  </text>
                ) : null}
              </g>
            );
          })}
          {/* Window instants */}
          {markLabels.map((m) => (
            <g key={m.key}>
              <line x1={m.mx} x2={m.mx} y1={BAND_TOP - 4} y2={axisY} className="stroke-text/50" strokeDasharray="3 3" />
              {m.show ? (
                <text x={m.mx} y={BAND_TOP - 8} textAnchor="middle" className="fill-muted text-[11px]">
                  {MARK_SHORT[m.mark!]}
                </text>
              ) : null}
            </g>
          ))}
          {open ? (
            <g>
              <line x1={x(now)} x2={x(now)} y1={BAND_TOP - 4} y2={axisY} className="stroke-danger" strokeWidth={1.5} />
              <text x={x(now) - 4} y={BAND_TOP - 8} textAnchor="end" className="fill-danger text-[11px] font-semibold">
                now
              </text>
            </g>
          ) : null}
          {/* Events */}
          {events.map((e, i) => {
            const cx = eventXs[i]!;
            const cy = LANE_TOP + lanes[i]! * LANE_H + LANE_H / 2;
            return (
              <g key={e.key}>
                <title>{`${formatInZone(new Date(e.at), timeZone)} · ${e.label}${e.trafficPercent != null ? ` (${e.trafficPercent} %)` : ""} — ${e.description}`}</title>
                <line x1={cx} x2={cx} y1={BAND_TOP + BAND_H} y2={cy - 10} className="stroke-border" />
                <circle cx={cx} cy={cy} r={10} className={cn("fill-surface", KIND_STROKE[e.kind!])} strokeWidth={2} />
                <text x={cx} y={cy + 4} textAnchor="middle" className="fill-text text-[10px] font-semibold">
                  {KIND_CODE[e.kind!]}
                </text>
              </g>
            );
          })}
          {/* Fallback traffic % */}
          {steps.length ? (
            <g>
              <text x={X0} y={trafficTop - 4} className="fill-muted text-[11px]">
                Fallback traffic %
              </text>
              <line x1={X0} x2={X1} y1={ty(0)} y2={ty(0)} className="stroke-border" />
              <line x1={X0} x2={X1} y1={ty(100)} y2={ty(100)} className="stroke-border" strokeDasharray="2 4" />
              <path
                d={steps
                  .map((s, i) => `${i === 0 ? "M" : "L"}${x(s.from)},${ty(s.percent)} L${x(s.to)},${ty(s.percent)}`)
                  .join(" ")}
                className="fill-none stroke-accent"
                strokeWidth={2}
              />
              {steps
                .filter((s, i) => i > 0 || s.percent > 0)
                .map((s) => (
                  <text key={s.from.toISOString()} x={x(s.from) + 4} y={ty(s.percent) - 4} className="fill-accent text-[11px] font-semibold">
                    {s.percent} %
                  </text>
                ))}
            </g>
          ) : null}
          {/* Axis */}
          <line x1={X0} x2={X1} y1={axisY} y2={axisY} className="stroke-muted" />
          {timeTicks(domain, 6).map((tick) => (
            <g key={tick.toISOString()}>
              <line x1={x(tick)} x2={x(tick)} y1={axisY} y2={axisY + 5} className="stroke-muted" />
              <text x={x(tick)} y={axisY + 18} textAnchor="middle" className="fill-muted text-[11px]">
                {timeLabel(tick, timeZone, multiDay)}
              </text>
            </g>
          ))}
        </svg>
      </div>

      <div className="flex flex-col gap-2 text-xs">
        <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Phases">
          {phases.map((p) => (
            <li key={p.id} className="flex items-center gap-1.5">
              <span aria-hidden className={cn("inline-block size-3 rounded-sm border", PHASE_SWATCH[p.id])} />
              <span className="font-medium">{PHASE_LABELS[p.id]}</span>
              <span className="text-muted">
                {p.id === "resolved" ? PHASE_DEFINITIONS[p.id] : `${formatDuration(p.to.getTime() - p.from.getTime())}${p.ongoing ? " so far" : ""}`}
              </span>
            </li>
          ))}
          <li className="text-muted">Times in {timeZone}.</li>
        </ul>
        {kindsShown.length ? (
          <ul className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Event kinds">
            {kindsShown.map((k) => (
              <li key={k} className="flex items-center gap-1">
                <span aria-hidden className={cn("inline-flex size-5 items-center justify-center rounded-full border-2 text-[10px] font-semibold", KIND_BORDER[k])}>
                  {KIND_CODE[k]}
                </span>
                {TIMELINE_KIND_LABELS[k]}
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <ol className="sr-only" aria-label="Timeline as a list">
        {phases.map((p) => (
          <li key={`phase-${p.id}`}>
            Phase {PHASE_LABELS[p.id]} ({PHASE_DEFINITIONS[p.id]}): from {formatInZone(p.from, timeZone)}
            {p.id === "resolved" ? "" : p.ongoing ? ", still ongoing" : ` to ${formatInZone(p.to, timeZone)}`}.
          </li>
        ))}
        {entries.map((e) => (
          <li key={e.key}>
            {formatInZone(new Date(e.at), timeZone)}: {e.label}
            {e.origin === "window" ? " (from incident window)" : ""}
            {e.trafficPercent != null ? `, fallback traffic ${e.trafficPercent} %` : ""}. {e.description}
          </li>
        ))}
      </ol>
    </section>
  );
}
