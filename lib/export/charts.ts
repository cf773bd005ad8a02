// Charts of an exported review as standalone SVG (rendered to PNG by
// chart-png.ts for the bundle and the PDF): the error-class histogram as
// stacked bars (primary + fallback per class) and, when imported observation
// windows exist, latency p50/p95/p99 and error-rate line charts over time.
// Pure and deterministic: the same review always gives the same bytes.
import { runbook } from "@/lib/runbook/runbook";
import type { TReviewExport } from "./schema";

export type TChartId = "error-histogram" | "latency" | "error-rate";
export type TChart = { id: TChartId; title: string; alt: string; svg: string; width: number; height: number };

export const CHART_FONT_FAMILY = "DejaVu Sans";

const WIDTH = 760;
const HEIGHT = 380;
const M = { top: 48, right: 24, bottom: 84, left: 72 };
const PLOT_W = WIDTH - M.left - M.right;
const PLOT_H = HEIGHT - M.top - M.bottom;

const COLORS = {
  PRIMARY: "#1d4ed8",
  FALLBACK: "#d97706",
  p50: "#15803d",
  p95: "#1d4ed8",
  p99: "#b42318",
  axis: "#4a5361",
  grid: "#d5dae1",
  text: "#14171c",
};

/** XML text/attribute escaping; control characters XML 1.0 forbids are dropped. */
export function xmlEscape(text: string): string {
  return (
    text
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** 1, 2, 5 × 10^k steps giving about `target` ticks from 0 to at least max. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

function frame(title: string, body: string, yLabel: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${CHART_FONT_FAMILY}, sans-serif" role="img">`,
    `<title>${xmlEscape(title)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="26" font-size="16" font-weight="bold" fill="${COLORS.text}">${xmlEscape(title)}</text>`,
    `<text x="16" y="${M.top + PLOT_H / 2}" font-size="11" fill="${COLORS.axis}" transform="rotate(-90 16 ${M.top + PLOT_H / 2})" text-anchor="middle">${xmlEscape(yLabel)}</text>`,
    body,
    `</svg>`,
  ].join("\n");
}

function yAxis(ticks: number[], format: (v: number) => string): string {
  const max = ticks[ticks.length - 1]!;
  return ticks
    .map((t) => {
      const y = M.top + PLOT_H - (t / max) * PLOT_H;
      return `<line x1="${M.left}" y1="${n(y)}" x2="${M.left + PLOT_W}" y2="${n(y)}" stroke="${COLORS.grid}" stroke-width="1"/><text x="${M.left - 8}" y="${n(y + 4)}" font-size="11" text-anchor="end" fill="${COLORS.axis}">${xmlEscape(format(t))}</text>`;
    })
    .join("\n");
}

function legend(items: { label: string; color: string; dash?: boolean }[]): string {
  let x = M.left;
  const y = HEIGHT - 18;
  return items
    .map((item) => {
      const swatch = item.dash
        ? `<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${item.color}" stroke-width="2.5" stroke-dasharray="5 3"/>`
        : `<rect x="${x}" y="${y - 10}" width="18" height="10" fill="${item.color}"/>`;
      const out = `${swatch}<text x="${x + 24}" y="${y}" font-size="11" fill="${COLORS.text}">${xmlEscape(item.label)}</text>`;
      x += 24 + Math.ceil(item.label.length * 6.6) + 18;
      return out;
    })
    .join("\n");
}

const SHORT_CLASS: Record<string, string> = {
  AUTH: "Auth",
  VALIDATION_4XX: "4xx validation",
  RATE_LIMIT_429: "429 rate limit",
  UPSTREAM_5XX: "5xx upstream",
  TIMEOUT: "Timeout",
  QUALITY_REGRESSION: "Quality",
};

/** Failure-class counts, stacked primary + fallback; OK requests are left out of the bars. */
export function errorHistogramChart(review: TReviewExport): TChart | null {
  const totals = review.classes.histogram.totals;
  if (totals.length === 0) return null;
  const classes = runbook.failureModes.classes.map((c) => c.id);
  const rows = classes.map((id) => {
    const t = totals.find((x) => x.requestClass === id);
    return { id, primary: t?.primary ?? 0, fallback: t?.fallback ?? 0 };
  });
  const max = Math.max(1, ...rows.map((r) => r.primary + r.fallback));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const slot = PLOT_W / rows.length;
  const barW = Math.min(64, slot * 0.6);
  const bars = rows
    .map((r, i) => {
      const x = M.left + slot * i + (slot - barW) / 2;
      const hp = (r.primary / top) * PLOT_H;
      const hf = (r.fallback / top) * PLOT_H;
      const base = M.top + PLOT_H;
      const total = r.primary + r.fallback;
      return [
        hp > 0 ? `<rect x="${n(x)}" y="${n(base - hp)}" width="${n(barW)}" height="${n(hp)}" fill="${COLORS.PRIMARY}"/>` : "",
        hf > 0 ? `<rect x="${n(x)}" y="${n(base - hp - hf)}" width="${n(barW)}" height="${n(hf)}" fill="${COLORS.FALLBACK}"/>` : "",
        `<text x="${n(x + barW / 2)}" y="${n(base - hp - hf - 5)}" font-size="11" text-anchor="middle" fill="${COLORS.text}">${total}</text>`,
        `<text x="${n(x + barW / 2)}" y="${base + 16}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">${xmlEscape(SHORT_CLASS[r.id] ?? r.id)}</text>`,
      ].join("");
    })
    .join("\n");
  const ok = totals.find((t) => t.requestClass === "OK");
  const okNote = ok ? `OK requests not shown (primary ${ok.primary}, fallback ${ok.fallback}).` : "";
  const source = review.classes.histogram.source ?? "";
  const title = "Error-class histogram";
  const alt = `${title} (${source.toLowerCase()} buckets): ${rows.map((r) => `${SHORT_CLASS[r.id]} primary ${r.primary}, fallback ${r.fallback}`).join("; ")}. ${okNote}`.trim();
  const body = [
    yAxis(ticks, (v) => String(v)),
    `<line x1="${M.left}" y1="${M.top + PLOT_H}" x2="${M.left + PLOT_W}" y2="${M.top + PLOT_H}" stroke="${COLORS.axis}"/>`,
    bars,
    `<text x="${M.left + PLOT_W}" y="${M.top - 8}" font-size="11" text-anchor="end" fill="${COLORS.axis}">${xmlEscape(okNote)}</text>`,
    legend([
      { label: "Primary", color: COLORS.PRIMARY },
      { label: "Fallback", color: COLORS.FALLBACK },
    ]),
  ].join("\n");
  return { id: "error-histogram", title, alt, svg: frame(title, body, "Requests"), width: WIDTH, height: HEIGHT };
}

type TSeries = { label: string; color: string; dash: boolean; points: { t: number; v: number }[] };

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

function lineChart(id: TChartId, title: string, yLabel: string, series: TSeries[], format: (v: number) => string, alt: string): TChart | null {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return null;
  // reduce, not spread: a long incident has more windows than a call may take arguments.
  const t0 = all.reduce((m, p) => Math.min(m, p.t), Infinity);
  const t1 = all.reduce((m, p) => Math.max(m, p.t), -Infinity);
  const span = Math.max(1, t1 - t0);
  const ticks = niceTicks(all.reduce((m, p) => Math.max(m, p.v), 0));
  const top = ticks[ticks.length - 1]! || 1;
  const x = (t: number) => M.left + (t1 === t0 ? PLOT_W / 2 : ((t - t0) / span) * PLOT_W);
  const y = (v: number) => M.top + PLOT_H - (v / top) * PLOT_H;
  // About six time labels along the x axis.
  const times = [...new Set(all.map((p) => p.t))].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(times.length / 6));
  const xLabels = times
    .filter((_, i) => i % every === 0)
    .map((t) => `<text x="${n(x(t))}" y="${M.top + PLOT_H + 16}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">${hhmm(t)}</text>`)
    .join("\n");
  const lines = series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const pts = s.points.map((p) => `${n(x(p.t))},${n(y(p.v))}`).join(" ");
      const dots = s.points.length === 1 ? `<circle cx="${n(x(s.points[0]!.t))}" cy="${n(y(s.points[0]!.v))}" r="3" fill="${s.color}"/>` : "";
      return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="6 4"` : ""}/>${dots}`;
    })
    .join("\n");
  const day = new Date(t0).toISOString().slice(0, 10);
  const body = [
    yAxis(ticks, format),
    `<line x1="${M.left}" y1="${M.top + PLOT_H}" x2="${M.left + PLOT_W}" y2="${M.top + PLOT_H}" stroke="${COLORS.axis}"/>`,
    xLabels,
    `<text x="${M.left + PLOT_W}" y="${M.top + PLOT_H + 34}" font-size="11" text-anchor="end" fill="${COLORS.axis}">${xmlEscape(`Window start (UTC, ${day})`)}</text>`,
    lines,
    legend(series.filter((s) => s.points.length > 0).map((s) => ({ label: s.label, color: s.color, dash: s.dash }))),
  ].join("\n");
  return { id, title, alt, svg: frame(title, body, yLabel), width: WIDTH, height: HEIGHT };
}

