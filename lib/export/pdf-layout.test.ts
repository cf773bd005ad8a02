import { describe, expect, it } from "vitest";
import { buildReviewDocument } from "./document";
import { blockWeight, columnWidths, groupForPages, layoutReviewPdf, PAGE_WEIGHT, type TPdfNode } from "./pdf-layout";
import { fixtureReview } from "./testing/fixture";

const review = fixtureReview();
const doc = layoutReviewPdf(review, { charts: ["error-histogram"] });
const body = doc.pages.flat();

function all(nodes: readonly (TPdfNode | string)[]): TPdfNode[] {
  return nodes.flatMap((n) => (typeof n === "string" ? [] : [n, ...("c" in n ? all(n.c) : [])]));
}
const text = (n: TPdfNode | string): string => (typeof n === "string" ? n : "c" in n ? n.c.map(text).join("") : "");

describe("layoutReviewPdf", () => {
  it("puts the incident key in a header and 'page X of Y' in a footer on every page", () => {
    const [header, footer] = doc.header;
    expect(header).toMatchObject({ t: "View", fixed: true });
    expect(text(header!)).toContain("INC-2026-0001");
    expect(footer).toMatchObject({ t: "PageNumber", template: "page {n} of {total}" });
  });

  it("repeats each table's header row on every page (fixed first row) and keeps short rows whole", () => {
    const tables = all(body).filter((n) => n.t === "View" && n.c[0]?.t === "View" && n.c[0].fixed === true && n.c[0].style?.backgroundColor);
    expect(tables.length).toBeGreaterThan(30);
    for (const table of tables) {
      const rows = (table as Extract<TPdfNode, { t: "View" }>).c.slice(1) as Extract<TPdfNode, { t: "View" }>[];
      for (const row of rows) expect(row.fixed).toBeUndefined();
    }
  });

  it("carries the same text as the markdown: questions, answers, timeline", () => {
    const allText = body.map(text).join("\n");
    expect(allText).toContain("Which alert fired first?");
    expect(allText).toContain("Answer 1 for detection.first-alert.\nSecond line of the answer.");
    expect(allText).toContain("Timeout-rate alert fired on the assistant chat-completions route.");
    expect(all(body).filter((n) => n.t === "Image")).toEqual([expect.objectContaining({ chart: "error-histogram" })]);
    expect(doc.meta.creationDate).toBe(review.generatedAt);
  });

  it("never emits undefined props (react-pdf treats a present 'fixed' key as fixed)", () => {
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) {
        expect(c, k).not.toBeUndefined();
        walk(c);
      }
    };
    walk(JSON.parse(JSON.stringify(doc)));
    walk(body);
  });

  it("cuts the content into page groups of about two pages at section boundaries, keeping every block", () => {
    const blocks = buildReviewDocument(review, { charts: ["error-histogram"] }).blocks;
    const groups = groupForPages(blocks);
    expect(groups.flat()).toEqual(blocks);
    expect(groups.length).toBeGreaterThan(3);
    for (const group of groups.slice(1)) expect(group[0]).toMatchObject({ k: "heading" });
    for (const group of groups) {
      const weight = group.reduce((sum, b) => sum + blockWeight(b), 0);
      // A group is over the cap only when it is a single piece that cannot be cut further.
      if (weight > 2 * PAGE_WEIGHT) expect(group.filter((b) => b.k === "heading" && b.level <= 3)).toHaveLength(1);
    }
  });

  it("sizes columns by content and never narrower than their words", () => {
    const widths = columnWidths(["Field", "Value"], [["Start of degradation", "2026-05-08 09:12 UTC"]]);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    expect(columnWidths(["Answer", "Note"], [["yes", "a long note ".repeat(20)]])[0]).toBeGreaterThan(5);
  });
});
