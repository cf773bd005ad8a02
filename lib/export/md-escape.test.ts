import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TBlock } from "./document";
import { renderDocumentMarkdown } from "./markdown";
import { encodeLinkDestination, mdCell, mdCodeBlock, mdLink, mdQuote, mdText, normalizeUserText, ZWSP } from "./md-escape";
import { countNodes, nodesOfType } from "./testing/md-ast";

// ─── Arbitrary user text, heavy on markdown and HTML syntax ────────────────

const TOKENS = [
  "[", "]", "(", ")", "<", ">", "*", "**", "_", "__", "`", "```", "~", "~~", "~~~", "#", "# ", "## ", "|", "| a | b |", "|---|---|",
  "-", "- ", "+ ", "* ", "1. ", "2) ", "=", "===", "---", "***", "___", "!", "![", "](", "\\", "\\\\", "&", "&amp;", "&lt;", "&#60;", "&#x3C;",
  "<script>alert(1)</script>", "<b>", "</div>", "<!-- c -->", "<http://x.y>", "<a@b.co>", "http://", "https://evil.example/p", "HTTPS://X.Y",
  "www.", "WWW.evil.com", "www.x.y", "a@b.co", "mailto:a@b.co", "xmpp:a@b.co", "javascript:alert(1)", "[x](javascript:alert(1))",
  "[x](https://evil.example)", "[x]: https://evil.example", "[^1]", "[^1]: note", "[ ] ", "[x] ", "@someone", "#123", "$x$", "$$", ":smile:",
  "\n", "\n\n", "\n\n\n", "\r", "\r\n", "\t", "    ", "  ", " ", "\u00a0", "\u2028", "\u0000", "\u0007", "\u200b", "\u202e", "é", "中文", "🙂",
  ">", "> ", ">> ", "a", "text", "42", ".", ":", "/", "//",
];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }).map((parts) => parts.join(""));
const userText = fc.oneof(tokenText, tokenText, fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 20 }));

/**
 * The same text with every visible character replaced by "a" but the blank-line structure kept: rendered in
 * the same place it must give the same markdown structure as the real text. Only the number of lines and
 * which are blank can legitimately change the structure (paragraphs and hard breaks inside a quote).
 */
function benign(text: string): string {
  return normalizeUserText(text)
    .split("\n")
    .map((line) => (line === "" ? "" : "a"))
    .join("\n");
}

/**
 * Every place the review renderer puts user text, each as a block between two template paragraphs. Blocks
 * are separated by blank lines, so one block cannot change another: fuzzing each context on its own covers
 * the whole document (the test below also fuzzes all of them together).
 */
const u = (user: string) => ({ user });
const CONTEXTS: Record<string, (s: string, t: string) => TBlock[]> = {
  heading: (s, t) => [{ k: "heading", level: 1, run: ["Incident review ", u(s), ": ", u(t)] }],
  questionHeading: (s) => [{ k: "heading", level: 4, run: ["1. ", u(s), " (optional)"] }],
  list: (s, t) => [{ k: "list", items: [[{ strong: ["Team:"] }, " ", u(s)], [u(t)], [{ link: "https://tickets.example.com/OPS-1", label: s }, " (", u(t), ")"]] }],
  paragraph: (s, t) => [{ k: "para", run: ["Answered by ", u(s), " at 2026-05-08 09:12 UTC (runbook ", u(t), ")."] }],
  bareParagraph: (s) => [{ k: "para", run: u(s) }],
  quote: (s) => [{ k: "quote", text: s }],
  table: (s, t) => [
    {
      k: "table",
      header: ["Field", "Value", "Note"],
      rows: [
        [u(s), { strong: ["yes"] }, u(t)],
        [{ link: "https://tickets.example.com/OPS-1", label: t }, u(s), "—"],
      ],
    },
  ],
  code: (s) => [{ k: "code", text: s, info: "sh" }],
  image: (s) => [{ k: "image", chart: "latency", alt: s }],
};

const TEMPLATE_URL = "https://tickets.example.com/OPS-1";
const TEMPLATE_LINKS: Record<string, number> = { list: 1, table: 1 };

function render(context: string, s: string, t: string): string {
  const blocks: TBlock[] = [{ k: "para", run: "Before." }, ...CONTEXTS[context]!(s, t), { k: "note", text: "After." }];
  return renderDocumentMarkdown(blocks, { chartSrc: (id) => `charts/${id}.png` });
}

const withoutText = (counts: Record<string, number>) => {
  const { text: _t, ...rest } = counts;
  void _t;
  return rest;
};

const expected = new Map<string, Record<string, number>>();
function expectedStructure(context: string, s: string, t: string) {
  const key = `${context}\u0001${benign(s)}\u0001${benign(t)}`;
  let value = expected.get(key);
  if (!value) {
    value = withoutText(countNodes(render(context, benign(s), benign(t))));
    expected.set(key, value);
  }
  return value;
}

function checkContext(context: string, s: string, t: string) {
  const md = render(context, s, t);
  const counts = withoutText(countNodes(md));
  expect(counts).toEqual(expectedStructure(context, s, t));
  expect(counts.html ?? 0).toBe(0);
  // The only links are those the template writes, to the template's URL; the only image is the chart.
  expect(nodesOfType(md, "link").map((l) => l.url)).toEqual(Array(TEMPLATE_LINKS[context] ?? 0).fill(TEMPLATE_URL));
  expect(nodesOfType(md, "image").map((l) => l.url)).toEqual(context === "image" ? ["charts/latency.png"] : []);
}