/** Latency percentiles per path over the imported windows. */
export function latencyChart(review: TReviewExport): TChart | null {
  if (review.rollout.windowSource !== "IMPORT") return null;
  const series: TSeries[] = [];
  for (const path of ["PRIMARY", "FALLBACK"] as const) {
    for (const p of ["p50", "p95", "p99"] as const) {
      const key = `${p}LatencyMs` as const;
      series.push({
        label: `${path === "PRIMARY" ? "Primary" : "Fallback"} ${p}`,
        color: COLORS[p],
        dash: path === "FALLBACK",
        points: review.rollout.windows
          .filter((w) => w.path === path && w[key] !== null)
          .map((w) => ({ t: Date.parse(w.windowStart), v: w[key]! })),
      });
    }
  }
  const points = series.reduce((s, x) => s + x.points.length, 0);
  return lineChart("latency", "Latency p50 / p95 / p99 (imported windows)", "Latency (ms)", series, (v) => `${v}`, `Latency percentiles per observation window for the primary (solid) and fallback (dashed) paths, ${points} points.`);
}

/** Error rate per path over the imported windows. */
export function errorRateChart(review: TReviewExport): TChart | null {
  if (review.rollout.windowSource !== "IMPORT") return null;
  const series: TSeries[] = (["PRIMARY", "FALLBACK"] as const).map((path) => ({
    label: path === "PRIMARY" ? "Primary error rate" : "Fallback error rate",
    color: COLORS[path],
    dash: path === "FALLBACK",
    points: review.rollout.windows
      .filter((w) => w.path === path && w.errorRate !== null)
      .map((w) => ({ t: Date.parse(w.windowStart), v: w.errorRate! * 100 })),
  }));
  return lineChart("error-rate", "Error rate per window (imported windows)", "Error rate (%)", series, (v) => `${v} %`, "Error rate (errors ÷ requests) per observation window for the primary and fallback paths.");
}

/** Every chart the review has data for, in document order. */
export function buildCharts(review: TReviewExport): TChart[] {
  return [errorHistogramChart(review), latencyChart(review), errorRateChart(review)].filter((c): c is TChart => c !== null);
}

export const chartFileName = (id: TChartId, ext: "svg" | "png") => `charts/${id}.${ext}`;
