import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { buildCharts } from "@/lib/export/charts";
import { REVIEW_SECTIONS } from "@/lib/export/document";
import { bundleChartSrc, renderReviewMarkdown } from "@/lib/export/markdown";
import type { TReviewExport } from "@/lib/export/schema";
import { fixtureReview } from "@/lib/export/testing/fixture";
import { freeTextLeaves, withLeaves } from "@/lib/export/testing/leaves";
import { hostileString } from "@/lib/testing/fuzz-arbitraries";

// Issue #8: the markdown export, 10,000 generated reviews, no crash. The structural guarantees
// (user text never adds markdown structure) are proven by md-escape.test.ts (10,000 cases per
// context) and markdown.test.ts; this one drives the whole review → document → markdown path.
const RUNS = 10_000;

/** The fixture with every list cut to its first item: all sections still render, ~10x faster. */
function trimmed(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice(0, 1).map(trimmed);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)]));
  }
  return value;
}

const review = trimmed(fixtureReview()) as TReviewExport;
const charts = buildCharts(review).map((c) => c.id);
const leafCount = freeTextLeaves(review).length;
const leafKeys = new Set(freeTextLeaves(review).map((l) => l.path.join(".")));
// Sections present for this review (some, like "Other checklists", only appear when there is data).
const headings = renderReviewMarkdown(review)
  .split("\n")
  .filter((line) => line.startsWith("## "));

describe("renderReviewMarkdown under hostile text (10,000 reviews)", () => {
  it("never throws; every section heading is there and no raw HTML gets through", () => {
    expect(leafCount).toBeGreaterThan(50);
    expect(headings.length).toBeGreaterThanOrEqual(REVIEW_SECTIONS.length - 1);
    const replacement = fc.dictionary(fc.nat({ max: leafCount - 1 }).map(String), fc.oneof(hostileString, fc.constantFrom("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))")), {
      minKeys: 1,
      maxKeys: 12,
    });
    fc.assert(
      fc.property(replacement, fc.boolean(), (byIndex, withCharts) => {
        let n = -1;
        const fuzzed = withLeaves(review, (leaf) => {
          if (!leafKeys.has(leaf.path.join("."))) return undefined;
          n += 1;
          return byIndex[String(n)];
        });
        const md = renderReviewMarkdown(fuzzed, withCharts ? { charts, chartSrc: bundleChartSrc } : {});
        expect(md.startsWith("# Incident review ")).toBe(true);
        for (const heading of headings) expect(md).toContain(heading);
        // Escaped ("\\<script\\>") or inside a code block (the curl command) is text; anything else would be HTML.
        const outsideCode = md.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "");
        expect(outsideCode).not.toMatch(/(?<!\\)<(script|img )/i);
        expect(outsideCode).not.toContain("](javascript:");
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
