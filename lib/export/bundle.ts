// The attachment bundle: one zip with review.md, review.pdf, review.json and
// its schema.json, readiness.md/json, the CSV files, the charts (SVG + PNG),
// the uploaded files under attachments/, links.md, and manifest.json (every
// other file with its size and SHA-256) written last.
//
// Streamed: fflate's Zip emits chunks as each file is pushed, and the Web
// ReadableStream pulls the next chunk only when the consumer asks, so the zip
// is never held whole in memory; attachments are read one at a time, in
// slices, from their source. PNG, PDF and attachments are stored as they are
// (already compressed or binary); text files are deflated.
import { createHash } from "node:crypto";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { chartFileName } from "./charts";
import { buildCsvFiles } from "./csv";
import { bundleChartSrc, renderReviewMarkdown } from "./markdown";
import { mdLink, mdText } from "./md-escape";
import { renderCharts, renderReviewPdf, type TRenderedChart } from "./pdf";
import { checkReadiness, renderReadinessMarkdown, type TReadinessReport } from "./readiness";
import { EXPORT_SCHEMA_VERSION, reviewJsonSchema, type TReviewExport } from "./schema";
import { enumLabel } from "./format";
import { runbook } from "@/lib/runbook/runbook";

export type TBundleAttachment = TReviewExport["attachments"][number];
/** Yields an attachment's bytes (in slices); called for one attachment at a time, in order. */
export type TAttachmentSource = (attachment: TBundleAttachment) => AsyncIterable<Uint8Array>;

export type TBundleProgress = {
  /** The file just written (null before the first). */
  file: string | null;
  filesDone: number;
  filesTotal: number;
  /** Zip bytes produced so far. */
  bytesOut: number;
};

export type TManifestEntry = { path: string; size: number; sha256: string; mediaType: string; recordedSha256?: string };
export type TManifest = {
  schemaVersion: number;
  incidentKey: string;
  generatedAt: string;
  /** Number of files listed (every file of the bundle except manifest.json itself). */
  fileCount: number;
  files: TManifestEntry[];
};

export type TBundleOptions = {
  onProgress?: (progress: TBundleProgress) => void;
  /** Called with manifest.json's content just before it is written. */
  onManifest?: (manifest: TManifest) => void;
  /** Already computed parts (the route renders the PDF first so a failure is an error response, not a broken download). */
  readiness?: TReadinessReport;
  charts?: readonly TRenderedChart[];
  pdf?: Uint8Array;
};

type TBundleFile = {
  path: string;
  mediaType: string;
  compress: boolean;
  content: () => Promise<Uint8Array> | Uint8Array | AsyncIterable<Uint8Array>;
  recordedSha256?: string;
};

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);
/**
 * Pretty JSON with <, >, & and the JS line separators written as \u escapes: the same data, but a file that
 * stays inert if someone pastes it into HTML or a script.
 */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
const json = (value: unknown) => utf8(safeJson(value));

