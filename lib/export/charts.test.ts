import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { buildCharts, errorHistogramChart, errorRateChart, latencyChart, niceTicks, xmlEscape } from "./charts";
import { svgToPng } from "./chart-png";
import { fixtureReview } from "./testing/fixture";

const review = fixtureReview();

describe("charts as SVG", () => {
  it("draws the error-class histogram as stacked bars (primary + fallback per class)", () => {
    const chart = errorHistogramChart(review)!;
    expect(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Timeouts 60 primary + 1 fallback, 5xx 40 + 3: two stacked segments each.
    const rects = [...chart.svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="(#1d4ed8|#d97706)"/g)];
    // The two legend swatches are 18 wide; the rest are bar segments.
    expect(rects.filter((m) => m[1] !== "18")).toHaveLength(4);
    expect(chart.svg).toContain(">61</text>");
    expect(chart.svg).toContain(">43</text>");
    expect(chart.alt).toContain("Timeout primary 60, fallback 1");
  });

  it("draws latency and error-rate lines only for imported windows", () => {
    const latency = latencyChart(review)!;
    expect(latency.svg.match(/<polyline /g)).toHaveLength(6);
    const rate = errorRateChart(review)!;
    expect(rate.svg.match(/<polyline /g)).toHaveLength(2);
    const manual = { ...review, rollout: { ...review.rollout, windowSource: "MANUAL" as const } };
    expect(latencyChart(manual)).toBeNull();
    expect(errorRateChart(manual)).toBeNull();
    expect(buildCharts(review).map((c) => c.id)).toEqual(["error-histogram", "latency", "error-rate"]);
  });

  it("has no chart without data", () => {
    const empty = { ...review, classes: { ...review.classes, histogram: { source: null, buckets: [], totals: [] } }, rollout: { ...review.rollout, windows: [], windowSource: null } };
    expect(buildCharts(empty)).toEqual([]);
  });

  it("is deterministic and escapes text", () => {
    expect(buildCharts(review)).toEqual(buildCharts(fixtureReview()));
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  });

  it("parses as SVG and renders to PNG", () => {
    for (const chart of buildCharts(review)) {
      expect(() => new Resvg(chart.svg)).not.toThrow();
      const png = svgToPng(chart.svg, chart.width);
      expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    }
  });

  it("picks 1-2-5 ticks covering the maximum", () => {
    expect(niceTicks(61)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(7.3).at(-1)).toBeGreaterThanOrEqual(7.3);
  });
});
