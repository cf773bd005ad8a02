// review.pdf's layout: the review document (document.ts) as a serializable
// tree of @react-pdf/renderer primitives (View, Text, Image, Link), turned into
// elements and rendered by pdf-worker.mjs. A4 pages with a header (incident
// key and title) and a "page X of Y" footer on every page; tables repeat their
// header row on every page they span. Pure.
import type { TChartId } from "./charts";
import { buildReviewDocument, runText, type TBlock, type TDocumentOptions, type TInline, type TRun } from "./document";
import { normalizeUserText } from "./md-escape";
import type { TReviewExport } from "./schema";
import { isHttpUrl } from "@/lib/http/url";

export type TPdfStyle = Readonly<Record<string, string | number>>;
export type TPdfText = string | TPdfNode;
export type TPdfNode =
  | { t: "View"; style?: TPdfStyle; fixed?: true; wrap?: false; minPresenceAhead?: number; c: TPdfNode[] }
  | { t: "Text"; style?: TPdfStyle; fixed?: true; minPresenceAhead?: number; bookmark?: string; c: TPdfText[] }
  | { t: "Link"; src: string; style?: TPdfStyle; c: TPdfText[] }
  | { t: "PageNumber"; style?: TPdfStyle; template: string }
  | { t: "Image"; chart: TChartId; style?: TPdfStyle };

export type TPdfDocument = {
  meta: { title: string; subject: string; author: string; creator: string; producer: string; language: string; creationDate: string };
  /** Font family names the worker registers (see fonts.ts); the worker falls back to Helvetica. */
  fonts: { sans: string; mono: string };
  /** Repeated on every page: the header (incident key and title) and the "page X of Y" footer. */
  header: TPdfNode[];
  /** The content, in page groups (one @react-pdf Page each, see groupForPages). */
  pages: TPdfNode[][];
};

export const PDF_FONT_SANS = "ReviewSans";
export const PDF_FONT_MONO = "ReviewMono";

const COLOR = { text: "#14171c", muted: "#4a5361", border: "#c5ccd6", headerBg: "#eef1f5", accent: "#1d4ed8", quoteBar: "#9aa5b4", codeBg: "#f4f5f7" };
const PAGE_CONTENT_WIDTH = 595.28 - 2 * 40;

/** User text as the PDF shows it: control characters removed, line breaks kept. */
function clean(text: string): string {
  return normalizeUserText(text);
}

function inlineText(x: TInline, mono: string): TPdfText {
  if (typeof x === "string") return x;
  if ("user" in x) {
    const value = x.user && x.user.trim() ? clean(x.user) : (x.empty ?? "—");
    return value;
  }
  if ("strong" in x) return { t: "Text", style: { fontWeight: "bold" }, c: runTexts(x.strong, mono) };
  if ("em" in x) return { t: "Text", style: { color: COLOR.muted }, c: runTexts(x.em, mono) };
  if ("link" in x) {
    const label = x.label && x.label.trim() ? clean(x.label) : x.link;
    const url = x.link.trim();
    if (!isHttpUrl(url)) return clean(url);
    const shown = label === url ? url : `${label} (${url})`;
    return { t: "Link", src: url, style: { color: COLOR.accent, textDecoration: "none" }, c: [shown] };
  }
  return { t: "Text", style: { fontFamily: mono }, c: [x.mono] };
}

function runTexts(r: TRun, mono: string): TPdfText[] {
  const parts = (Array.isArray(r) ? r : [r]).map((x) => inlineText(x, mono));
  // Merge adjacent strings: fewer text runs lay out faster.
  const out: TPdfText[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === "string" && typeof last === "string") out[out.length - 1] = last + part;
    else out.push(part);
  }
  return out;
}

/** Column widths (percent) from the text lengths in each column, so short columns stay narrow. */
export function columnWidths(header: readonly string[], rows: readonly (readonly TRun[])[]): number[] {
  const longestWord = (text: string) => text.split(/\s+/).reduce((m, w) => Math.max(m, Math.min(w.length, 24)), 0);
  const words: number[] = [];
  const weights = header.map((h, col) => {
    let total = Math.min(h.length, 24);
    let longest = total;
    // Words up to 24 characters never break (see the worker's hyphenation), so the column must fit the longest.
    let word = longestWord(h);
    for (const row of rows) {
      const text = runText(row[col] ?? "");
      total += Math.min(text.length, 200);
      longest = Math.max(longest, Math.min(text.length, 200));
      // Short values ("1,054 ms", "6.67 %") read best on one line: count them as one word.
      word = Math.max(word, text.length <= 12 ? text.length : longestWord(text));
    }
    const avg = total / (rows.length + 1);
    words.push(word);
    return Math.max(4, word + 2, Math.min(60, avg * 0.7 + longest * 0.3));
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / sum) * 100);
  // Then no column narrower than its longest word (about 5.3 pt per character at the table font sizes, plus
  // padding), taking the room from the columns that have some to spare.
  const wanted = words.map((w) => Math.min(40, ((w * 5.3 + 10) / PAGE_CONTENT_WIDTH) * 100));
  const wantedTotal = wanted.reduce((a, b) => a + b, 0);
  const minimum = wantedTotal > 95 ? wanted.map((m) => (m * 95) / wantedTotal) : wanted;
  for (let pass = 0; pass < 3; pass++) {
    const short = widths.map((w, i) => Math.max(0, minimum[i]! - w));
    const needed = short.reduce((a, b) => a + b, 0);
    if (needed <= 0.01) break;
    const spare = widths.map((w, i) => Math.max(0, w - minimum[i]!));
    const available = spare.reduce((a, b) => a + b, 0);
    if (available <= 0) break;
    const take = Math.min(1, needed / available);
    for (let i = 0; i < widths.length; i++) widths[i] = widths[i]! + short[i]! - spare[i]! * take;
  }
  return widths.map((w) => Math.round(w * 10) / 10);
}

