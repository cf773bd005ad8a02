import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZDeleteTimelineEvent, ZTimelineEvent, ZUpdateTimelineEvent } from "./schemas";

const base = { incidentId: "inc_1", kind: "ALERT", occurredAtLocal: "2026-05-08T11:18", timeZone: "Europe/Berlin", description: " Alert fired " };
const fieldErrors = (r: { success: boolean; error?: z.ZodError }) => {
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
};

describe("ZTimelineEvent", () => {
  it("stores the time in UTC and trims the description", () => {
    expect(ZTimelineEvent.parse(base)).toEqual({
      incidentId: "inc_1",
      kind: "ALERT",
      occurredAt: new Date("2026-05-08T09:18:00Z"),
      description: "Alert fired",
      trafficPercent: null,
    });
  });
  it("requires traffic % for a fallback change, from 0 to 100, from text or a number", () => {
    expect(ZTimelineEvent.parse({ ...base, kind: "FALLBACK_CHANGE", trafficPercent: "25" }).trafficPercent).toBe(25);
    expect(ZTimelineEvent.parse({ ...base, kind: "FALLBACK_CHANGE", trafficPercent: 0 }).trafficPercent).toBe(0);
    expect(ZTimelineEvent.parse({ ...base, kind: "FALLBACK_CHANGE", trafficPercent: "12,5" }).trafficPercent).toBe(12.5);
    expect(fieldErrors(ZTimelineEvent.safeParse({ ...base, kind: "FALLBACK_CHANGE", trafficPercent: "" })).trafficPercent).toEqual([
      "Enter the share of traffic on the fallback path (0–100 %).",
    ]);
    for (const bad of ["101", "-1", "lots"]) {
      expect(fieldErrors(ZTimelineEvent.safeParse({ ...base, kind: "FALLBACK_CHANGE", trafficPercent: bad })).trafficPercent).toEqual([
        "Enter a percentage from 0 to 100.",
      ]);
    }
  });
  it("refuses traffic % on any other kind", () => {
    expect(fieldErrors(ZTimelineEvent.safeParse({ ...base, kind: "MITIGATION", trafficPercent: "25" })).trafficPercent).toEqual([
      "Traffic % applies only to fallback changes.",
    ]);
    expect(ZTimelineEvent.parse({ ...base, kind: "MITIGATION", trafficPercent: "" }).trafficPercent).toBeNull();
  });
  it("reports every field error at once", () => {
    const f = fieldErrors(ZTimelineEvent.safeParse({ ...base, kind: "PAGE", description: "  ", occurredAtLocal: "2099-01-01T00:00", trafficPercent: "5" }));
    expect(f.kind).toEqual(["Choose what kind of event this was."]);
    expect(f.description).toEqual(["Describe what happened."]);
    expect(f.occurredAtLocal).toEqual(["This time cannot be in the future."]);
    expect(f.trafficPercent).toEqual(["Traffic % applies only to fallback changes."]);
  });
  it("needs a valid time in a known zone", () => {
    const f = fieldErrors(ZTimelineEvent.safeParse({ ...base, occurredAtLocal: "", timeZone: "Nowhere/City" }));
    expect(f.occurredAtLocal).toEqual(["Enter a date and time."]);
    expect(f.timeZone).toEqual(["Unknown time zone."]);
  });
});

describe("ZUpdateTimelineEvent and ZDeleteTimelineEvent", () => {
  it("carry the id and the version the edit was based on", () => {
    const { incidentId: _omit, ...fields } = base;
    void _omit;
    expect(ZUpdateTimelineEvent.parse({ ...fields, id: "ev_1", version: 2 })).toMatchObject({ id: "ev_1", version: 2, kind: "ALERT" });
    expect(fieldErrors(ZUpdateTimelineEvent.safeParse({ ...fields, id: "ev_1" })).version).toBeDefined();
    expect(ZDeleteTimelineEvent.safeParse({ id: "ev_1", version: 0 }).success).toBe(false);
    expect(ZDeleteTimelineEvent.parse({ id: "ev_1", version: 3 })).toEqual({ id: "ev_1", version: 3 });
  });
});
