// Review answers are user markdown rendered in the browser (components/ui/markdown.tsx):
// no raw HTML survives and no script URL becomes a link or image source.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/ui/markdown";

/** The rendered answer, without the component's own wrapper <div class>. */
const render = (source: string) =>
  renderToStaticMarkup(createElement(Markdown, null, source))
    .replace(/^<div class="[^"]*">/, "")
    .replace(/<\/div>$/, "");

describe("Markdown (answers) renders sanitized", () => {
  it("drops raw HTML: script, iframe, event handlers, style", () => {
    const html = render(
      'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> <iframe src="https://evil.example"></iframe> <b style="color:red">bold</b>\n\n<div onclick="alert(3)">x</div>',
    );
    expect(html).not.toMatch(/<script|<iframe|<img|onerror|onclick|<div|style=/i);
    expect(html).toContain("Hello");
  });

  it("neutralises javascript:, vbscript: and data: URLs in links and images", () => {
    const html = render(
      "[click](javascript:alert(1)) [v](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=) ![i](javascript:alert(2)) <javascript:alert(3)>",
    );
    expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
    expect(html).not.toMatch(/src="\s*(javascript|data):/i);
    expect(html).toContain("<a>click</a>"); // the link text stays, without its href
    expect(html).toContain('<img alt="i"/>');
  });

  it("keeps ordinary markdown: links, emphasis, lists, tables", () => {
    const html = render("**Bold** and [runbook](https://example.com/runbook)\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain('href="https://example.com/runbook"');
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<table>");
  });
});
