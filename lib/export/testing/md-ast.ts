// Test helper: parse GitHub-flavoured markdown (micromark + GFM, what GitHub
// and react-markdown/remark-gfm use) and count the nodes by type.
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

type TNode = { type: string; children?: TNode[]; url?: string; value?: string };

// Built once: creating the extensions is most of the cost of parsing a short document.
const options = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

export function parseGfm(markdown: string): TNode {
  return fromMarkdown(markdown, options) as unknown as TNode;
}

export function countNodes(markdown: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (n: TNode) => {
    counts[n.type] = (counts[n.type] ?? 0) + 1;
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseGfm(markdown));
  return counts;
}

/** Every node of a type (e.g. all links with their urls). */
export function nodesOfType(markdown: string, type: string): TNode[] {
  const out: TNode[] = [];
  const walk = (n: TNode) => {
    if (n.type === type) out.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseGfm(markdown));
  return out;
}

/** Structural node types: everything except plain text runs. */
export function structure(markdown: string): Record<string, number> {
  const { text: _text, ...rest } = countNodes(markdown);
  void _text;
  return rest;
}
