// Follow-up tracker figures over time, as pure functions of the stored
// follow-ups and "now". Weeks are the last N seven-day periods ending today
// (calendar days in the viewer's zone); a figure "at a week's end" looks at
// each follow-up as it stood at the end of that day.
import { zonedLocalToUtc } from "@/lib/time/zone";
import { todayInZone } from "@/lib/followups/overdue";
import type { TFollowUpStatus } from "@/lib/followups/schemas";

export type TFollowUpFact = {
  createdAt: Date;
  /** "YYYY-MM-DD" */
  dueDate: string | null;
  status: TFollowUpStatus;
  /** Set while the follow-up is done: when it was marked done (cleared when reopened). */
  completedAt: Date | null;
};

export type TFollowUpWeek = {
  /** Last day of the week, "YYYY-MM-DD". */
  weekEnd: string;
  /** Done by the end of that day. */
  done: number;
  /** Not done by then, due on or before that day. */
  openDue: number;
  /** done ÷ (done + openDue); null when both are zero. */
  completionRate: number | null;
  /** Not done by then, due before that day. */
  overdue: number;
};

export const FOLLOW_UP_METRIC_DEFINITIONS = {
  completionRate: {
    label: "Completion rate",
    definition:
      "At the end of each week: follow-ups done by then ÷ (follow-ups done by then + follow-ups still open or in progress that were due by then). Won't-do follow-ups are left out.",
  },
  overdue: {
    label: "Overdue follow-ups",
    definition:
      "At the end of each week: follow-ups that existed, were not done by then, and were due before that day. Won't-do follow-ups are left out.",
  },
} as const;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last `weeks` week-end days, oldest first; the newest is today in the zone. */
export function weekEndDays(now: Date, timeZone: string, weeks = 12): string[] {
  const today = todayInZone(now, timeZone);
  return Array.from({ length: weeks }, (_, i) => addDays(today, -7 * (weeks - 1 - i)));
}

/** Weekly completion rate and overdue count, oldest week first. */
export function followUpWeeklySeries(
  facts: readonly TFollowUpFact[],
  { now, timeZone, weeks = 12 }: { now: Date; timeZone: string; weeks?: number },
): TFollowUpWeek[] {
  return weekEndDays(now, timeZone, weeks).map((weekEnd) => {
    // "By the end of that day" = before the next day starts in the zone.
    const endMs = zonedLocalToUtc(`${addDays(weekEnd, 1)}T00:00`, timeZone)!.getTime();
    let done = 0;
    let openDue = 0;
    let overdue = 0;
    for (const f of facts) {
      if (f.status === "WONT_DO" || f.createdAt.getTime() >= endMs) continue;
      // A done follow-up without its completion time (older data) counts as done from its creation.
      const doneAt = f.completedAt ?? (f.status === "DONE" ? f.createdAt : null);
      if (doneAt && doneAt.getTime() < endMs) {
        done += 1;
        continue;
      }
      if (f.dueDate === null) continue;
      if (f.dueDate <= weekEnd) openDue += 1;
      if (f.dueDate < weekEnd) overdue += 1;
    }
    return { weekEnd, done, openDue, completionRate: done + openDue === 0 ? null : done / (done + openDue), overdue };
  });
}
