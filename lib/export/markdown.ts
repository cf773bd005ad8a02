// review.md: the review document (document.ts) as GitHub-flavoured markdown.
// Template text is written as is; every { user } text goes through
// md-escape (mdText in running text, mdCell in table cells, mdQuote for
// blocks such as answers), links only through mdLink. Deterministic: two
// exports of an unchanged review differ only in the "Generated at" line.
// Pure.
import { chartFileName, type TChartId } from "./charts";
import { buildReviewDocument, GENERATED_AT_LABEL, type TBlock, type TDocumentOptions, type TInline, type TRun } from "./document";
import { mdCell, mdCodeBlock, mdLink, mdQuote, mdTable, mdText } from "./md-escape";
import type { TReviewExport } from "./schema";

export { REVIEW_SECTIONS } from "./document";

/** The generated-at line starts with this (tests strip it when comparing two exports). */
export const GENERATED_AT_PREFIX = `- **${GENERATED_AT_LABEL}**`;

export type TMarkdownOptions = TDocumentOptions & {
  /** Image source per chart; charts without one are left out (review.md alone has no images beside it). */
  chartSrc?: (id: TChartId) => string | null;
};

type TContext = "text" | "cell";

function inline(x: TInline, ctx: TContext): string {
  if (typeof x === "string") return x;
  if ("user" in x) return ctx === "cell" ? mdCell(x.user, x.empty) : mdText(x.user, x.empty);
  if ("strong" in x) return `**${run(x.strong, ctx)}**`;
  if ("em" in x) return `_${run(x.em, ctx)}_`;
  if ("link" in x) return mdLink(x.label, x.link);
  return `\`${x.mono.replace(/[^0-9A-Za-z]/g, "")}\``;
}

function run(r: TRun, ctx: TContext): string {
  return (Array.isArray(r) ? r : [r]).map((x) => inline(x, ctx)).join("");
}

function block(b: TBlock, options: TMarkdownOptions): string | null {
  switch (b.k) {
    case "heading":
      return `${"#".repeat(b.level)} ${run(b.run, "text")}`;
    case "para":
      return run(b.run, "text");
    case "note":
      return `_${b.text}_`;
    case "list":
      return b.items.map((item) => `- ${run(item, "text")}`).join("\n");
    case "table":
      return mdTable(b.header, b.rows.map((row) => row.map((cell) => run(cell, "cell"))));
    case "quote":
      return mdQuote(b.text);
    case "code":
      return mdCodeBlock(b.text, b.info);
    case "image": {
      const src = options.chartSrc?.(b.chart) ?? null;
      return src ? `![${mdText(b.alt)}](${src})` : null;
    }
  }
}

export function renderDocumentMarkdown(blocks: readonly TBlock[], options: TMarkdownOptions = {}): string {
  return `${blocks
    .map((b) => block(b, options))
    .filter((x): x is string => x !== null)
    .join("\n\n")}\n`;
}

export function renderReviewMarkdown(review: TReviewExport, options: TMarkdownOptions = {}): string {
  return renderDocumentMarkdown(buildReviewDocument(review, options).blocks, options);
}

/** For the bundle: chart images next to review.md. */
export const bundleChartSrc = (id: TChartId) => chartFileName(id, "png");
