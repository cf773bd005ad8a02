import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ARTIFACT_KIND_IDS,
  CHECKLISTS,
  COMPARISON_DIMENSION_IDS,
  CRITERION_IDS,
  DETECTION_SOURCE_IDS,
  FAILURE_CLASS_IDS,
  IMPACT_MEASURE_IDS,
  LOGGING_FIELD_IDS,
  PATTERN_IDS,
  QUESTION_IDS,
  RUNBOOK_VERSION,
  SECTION_IDS,
  SMOKE_CRITERION_IDS,
  findChecklist,
  findQuestion,
  getFailureClass,
  isQuestionId,
  listQuestions,
  requiredQuestionIds,
  runbook,
  type TArtifactKindId,
  type TDetectionSourceId,
  type TFailureClassId,
  type TPatternId,
  type TQuestionId,
  type TSectionId,
} from "./runbook";

// The committed copy keeps these tests independent of the shared seed folder,
// which only exists on some machines.
const here = path.dirname(fileURLToPath(import.meta.url));
const COMMITTED_COPY = path.join(here, "source", `runbook-${RUNBOOK_VERSION}.txt`);
const SHARED_SEED = path.resolve(process.cwd(), "../shared/seed/000_24ba600c20b6777c.txt");
const source = readFileSync(COMMITTED_COPY, "utf8");
const lines = source.split("\n");

/** Bullet items ("- …") directly under the first line equal to `lead` (after `after`, if given). */
function bulletsAfter(lead: string, after?: string): string[] {
  const from = after === undefined ? 0 : lines.indexOf(after);
  expect(from, `anchor line not found: ${after}`).toBeGreaterThanOrEqual(0);
  const start = lines.indexOf(lead, from);
  expect(start, `lead line not found: ${lead}`).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (let i = start + 1; i < lines.length && lines[i]!.startsWith("- "); i++) items.push(lines[i]!.slice(2));
  return items;
}

// Fragment lists end each item with ";" and the last with "."; the data drops that separator.
const fragment = (item: string) => item.replace(/[;.]$/, "");

/** Every string leaf of the data, with its path, except our own ids and units. */
function stringLeaves(value: unknown, at = "runbook"): { at: string; text: string }[] {
  if (typeof value === "string") return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) =>
      key === "id" || key === "unit" ? [] : stringLeaves(v, `${at}.${key}`),
    );
  }
  return [];
}

describe("runbook source copy", () => {
  it("is the committed copy of the runbook reviewed on RUNBOOK_VERSION", () => {
    expect(lines[0]).toBe(`Last reviewed: ${RUNBOOK_VERSION}`);
  });

  it.skipIf(!existsSync(SHARED_SEED))("matches the shared seed byte for byte when the seed is present", () => {
    expect(readFileSync(SHARED_SEED)).toEqual(readFileSync(COMMITTED_COPY));
  });
});

