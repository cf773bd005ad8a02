import { describe, expect, it } from "vitest";
import { assignLanes, computePhases, computeTimeDomain, fallbackTrafficSteps, scaleTime, spacedLabels, timeTicks } from "./phases";

const t = (hhmm: string) => new Date(`2026-05-08T${hhmm}:00Z`);
const closed = { degradationStartedAt: t("09:12"), detectedAt: t("09:18"), mitigatedAt: t("09:41"), endedAt: t("10:55") };
const iso = (phases: ReturnType<typeof computePhases>) =>
  phases.map((p) => [p.id, p.from.toISOString().slice(11, 16), p.to.toISOString().slice(11, 16), p.ongoing]);

describe("computePhases", () => {
  it("shades the four phases of a closed incident, resolved running to the end of the axis", () => {
    expect(iso(computePhases(closed, { now: t("12:00"), until: t("11:10") }))).toEqual([
      ["undetected", "09:12", "09:18", false],
      ["mitigating", "09:18", "09:41", false],
      ["recovering", "09:41", "10:55", false],
      ["resolved", "10:55", "11:10", false],
    ]);
  });

  it("leaves out an empty resolved phase when the axis ends at the end", () => {
    expect(computePhases(closed, { now: t("12:00") }).map((p) => p.id)).toEqual(["undetected", "mitigating", "recovering"]);
  });

  it("extends the last phase of an open incident to now and marks it ongoing", () => {
    expect(iso(computePhases({ ...closed, mitigatedAt: null, endedAt: null }, { now: t("10:00") }))).toEqual([
      ["undetected", "09:12", "09:18", false],
      ["mitigating", "09:18", "10:00", true],
    ]);
    expect(iso(computePhases({ ...closed, detectedAt: null, mitigatedAt: null, endedAt: null }, { now: t("09:30") }))).toEqual([
      ["undetected", "09:12", "09:30", true],
    ]);
    expect(iso(computePhases({ ...closed, endedAt: null }, { now: t("10:00") })).at(-1)).toEqual(["recovering", "09:41", "10:00", true]);
  });

  it("drops a zero-length phase (detected at the very start)", () => {
    expect(computePhases({ ...closed, detectedAt: t("09:12") }, { now: t("12:00") }).map((p) => p.id)).toEqual(["mitigating", "recovering"]);
  });

  it("clamps out-of-order instants so phases never overlap or run backwards", () => {
    const phases = computePhases({ degradationStartedAt: t("09:12"), detectedAt: t("09:00"), mitigatedAt: t("09:05"), endedAt: t("09:30") }, { now: t("12:00") });
    for (const p of phases) expect(p.to.getTime()).toBeGreaterThanOrEqual(p.from.getTime());
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.from.getTime()).toBeGreaterThanOrEqual(phases[i - 1]!.to.getTime());
    expect(phases[0]!.from).toEqual(t("09:12"));
  });

  it("a mitigation without detection closes the undetected phase", () => {
    expect(iso(computePhases({ ...closed, detectedAt: null }, { now: t("12:00") }))).toEqual([
      ["undetected", "09:12", "09:41", false],
      ["recovering", "09:41", "10:55", false],
    ]);
  });
});

describe("computeTimeDomain", () => {
  it("covers the window and every event, with a margin", () => {
    const d = computeTimeDomain(closed, [t("09:00")], t("12:00"), 0.1);
    // 09:00–10:55 is 115 minutes; 10 % margin is 11.5 minutes each side.
    expect(d.from.toISOString()).toBe("2026-05-08T08:48:30.000Z");
    expect(d.to.toISOString()).toBe("2026-05-08T11:06:30.000Z");
  });
  it("runs to now for an open incident and never has an empty span", () => {
    expect(computeTimeDomain({ ...closed, endedAt: null }, [], t("11:00"), 0).to).toEqual(t("11:01"));
    const single = computeTimeDomain({ degradationStartedAt: t("09:12"), detectedAt: null, mitigatedAt: null, endedAt: t("09:12") }, [], t("12:00"));
    expect(single.to.getTime() - single.from.getTime()).toBe(120_000);
  });
});

describe("scaleTime", () => {
  const domain = { from: t("09:00"), to: t("10:00") };
  it("maps instants linearly onto the range and clamps outside it", () => {
    expect(scaleTime(t("09:00"), domain, [0, 600])).toBe(0);
    expect(scaleTime(t("09:30"), domain, [0, 600])).toBe(300);
    expect(scaleTime(t("10:00"), domain, [40, 640])).toBe(640);
    expect(scaleTime(t("08:00"), domain, [0, 600])).toBe(0);
    expect(scaleTime(t("11:00").getTime(), domain, [0, 600])).toBe(600);
  });
  it("puts everything in the middle of an empty domain", () => {
    expect(scaleTime(t("09:00"), { from: t("09:00"), to: t("09:00") }, [0, 100])).toBe(50);
  });
});

describe("timeTicks", () => {
  it("picks round instants with a usual step", () => {
    expect(timeTicks({ from: t("09:07"), to: t("10:58") }, 6).map((d) => d.toISOString().slice(11, 16))).toEqual([
      "09:30",
      "10:00",
      "10:30",
    ]);
    expect(timeTicks({ from: t("09:07"), to: t("09:58") }, 6).map((d) => d.toISOString().slice(11, 16))).toEqual([
      "09:10",
      "09:20",
      "09:30",
      "09:40",
      "09:50",
    ]);
  });
  it("never gives more than asked, nor anything for an empty domain", () => {
    expect(timeTicks({ from: t("00:00"), to: new Date("2026-06-30T00:00:00Z") }, 4).length).toBeLessThanOrEqual(4);
    expect(timeTicks({ from: t("09:00"), to: t("09:00") })).toEqual([]);
  });
});

describe("fallbackTrafficSteps", () => {
  const domain = { from: t("09:00"), to: t("11:00") };
  it("steps from 0 % through each change to the end of the axis", () => {
    const steps = fallbackTrafficSteps([{ at: t("10:00"), percent: 50 }, { at: t("09:41"), percent: 25 }], domain);
    expect(steps.map((s) => [s.from.toISOString().slice(11, 16), s.to.toISOString().slice(11, 16), s.percent])).toEqual([
      ["09:00", "09:41", 0],
      ["09:41", "10:00", 25],
      ["10:00", "11:00", 50],
    ]);
  });
  it("is empty without changes", () => {
    expect(fallbackTrafficSteps([], domain)).toEqual([]);
  });
});

describe("assignLanes", () => {
  it("moves close markers to the next lane and reuses lanes when there is room", () => {
    expect(assignLanes([0, 5, 8, 40, 45], 20, 3)).toEqual([0, 1, 2, 0, 1]);
    expect(assignLanes([0, 1, 2, 3], 20, 2)).toEqual([0, 1, 0, 1]);
  });
});

describe("spacedLabels", () => {
  it("skips labels too close to the last one drawn", () => {
    expect(spacedLabels([0, 30, 70, 100, 200], 64)).toEqual([true, false, true, false, true]);
  });
});
