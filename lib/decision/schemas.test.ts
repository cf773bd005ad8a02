import { describe, expect, it } from "vitest";
import { ZChecklistAnswers, ZSetVerdictOverride, toTriState } from "./schemas";

const answer = (over: Record<string, unknown> = {}) => ({
  checklistId: "fallback-safer-when",
  itemId: "stateless-or-retry-safe",
  checked: "yes",
  note: "",
  occurredAtLocal: "",
  version: 0,
  ...over,
});

describe("ZChecklistAnswers", () => {
  it("maps yes / no / unanswered (and booleans) to true / false / null; empty notes to null", () => {
    const r = ZChecklistAnswers.parse({
      incidentId: "inc",
      timeZone: "UTC",
      answers: [answer(), answer({ itemId: "a", checked: "no" }), answer({ itemId: "b", checked: "unanswered" }), answer({ itemId: "c", checked: false, note: " why " })],
    });
    expect(r.answers.map((a) => a.checked)).toEqual([true, false, null, false]);
    expect(r.answers.map((a) => a.note)).toEqual([null, null, null, "why"]);
    expect(r.answers[0]!.occurredAt).toBeNull();
  });

  it("converts the time in the user's zone and refuses future times and duplicates", () => {
    const r = ZChecklistAnswers.parse({
      incidentId: "inc",
      timeZone: "America/New_York",
      answers: [answer({ occurredAtLocal: "2026-05-08T06:00" })],
    });
    expect(r.answers[0]!.occurredAt!.toISOString()).toBe("2026-05-08T10:00:00.000Z");
    const bad = ZChecklistAnswers.safeParse({
      incidentId: "inc",
      timeZone: "UTC",
      answers: [answer({ occurredAtLocal: "2999-01-01T00:00" }), answer()],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(["This time cannot be in the future.", "Each item can be answered once per save."]),
    );
  });

  it("refuses anything but a tri-state answer", () => {
    expect(ZChecklistAnswers.safeParse({ incidentId: "inc", timeZone: "UTC", answers: [answer({ checked: "maybe" })] }).success).toBe(false);
    expect(toTriState(true)).toBe("yes");
    expect(toTriState(false)).toBe("no");
    expect(toTriState(null)).toBe("unanswered");
  });
});

describe("ZSetVerdictOverride", () => {
  it("requires a written reason", () => {
    const r = ZSetVerdictOverride.safeParse({ incidentId: "inc", version: 1, verdict: "ALLOWED", reason: "   " });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("An override needs a reason.");
    expect(ZSetVerdictOverride.parse({ incidentId: "inc", version: 1, verdict: "ALLOWED", reason: " vendor confirmed " }).reason).toBe(
      "vendor confirmed",
    );
  });
});
