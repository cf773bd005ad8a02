import { describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/http/errors";
import { assertVersion } from "./concurrency";

describe("assertVersion", () => {
  it("passes when the versions match, including 0 for not-yet-created", () => {
    expect(() => assertVersion({ version: 3, body: "x" }, 3, (c) => c.body)).not.toThrow();
    expect(() => assertVersion(null, 0, () => null)).not.toThrow();
  });
  it("throws a conflict carrying the current value and version", () => {
    try {
      assertVersion({ version: 4, body: "theirs" }, 3, (c) => ({ body: c.body }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConflictError);
      expect((e as ConflictError).current).toEqual({ body: "theirs" });
      expect((e as ConflictError).currentVersion).toBe(4);
    }
  });
  it("treats a row created by someone else as a conflict for a first save", () => {
    expect(() => assertVersion({ version: 1 }, 0, () => null)).toThrow(ConflictError);
  });
});
