// Stored IncidentFailureClass rows ↔ the classification form (one entry per runbook class).
import { FAILURE_CLASS_IDS, type TFailureClassId } from "@/lib/runbook/runbook";
import type { TClassRole } from "@/lib/fallback/types";
import type { TClassRoleChoice } from "./schemas";

export type TClassRow = { readonly classId: TFailureClassId; readonly role: TClassRole; readonly note: string | null };
export type TClassFormEntry = { classId: TFailureClassId; role: TClassRoleChoice; note: string };

/** All six classes in runbook order; classes the incident did not show are NONE. */
export function classRowsToForm(rows: readonly TClassRow[]): TClassFormEntry[] {
  const byId = new Map(rows.map((r) => [r.classId, r]));
  return FAILURE_CLASS_IDS.map((classId) => {
    const row = byId.get(classId);
    return { classId, role: row?.role ?? "NONE", note: row?.note ?? "" };
  });
}

/** Fingerprint of the stored classification; saves name the one they were based on. */
export function classesFingerprint(rows: readonly TClassRow[]): string {
  return JSON.stringify(
    [...rows]
      .sort((a, b) => FAILURE_CLASS_IDS.indexOf(a.classId) - FAILURE_CLASS_IDS.indexOf(b.classId))
      .map((r) => [r.classId, r.role, r.note ?? ""]),
  );
}

export type TClassChange =
  | { kind: "create"; classId: TFailureClassId; role: TClassRole; note: string | null }
  | { kind: "update"; classId: TFailureClassId; role: TClassRole; note: string | null }
  | { kind: "delete"; classId: TFailureClassId };

/** What to write to go from the stored rows to the submitted form. */
export function planClassChanges(
  current: readonly TClassRow[],
  submitted: readonly { classId: TFailureClassId; role: TClassRoleChoice; note: string }[],
): TClassChange[] {
  const byId = new Map(current.map((r) => [r.classId, r]));
  const changes: TClassChange[] = [];
  for (const entry of submitted) {
    const existing = byId.get(entry.classId);
    const note = entry.note.trim() ? entry.note.trim() : null;
    if (entry.role === "NONE") {
      if (existing) changes.push({ kind: "delete", classId: entry.classId });
      continue;
    }
    if (!existing) changes.push({ kind: "create", classId: entry.classId, role: entry.role, note });
    else if (existing.role !== entry.role || (existing.note ?? null) !== note) {
      changes.push({ kind: "update", classId: entry.classId, role: entry.role, note });
    }
  }
  return changes;
}
