// Markdown escaping for user text placed into a GitHub-flavoured markdown
// template. The rule: text can never create structure — no link, image,
// autolink, raw HTML, heading, list, quote, table, code or emphasis that the
// template did not write. Decisions:
// - inline text (headings, list items, labels): one line; markdown
//   punctuation is backslash-escaped, and so is what would start a block at
//   the start of a line or an entity ("&");
// - autolink literals (http://, www., e-mail addresses) and @mentions are
//   found by GFM parsers in the text AFTER escapes are resolved, so escaping
//   cannot stop them: a zero-width space (U+200B) is put after the ":" of
//   "://", after "www" and after "@", which breaks the pattern and is
//   invisible when rendered;
// - table cells: the same, with line breaks shown as " ↵ " (a cell is one line);
// - block answers (users write markdown there): shown as QUOTED TEXT, line by
//   line, with the markdown escaped — the reader sees exactly what was typed,
//   never rendered; line breaks are kept as hard breaks;
// - raw HTML is never passed through: "<" and "&" are always escaped;
// - links are only those the template writes (mdLink), for absolute http(s)
//   URLs, with the destination percent-encoded.
// Pure.
import { isHttpUrl } from "@/lib/http/url";

// Characters escaped wherever they appear.
const ALWAYS = new Set(["\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "!", "|", "<", ">", "~", "&", "$", "^"]);
/** Zero-width space: breaks autolink literals and mentions without changing what the reader sees. */
export const ZWSP = "\u200b";
// Characters escaped when they start a line (list markers, setext underlines, quote markers).
const AT_LINE_START = new Set(["-", "+", "="]);

/** CRLF/CR → LF, control characters dropped, tabs → space, each line trimmed of surrounding spaces. */
export function normalizeUserText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // C0/C1 controls except LF, and other characters parsers treat as line separators or zero-width directives.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/g, "")
      .replace(/\t/g, " ")
      .split("\n")
      .map((line) => line.replace(/^ +| +$/g, ""))
      .join("\n")
  );
}

function escapeLine(line: string): string {
  let out = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (ALWAYS.has(c)) {
      out += `\\${c}`;
      continue;
    }
    if (i === 0 && AT_LINE_START.has(c)) {
      out += `\\${c}`;
      continue;
    }
    // "1." / "1)" at the start of a line would open an ordered list.
    if (c === "." && /^\d{1,9}$/.test(line.slice(0, i))) {
      out += "\\.";
      continue;
    }
    // Autolink literals and mentions: "http://" / "https://", "www.", "a@b.co", "@someone".
    if (c === ":" && line[i + 1] === "/") {
      out += `:${ZWSP}`;
      continue;
    }
    if (c === "." && i >= 3 && line.slice(i - 3, i).toLowerCase() === "www") {
      out += `${ZWSP}.`;
      continue;
    }
    if (c === "@") {
      out += `@${ZWSP}`;
      continue;
    }
    out += c;
  }
  return out;
}

/** One line of user text inside a markdown template (line breaks become spaces). */
export function mdText(text: string | null | undefined, empty = "—"): string {
  const normalized = normalizeUserText(text ?? "")
    .replace(/\n+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  return normalized === "" ? empty : escapeLine(normalized);
}

/** A table cell: like mdText, line breaks shown as ↵ so a cell stays on its row. */
export function mdCell(text: string | null | undefined, empty = "—"): string {
  const lines = normalizeUserText(text ?? "")
    .split("\n")
    .map((l) => l.replace(/ {2,}/g, " ").trim())
    .filter((l) => l !== "");
  return lines.length === 0 ? empty : lines.map(escapeLine).join(" ↵ ");
}

/**
 * A block of user text (answers, notes, statements) as quoted text: every line escaped and prefixed
 * with "> ", line breaks kept as hard breaks, blank lines separating paragraphs.
 */
export function mdQuote(text: string | null | undefined): string {
  const lines = normalizeUserText(text ?? "").split("\n");
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) return "> —";
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/ {2,}/g, " ");
    if (line === "") {
      // One blank quote line between paragraphs, however many were typed.
      if (out[out.length - 1] !== ">") out.push(">");
      continue;
    }
    const next = lines[i + 1];
    const hardBreak = next !== undefined && next !== "" ? "\\" : "";
    out.push(`> ${escapeLine(line)}${hardBreak}`);
  }
  return out.join("\n");
}

const URL_SAFE = /[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/;

/** Percent-encodes everything outside the URL-safe set (spaces, brackets, parentheses, quotes, backslashes, non-ASCII). */
export function encodeLinkDestination(url: string): string {
  let out = "";
  for (const ch of url) {
    if (URL_SAFE.test(ch)) out += ch;
    else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/** A link for an absolute http(s) URL; anything else is shown as escaped text, never as a link. */
export function mdLink(label: string | null | undefined, url: string | null | undefined): string {
  if (!url) return "—";
  const trimmed = url.trim();
  if (!isHttpUrl(trimmed)) return mdText(trimmed);
  const text = mdText(label && label.trim() ? label : trimmed);
  return `[${text}](${encodeLinkDestination(trimmed)})`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function mdCodeBlock(code: string, info = ""): string {
  const body = code.replace(/\r\n?/g, "\n");
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** A GFM table; cells must already be escaped (mdCell) or template text without pipes. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