function tableNode(header: string[], rows: TRun[][], fonts: TPdfDocument["fonts"]): TPdfNode {
  const widths = columnWidths(header, rows);
  // A cell is a single Text with a width (no wrapping View): half the nodes, and layout time follows node count.
  const cell = (content: TPdfText[], i: number, bold: boolean): TPdfNode => ({
    t: "Text",
    style: { width: `${widths[i]}%`, paddingVertical: 2.5, paddingHorizontal: 4, ...(bold ? { fontWeight: "bold" } : {}) },
    c: content,
  });
  const headerRow: TPdfNode = {
    t: "View",
    fixed: true,
    style: { flexDirection: "row", backgroundColor: COLOR.headerBg, borderBottomWidth: 0.75, borderBottomColor: COLOR.border },
    c: header.map((h, i) => cell([h], i, true)),
  };
  const body: TPdfNode[] = rows.map((row) => {
    const size = row.reduce((s, c) => s + runText(c).length, 0);
    return {
      t: "View",
      // Short rows never split across pages; long ones (answers pasted into cells) may.
      ...(size < 700 ? { wrap: false as const } : {}),
      style: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: COLOR.border },
      c: header.map((_, i) => cell(runTexts(row[i] ?? "", fonts.mono), i, false)),
    };
  });
  return {
    t: "View",
    style: { marginBottom: 8, borderWidth: 0.5, borderColor: COLOR.border, fontSize: header.length > 8 ? 7 : header.length > 5 ? 8 : 8.5 },
    c: [headerRow, ...body],
  };
}

function blockNodes(b: TBlock, fonts: TPdfDocument["fonts"], charts: ReadonlySet<TChartId>): TPdfNode[] {
  switch (b.k) {
    case "heading": {
      const sizes = { 1: 17, 2: 13.5, 3: 11, 4: 9.75 } as const;
      const text = runTexts(b.run, fonts.mono);
      return [
        {
          t: "Text",
          minPresenceAhead: 60,
          ...(b.level <= 2 ? { bookmark: runText(b.run) } : {}),
          style: {
            fontSize: sizes[b.level],
            fontWeight: "bold",
            marginTop: b.level === 1 ? 0 : b.level === 2 ? 14 : 8,
            marginBottom: 5,
            ...(b.level === 2 ? { borderBottomWidth: 1, borderBottomColor: COLOR.border, paddingBottom: 2 } : {}),
          },
          c: text,
        },
      ];
    }
    case "para":
      return [{ t: "Text", style: { marginBottom: 5, lineHeight: 1.35 }, c: runTexts(b.run, fonts.mono) }];
    case "note":
      return [{ t: "Text", style: { marginBottom: 5, color: COLOR.muted }, c: [b.text] }];
    case "list":
      return [
        {
          t: "View",
          style: { marginBottom: 6 },
          c: b.items.map(
            (item): TPdfNode => ({
              t: "View",
              wrap: false,
              style: { flexDirection: "row", marginBottom: 1.5 },
              c: [
                { t: "Text", style: { width: 10 }, c: ["•"] },
                { t: "Text", style: { flex: 1, lineHeight: 1.3 }, c: runTexts(item, fonts.mono) },
              ],
            }),
          ),
        },
      ];
    case "table":
      return [tableNode(b.header, b.rows, fonts)];
    case "quote":
      return [
        {
          t: "View",
          style: { marginBottom: 4, paddingLeft: 8, borderLeftWidth: 2, borderLeftColor: COLOR.quoteBar },
          c: [{ t: "Text", style: { lineHeight: 1.35 }, c: [clean(b.text)] }],
        },
      ];
    case "code":
      return [
        {
          t: "View",
          style: { marginBottom: 6, padding: 6, backgroundColor: COLOR.codeBg, borderWidth: 0.5, borderColor: COLOR.border },
          // Leading spaces as no-break spaces: the PDF text layout would otherwise drop the indentation.
          c: [{ t: "Text", style: { fontFamily: fonts.mono, fontSize: 7.5, lineHeight: 1.3 }, c: [b.text.replace(/\r\n?/g, "\n").replace(/^ +/gm, (m) => "\u00a0".repeat(m.length))] }],
        },
      ];
    case "image":
      if (!charts.has(b.chart)) return [];
      return [
        {
          t: "View",
          wrap: false,
          style: { marginVertical: 6 },
          c: [
            { t: "Image", chart: b.chart, style: { width: PAGE_CONTENT_WIDTH, height: PAGE_CONTENT_WIDTH / 2 } },
            { t: "Text", style: { fontSize: 8, color: COLOR.muted, marginTop: 2 }, c: [b.alt] },
          ],
        },
      ];
  }
}

