import { describe, expect, it } from "vitest";
import { QUESTION_IDS, requiredQuestionIds, runbook } from "@/lib/runbook/runbook";
import { computeCompleteness, isAnswered, parseSectionSlug, sectionSlug } from "./completeness";

const all = (body: string) => QUESTION_IDS.map((questionId) => ({ questionId, body }));

describe("isAnswered", () => {
  it("counts only non-blank text", () => {
    expect(isAnswered("Yes.")).toBe(true);
    expect(isAnswered("  \n\t ")).toBe(false);
    expect(isAnswered("")).toBe(false);
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered(undefined)).toBe(false);
  });
});

describe("computeCompleteness", () => {
  it("with no answers: 0 of 23, 0 of 21 required, per section totals from the runbook", () => {
    const c = computeCompleteness([]);
    expect(c.overall).toEqual({ answered: 0, total: 23, requiredAnswered: 0, requiredTotal: 21 });
    expect(c.requiredComplete).toBe(false);
    expect(c.sections.map((s) => [s.sectionId, s.title, s.total, s.requiredTotal])).toEqual([
      ["DETECTION", "Detection", 4, 4],
      ["DIAGNOSIS", "Diagnosis", 4, 4],
      ["MITIGATION", "Mitigation", 6, 6],
      ["RECOVERY", "Recovery", 4, 4],
      ["PREVENTION", "Prevention", 5, 3],
    ]);
    expect(c.overall.requiredTotal).toBe(requiredQuestionIds().length);
  });

  it("with every question answered: complete", () => {
    const c = computeCompleteness(all("answer"));
    expect(c.overall).toEqual({ answered: 23, total: 23, requiredAnswered: 21, requiredTotal: 21 });
    expect(c.requiredComplete).toBe(true);
    for (const s of c.sections) {
      expect(s.answered).toBe(s.total);
      expect(s.requiredAnswered).toBe(s.requiredTotal);
    }
  });

  it("does not count blank answers, and counts optional answers only in the answered total", () => {
    const c = computeCompleteness([
      { questionId: "detection.first-alert", body: "PagerDuty p95" },
      { questionId: "detection.user-impact-tie", body: "   " },
      { questionId: "prevention.missing-panel", body: "Fallback share" },
    ]);
    const detection = c.sections.find((s) => s.sectionId === "DETECTION")!;
    const prevention = c.sections.find((s) => s.sectionId === "PREVENTION")!;
    expect(detection).toMatchObject({ answered: 1, total: 4, requiredAnswered: 1, requiredTotal: 4 });
    expect(prevention).toMatchObject({ answered: 1, total: 5, requiredAnswered: 0, requiredTotal: 3 });
    expect(c.overall).toEqual({ answered: 2, total: 23, requiredAnswered: 1, requiredTotal: 21 });
  });

  it("is complete once all required questions are answered, even with optional ones blank", () => {
    const c = computeCompleteness(requiredQuestionIds().map((questionId) => ({ questionId, body: "x" })));
    expect(c.requiredComplete).toBe(true);
    expect(c.overall.answered).toBe(21);
  });

  it("ignores answers to questions that are not in the runbook and duplicates", () => {
    const c = computeCompleteness([
      { questionId: "retired.question", body: "old answer" },
      { questionId: "detection.first-alert", body: "a" },
      { questionId: "detection.first-alert", body: "a again" },
    ]);
    expect(c.overall.answered).toBe(1);
  });
});

describe("section slugs", () => {
  it("round-trips every section and falls back to the first for unknown or missing values", () => {
    for (const s of runbook.review.sections) expect(parseSectionSlug(sectionSlug(s.id))).toBe(s.id);
    expect(sectionSlug("DIAGNOSIS")).toBe("diagnosis");
    expect(parseSectionSlug("Recovery")).toBe("RECOVERY");
    expect(parseSectionSlug(["prevention", "detection"])).toBe("PREVENTION");
    expect(parseSectionSlug("nope")).toBe("DETECTION");
    expect(parseSectionSlug(undefined)).toBe("DETECTION");
  });
});
