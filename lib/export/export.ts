import "server-only";
// The export as the routes and the CLI use it: load (read permission) →
// sanitize with the installation's policy → readiness check (refused when the
// installation requires readiness) → review.md / review.pdf / the streamed
// bundle. Every output is built from the sanitized review only.
import type { TActor } from "@/lib/auth/permissions";
import { buildBundle, bundleFileName, type TBundleProgress, type TManifest } from "./bundle";
import { loadExportSettings, loadReviewForExport, readAttachmentChunks, type TExportSettings } from "./load";
import { renderReviewMarkdown } from "./markdown";
import { renderCharts, renderReviewPdf } from "./pdf";
import { checkReadiness, type TReadinessReport } from "./readiness";
import { sanitizeReview } from "./sanitize";
import type { TReviewExport } from "./schema";

export type TPreparedExport = { review: TReviewExport; readiness: TReadinessReport; settings: TExportSettings };

/** Refused because the installation requires a ready review; carries the report. */
export class ExportNotReadyError extends Error {
  constructor(readonly readiness: TReadinessReport) {
    super(`The review is not ready to export: ${readiness.items.length} item${readiness.items.length === 1 ? "" : "s"} to finish.`);
    this.name = "ExportNotReadyError";
  }
}

export async function prepareExport(actor: TActor, incidentKey: string, now: Date = new Date()): Promise<TPreparedExport> {
  const [raw, settings] = await Promise.all([loadReviewForExport(actor, incidentKey, now), loadExportSettings()]);
  const review = sanitizeReview(raw, settings);
  return { review, readiness: checkReadiness(review), settings };
}

function assertExportAllowed(prepared: TPreparedExport): void {
  if (prepared.settings.requireReadinessForExport && !prepared.readiness.ready) throw new ExportNotReadyError(prepared.readiness);
}

const fileStem = (key: string) => key.replace(/[^A-Za-z0-9-]/g, "_");

export async function exportMarkdown(actor: TActor, incidentKey: string): Promise<{ fileName: string; markdown: string }> {
  const prepared = await prepareExport(actor, incidentKey);
  assertExportAllowed(prepared);
  // review.md alone has no chart files beside it, so no images.
  return { fileName: `${fileStem(prepared.review.incident.key)}-review.md`, markdown: renderReviewMarkdown(prepared.review) };
}

export async function exportPdf(actor: TActor, incidentKey: string): Promise<{ fileName: string; pdf: Uint8Array }> {
  const prepared = await prepareExport(actor, incidentKey);
  assertExportAllowed(prepared);
  return { fileName: `${fileStem(prepared.review.incident.key)}-review.pdf`, pdf: await renderReviewPdf(prepared.review) };
}

export type TBundleExport = {
  fileName: string;
  stream: ReadableStream<Uint8Array>;
  prepared: TPreparedExport;
  /** Files in the zip, manifest.json included. */
  fileCount: number;
  /** A rough size for a progress bar (the zip is streamed, so the exact size is not known up front). */
  estimatedBytes: number;
};

/**
 * The bundle as a stream. The PDF and charts are rendered before the stream starts, so a rendering failure
 * is an error the caller can report, not a truncated download; attachments are read while streaming.
 */
export async function exportBundle(
  actor: TActor,
  incidentKey: string,
  options: { onProgress?: (progress: TBundleProgress) => void; onManifest?: (manifest: TManifest) => void; now?: Date } = {},
): Promise<TBundleExport> {
  const prepared = await prepareExport(actor, incidentKey, options.now);
  assertExportAllowed(prepared);
  const { review, readiness } = prepared;
  const charts = renderCharts(review);
  const pdf = await renderReviewPdf(review, { charts });
  const stream = buildBundle(review, (attachment) => readAttachmentChunks(attachment.id), {
    readiness,
    charts,
    pdf,
    onProgress: options.onProgress,
    onManifest: options.onManifest,
  });
  const attachmentBytes = review.attachments.reduce((sum, a) => sum + a.sizeBytes, 0);
  const chartBytes = charts.reduce((sum, c) => sum + c.png.byteLength + c.svg.length / 4, 0);
  // Text files deflate to roughly a quarter of the JSON's size.
  const textBytes = JSON.stringify(review).length / 2;
  return {
    fileName: bundleFileName(review.incident.key),
    stream,
    prepared,
    fileCount: 13 + charts.length * 2 + review.attachments.length,
    estimatedBytes: Math.round(pdf.byteLength + attachmentBytes + chartBytes + textBytes),
  };
}
