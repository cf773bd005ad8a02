// review.pdf: lays the review out (pdf-layout.ts) and renders it in a worker
// thread (pdf-worker.mjs, which explains why). Server-side only: route
// handlers, the CLI and tests call it.
import { existsSync } from "node:fs";
import path from "node:path";
import { buildCharts, type TChart, type TChartId } from "./charts";
import { svgToPng } from "./chart-png";
import { findFontFiles } from "./fonts";
import { layoutReviewPdf, type TPdfDocument } from "./pdf-layout";
import type { TReviewExport } from "./schema";

const RENDER_TIMEOUT_MS = 120_000;

/**
 * The worker script. Resolved from the project root (INCIDENT_REVIEW_ROOT or the working directory, which is
 * the root for `npm start`, `npm run cli` and the tests), not through the bundler: Next must not bundle it.
 */
export function pdfWorkerPath(): string {
  const roots = [process.env.INCIDENT_REVIEW_ROOT, process.cwd()].filter((r): r is string => !!r);
  for (const root of roots) {
    const file = path.join(/*turbopackIgnore: true*/ root, "lib", "export", "pdf-worker.mjs");
    if (existsSync(/*turbopackIgnore: true*/ file)) return file;
  }
  throw new Error("The PDF renderer (lib/export/pdf-worker.mjs) was not found: run from the project directory or set INCIDENT_REVIEW_ROOT.");
}

type TWorker = import("node:worker_threads").Worker;
type TAnswer = { id: number; ok: true; pdf: ArrayBuffer } | { id: number; ok: false; error: string };
type TJob = { resolve: (pdf: Uint8Array) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/** Kept for IDLE_MS after a render so a burst of exports loads the renderer once. */
const IDLE_MS = 60_000;
let shared: { worker: TWorker; jobs: Map<number, TJob>; idle: NodeJS.Timeout | null } | null = null;
let nextJobId = 1;
let queue: Promise<unknown> = Promise.resolve();

function dropWorker(error: Error): void {
  const current = shared;
  if (!current) return;
  shared = null;
  if (current.idle) clearTimeout(current.idle);
  for (const job of current.jobs.values()) {
    clearTimeout(job.timer);
    job.reject(error);
  }
  current.jobs.clear();
  void current.worker.terminate();
}

function pdfWorker(): NonNullable<typeof shared> {
  if (shared) return shared;
  // Taken at run time so no bundler rewrites the constructor (Turbopack resolves `new Worker(…)` through its own
  // module graph, where this plain script is not). No --conditions, no loaders from the parent: the worker
  // resolves the normal React build.
  const { Worker: ThreadWorker } = process.getBuiltinModule("node:worker_threads");
  const worker = new ThreadWorker(pdfWorkerPath(), { execArgv: [], stdout: false, stderr: false });
  const state = { worker, jobs: new Map<number, TJob>(), idle: null as NodeJS.Timeout | null };
  worker.on("message", (answer: TAnswer) => {
    const job = state.jobs.get(answer.id);
    if (!job) return;
    state.jobs.delete(answer.id);
    clearTimeout(job.timer);
    if (answer.ok) job.resolve(new Uint8Array(answer.pdf));
    else job.reject(new Error(`The PDF could not be rendered: ${answer.error}`));
    if (state.jobs.size === 0 && shared === state) {
      // Idle: do not keep the process alive for it, and end it after a while.
      worker.unref();
      state.idle = setTimeout(() => {
        if (shared === state && state.jobs.size === 0) dropWorker(new Error("idle"));
      }, IDLE_MS);
      state.idle.unref();
    }
  });
  worker.on("error", (error) => {
    if (shared === state) dropWorker(error);
  });
  worker.on("exit", (code) => {
    if (shared === state) dropWorker(new Error(`The PDF renderer stopped (exit ${code}).`));
  });
  shared = state;
  return state;
}

/** Renders a laid-out document; `images` are the chart PNGs by id. Renders run one at a time. */
export function renderPdfDocument(doc: TPdfDocument, images: ReadonlyMap<TChartId, Uint8Array>): Promise<Uint8Array> {
  const run = () =>
    new Promise<Uint8Array>((resolve, reject) => {
      const state = pdfWorker();
      if (state.idle) clearTimeout(state.idle);
      state.idle = null;
      state.worker.ref();
      const id = nextJobId++;
      const timer = setTimeout(() => {
        if (shared === state) dropWorker(new Error("The PDF took too long to render."));
      }, RENDER_TIMEOUT_MS);
      state.jobs.set(id, { resolve, reject, timer });
      state.worker.postMessage({ id, doc, fontFiles: findFontFiles(), images: Object.fromEntries(images) });
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

export type TRenderedChart = TChart & { png: Uint8Array };

/** The review's charts with their PNGs (shared by the bundle and the PDF so each is drawn once). */
export function renderCharts(review: TReviewExport): TRenderedChart[] {
  return buildCharts(review).map((chart) => ({ ...chart, png: svgToPng(chart.svg, chart.width) }));
}

/** review.pdf for a (sanitized) review. Pass `charts` when they are already rendered. */
export async function renderReviewPdf(review: TReviewExport, options: { charts?: readonly TRenderedChart[] } = {}): Promise<Uint8Array> {
  const charts = options.charts ?? renderCharts(review);
  const doc = layoutReviewPdf(review, { charts: charts.map((c) => c.id) });
  return renderPdfDocument(doc, new Map(charts.map((c) => [c.id, c.png])));
}