describe("runbook data is verbatim", () => {
  const leaves = stringLeaves(runbook);

  it("has a meaningful number of strings to check", () => {
    expect(leaves.length).toBeGreaterThan(200);
  });

  it.each(leaves.map((leaf) => [leaf.at, leaf.text]))("%s appears verbatim in the source", (_at, text) => {
    expect(text.trim()).toBe(text);
    expect(text.length).toBeGreaterThan(0);
    expect(source.includes(text)).toBe(true);
  });

  it("keeps curly punctuation exactly where the source has it", () => {
    // Guards the check itself: a straightened apostrophe would not be found.
    expect(source.includes("CometAPI's")).toBe(false);
    expect(runbook.keyTakeaways.items[4].text).toContain("CometAPI’s");
    expect(runbook.definition.meaningsLead).toContain("“fallback”");
    expect(runbook.steps.comparison.warning).toContain("“did it respond.”");
    expect(runbook.faq.items[3].answer).toContain("“two consecutive windows above normal timeout rate,”");
  });

  it("uses whole lines for headings, paragraphs and leads", () => {
    const wholeLines = [
      runbook.lastReviewedLine,
      runbook.title,
      ...runbook.intro,
      runbook.keyTakeaways.heading,
      runbook.definition.heading,
      runbook.definition.text,
      runbook.definition.meaningsLead,
      runbook.scope.heading,
      runbook.scope.text,
      runbook.scope.assumptionsLead,
      runbook.checklistHeading,
      runbook.incidentWindow.heading,
      runbook.incidentWindow.recordLead,
      runbook.incidentWindow.exampleNoteLead,
      runbook.incidentWindow.windowTuning,
      runbook.failureModes.heading,
      runbook.failureModes.intro,
      runbook.failureModes.tableLead,
      runbook.failureModes.referenceNote,
      runbook.fallbackDecision.heading,
      runbook.fallbackDecision.intro,
      runbook.fallbackDecision.saferWhenLead,
      runbook.fallbackDecision.pauseWhenLead,
      runbook.validationHeading,
      runbook.steps.configuration.heading,
      runbook.steps.configuration.lead,
      runbook.steps.configuration.aliasWarning,
      runbook.steps.smokeRequest.heading,
      runbook.steps.smokeRequest.text,
      runbook.steps.smokeRequest.exampleLead,
      runbook.steps.smokeRequest.criteriaLead,
      runbook.steps.comparison.heading,
      runbook.steps.comparison.lead,
      runbook.steps.comparison.warning,
      runbook.steps.rollout.heading,
      runbook.steps.rollout.sequenceLead,
      runbook.steps.rollout.thresholdsLead,
      runbook.steps.impact.heading,
      runbook.steps.impact.completion,
      runbook.steps.impact.lead,
      runbook.steps.impact.warning,
      runbook.review.heading,
      runbook.review.lead,
      ...runbook.review.sections.map((s) => s.title),
      runbook.logging.heading,
      runbook.logging.lead,
      runbook.logging.privacy,
      runbook.patterns.heading,
      runbook.patterns.rulesLead,
      ...runbook.patterns.items.flatMap((p) => [p.name, p.useWhen]),
      runbook.rollback.heading,
      runbook.rollback.conditionsLead,
      runbook.rollback.stepsLead,
      runbook.artifacts.heading,
      runbook.artifacts.lead,
      runbook.faq.heading,
      ...runbook.faq.items.flatMap((f) => [f.question, f.answer]),
      runbook.sources.heading,
    ];
    for (const line of wholeLines) expect(lines, line).toContain(line);
  });

  it("matches every bulleted list of the source, in order", () => {
    const texts = (items: readonly { text: string }[]) => items.map((i) => i.text);
    const labels = (items: readonly { label: string }[]) => items.map((i) => i.label);

    expect(texts(runbook.keyTakeaways.items)).toEqual(bulletsAfter("Key takeaways"));
    expect(texts(runbook.definition.meanings)).toEqual(bulletsAfter(runbook.definition.meaningsLead).map(fragment));
    expect(texts(runbook.scope.assumptions)).toEqual(bulletsAfter(runbook.scope.assumptionsLead));
    expect(texts(runbook.incidentWindow.record)).toEqual(bulletsAfter("Record:"));
    expect(runbook.incidentWindow.exampleNote.map((n) => `${n.field}: ${n.value}`)).toEqual(
      bulletsAfter("Example incident note:"),
    );
    expect(texts(runbook.fallbackDecision.saferWhen)).toEqual(bulletsAfter("Fallback is usually safer when:").map(fragment));
    expect(texts(runbook.fallbackDecision.pauseWhen)).toEqual(
      bulletsAfter("Fallback should be paused or limited when:").map(fragment),
    );
    expect(texts(runbook.steps.configuration.items)).toEqual(bulletsAfter(runbook.steps.configuration.lead));
    expect(texts(runbook.steps.smokeRequest.criteria)).toEqual(bulletsAfter("Validation criteria:"));
    expect(labels(runbook.steps.comparison.dimensions)).toEqual(bulletsAfter(runbook.steps.comparison.lead).map(fragment));
    expect(texts(runbook.steps.rollout.sequence)).toEqual(bulletsAfter("A sample rollout sequence:"));
    expect(texts(runbook.steps.rollout.thresholds)).toEqual(bulletsAfter(runbook.steps.rollout.thresholdsLead));
    expect(labels(runbook.steps.impact.measures)).toEqual(bulletsAfter("Check:").map(fragment));
    for (const section of runbook.review.sections) {
      expect(texts(section.questions)).toEqual(bulletsAfter(section.title, runbook.review.heading));
    }
    expect(labels(runbook.logging.fields)).toEqual(bulletsAfter(runbook.logging.lead).map(fragment));
    for (const pattern of runbook.patterns.items) {
      expect(texts(pattern.rules)).toEqual(bulletsAfter("Rules:", pattern.name).map(fragment));
    }
    expect(texts(runbook.rollback.conditions)).toEqual(bulletsAfter(runbook.rollback.conditionsLead).map(fragment));
    expect(texts(runbook.rollback.steps)).toEqual(bulletsAfter("Rollback steps:"));
    expect(labels(runbook.artifacts.kinds)).toEqual(bulletsAfter(runbook.artifacts.lead).map(fragment));
    expect(runbook.sources.items.map((s) => `${s.url} — Accessed ${s.accessed}. Purpose: ${s.purpose}`)).toEqual(
      bulletsAfter("Sources checked"),
    );
  });

  it("matches the failure class table row by row", () => {
    const start = lines.indexOf("| Failure class | What to check | Likely action |");
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toBe("|---|---|---|");
    const rows = lines.slice(start + 2, start + 8).map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
    expect(lines[start + 8]?.startsWith("|")).toBe(false);
    expect(runbook.failureModes.classes.map((c) => [c.label, c.whatToCheck, c.likelyAction])).toEqual(rows);
    const { columns } = runbook.failureModes;
    expect(lines[start]).toBe(`| ${columns.label} | ${columns.whatToCheck} | ${columns.likelyAction} |`);
  });

  it("lists the detection sources named in the Record: item, in order", () => {
    const item = runbook.incidentWindow.record[1].text;
    const labels = runbook.incidentWindow.detectionSources.map((s) => s.label);
    expect(item).toBe(`Detection source: ${labels.slice(0, -1).join(", ")}, or ${labels.at(-1)}.`);
  });

  it("keeps the example smoke command as the exact block of the source", () => {
    const { exampleCommand, example, exampleLead } = runbook.steps.smokeRequest;
    const start = lines.indexOf(exampleLead);
    const end = lines.indexOf("Validation criteria:");
    expect(lines.slice(start + 1, end).join("\n")).toBe(exampleCommand);
    expect(exampleCommand).toContain(`${example.endpointPath}" \\`);
    expect(exampleCommand).toContain(`X-Request-Id: ${example.requestId}`);
  });

  it("references the apidoc links the source cites", () => {
    for (const url of [runbook.links.docsHome, runbook.links.apiReference, runbook.links.helpCenter]) {
      expect(source).toContain(url);
      expect(runbook.sources.items.map((s) => s.url)).toContain(url);
    }
  });
});

