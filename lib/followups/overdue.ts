// Which follow-ups are overdue, and the order they are listed in. Pure: the
// caller supplies "today" as a calendar date in the viewer's time zone.
import { utcToZonedLocal } from "@/lib/time/zone";
import type { TFollowUpStatus } from "./schemas";

export type TDatedFollowUp = {
  /** A calendar date: "YYYY-MM-DD", or a Date at UTC midnight (how Postgres `date` columns come back). */
  dueDate: string | Date | null;
  status: TFollowUpStatus;
  title: string;
};

const ACTIVE: ReadonlySet<TFollowUpStatus> = new Set(["OPEN", "IN_PROGRESS"]);

/** The calendar date "YYYY-MM-DD" of an instant in a time zone. */
export function todayInZone(now: Date, timeZone: string): string {
  return utcToZonedLocal(now, timeZone).slice(0, 10);
}

/** "YYYY-MM-DD" of a stored due date (a Date is read as its UTC calendar date). */
export function dueDateString(dueDate: string | Date | null): string | null {
  if (dueDate === null) return null;
  return typeof dueDate === "string" ? dueDate : dueDate.toISOString().slice(0, 10);
}

/**
 * Overdue: still open or in progress and due strictly before today (a
 * follow-up due today is not overdue yet). Done and won't-do never are.
 */
export function isOverdue(followUp: Pick<TDatedFollowUp, "dueDate" | "status">, today: string): boolean {
  if (!ACTIVE.has(followUp.status)) return false;
  const due = dueDateString(followUp.dueDate);
  return due !== null && due < today;
}

function rank(f: TDatedFollowUp, today: string): number {
  if (isOverdue(f, today)) return 0;
  return ACTIVE.has(f.status) ? 1 : 2;
}

/** Overdue first, then open and in progress, then done and won't do; each by due date (none last), then title. */
export function sortFollowUps<T extends TDatedFollowUp>(items: readonly T[], today: string): T[] {
  return [...items].sort((a, b) => {
    const byRank = rank(a, today) - rank(b, today);
    if (byRank !== 0) return byRank;
    const da = dueDateString(a.dueDate);
    const db = dueDateString(b.dueDate);
    if (da !== db) {
      if (da === null) return 1;
      if (db === null) return -1;
      return da < db ? -1 : 1;
    }
    return a.title.localeCompare(b.title);
  });
}