describe("markdown escaping of user text", () => {
  it("never lets user text create a link, image, HTML, heading, list, table, quote, code or emphasis (10,000 cases)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(CONTEXTS)), userText, userText, (context, s, t) => checkContext(context, s, t)),
      { numRuns: 10_000 },
    );
  }, 600_000);

  it("holds with user text in every context of one document at once", () => {
    fc.assert(
      fc.property(userText, userText, (s, t) => {
        const blocks = Object.values(CONTEXTS).flatMap((make) => make(s, t));
        const md = renderDocumentMarkdown(blocks, { chartSrc: (id) => `charts/${id}.png` });
        const plain = renderDocumentMarkdown(Object.values(CONTEXTS).flatMap((make) => make(benign(s), benign(t))), { chartSrc: (id) => `charts/${id}.png` });
        expect(withoutText(countNodes(md))).toEqual(withoutText(countNodes(plain)));
        expect(nodesOfType(md, "link")).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  }, 300_000);

  it("keeps the text readable: what renders is what was typed", () => {
    const text = "Use *bold* and [link](http://x.y) <b>";
    const md = mdText(text);
    expect(md).toBe(`Use \\*bold\\* and \\[link\\]\\(http:${ZWSP}//x.y\\) \\<b\\>`);
    const para = nodesOfType(md, "paragraph")[0]!;
    // Rendered, it reads exactly as typed (the zero-width space is invisible).
    expect(para.children!.map((c) => c.value).join("").replaceAll(ZWSP, "")).toBe(text);
  });

  it("escapes what would start a block at the start of a line", () => {
    expect(mdText("# title")).toBe("\\# title");
    expect(mdText("- item")).toBe("\\- item");
    expect(mdText("+ item")).toBe("\\+ item");
    expect(mdText("1. item")).toBe("1\\. item");
    expect(mdText("> quote")).toBe("\\> quote");
    expect(mdText("=== ")).toBe("\\===");
  });

  it("breaks autolink literals and mentions", () => {
    expect(mdText("see www.evil.com")).toBe(`see www${ZWSP}.evil.com`);
    expect(mdText("https://evil.com")).toBe(`https:${ZWSP}//evil.com`);
    expect(mdText("ping @ops")).toBe(`ping @${ZWSP}ops`);
    for (const s of ["see www.evil.com", "https://evil.com/x", "mail a@b.co", "<https://x.y>", "[x]: https://evil.example", "HTTP://X.Y", "mailto:a@b.co"]) {
      expect(nodesOfType(mdText(s), "link")).toHaveLength(0);
    }
  });

  it("table cells: pipes escaped, line breaks shown as ↵, one row", () => {
    expect(mdCell("a | b\nc")).toBe("a \\| b ↵ c");
    expect(mdCell("  \n ")).toBe("—");
    expect(mdCell(null, "none")).toBe("none");
  });

  it("answers are quoted text: markdown shown, not rendered; line breaks kept", () => {
    const md = mdQuote("# Heading\n- item\n\n| a | b |\n|---|---|\n[x](javascript:alert(1))");
    expect(md).toBe("> \\# Heading\\\n> \\- item\n>\n> \\| a \\| b \\|\\\n> \\|---\\|---\\|\\\n> \\[x\\]\\(javascript:alert\\(1\\)\\)");
    const counts = countNodes(md);
    expect(counts.heading ?? 0).toBe(0);
    expect(counts.list ?? 0).toBe(0);
    expect(counts.table ?? 0).toBe(0);
    expect(counts.link ?? 0).toBe(0);
    expect(counts.blockquote).toBe(1);
    expect(counts.paragraph).toBe(2);
    expect(mdQuote("   \n")).toBe("> —");
  });

  it("links only for absolute http(s) URLs, with the destination encoded", () => {
    expect(mdLink("Ticket", "https://x.example/a b(c)")).toBe("[Ticket](https://x.example/a%20b%28c%29)");
    expect(mdLink("x", "javascript:alert(1)")).toBe("javascript:alert\\(1\\)");
    expect(mdLink("x", "/relative")).toBe("/relative");
    expect(encodeLinkDestination("https://x.y/<>\"\\ é")).toBe("https://x.y/%3C%3E%22%5C%20%C3%A9");
    fc.assert(
      fc.property(userText, userText, (label, url) => {
        const md = mdLink(label, url);
        const links = nodesOfType(md, "link");
        const isHttp = /^https?:\/\/[^\s/?#]+/i.test(url.trim()) && (() => {
          try {
            const parsed = new URL(url.trim());
            return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname.length > 0;
          } catch {
            return false;
          }
        })();
        expect(links.length).toBe(isHttp ? 1 : 0);
        expect(countNodes(md).html ?? 0).toBe(0);
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it("code blocks cannot be closed by their content", () => {
    const md = mdCodeBlock("a\n```\n# not a heading\n````");
    expect(md.startsWith("`````sh") || md.startsWith("`````")).toBe(true);
    const counts = countNodes(md);
    expect(counts.code).toBe(1);
    expect(counts.heading ?? 0).toBe(0);
  });

  it("normalizes line ends and drops control characters", () => {
    expect(normalizeUserText("a\r\nb\rc\u0000d\u2028e\tf  ")).toBe("a\nb\ncde f");
  });
});
