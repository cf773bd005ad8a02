import { describe, expect, it } from "vitest";
import { dueDateString, isOverdue, sortFollowUps, todayInZone, type TDatedFollowUp } from "./overdue";

describe("isOverdue", () => {
  const today = "2026-05-10";

  it("is overdue only when due strictly before today", () => {
    expect(isOverdue({ dueDate: "2026-05-09", status: "OPEN" }, today)).toBe(true);
    expect(isOverdue({ dueDate: "2026-05-10", status: "OPEN" }, today)).toBe(false); // due today: not yet
    expect(isOverdue({ dueDate: "2026-05-11", status: "OPEN" }, today)).toBe(false);
  });

  it("counts open and in-progress follow-ups; done and won't do are never overdue", () => {
    expect(isOverdue({ dueDate: "2026-01-01", status: "IN_PROGRESS" }, today)).toBe(true);
    expect(isOverdue({ dueDate: "2026-01-01", status: "DONE" }, today)).toBe(false);
    expect(isOverdue({ dueDate: "2026-01-01", status: "WONT_DO" }, today)).toBe(false);
  });

  it("a follow-up without a due date is never overdue", () => {
    expect(isOverdue({ dueDate: null, status: "OPEN" }, today)).toBe(false);
  });

  it("reads a stored Date as its UTC calendar date (how Postgres date columns come back)", () => {
    expect(dueDateString(new Date("2026-05-09T00:00:00.000Z"))).toBe("2026-05-09");
    expect(isOverdue({ dueDate: new Date("2026-05-09T00:00:00.000Z"), status: "OPEN" }, today)).toBe(true);
    expect(isOverdue({ dueDate: new Date("2026-05-10T00:00:00.000Z"), status: "OPEN" }, today)).toBe(false);
  });

  it("today depends on the viewer's zone at the day boundary", () => {
    const now = new Date("2026-05-09T23:30:00Z");
    expect(todayInZone(now, "UTC")).toBe("2026-05-09");
    expect(todayInZone(now, "Europe/Berlin")).toBe("2026-05-10"); // 01:30 next day
    expect(todayInZone(now, "America/Los_Angeles")).toBe("2026-05-09");
    const due = { dueDate: "2026-05-09", status: "OPEN" as const };
    // Same instant: overdue for a viewer in Berlin (it is already the 10th), not yet in UTC or Los Angeles.
    expect(isOverdue(due, todayInZone(now, "Europe/Berlin"))).toBe(true);
    expect(isOverdue(due, todayInZone(now, "UTC"))).toBe(false);
    expect(isOverdue(due, todayInZone(now, "America/Los_Angeles"))).toBe(false);
    // Just after midnight in Auckland (UTC+12) while it is still the previous day in UTC.
    expect(todayInZone(new Date("2026-05-09T12:30:00Z"), "Pacific/Auckland")).toBe("2026-05-10");
    expect(todayInZone(new Date("2026-05-10T10:30:00Z"), "Pacific/Pago_Pago")).toBe("2026-05-09");
  });
});

describe("sortFollowUps", () => {
  const today = "2026-05-10";
  const f = (title: string, dueDate: string | null, status: TDatedFollowUp["status"]): TDatedFollowUp => ({ title, dueDate, status });

  it("puts overdue first, then open / in progress, then done / won't do, each by due date", () => {
    const items = [
      f("done long ago", "2026-01-01", "DONE"),
      f("later", "2026-06-01", "OPEN"),
      f("no date", null, "OPEN"),
      f("overdue recent", "2026-05-09", "IN_PROGRESS"),
      f("due today", "2026-05-10", "OPEN"),
      f("overdue oldest", "2026-04-01", "OPEN"),
      f("won't do", "2026-02-01", "WONT_DO"),
    ];
    expect(sortFollowUps(items, today).map((i) => i.title)).toEqual([
      "overdue oldest",
      "overdue recent",
      "due today",
      "later",
      "no date",
      "done long ago",
      "won't do",
    ]);
  });

  it("does not mutate its input and breaks ties by title", () => {
    const items = [f("b", "2026-06-01", "OPEN"), f("a", "2026-06-01", "OPEN")];
    const sorted = sortFollowUps(items, today);
    expect(sorted.map((i) => i.title)).toEqual(["a", "b"]);
    expect(items.map((i) => i.title)).toEqual(["b", "a"]);
  });
});
