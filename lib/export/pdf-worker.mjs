// Renders review.pdf from the serializable layout built by pdf-layout.ts.
//
// Why a worker thread: @react-pdf/renderer runs its own React reconciler and
// needs React's client build, while the app's server code (route handlers,
// and the CLI started with --conditions=react-server) resolves React's server
// build. A worker started without those conditions loads the normal React, so
// the PDF renders the same way everywhere. Plain JavaScript on purpose: it is
// loaded by Node directly, not by a bundler or tsx.
//
// Protocol: messages { id, doc, fontFiles, images } in, one answer per message:
// { id, ok: true, pdf: ArrayBuffer } or { id, ok: false, error: string }. The
// thread stays up between renders (pdf.ts ends it when idle), so later exports
// skip loading the renderer and the fonts.
import { parentPort } from "node:worker_threads";
import { createElement as h } from "react";
import { Document, Font, Image, Link, Page, Text, View, renderToBuffer } from "@react-pdf/renderer";

const registered = new Map();

/** Registers the font files found on the machine (once per thread); returns the family names to use. */
function registerFonts(doc, fontFiles) {
  const cacheKey = JSON.stringify([doc.fonts, fontFiles]);
  const known = registered.get(cacheKey);
  if (known) return known;
  const families = registerFontFiles(doc, fontFiles);
  registered.set(cacheKey, families);
  return families;
}

function registerFontFiles(doc, fontFiles) {
  const families = { sans: "Helvetica", mono: "Courier", fallbacks: [] };
  if (fontFiles.regular) {
    const fonts = [{ src: fontFiles.regular, fontWeight: "normal" }];
    fonts.push({ src: fontFiles.bold ?? fontFiles.regular, fontWeight: "bold" });
    Font.register({ family: doc.fonts.sans, fonts });
    families.sans = doc.fonts.sans;
  }
  if (fontFiles.mono) {
    Font.register({ family: doc.fonts.mono, fonts: [{ src: fontFiles.mono, fontWeight: "normal" }, { src: fontFiles.mono, fontWeight: "bold" }] });
    families.mono = doc.fonts.mono;
  }
  fontFiles.fallbacks.forEach((src, i) => {
    const family = `ReviewFallback${i}`;
    Font.register({ family, fonts: [{ src, fontWeight: "normal" }, { src, fontWeight: "bold" }] });
    families.fallbacks.push(family);
  });
  // No hyphenation (ids and keys must stay whole for search); very long tokens (hashes, URLs) may break anywhere.
  Font.registerHyphenationCallback((word) => {
    if (word.length <= 24) return [word];
    const parts = [];
    for (let i = 0; i < word.length; i += 16) parts.push(word.slice(i, i + 16));
    return parts;
  });
  return families;
}

/** Props without undefined values: react-pdf tests `"fixed" in props`, so an undefined key still counts. */
function props(values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}

function toElement(node, key, ctx) {
  if (typeof node === "string") return node;
  const kids = (list) => list.map((child, i) => toElement(child, i, ctx));
  const mapStyle = (style) => {
    if (!style) return style;
    if (style.fontFamily === ctx.docFonts.mono) return { ...style, fontFamily: [ctx.families.mono, ...ctx.families.fallbacks] };
    return style;
  };
  switch (node.t) {
    case "View":
      return h(View, props({ key, style: mapStyle(node.style), fixed: node.fixed, wrap: node.wrap, minPresenceAhead: node.minPresenceAhead }), kids(node.c));
    case "Text":
      return h(Text, props({ key, style: mapStyle(node.style), fixed: node.fixed, minPresenceAhead: node.minPresenceAhead, bookmark: node.bookmark }), kids(node.c));
    case "Link":
      return h(Link, props({ key, src: node.src, style: mapStyle(node.style) }), kids(node.c));
    case "PageNumber":
      return h(Text, {
        key,
        fixed: true,
        style: mapStyle(node.style),
        render: ({ pageNumber, totalPages }) => node.template.replace("{n}", String(pageNumber)).replace("{total}", String(totalPages)),
      });
    case "Image": {
      const data = ctx.images[node.chart];
      if (!data) return null;
      return h(Image, props({ key, style: node.style, src: { data: Buffer.from(data), format: "png" } }));
    }
    default:
      return null;
  }
}

async function render({ doc, fontFiles, images }) {
  const families = registerFonts(doc, fontFiles);
  const ctx = { families, docFonts: doc.fonts, images };
  const pageStyle = { fontFamily: [families.sans, ...families.fallbacks], fontSize: 9, color: "#14171c", paddingTop: 32, paddingBottom: 48, paddingHorizontal: 40 };
  const element = h(
    Document,
    {
      title: doc.meta.title,
      subject: doc.meta.subject,
      author: doc.meta.author,
      creator: doc.meta.creator,
      producer: doc.meta.producer,
      language: doc.meta.language,
      creationDate: new Date(doc.meta.creationDate),
      modificationDate: new Date(doc.meta.creationDate),
    },
    // One Page per group of content (see groupForPages): pagination cost stays linear.
    doc.pages.map((nodes, p) =>
      h(Page, { key: p, size: "A4", wrap: true, style: pageStyle }, [...doc.header, ...nodes].map((node, i) => toElement(node, i, ctx))),
    ),
  );
  return renderToBuffer(element);
}

parentPort.on("message", (message) => {
  render(message).then(
    (buffer) => {
      const pdf = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
      parentPort.postMessage({ id: message.id, ok: true, pdf }, [pdf]);
    },
    (error) => parentPort.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
