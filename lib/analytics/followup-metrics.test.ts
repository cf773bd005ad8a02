import { describe, expect, it } from "vitest";
import { followUpWeeklySeries, weekEndDays, type TFollowUpFact } from "./followup-metrics";

const NOW = new Date("2026-06-30T12:00:00Z"); // a Tuesday
const at = (iso: string) => new Date(iso);
const fact = (over: Partial<TFollowUpFact>): TFollowUpFact => ({
  createdAt: at("2026-01-01T00:00:00Z"),
  dueDate: "2026-06-01",
  status: "OPEN",
  completedAt: null,
  ...over,
});

describe("weekEndDays", () => {
  it("is the last 12 seven-day periods ending today, oldest first", () => {
    const days = weekEndDays(NOW, "UTC");
    expect(days).toHaveLength(12);
    expect(days[11]).toBe("2026-06-30");
    expect(days[10]).toBe("2026-06-23");
    expect(days[0]).toBe("2026-04-14");
  });
  it("takes today in the viewer's zone", () => {
    expect(weekEndDays(new Date("2026-06-30T23:30:00Z"), "Asia/Tokyo", 2)).toEqual(["2026-06-24", "2026-07-01"]);
  });
});

describe("followUpWeeklySeries", () => {
  it("with no follow-ups: no rate (not 0 %), nothing overdue", () => {
    const series = followUpWeeklySeries([], { now: NOW, timeZone: "UTC" });
    expect(series).toHaveLength(12);
    expect(series.every((w) => w.completionRate === null && w.overdue === 0 && w.done === 0 && w.openDue === 0)).toBe(true);
  });

  it("counts a follow-up as done only from the end of the day it was completed", () => {
    const series = followUpWeeklySeries([fact({ dueDate: "2026-06-20", status: "DONE", completedAt: at("2026-06-24T10:00:00Z") })], {
      now: NOW,
      timeZone: "UTC",
      weeks: 3,
    });
    // Week ends 06-16, 06-23, 06-30.
    expect(series.map((w) => [w.weekEnd, w.done, w.openDue, w.overdue, w.completionRate])).toEqual([
      ["2026-06-16", 0, 0, 0, null], // not due yet, not done: outside the rate
      ["2026-06-23", 0, 1, 1, 0], // due 06-20, still open at the end of 06-23
      ["2026-06-30", 1, 0, 0, 1],
    ]);
  });

  it("due on the week's last day: due by then (in the rate) but not overdue yet", () => {
    const [w] = followUpWeeklySeries([fact({ dueDate: "2026-06-30" })], { now: NOW, timeZone: "UTC", weeks: 1 });
    expect(w).toMatchObject({ weekEnd: "2026-06-30", openDue: 1, overdue: 0, completionRate: 0 });
  });

  it("ignores follow-ups created after the week's end and won't-do ones", () => {
    const series = followUpWeeklySeries(
      [fact({ createdAt: at("2026-06-25T00:00:00Z"), dueDate: "2026-06-01" }), fact({ status: "WONT_DO", dueDate: "2026-05-01" })],
      { now: NOW, timeZone: "UTC", weeks: 2 },
    );
    expect(series.map((w) => [w.openDue, w.overdue])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it("computes done ÷ (done + open due) with done counting early completions too", () => {
    const facts = [
      fact({ status: "DONE", dueDate: "2026-08-01", completedAt: at("2026-06-01T00:00:00Z") }), // done early
      fact({ status: "DONE", dueDate: "2026-05-01", completedAt: at("2026-05-02T00:00:00Z") }),
      fact({ status: "IN_PROGRESS", dueDate: "2026-06-10" }),
      fact({ status: "OPEN", dueDate: "2026-06-29" }),
      fact({ status: "OPEN", dueDate: "2026-07-15" }), // not due yet: left out
      fact({ status: "OPEN", dueDate: null }), // no due date: never due, never overdue
    ];
    const [w] = followUpWeeklySeries(facts, { now: NOW, timeZone: "UTC", weeks: 1 });
    expect(w).toEqual({ weekEnd: "2026-06-30", done: 2, openDue: 2, completionRate: 0.5, overdue: 2 });
  });

  it("reads 'by the end of the day' in the viewer's zone", () => {
    // Done at 2026-06-30T20:00Z = 07-01 05:00 in Tokyo: after Tokyo's 06-30 ended.
    const f = [fact({ status: "DONE", dueDate: "2026-06-01", completedAt: at("2026-06-30T20:00:00Z") })];
    const now = new Date("2026-06-30T14:00:00Z"); // 23:00 on 06-30 in Tokyo
    expect(followUpWeeklySeries(f, { now, timeZone: "Asia/Tokyo", weeks: 1 })[0]).toMatchObject({ done: 0, overdue: 1 });
    expect(followUpWeeklySeries(f, { now, timeZone: "UTC", weeks: 1 })[0]).toMatchObject({ done: 1, overdue: 0 });
  });

  it("a reopened follow-up (no completion time, open) counts as open", () => {
    const [w] = followUpWeeklySeries([fact({ status: "OPEN", completedAt: null, dueDate: "2026-06-01" })], { now: NOW, timeZone: "UTC", weeks: 1 });
    expect(w).toMatchObject({ done: 0, overdue: 1 });
  });

  it("a done follow-up without a completion time counts as done since its creation", () => {
    const [w] = followUpWeeklySeries([fact({ status: "DONE", completedAt: null })], { now: NOW, timeZone: "UTC", weeks: 1 });
    expect(w).toMatchObject({ done: 1, openDue: 0, overdue: 0, completionRate: 1 });
  });
});
