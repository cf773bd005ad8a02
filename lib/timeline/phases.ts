// Geometry of the visual timeline: the incident's phases, the time axis and
// the fallback-traffic steps. Pure functions over instants; no rendering.
import type { TIncidentTimes } from "@/lib/incidents/metrics";

export type TPhaseId = "undetected" | "mitigating" | "recovering" | "resolved";

export const PHASE_LABELS: Record<TPhaseId, string> = {
  undetected: "Undetected",
  mitigating: "Mitigating",
  recovering: "Recovering",
  resolved: "Resolved",
};

export const PHASE_DEFINITIONS: Record<TPhaseId, string> = {
  undetected: "start of degradation → detection",
  mitigating: "detection → mitigation",
  recovering: "mitigation → end",
  resolved: "after the end",
};

export type TPhase = { id: TPhaseId; from: Date; to: Date; ongoing: boolean };
export type TTimeDomain = { from: Date; to: Date };

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/**
 * The incident's phases: degradation → detection "undetected", detection →
 * mitigation "mitigating", mitigation → end "recovering", after the end
 * "resolved" (up to `until`). An open incident's last phase runs to `now`
 * and is marked ongoing. Out-of-order instants are clamped so phases never
 * overlap; empty phases are left out.
 */
export function computePhases(times: TIncidentTimes, { now, until }: { now: Date; until?: Date }): TPhase[] {
  const start = times.degradationStartedAt;
  const detected = times.detectedAt ? later(times.detectedAt, start) : null;
  const mitigated = times.mitigatedAt ? later(times.mitigatedAt, detected ?? start) : null;
  const ended = times.endedAt ? later(times.endedAt, mitigated ?? detected ?? start) : null;
  const openEnd = later(now, mitigated ?? detected ?? start);

  const phases: TPhase[] = [
    { id: "undetected", from: start, to: detected ?? mitigated ?? ended ?? openEnd, ongoing: !detected && !mitigated && !ended },
  ];
  if (detected) phases.push({ id: "mitigating", from: detected, to: mitigated ?? ended ?? openEnd, ongoing: !mitigated && !ended });
  if (mitigated) phases.push({ id: "recovering", from: mitigated, to: ended ?? openEnd, ongoing: !ended });
  if (ended) phases.push({ id: "resolved", from: ended, to: later(until ?? ended, ended), ongoing: false });
  return phases.filter((p) => p.to.getTime() > p.from.getTime() || p.ongoing);
}

/**
 * The span the axis shows: the window and every event, to `now` for an open
 * incident, with a margin on both sides (at least a minute).
 */
export function computeTimeDomain(times: TIncidentTimes, eventTimes: readonly Date[], now: Date, marginRatio = 0.05): TTimeDomain {
  const instants = [times.degradationStartedAt, times.detectedAt, times.mitigatedAt, times.endedAt, ...eventTimes]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  if (!times.endedAt) instants.push(now.getTime());
  const min = Math.min(...instants);
  const max = Math.max(...instants);
  const margin = Math.max((max - min) * marginRatio, 60_000);
  return { from: new Date(min - margin), to: new Date(max + margin) };
}

/** An instant's position on a range (e.g. pixels), linear and clamped to the range. */
export function scaleTime(at: Date | number, domain: TTimeDomain, range: readonly [number, number]): number {
  const t = typeof at === "number" ? at : at.getTime();
  const d0 = domain.from.getTime();
  const d1 = domain.to.getTime();
  const [r0, r1] = range;
  if (d1 <= d0) return (r0 + r1) / 2;
  const ratio = Math.min(1, Math.max(0, (t - d0) / (d1 - d0)));
  return r0 + ratio * (r1 - r0);
}

const TICK_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * 60_000);

/** Round instants for axis ticks: the smallest usual step giving at most `maxTicks`. */
export function timeTicks(domain: TTimeDomain, maxTicks = 6): Date[] {
  const d0 = domain.from.getTime();
  const d1 = domain.to.getTime();
  if (d1 <= d0 || maxTicks < 1) return [];
  const step = TICK_STEPS_MS.find((s) => Math.floor(d1 / s) - Math.ceil(d0 / s) + 1 <= maxTicks) ?? TICK_STEPS_MS.at(-1)!;
  const ticks: Date[] = [];
  for (let t = Math.ceil(d0 / step) * step; t <= d1 && ticks.length < maxTicks; t += step) ticks.push(new Date(t));
  return ticks;
}

export type TTrafficStep = { from: Date; to: Date; percent: number };

/**
 * Share of traffic on the fallback path over the domain, as steps: 0 % until
 * the first fallback change, then each change's value until the next. Empty
 * when no change is recorded.
 */
export function fallbackTrafficSteps(changes: readonly { at: Date; percent: number }[], domain: TTimeDomain): TTrafficStep[] {
  if (changes.length === 0) return [];
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const steps: TTrafficStep[] = [];
  let from = domain.from;
  let percent = 0;
  for (const change of sorted) {
    if (change.at.getTime() > from.getTime()) steps.push({ from, to: change.at, percent });
    from = later(change.at, from);
    percent = change.percent;
  }
  steps.push({ from, to: later(domain.to, from), percent });
  return steps;
}

/**
 * Vertical lanes for markers so neighbours closer than `minGap` do not sit on
 * each other: each marker takes the first lane whose last marker is far
 * enough left; when none is, the lane used longest ago.
 */
export function assignLanes(xs: readonly number[], minGap: number, maxLanes = 3): number[] {
  const lastX: number[] = [];
  return xs.map((x) => {
    let lane = lastX.findIndex((last) => x - last >= minGap);
    if (lane === -1) {
      if (lastX.length < maxLanes) lane = lastX.length;
      else lane = lastX.indexOf(Math.min(...lastX));
    }
    lastX[lane] = x;
    return lane;
  });
}

/** Which labels to draw, left to right, so that no two drawn labels are closer than `minGap`. */
export function spacedLabels(xs: readonly number[], minGap: number): boolean[] {
  let last = -Infinity;
  return xs.map((x) => {
    if (x - last < minGap) return false;
    last = x;
    return true;
  });
}