export function renderLinksMarkdown(review: TReviewExport): string {
  const lines = [`# Links: ${mdText(review.incident.key)}`, ""];
  if (review.links.length === 0) lines.push("_No link recorded._");
  for (const l of review.links) {
    const artifact = l.artifactKind ? runbook.artifacts.kinds.find((k) => k.id === l.artifactKind)?.label ?? l.artifactKind : null;
    lines.push(`- ${mdLink(l.label, l.url)} (${enumLabel(l.kind)}${artifact ? `, ${mdText(artifact)}` : ""})`);
  }
  if (review.followUps.some((f) => f.ticketUrl)) {
    lines.push("", "## Follow-up tickets", "");
    for (const f of review.followUps.filter((x) => x.ticketUrl)) lines.push(`- ${mdLink(f.title, f.ticketUrl)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The files of the bundle, in order (manifest.json is added after them). */
function bundleFiles(review: TReviewExport, attachments: TAttachmentSource, options: TBundleOptions): TBundleFile[] {
  const readiness = options.readiness ?? checkReadiness(review);
  let charts: readonly TRenderedChart[] | null = options.charts ?? null;
  const getCharts = () => (charts ??= renderCharts(review));
  const text = (path: string, mediaType: string, make: () => string): TBundleFile => ({ path, mediaType, compress: true, content: () => utf8(make()) });
  const chartIds = () => getCharts().map((c) => c.id);

  const files: TBundleFile[] = [
    text("review.md", "text/markdown; charset=utf-8", () => renderReviewMarkdown(review, { charts: chartIds(), chartSrc: bundleChartSrc })),
    { path: "review.pdf", mediaType: "application/pdf", compress: false, content: async () => options.pdf ?? renderReviewPdf(review, { charts: getCharts() }) },
    { path: "review.json", mediaType: "application/json", compress: true, content: () => json(review) },
    { path: "schema.json", mediaType: "application/schema+json", compress: true, content: () => json(reviewJsonSchema()) },
    text("readiness.md", "text/markdown; charset=utf-8", () => renderReadinessMarkdown(readiness)),
    { path: "readiness.json", mediaType: "application/json", compress: true, content: () => json(readiness) },
    ...buildCsvFiles(review).map((f): TBundleFile => ({ path: f.name, mediaType: "text/csv; charset=utf-8", compress: true, content: () => utf8(f.content) })),
  ];
  // Charts are known only once rendered; they are few and small, so render them up front.
  for (const chart of getCharts()) {
    files.push({ path: chartFileName(chart.id, "svg"), mediaType: "image/svg+xml", compress: true, content: () => utf8(chart.svg) });
    files.push({ path: chartFileName(chart.id, "png"), mediaType: "image/png", compress: false, content: () => chart.png });
  }
  for (const attachment of review.attachments) {
    files.push({
      path: attachment.bundlePath,
      mediaType: attachment.mimeType,
      compress: false,
      content: () => attachments(attachment),
      recordedSha256: attachment.sha256,
    });
  }
  files.push(text("links.md", "text/markdown; charset=utf-8", () => renderLinksMarkdown(review)));
  return files;
}

async function* contentChunks(content: Awaited<ReturnType<TBundleFile["content"]>>): AsyncGenerator<Uint8Array> {
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  for await (const chunk of content) yield chunk;
}

/** The zip as a stream of chunks; see the file comment. */
export async function* bundleChunks(review: TReviewExport, attachments: TAttachmentSource, options: TBundleOptions = {}): AsyncGenerator<Uint8Array> {
  const files = bundleFiles(review, attachments, options);
  const mtime = new Date(review.generatedAt);
  const queue: Uint8Array[] = [];
  let failure: Error | null = null;
  let bytesOut = 0;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (chunk.byteLength > 0) queue.push(chunk);
  });
  function* drain(): Generator<Uint8Array> {
    while (queue.length > 0) {
      const chunk = queue.shift()!;
      bytesOut += chunk.byteLength;
      yield chunk;
    }
    if (failure) throw failure;
  }
  const manifest: TManifestEntry[] = [];
  const total = files.length + 1;
  let done = 0;
  const report = (file: string | null) => options.onProgress?.({ file, filesDone: done, filesTotal: total, bytesOut });
  report(null);

  const add = async function* (file: Omit<TBundleFile, "content">, content: Awaited<ReturnType<TBundleFile["content"]>>) {
    const entry = file.compress ? new ZipDeflate(file.path, { level: 6 }) : new ZipPassThrough(file.path);
    entry.mtime = mtime;
    zip.add(entry);
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of contentChunks(content)) {
      if (chunk.byteLength === 0) continue;
      hash.update(chunk);
      size += chunk.byteLength;
      entry.push(chunk, false);
      yield* drain();
    }
    entry.push(new Uint8Array(0), true);
    yield* drain();
    return { path: file.path, size, sha256: hash.digest("hex"), mediaType: file.mediaType } satisfies TManifestEntry;
  };

  for (const file of files) {
    const entry = yield* add(file, await file.content());
    // An attachment whose bytes no longer match the hash recorded at upload keeps both, visibly.
    manifest.push(file.recordedSha256 !== undefined && file.recordedSha256 !== entry.sha256 ? { ...entry, recordedSha256: file.recordedSha256 } : entry);
    done += 1;
    report(file.path);
  }
  const doc: TManifest = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    incidentKey: review.incident.key,
    generatedAt: review.generatedAt,
    fileCount: manifest.length,
    files: manifest,
  };
  options.onManifest?.(doc);
  yield* add({ path: "manifest.json", mediaType: "application/json", compress: true }, json(doc));
  zip.end();
  yield* drain();
  done += 1;
  report("manifest.json");
}

/** The bundle as a Web ReadableStream (pull-based: nothing is produced ahead of the reader). */
export function buildBundle(review: TReviewExport, attachments: TAttachmentSource, options: TBundleOptions = {}): ReadableStream<Uint8Array> {
  const chunks = bundleChunks(review, attachments, options);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export const bundleFileName = (incidentKey: string) => `${incidentKey.replace(/[^A-Za-z0-9-]/g, "_")}-review-bundle.zip`;
