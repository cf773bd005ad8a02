// What an uploaded file really is, decided from its bytes, not its name.
// Pure (no Node APIs): the upload route uses it on the server, the form may
// use it in the browser for an early message. The server is what counts.

export type TFileKind = "png" | "jpeg" | "gif" | "webp" | "pdf" | "text";

type TAccepted = { kind: TFileKind; mimeType: string; label: string };

/** Accepted extensions → what their content must be and the type it is served as. */
const BY_EXTENSION: Readonly<Record<string, TAccepted>> = {
  png: { kind: "png", mimeType: "image/png", label: "a PNG image" },
  jpg: { kind: "jpeg", mimeType: "image/jpeg", label: "a JPEG image" },
  jpeg: { kind: "jpeg", mimeType: "image/jpeg", label: "a JPEG image" },
  gif: { kind: "gif", mimeType: "image/gif", label: "a GIF image" },
  webp: { kind: "webp", mimeType: "image/webp", label: "a WebP image" },
  pdf: { kind: "pdf", mimeType: "application/pdf", label: "a PDF document" },
  txt: { kind: "text", mimeType: "text/plain; charset=utf-8", label: "plain text" },
  csv: { kind: "text", mimeType: "text/csv; charset=utf-8", label: "CSV text" },
  md: { kind: "text", mimeType: "text/markdown; charset=utf-8", label: "Markdown text" },
  markdown: { kind: "text", mimeType: "text/markdown; charset=utf-8", label: "Markdown text" },
  json: { kind: "text", mimeType: "application/json", label: "JSON" },
};

const KIND_LABEL: Record<TFileKind, string> = {
  png: "a PNG image",
  jpeg: "a JPEG image",
  gif: "a GIF image",
  webp: "a WebP image",
  pdf: "a PDF document",
  text: "plain text",
};

/** For `<input type="file" accept>`: a hint to the browser, never a check. */
export const UPLOAD_ACCEPT = Object.keys(BY_EXTENSION)
  .map((ext) => `.${ext}`)
  .join(",");

export const ACCEPTED_TYPES_TEXT = "an image (PNG, JPEG, GIF, WebP), a PDF, or plain text, CSV, Markdown or JSON";

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii("GIF87a");
const GIF89 = ascii("GIF89a");
const PDF = ascii("%PDF-");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");

/** The binary format named by the file's leading bytes (magic numbers), or null. */
export function sniffBinaryKind(bytes: Uint8Array): Exclude<TFileKind, "text"> | null {
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return "gif";
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return "webp";
  if (startsWith(bytes, PDF)) return "pdf";
  return null;
}

/** Text: valid UTF-8 with no NUL byte anywhere. */
export function textProblem(bytes: Uint8Array): "nul" | "not-utf8" | null {
  if (bytes.includes(0)) return "nul";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return null;
  } catch {
    return "not-utf8";
  }
}

/** What the content is, in words, for messages. */
function describeContent(bytes: Uint8Array): string {
  const binary = sniffBinaryKind(bytes);
  if (binary) return KIND_LABEL[binary];
  return textProblem(bytes) === null ? "plain text" : "binary data of an unrecognized type";
}

export function fileExtension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : "";
}

/**
 * A file name safe to store and echo back: no path, no control characters,
 * at most 200 characters (keeping the extension).
 */
export function sanitizeFileName(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/\s+/g, " ")
    .trim();
  if (!base || base === "." || base === "..") return "file";
  if (base.length <= 200) return base;
  const ext = fileExtension(base);
  return ext && ext.length < 20 ? `${base.slice(0, 199 - ext.length)}.${ext}` : base.slice(0, 200);
}

export type TFileTypeResult = { ok: true; kind: TFileKind; mimeType: string } | { ok: false; message: string };

/**
 * Accepts a file only when its name is an accepted type AND its bytes are
 * that type: images and PDF by their signature, text as valid UTF-8 without
 * NUL bytes (JSON must also parse). A mismatch is refused with a message.
 */
export function detectFileType(fileName: string, bytes: Uint8Array): TFileTypeResult {
  const name = sanitizeFileName(fileName);
  if (bytes.length === 0) return { ok: false, message: `"${name}" is empty. Choose a file with content.` };
  const ext = fileExtension(name);
  const expected = BY_EXTENSION[ext];
  if (!expected) {
    const what = ext ? `Files of type ".${ext}" are not accepted.` : `"${name}" has no file extension, so its type is unknown.`;
    return { ok: false, message: `${what} Upload ${ACCEPTED_TYPES_TEXT}.` };
  }
  const binary = sniffBinaryKind(bytes);
  if (expected.kind !== "text") {
    if (binary === expected.kind) return { ok: true, kind: expected.kind, mimeType: expected.mimeType };
    return {
      ok: false,
      message: `"${name}" is named as ${expected.label}, but its content is ${describeContent(bytes)}. Nothing was uploaded.`,
    };
  }
  if (binary) {
    return { ok: false, message: `"${name}" is named as ${expected.label}, but its content is ${KIND_LABEL[binary]}. Nothing was uploaded.` };
  }
  const problem = textProblem(bytes);
  if (problem === "nul") {
    return { ok: false, message: `"${name}" is named as ${expected.label}, but it contains NUL bytes, so it is not text. Nothing was uploaded.` };
  }
  if (problem === "not-utf8") {
    return { ok: false, message: `"${name}" is named as ${expected.label}, but its content is not valid UTF-8 text. Nothing was uploaded.` };
  }
  if (ext === "json") {
    try {
      JSON.parse(new TextDecoder("utf-8").decode(bytes));
    } catch {
      return { ok: false, message: `"${name}" is named as JSON, but its content is not valid JSON. Nothing was uploaded.` };
    }
  }
  return { ok: true, kind: "text", mimeType: expected.mimeType };
}
