import { describe, expect, it } from "vitest";
import { QUESTION_IDS } from "@/lib/runbook/runbook";
import { ANSWER_MAX_CHARS, ZSaveAnswer } from "./schemas";

const valid = { incidentId: "inc_1", questionId: "detection.first-alert", body: "The p95 latency alert.", version: 0 };

describe("ZSaveAnswer", () => {
  it("accepts every runbook question id, an empty body and any non-negative version", () => {
    for (const questionId of QUESTION_IDS) expect(ZSaveAnswer.safeParse({ ...valid, questionId }).success).toBe(true);
    expect(ZSaveAnswer.parse({ ...valid, body: "", version: 7 })).toEqual({ ...valid, body: "", version: 7 });
  });

  it("refuses a question id that is not in the runbook", () => {
    const r = ZSaveAnswer.safeParse({ ...valid, questionId: "detection.made-up" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["questionId"], message: "Unknown review question." });
  });

  it("refuses a body longer than 20,000 characters and accepts exactly 20,000", () => {
    expect(ANSWER_MAX_CHARS).toBe(20_000);
    expect(ZSaveAnswer.safeParse({ ...valid, body: "x".repeat(20_000) }).success).toBe(true);
    const r = ZSaveAnswer.safeParse({ ...valid, body: "x".repeat(20_001) });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["body"], message: "Keep the answer under 20,000 characters." });
  });

  it("refuses negative, fractional or missing versions and a missing incident", () => {
    expect(ZSaveAnswer.safeParse({ ...valid, version: -1 }).success).toBe(false);
    expect(ZSaveAnswer.safeParse({ ...valid, version: 1.5 }).success).toBe(false);
    expect(ZSaveAnswer.safeParse({ ...valid, version: undefined }).success).toBe(false);
    expect(ZSaveAnswer.safeParse({ ...valid, incidentId: "" }).success).toBe(false);
  });
});
