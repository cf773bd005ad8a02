import { describe, expect, it } from "vitest";
import { FAILURE_CLASS_IDS } from "@/lib/runbook/runbook";
import { classesFingerprint, classRowsToForm, planClassChanges, type TClassRow } from "./class-rows";

const rows: TClassRow[] = [
  { classId: "UPSTREAM_5XX", role: "SECONDARY", note: null },
  { classId: "TIMEOUT", role: "PRIMARY", note: "p95 over budget" },
];

describe("classRowsToForm", () => {
  it("lists all six runbook classes in order, unmarked ones as NONE", () => {
    const form = classRowsToForm(rows);
    expect(form.map((f) => f.classId)).toEqual([...FAILURE_CLASS_IDS]);
    expect(form.find((f) => f.classId === "TIMEOUT")).toEqual({ classId: "TIMEOUT", role: "PRIMARY", note: "p95 over budget" });
    expect(form.find((f) => f.classId === "AUTH")).toEqual({ classId: "AUTH", role: "NONE", note: "" });
  });
});

describe("classesFingerprint", () => {
  it("ignores row order but not content", () => {
    expect(classesFingerprint(rows)).toBe(classesFingerprint([...rows].reverse()));
    expect(classesFingerprint(rows)).not.toBe(classesFingerprint([{ ...rows[0]!, role: "PRIMARY" }, rows[1]!]));
    expect(classesFingerprint([])).toBe("[]");
  });
});

describe("planClassChanges", () => {
  it("creates, updates and deletes only what differs; notes are trimmed and empty notes are null", () => {
    const submitted = classRowsToForm(rows).map((f) =>
      f.classId === "TIMEOUT"
        ? { ...f, role: "SECONDARY" as const }
        : f.classId === "UPSTREAM_5XX"
          ? { ...f, role: "NONE" as const }
          : f.classId === "AUTH"
            ? { ...f, role: "PRIMARY" as const, note: "  key rotated  " }
            : f,
    );
    expect(planClassChanges(rows, submitted)).toEqual([
      { kind: "create", classId: "AUTH", role: "PRIMARY", note: "key rotated" },
      { kind: "delete", classId: "UPSTREAM_5XX" },
      { kind: "update", classId: "TIMEOUT", role: "SECONDARY", note: "p95 over budget" },
    ]);
    expect(planClassChanges(rows, classRowsToForm(rows))).toEqual([]);
  });
});