describe("runbook structure", () => {
  it("has the counts the runbook defines", () => {
    expect(runbook.keyTakeaways.items).toHaveLength(5);
    expect(runbook.definition.meanings).toHaveLength(4);
    expect(runbook.scope.assumptions).toHaveLength(4);
    expect(runbook.incidentWindow.record).toHaveLength(6);
    expect(DETECTION_SOURCE_IDS).toHaveLength(5);
    expect(runbook.incidentWindow.exampleNote).toHaveLength(5);
    expect(FAILURE_CLASS_IDS).toHaveLength(6);
    expect(runbook.fallbackDecision.saferWhen).toHaveLength(5);
    expect(runbook.fallbackDecision.pauseWhen).toHaveLength(5);
    expect(runbook.steps.configuration.items).toHaveLength(8);
    expect(SMOKE_CRITERION_IDS).toHaveLength(5);
    expect(COMPARISON_DIMENSION_IDS).toHaveLength(7);
    expect(runbook.steps.rollout.sequence).toHaveLength(5);
    expect(runbook.steps.rollout.thresholds).toHaveLength(3);
    expect(IMPACT_MEASURE_IDS).toHaveLength(7);
    expect(SECTION_IDS).toHaveLength(5);
    expect(QUESTION_IDS).toHaveLength(23);
    expect(runbook.review.sections.map((s) => s.questions.length)).toEqual([4, 4, 6, 4, 5]);
    expect(LOGGING_FIELD_IDS).toHaveLength(17);
    expect(PATTERN_IDS).toHaveLength(4);
    expect(runbook.rollback.conditions).toHaveLength(6);
    expect(runbook.rollback.steps).toHaveLength(6);
    expect(ARTIFACT_KIND_IDS).toHaveLength(10);
    expect(runbook.faq.items).toHaveLength(6);
    expect(runbook.sources.items).toHaveLength(3);
  });

  it("uses the stable ids shared with the database enums", () => {
    expect(FAILURE_CLASS_IDS).toEqual([
      "AUTH",
      "VALIDATION_4XX",
      "RATE_LIMIT_429",
      "UPSTREAM_5XX",
      "TIMEOUT",
      "QUALITY_REGRESSION",
    ]);
    expect(DETECTION_SOURCE_IDS).toEqual([
      "ALERT",
      "CUSTOMER_REPORT",
      "SYNTHETIC_TEST",
      "INTERNAL_DASHBOARD",
      "PROVIDER_STATUS_REVIEW",
    ]);
    expect(SECTION_IDS).toEqual(["DETECTION", "DIAGNOSIS", "MITIGATION", "RECOVERY", "PREVENTION"]);
    expect(IMPACT_MEASURE_IDS).toEqual([
      "CUSTOMER_VISIBLE_ERROR_RATE",
      "QUEUE_DEPTH",
      "TIMEOUT_COUNT",
      "SUCCESSFUL_COMPLETION_COUNT",
      "SUPPORT_TICKET_VOLUME",
      "USER_RETRY_BEHAVIOR",
      "FEATURE_BUSINESS_METRIC",
    ]);
    expect(PATTERN_IDS).toEqual(["BOUNDED_RETRY", "AFTER_VALIDATION_FAILURE", "DEGRADED_PROMPT_MODE", "MANUAL_OPERATOR_CONTROLLED"]);
    expect(ARTIFACT_KIND_IDS).toEqual([
      "TIMELINE",
      "GRAPHS",
      "AFFECTED_SERVICES",
      "REQUEST_CONFIGURATION",
      "MODEL_IDS",
      "SAMPLE_REQUEST_RESPONSE",
      "ERROR_HISTOGRAM",
      "SUPPORT_CONTACTS",
      "CUSTOMER_IMPACT_STATEMENT",
      "FOLLOW_UP_OWNERS",
    ]);
  });

  it("has unique ids within every list, and id formats per kind", () => {
    const lists: Record<string, readonly { id: string }[]> = {
      takeaways: runbook.keyTakeaways.items,
      meanings: runbook.definition.meanings,
      assumptions: runbook.scope.assumptions,
      record: runbook.incidentWindow.record,
      detectionSources: runbook.incidentWindow.detectionSources,
      exampleNote: runbook.incidentWindow.exampleNote,
      classes: runbook.failureModes.classes,
      criteria: [...runbook.fallbackDecision.saferWhen, ...runbook.fallbackDecision.pauseWhen],
      configuration: runbook.steps.configuration.items,
      smokeCriteria: runbook.steps.smokeRequest.criteria,
      dimensions: runbook.steps.comparison.dimensions,
      rollout: runbook.steps.rollout.sequence,
      thresholds: runbook.steps.rollout.thresholds,
      measures: runbook.steps.impact.measures,
      sections: runbook.review.sections,
      questions: listQuestions(),
      logging: runbook.logging.fields,
      patterns: runbook.patterns.items,
      ...Object.fromEntries(runbook.patterns.items.map((p) => [`rules:${p.id}`, p.rules])),
      rollbackConditions: runbook.rollback.conditions,
      rollbackSteps: runbook.rollback.steps,
      artifacts: runbook.artifacts.kinds,
      faq: runbook.faq.items,
      sources: runbook.sources.items,
      checklists: CHECKLISTS,
    };
    for (const [name, items] of Object.entries(lists)) {
      const seen = items.map((i) => i.id);
      expect(new Set(seen).size, name).toBe(seen.length);
    }
    const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
    const screaming = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
    for (const id of CRITERION_IDS) expect(id).toMatch(kebab);
    for (const id of [...FAILURE_CLASS_IDS, ...SECTION_IDS, ...IMPACT_MEASURE_IDS, ...PATTERN_IDS, ...ARTIFACT_KIND_IDS])
      expect(id).toMatch(screaming);
    for (const id of LOGGING_FIELD_IDS) expect(id).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    for (const q of listQuestions()) {
      const [prefix, slug] = q.id.split(".");
      expect(prefix).toBe(q.sectionId.toLowerCase());
      expect(slug).toMatch(kebab);
    }
  });

  it("marks the review questions a review cannot be complete without as required", () => {
    const required = requiredQuestionIds();
    expect(required.length).toBeGreaterThanOrEqual(18);
    const optional = listQuestions().filter((q) => !q.required).map((q) => q.text);
    expect(optional).toEqual([
      "Which dashboard panel was missing?",
      "Should the escalation path reference the CometAPI help center for support workflows: https://apidoc.cometapi.com/help-center?",
    ]);
  });

  it("gives every impact measure a default unit", () => {
    for (const m of runbook.steps.impact.measures) expect(m.unit.length).toBeGreaterThan(0);
    expect(runbook.steps.impact.measures[0].unit).toBe("%");
  });
});