// ─── Page groups ───────────────────────────────────────────────────────────
// react-pdf paginates a Page by laying out everything that is left again after
// each page break, so one long Page costs time quadratic in its length (a
// review with long tables took over 10 s). The content is therefore cut at
// section (level 2 and 3 heading) boundaries into groups of about two pages,
// each its own Page: a new page starts at a group boundary, and the cost grows
// linearly with the document.

/** Rough space a block takes, in characters of body text (a page holds about PAGE_WEIGHT). */
export const PAGE_WEIGHT = 5000;
const LINE = 100;

export function blockWeight(b: TBlock): number {
  switch (b.k) {
    case "heading":
      return 2 * LINE;
    case "para":
      return runText(b.run).length + LINE;
    case "note":
      return LINE;
    case "list":
      return b.items.reduce((sum, item) => sum + Math.max(LINE, runText(item).length), LINE);
    case "table": {
      const widths = columnWidths(b.header, b.rows);
      // A row is as tall as its longest cell, in lines of that cell's width.
      const rowLines = (row: readonly TRun[]) => Math.max(1, ...row.map((cell, i) => Math.ceil(runText(cell).length / Math.max(1, (widths[i]! / 100) * LINE * 1.1))));
      return b.rows.reduce((sum, row) => sum + rowLines(row) * LINE, 2 * LINE);
    }
    case "quote":
      return b.text.split("\n").reduce((sum, line) => sum + Math.max(LINE, line.length), LINE);
    case "code":
      return (b.text.split("\n").length + 2) * LINE;
    case "image":
      return PAGE_WEIGHT / 2;
  }
}

/**
 * Consecutive blocks grouped for pages: cut before every level 2 and 3 heading, and pieces packed into a
 * group while it stays under about two pages; a level-2 section does not start in a group already past
 * half a page. Deterministic.
 */
export function groupForPages(blocks: readonly TBlock[], capacity = 2 * PAGE_WEIGHT): TBlock[][] {
  const pieces: TBlock[][] = [];
  for (const b of blocks) {
    if (pieces.length === 0 || (b.k === "heading" && b.level <= 3)) pieces.push([]);
    pieces[pieces.length - 1]!.push(b);
  }
  const groups: { blocks: TBlock[]; weight: number }[] = [];
  for (const piece of pieces) {
    const weight = piece.reduce((sum, b) => sum + blockWeight(b), 0);
    const last = groups[groups.length - 1];
    const sectionStart = piece[0]!.k === "heading" && piece[0]!.level === 2;
    const fits = last !== undefined && last.weight + weight <= capacity && !(sectionStart && last.weight > PAGE_WEIGHT / 2);
    if (fits) {
      last.blocks.push(...piece);
      last.weight += weight;
    } else groups.push({ blocks: [...piece], weight });
  }
  return groups.map((g) => g.blocks);
}

export type TPdfLayoutOptions = TDocumentOptions & { fonts?: TPdfDocument["fonts"] };

export function layoutReviewPdf(review: TReviewExport, options: TPdfLayoutOptions = {}): TPdfDocument {
  const fonts = options.fonts ?? { sans: PDF_FONT_SANS, mono: PDF_FONT_MONO };
  const doc = buildReviewDocument(review, options);
  const charts = new Set(options.charts ?? []);
  const title = clean(runText(doc.title));
  const header: TPdfNode = {
    t: "View",
    fixed: true,
    style: { flexDirection: "row", justifyContent: "space-between", marginBottom: 12, paddingBottom: 4, borderBottomWidth: 0.5, borderBottomColor: COLOR.border, fontSize: 8, color: COLOR.muted },
    c: [
      { t: "Text", style: { fontWeight: "bold", color: COLOR.text }, c: [clean(review.incident.key)] },
      { t: "Text", style: { maxWidth: "75%", textAlign: "right" }, c: [clean(review.incident.title).slice(0, 120)] },
    ],
  };
  const footer: TPdfNode = {
    t: "PageNumber",
    template: "page {n} of {total}",
    style: { position: "absolute", bottom: 20, left: 40, right: 40, fontSize: 8, color: COLOR.muted, textAlign: "center" },
  };
  return {
    meta: {
      title,
      subject: `Incident review ${review.incident.key}`,
      author: clean(review.generatedBy.name),
      creator: "Incident Review",
      producer: "Incident Review",
      language: "en",
      // Fixed to the generated-at time so the PDF carries no other clock reading.
      creationDate: review.generatedAt,
    },
    fonts,
    header: [header, footer],
    pages: groupForPages(doc.blocks).map((group) => group.flatMap((b) => blockNodes(b, fonts, charts))),
  };
}
