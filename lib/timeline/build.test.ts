import { describe, expect, it } from "vitest";
import { buildTimeline, toTimelineJson, type TStoredTimelineEvent } from "./build";

const t = (hhmm: string) => new Date(`2026-05-08T${hhmm}:00Z`);
const incident = {
  degradationStartedAt: t("09:12"),
  detectedAt: t("09:18"),
  detectionSource: "ALERT",
  mitigatedAt: t("09:41"),
  endedAt: t("10:55"),
};
const event = (id: string, at: string, over: Partial<TStoredTimelineEvent> = {}): TStoredTimelineEvent => ({
  id,
  version: 1,
  occurredAt: t(at),
  kind: "NOTE",
  description: `event ${id}`,
  trafficPercent: null,
  authorName: "Casey Commander",
  ...over,
});

describe("buildTimeline", () => {
  it("derives read-only rows from the window, with the detection source from the runbook", () => {
    const rows = buildTimeline(incident, []);
    expect(rows.map((r) => [r.origin, r.label, r.at.toISOString(), r.description])).toEqual([
      ["window", "Start of degradation", "2026-05-08T09:12:00.000Z", "Degradation started."],
      ["window", "Detection", "2026-05-08T09:18:00.000Z", "Detected by alert."],
      ["window", "Mitigation", "2026-05-08T09:41:00.000Z", "Mitigation took effect."],
      ["window", "End of incident", "2026-05-08T10:55:00.000Z", "The incident ended."],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
  });

  it("merges stored events and sorts everything by time", () => {
    const rows = buildTimeline(incident, [
      event("late", "10:00", { kind: "CUSTOMER_COMMUNICATION" }),
      event("early", "09:05", { kind: "DEPLOYMENT_OR_CHANGE" }),
      event("fb", "09:30", { kind: "FALLBACK_CHANGE", trafficPercent: 25 }),
    ]);
    expect(rows.map((r) => r.key)).toEqual([
      "event-early",
      "window-start",
      "window-detection",
      "event-fb",
      "window-mitigation",
      "event-late",
      "window-end",
    ]);
    const fb = rows.find((r) => r.key === "event-fb");
    expect(fb).toMatchObject({ origin: "event", label: "Fallback change", trafficPercent: 25, authorName: "Casey Commander", version: 1 });
  });

  it("puts window rows first at the same instant, then events in recording order", () => {
    const rows = buildTimeline(incident, [
      event("b", "09:18", { kind: "ALERT", createdAt: new Date("2026-05-09T00:00:02Z") }),
      event("a", "09:18", { kind: "ALERT", createdAt: new Date("2026-05-09T00:00:01Z") }),
    ]);
    expect(rows.slice(1, 4).map((r) => r.key)).toEqual(["window-detection", "event-a", "event-b"]);
  });

  it("leaves out instants an open incident does not have yet", () => {
    const rows = buildTimeline({ ...incident, detectionSource: null, mitigatedAt: null, endedAt: null }, [event("n", "09:20")]);
    expect(rows.map((r) => r.key)).toEqual(["window-start", "window-detection", "event-n"]);
    expect(rows[1]!.description).toBe("Detected (source not recorded).");
  });

  it("does not change the events it was given", () => {
    const events = [event("x", "10:00"), event("y", "09:00")];
    buildTimeline(incident, events);
    expect(events.map((e) => e.id)).toEqual(["x", "y"]);
  });
});

describe("toTimelineJson", () => {
  it("gives plain data with ISO instants, events keeping what the editor needs", () => {
    const json = toTimelineJson(buildTimeline({ ...incident, mitigatedAt: null, endedAt: null }, [event("e1", "09:30", { kind: "FALLBACK_CHANGE", trafficPercent: 10, version: 3 })]));
    expect(json).toEqual([
      { key: "window-start", origin: "window", at: "2026-05-08T09:12:00.000Z", label: "Start of degradation", description: "Degradation started.", mark: "START" },
      { key: "window-detection", origin: "window", at: "2026-05-08T09:18:00.000Z", label: "Detection", description: "Detected by alert.", mark: "DETECTION" },
      {
        key: "event-e1",
        origin: "event",
        at: "2026-05-08T09:30:00.000Z",
        label: "Fallback change",
        description: "event e1",
        id: "e1",
        version: 3,
        kind: "FALLBACK_CHANGE",
        trafficPercent: 10,
        authorName: "Casey Commander",
      },
    ]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
