// The review document (lib/export/document.ts) as HTML for the print page:
// the same blocks as review.md and review.pdf. User text is rendered as React
// text (escaped by React, never parsed as markdown or HTML); links only for
// absolute http(s) URLs; charts as SVG images (an <img> cannot run script).
import type { ReactNode } from "react";
import type { TBlock, TInline, TRun } from "@/lib/export/document";
import type { TChart } from "@/lib/export/charts";
import { isHttpUrl } from "@/lib/http/url";

function Inline({ x }: { x: TInline }): ReactNode {
  if (typeof x === "string") return x;
  if ("user" in x) return x.user && x.user.trim() ? <span className="whitespace-pre-wrap">{x.user}</span> : (x.empty ?? "—");
  if ("strong" in x) return <strong>{<Run run={x.strong} />}</strong>;
  if ("em" in x) return <em>{<Run run={x.em} />}</em>;
  if ("link" in x) {
    const url = x.link.trim();
    const label = x.label && x.label.trim() ? x.label : url;
    if (!isHttpUrl(url)) return <span className="break-all">{url}</span>;
    return (
      <a href={url} rel="noopener noreferrer nofollow" target="_blank" className="break-all text-accent underline">
        {label}
      </a>
    );
  }
  return <code className="break-all font-mono text-xs">{x.mono}</code>;
}

function Run({ run }: { run: TRun }) {
  const parts = Array.isArray(run) ? run : [run];
  return (
    <>
      {parts.map((x, i) => (
        <Inline key={i} x={x} />
      ))}
    </>
  );
}

function Block({ block, charts }: { block: TBlock; charts: ReadonlyMap<string, TChart> }) {
  switch (block.k) {
    case "heading": {
      const Tag = (["h1", "h2", "h3", "h4"] as const)[block.level - 1]!;
      return (
        <Tag>
          <Run run={block.run} />
        </Tag>
      );
    }
    case "para":
      return (
        <p>
          <Run run={block.run} />
        </p>
      );
    case "note":
      return <p className="text-muted italic">{block.text}</p>;
    case "list":
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i}>
              <Run run={item} />
            </li>
          ))}
        </ul>
      );
    case "table":
      return (
        <div className="review-table-wrap">
          <table>
            <thead>
              <tr>
                {block.header.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>
                      <Run run={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "quote":
      return <blockquote className="whitespace-pre-wrap">{block.text}</blockquote>;
    case "code":
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case "image": {
      const chart = charts.get(block.chart);
      if (!chart) return null;
      const src = `data:image/svg+xml;base64,${Buffer.from(chart.svg, "utf8").toString("base64")}`;
      return (
        <figure>
          {/* A generated SVG as a data URL: no network request, and an <img> never runs script. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={src} alt={chart.alt} width={chart.width} height={chart.height} className="h-auto max-w-full" />
          <figcaption>{block.alt}</figcaption>
        </figure>
      );
    }
  }
}

export function ReviewDocument({ blocks, charts }: { blocks: readonly TBlock[]; charts: readonly TChart[] }) {
  const byId = new Map(charts.map((c) => [c.id, c]));
  return (
    <article className="review-document">
      {blocks.map((block, i) => (
        <Block key={i} block={block} charts={byId} />
      ))}
    </article>
  );
}