describe("derived id types", () => {
  // Checked by tsc: the unions come from the data as literals, not widened to string.
  it("are literal unions", () => {
    expectTypeOf<TFailureClassId>().toEqualTypeOf<
      "AUTH" | "VALIDATION_4XX" | "RATE_LIMIT_429" | "UPSTREAM_5XX" | "TIMEOUT" | "QUALITY_REGRESSION"
    >();
    expectTypeOf<TSectionId>().toEqualTypeOf<"DETECTION" | "DIAGNOSIS" | "MITIGATION" | "RECOVERY" | "PREVENTION">();
    expectTypeOf<TPatternId>().toEqualTypeOf<
      "BOUNDED_RETRY" | "AFTER_VALIDATION_FAILURE" | "DEGRADED_PROMPT_MODE" | "MANUAL_OPERATOR_CONTROLLED"
    >();
    expectTypeOf<TDetectionSourceId>().toEqualTypeOf<
      "ALERT" | "CUSTOMER_REPORT" | "SYNTHETIC_TEST" | "INTERNAL_DASHBOARD" | "PROVIDER_STATUS_REVIEW"
    >();
    expectTypeOf<"TIMELINE">().toExtend<TArtifactKindId>();
    expectTypeOf<"detection.first-alert">().toExtend<TQuestionId>();
    expectTypeOf<string>().not.toExtend<TQuestionId>();
    expect(QUESTION_IDS).toContain("detection.first-alert");
  });
});

