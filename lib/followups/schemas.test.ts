import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runbook } from "@/lib/runbook/runbook";
import {
  describeFollowUpSource,
  FOLLOW_UP_SOURCE_OPTIONS,
  followUpSourceValue,
  isCalendarDate,
  parseFollowUpSource,
  ZFollowUp,
  type TFollowUpInput,
} from "./schemas";

const valid: TFollowUpInput = {
  title: "Add a fallback-rate panel to the dashboard",
  ownerUserId: "user_1",
  ownerExternalName: "",
  dueDate: "2026-06-01",
  status: "OPEN",
  ticketUrl: "https://tickets.example.com/OPS-12",
  source: "question:detection.dashboards-separated",
};

function fieldErrors(input: unknown): Record<string, string[]> {
  const r = ZFollowUp.safeParse(input);
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
}

describe("ZFollowUp", () => {
  it("parses a complete follow-up and maps empty strings and the source to stored values", () => {
    const r = ZFollowUp.parse(valid);
    expect(r).toEqual({
      title: "Add a fallback-rate panel to the dashboard",
      ownerUserId: "user_1",
      ownerExternalName: null,
      dueDate: "2026-06-01",
      status: "OPEN",
      ticketUrl: "https://tickets.example.com/OPS-12",
      sourceSectionId: "DETECTION",
      sourceQuestionId: "detection.dashboards-separated",
    });
  });

  it("accepts an external owner instead of a user, and no ticket or source", () => {
    const r = ZFollowUp.parse({ ...valid, ownerUserId: "", ownerExternalName: "  Priya (vendor)  ", ticketUrl: "", source: "" });
    expect(r.ownerUserId).toBeNull();
    expect(r.ownerExternalName).toBe("Priya (vendor)");
    expect(r.ticketUrl).toBeNull();
    expect(r.sourceSectionId).toBeNull();
    expect(r.sourceQuestionId).toBeNull();
  });

  it("requires exactly one owner: neither is refused, both is refused", () => {
    expect(fieldErrors({ ...valid, ownerUserId: "", ownerExternalName: "   " }).ownerUserId).toEqual([
      "Choose an owner: a user or a named external owner.",
    ]);
    expect(fieldErrors({ ...valid, ownerUserId: "user_1", ownerExternalName: "Priya" }).ownerExternalName).toEqual([
      "Choose either a user or an external owner, not both.",
    ]);
  });

  it("accepts only http(s) ticket links", () => {
    for (const bad of ["javascript:alert(1)", "ftp://example.com/x", "tickets/OPS-12", "data:text/html,hi", "https://"]) {
      expect(fieldErrors({ ...valid, ticketUrl: bad }).ticketUrl).toEqual(["Enter a full http:// or https:// URL."]);
    }
    expect(ZFollowUp.parse({ ...valid, ticketUrl: "http://jira.local/browse/OPS-1" }).ticketUrl).toBe("http://jira.local/browse/OPS-1");
    expect(fieldErrors({ ...valid, ticketUrl: `https://x.test/${"a".repeat(2000)}` }).ticketUrl).toBeDefined();
  });

  it("requires a real calendar due date", () => {
    expect(fieldErrors({ ...valid, dueDate: "" }).dueDate).toEqual(["Enter a due date."]);
    for (const bad of ["2026-02-30", "2026-13-01", "01/06/2026", "2026-6-1", "1999-12-31", "2026-06-01T00:00"]) {
      expect(fieldErrors({ ...valid, dueDate: bad }).dueDate).toEqual(["Enter a valid date (YYYY-MM-DD)."]);
    }
    expect(ZFollowUp.parse({ ...valid, dueDate: "2028-02-29" }).dueDate).toBe("2028-02-29");
  });

  it("reports every problem at once, including the cross-field owner check", () => {
    const errors = fieldErrors({ title: "x", ownerUserId: "", ownerExternalName: "", dueDate: "nope", status: "LATER", ticketUrl: "javascript:x", source: "section:NOPE" });
    expect(Object.keys(errors).sort()).toEqual(["dueDate", "ownerUserId", "source", "status", "ticketUrl", "title"]);
  });

  it("refuses a source that is not a runbook section or question", () => {
    expect(fieldErrors({ ...valid, source: "question:not.a.question" }).source).toEqual(["Choose a section or question from the list."]);
  });
});

describe("follow-up sources", () => {
  it("offers every runbook section and question, with the runbook's wording", () => {
    const questionCount = runbook.review.sections.reduce((n, s) => n + s.questions.length, 0);
    expect(FOLLOW_UP_SOURCE_OPTIONS).toHaveLength(1 + runbook.review.sections.length + questionCount);
    const first = runbook.review.sections[0]!;
    expect(FOLLOW_UP_SOURCE_OPTIONS).toContainEqual({ value: `section:${first.id}`, label: `${first.title} (whole section)` });
    expect(FOLLOW_UP_SOURCE_OPTIONS).toContainEqual({
      value: `question:${first.questions[0]!.id}`,
      label: `${first.title}: ${first.questions[0]!.text}`,
    });
  });

  it("round-trips between the select value and the stored pair", () => {
    expect(parseFollowUpSource("section:MITIGATION")).toEqual({ sourceSectionId: "MITIGATION", sourceQuestionId: null });
    expect(parseFollowUpSource("question:mitigation.approver")).toEqual({ sourceSectionId: "MITIGATION", sourceQuestionId: "mitigation.approver" });
    expect(parseFollowUpSource("")).toEqual({ sourceSectionId: null, sourceQuestionId: null });
    expect(parseFollowUpSource("MITIGATION")).toBeNull();
    expect(followUpSourceValue("MITIGATION", "mitigation.approver")).toBe("question:mitigation.approver");
    expect(followUpSourceValue("MITIGATION", null)).toBe("section:MITIGATION");
    expect(describeFollowUpSource(null, null)).toBe("—");
    expect(describeFollowUpSource("MITIGATION", "mitigation.approver")).toBe("Mitigation: Who approved fallback activation?");
  });

  it("isCalendarDate checks the calendar, not just the shape", () => {
    expect(isCalendarDate("2026-05-08")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
  });
});
