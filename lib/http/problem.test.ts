import { describe, expect, it } from "vitest";
import { PROBLEM_BASE, PROBLEM_KINDS, problemKind, problemTypeUri, toProblem } from "./problem";

describe("problem documents", () => {
  it("map each status to one stable type URI", () => {
    expect(problemTypeUri(problemKind(400))).toBe("https://incident-review.dev/problems/validation");
    expect(problemKind(401)).toBe("unauthenticated");
    expect(problemKind(403)).toBe("forbidden");
    expect(problemKind(404)).toBe("not-found");
    expect(problemKind(409)).toBe("conflict");
    expect(problemKind(413)).toBe("payload-too-large");
    expect(problemKind(415)).toBe("unsupported-media-type");
    expect(problemKind(429)).toBe("rate-limited");
    expect(problemKind(500)).toBe("internal");
    expect(problemKind(503)).toBe("database-unavailable");
    expect(problemKind(418)).toBe("internal");
    const statuses = Object.values(PROBLEM_KINDS).map((k) => k.status);
    expect(new Set(statuses).size).toBe(statuses.length);
  });

  it("carry detail, field errors and the conflict, and nothing else", () => {
    const p = toProblem({ status: 409, error: "Changed meanwhile.", conflict: { current: { title: "x" }, currentVersion: 3 } });
    expect(p).toEqual({
      type: `${PROBLEM_BASE}conflict`,
      title: "Conflict",
      status: 409,
      detail: "Changed meanwhile.",
      conflict: { current: { title: "x" }, currentVersion: 3 },
    });
    expect(Object.keys(toProblem({ status: 400, error: "Bad.", fieldErrors: { title: ["Too short."] } }))).toEqual([
      "type",
      "title",
      "status",
      "detail",
      "fieldErrors",
    ]);
  });
});