describe("accessors", () => {
  it("lists questions in runbook order, optionally per section", () => {
    const all = listQuestions();
    expect(all[0]).toMatchObject({ id: "detection.first-alert", text: "Which alert fired first?", sectionId: "DETECTION" });
    expect(all.at(-1)?.sectionId).toBe("PREVENTION");
    expect(listQuestions("MITIGATION").map((q) => q.id)).toEqual([
      "mitigation.approver",
      "mitigation.automatic-or-manual",
      "mitigation.traffic-moved",
      "mitigation.config-changed",
      "mitigation.rollback-plan",
      "mitigation.impact-reduced",
    ]);
  });

  it("finds questions by id and rejects unknown ids", () => {
    expect(findQuestion("mitigation.approver")?.text).toBe("Who approved fallback activation?");
    expect(findQuestion("mitigation.nope")).toBeUndefined();
    expect(isQuestionId("recovery.gradual-restore")).toBe(true);
    expect(isQuestionId("RECOVERY")).toBe(false);
  });

  it("returns failure classes by id", () => {
    expect(getFailureClass("AUTH").likelyAction).toBe("Do not model-fallback first; fix credentials");
  });

  it("registers every answerable checklist with the runbook items", () => {
    expect(CHECKLISTS.map((c) => c.id)).toEqual([
      "fallback-safer-when",
      "fallback-paused-when",
      "configuration",
      "rollout-sequence",
      "pattern-BOUNDED_RETRY",
      "pattern-AFTER_VALIDATION_FAILURE",
      "pattern-DEGRADED_PROMPT_MODE",
      "pattern-MANUAL_OPERATOR_CONTROLLED",
      "rollback-conditions",
      "rollback-steps",
    ]);
    expect(findChecklist("rollback-steps")?.items).toBe(runbook.rollback.steps);
    expect(findChecklist("missing")).toBeUndefined();
  });

  it("is frozen at runtime where accessors hand out shared lists", () => {
    expect(Object.isFrozen(FAILURE_CLASS_IDS)).toBe(true);
    expect(Object.isFrozen(listQuestions())).toBe(true);
  });
});
