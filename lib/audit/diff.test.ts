import { describe, expect, it } from "vitest";
import { diffFields } from "./diff";

describe("diffFields", () => {
  it("lists only changed fields, with dates as ISO strings", () => {
    const before = { title: "A", severity: "SEV2", startedAt: new Date("2026-05-08T10:00:00Z"), tags: ["x"] };
    const after = { title: "A", severity: "SEV1", startedAt: new Date("2026-05-08T10:05:00Z"), tags: ["x"] };
    expect(diffFields(before, after)).toEqual([
      { field: "severity", before: "SEV2", after: "SEV1" },
      { field: "startedAt", before: "2026-05-08T10:00:00.000Z", after: "2026-05-08T10:05:00.000Z" },
    ]);
  });
  it("treats undefined as null and ignores fields not in the update", () => {
    expect(diffFields({ a: null, b: 1 } as Record<string, unknown>, { a: undefined })).toEqual([]);
    expect(diffFields({ a: 1, b: 2 }, { b: 3 })).toEqual([{ field: "b", before: 2, after: 3 }]);
  });
  it("compares arrays by content", () => {
    expect(diffFields({ tags: ["a", "b"] }, { tags: ["a", "c"] })).toHaveLength(1);
  });
});
