import { describe, expect, it } from "vitest";
import { METRIC_DEFINITIONS } from "@/lib/incidents/metrics";
import {
  baseUrlHost,
  chartedClass,
  countBy,
  distribution,
  findRecurrences,
  incidentFigures,
  incidentsOverTime,
  modelKey,
  monthlyMedians,
  percentile,
  periodOf,
  recurringKeys,
  type TAnalyticsIncident,
} from "./metrics";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const t = (iso: string) => Date.parse(iso);

let seq = 0;
function incident(over: Partial<TAnalyticsIncident> = {}): TAnalyticsIncident {
  seq += 1;
  return {
    id: `i${seq}`,
    key: `INC-2026-${String(seq).padStart(4, "0")}`,
    title: `Incident ${seq}`,
    severity: "SEV2",
    startedAt: t("2026-05-08T09:00:00Z"),
    detectedAt: null,
    mitigatedAt: null,
    endedAt: null,
    primaryModel: "gpt-4.1",
    fallbackModel: null,
    provider: null,
    classes: [],
    ...over,
  };
}
const at = (start: string, offsets: { detect?: number; mitigate?: number; end?: number }) => {
  const s = t(start);
  return {
    startedAt: s,
    detectedAt: offsets.detect === undefined ? null : s + offsets.detect,
    mitigatedAt: offsets.mitigate === undefined ? null : s + offsets.mitigate,
    endedAt: offsets.end === undefined ? null : s + offsets.end,
  };
};

describe("incident figures (the shared definitions)", () => {
  it("detection lag = detected at − start of degradation", () => {
    expect(incidentFigures(at("2026-05-08T09:12:00Z", { detect: 6 * MIN })).detectionLag).toBe(6 * MIN);
    expect(incidentFigures(at("2026-05-08T09:12:00Z", {})).detectionLag).toBeNull();
  });
  it("time to mitigate = mitigated at − start of degradation", () => {
    expect(incidentFigures(at("2026-05-08T09:12:00Z", { detect: 6 * MIN, mitigate: 29 * MIN })).timeToMitigate).toBe(29 * MIN);
  });
  it("time to resolve = end − start of degradation; none while open", () => {
    expect(incidentFigures(at("2026-05-08T09:12:00Z", { end: 103 * MIN })).timeToResolve).toBe(103 * MIN);
    expect(incidentFigures(at("2026-05-08T09:12:00Z", { detect: MIN, mitigate: 2 * MIN })).timeToResolve).toBeNull();
  });
  it("a time before the start gives no value", () => {
    expect(incidentFigures(at("2026-05-08T09:12:00Z", { detect: -MIN })).detectionLag).toBeNull();
  });
});

describe("percentile", () => {
  it("interpolates between the nearest values", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([0, 100], 90)).toBe(90);
  });
});

describe("distribution of each figure", () => {
  const incidents = [
    incident(at("2026-05-01T00:00:00Z", { detect: 2 * MIN, mitigate: 20 * MIN, end: 90 * MIN })),
    incident(at("2026-05-02T00:00:00Z", { detect: 10 * MIN, mitigate: 50 * MIN, end: 3 * HOUR })),
    incident(at("2026-05-03T00:00:00Z", { detect: 40 * MIN, mitigate: 2 * HOUR, end: 30 * HOUR })),
    // Open: detected and mitigated, not ended.
    incident(at("2026-05-04T00:00:00Z", { detect: 4 * MIN, mitigate: 10 * MIN })),
    // Open and nothing recorded yet.
    incident(at("2026-05-05T00:00:00Z", {})),
  ];

  it("detection lag: values, percentiles, buckets; missing detection is 'not recorded' (open or not)", () => {
    const d = distribution(incidents, "detectionLag");
    expect(d).toMatchObject({ metric: "detectionLag", label: "Detection lag", definition: METRIC_DEFINITIONS.detectionLag.definition });
    expect(d).toMatchObject({ measured: 4, open: 0, notRecorded: 1 });
    // 2, 4, 10, 40 minutes
    expect(d.p50).toBe(7 * MIN);
    expect(d.p90).toBeCloseTo(31 * MIN, 6);
    expect(Object.fromEntries(d.buckets.map((b) => [b.label, b.count]))).toMatchObject({ "< 5 min": 2, "5–15 min": 1, "30–60 min": 1, "≥ 24 h": 0 });
    expect(d.buckets.reduce((a, b) => a + b.count, 0)).toBe(d.measured);
  });

  it("time to mitigate: an open incident that was mitigated counts", () => {
    const d = distribution(incidents, "timeToMitigate");
    expect(d).toMatchObject({ measured: 4, open: 0, notRecorded: 1 });
    // 10, 20, 50, 120 minutes
    expect(d.p50).toBe(35 * MIN);
    expect(Object.fromEntries(d.buckets.map((b) => [b.label, b.count]))).toMatchObject({ "5–15 min": 1, "15–30 min": 1, "30–60 min": 1, "2–4 h": 1 });
  });

  it("time to resolve: open incidents are left out of the distribution and counted as open", () => {
    const d = distribution(incidents, "timeToResolve");
    expect(d).toMatchObject({ measured: 3, open: 2, notRecorded: 0 });
    // 90 min, 3 h, 30 h
    expect(d.p50).toBe(3 * HOUR);
    expect(d.p90).toBeCloseTo(3 * HOUR + 0.8 * 27 * HOUR, 3);
    expect(Object.fromEntries(d.buckets.map((b) => [b.label, b.count]))).toMatchObject({ "1–2 h": 1, "2–4 h": 1, "≥ 24 h": 1 });
  });

  it("bucket edges: a value on an edge belongs to the upper bucket", () => {
    const d = distribution([incident(at("2026-05-01T00:00:00Z", { detect: 5 * MIN })), incident(at("2026-05-01T00:00:00Z", { detect: 24 * HOUR }))], "detectionLag");
    expect(d.buckets.find((b) => b.label === "5–15 min")!.count).toBe(1);
    expect(d.buckets.find((b) => b.label === "≥ 24 h")!.count).toBe(1);
  });

  it("nothing measured: no percentiles", () => {
    const d = distribution([incident(at("2026-05-01T00:00:00Z", {}))], "timeToResolve");
    expect(d).toMatchObject({ measured: 0, open: 1, p50: null, p90: null });
  });
});

describe("monthly medians", () => {
  it("per month of the start, empty months included, open incidents without a value left out", () => {
    const trend = monthlyMedians(
      [
        incident(at("2026-01-10T00:00:00Z", { end: HOUR })),
        incident(at("2026-01-20T00:00:00Z", { end: 3 * HOUR })),
        incident(at("2026-01-25T00:00:00Z", {})), // open
        incident(at("2026-03-05T00:00:00Z", { end: 10 * HOUR })),
      ],
      "timeToResolve",
      "UTC",
    );
    expect(trend).toEqual([
      { period: "2026-01", label: "2026-01", median: 2 * HOUR, measured: 2 },
      { period: "2026-02", label: "2026-02", median: null, measured: 0 },
      { period: "2026-03", label: "2026-03", median: 10 * HOUR, measured: 1 },
    ]);
  });
  it("months are read in the viewer's zone", () => {
    const trend = monthlyMedians([incident(at("2026-01-31T23:30:00Z", { detect: MIN }))], "detectionLag", "Europe/Berlin");
    expect(trend.map((p) => p.period)).toEqual(["2026-02"]);
  });
});

describe("incidents over time by failure class", () => {
  it("counts each incident once under its primary class, fills empty periods", () => {
    const rows = incidentsOverTime(
      [
        incident({ startedAt: t("2026-01-05T00:00:00Z"), classes: [{ failureClass: "TIMEOUT", role: "PRIMARY" }, { failureClass: "UPSTREAM_5XX", role: "SECONDARY" }] }),
        incident({ startedAt: t("2026-01-20T00:00:00Z"), classes: [{ failureClass: "TIMEOUT", role: "PRIMARY" }] }),
        incident({ startedAt: t("2026-03-01T00:00:00Z"), classes: [] }),
      ],
      { bucket: "month", timeZone: "UTC" },
    );
    expect(rows.map((r) => [r.period, r.total, r.counts.TIMEOUT, r.counts.UPSTREAM_5XX, r.counts.UNCLASSIFIED])).toEqual([
      ["2026-01", 2, 2, 0, 0],
      ["2026-02", 0, 0, 0, 0],
      ["2026-03", 1, 0, 0, 1],
    ]);
  });
  it("weeks start on Monday; the filter's range widens the axis", () => {
    expect(periodOf(t("2026-05-10T12:00:00Z"), "week", "UTC")).toBe("2026-05-04"); // a Sunday
    expect(periodOf(t("2026-05-11T00:00:00Z"), "week", "UTC")).toBe("2026-05-11"); // a Monday
    const rows = incidentsOverTime([incident({ startedAt: t("2026-05-12T00:00:00Z") })], {
      bucket: "week",
      timeZone: "UTC",
      range: { from: t("2026-05-01T00:00:00Z"), to: t("2026-05-20T00:00:00Z") },
    });
    expect(rows.map((r) => [r.label, r.total])).toEqual([
      ["Week of 2026-04-27", 0],
      ["Week of 2026-05-04", 0],
      ["Week of 2026-05-11", 1],
      ["Week of 2026-05-18", 0],
    ]);
  });
  it("without a primary class, the first recorded class; none → unclassified", () => {
    expect(chartedClass({ classes: [{ failureClass: "AUTH", role: "SECONDARY" }] })).toBe("AUTH");
    expect(chartedClass({ classes: [] })).toBe("UNCLASSIFIED");
  });
  it("no incidents → no rows", () => {
    expect(incidentsOverTime([], { bucket: "month", timeZone: "UTC" })).toEqual([]);
  });
});

describe("counts by model and provider", () => {
  it("groups, sorts by count, and calls missing values unknown", () => {
    const items = [incident({ primaryModel: "b" }), incident({ primaryModel: "a" }), incident({ primaryModel: "b" }), incident({ primaryModel: null })];
    expect(countBy(items, (i) => i.primaryModel)).toEqual([
      { value: "b", count: 2 },
      { value: "a", count: 1 },
      { value: "unknown", count: 1 },
    ]);
    expect(countBy([incident({ primaryModel: "GPT" }), incident({ primaryModel: "gpt" })], (i) => i.primaryModel)).toEqual([{ value: "GPT", count: 2 }]);
  });
  it("model key: resolved identifier first, else alias", () => {
    expect(modelKey("assistant-default", "gpt-4.1-2025-04-14")).toBe("gpt-4.1-2025-04-14");
    expect(modelKey("assistant-default", " ")).toBe("assistant-default");
    expect(modelKey(null, null)).toBeNull();
  });
  it("provider: the base URL's host, with or without a scheme", () => {
    expect(baseUrlHost("https://api.cometapi.com/v1")).toBe("api.cometapi.com");
    expect(baseUrlHost("HTTP://Gateway.Example.com:8443/v1/chat")).toBe("gateway.example.com");
    expect(baseUrlHost("api.example.net/v1")).toBe("api.example.net");
    expect(baseUrlHost("")).toBeNull();
    expect(baseUrlHost("not a url at all")).toBeNull();
    expect(baseUrlHost(null)).toBeNull();
  });
});

describe("recurring causes", () => {
  const timeout = [{ failureClass: "TIMEOUT", role: "PRIMARY" as const }];
  const base = t("2026-03-01T00:00:00Z");

  it("same class and model exactly N days apart recur (inclusive)", () => {
    const a = incident({ startedAt: base, classes: timeout });
    const b = incident({ startedAt: base + 30 * DAY, classes: timeout });
    const found = findRecurrences([a, b], 30);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ failureClass: "TIMEOUT", model: "gpt-4.1", shortestGapMs: 30 * DAY });
    expect(found[0]!.incidents.map((i) => i.key)).toEqual([a.key, b.key]);
  });

  it("one millisecond more than N days apart does not", () => {
    const a = incident({ startedAt: base, classes: timeout });
    const b = incident({ startedAt: base + 30 * DAY + 1, classes: timeout });
    expect(findRecurrences([a, b], 30)).toEqual([]);
    expect(findRecurrences([a, b], 31)).toHaveLength(1);
  });

  it("a different primary model does not recur; model names match in any case", () => {
    const a = incident({ startedAt: base, classes: timeout, primaryModel: "gpt-4.1" });
    const b = incident({ startedAt: base + DAY, classes: timeout, primaryModel: "claude-x" });
    expect(findRecurrences([a, b], 30)).toEqual([]);
    const c = incident({ startedAt: base + 2 * DAY, classes: timeout, primaryModel: "GPT-4.1" });
    expect(findRecurrences([a, b, c], 30).map((r) => r.incidents.map((i) => i.key))).toEqual([[a.key, c.key]]);
  });

  it("a different failure class does not recur; secondary classes count", () => {
    const a = incident({ startedAt: base, classes: timeout });
    const b = incident({ startedAt: base + DAY, classes: [{ failureClass: "AUTH", role: "PRIMARY" }] });
    expect(findRecurrences([a, b], 30)).toEqual([]);
    const c = incident({ startedAt: base + 2 * DAY, classes: [{ failureClass: "AUTH", role: "PRIMARY" }, { failureClass: "TIMEOUT", role: "SECONDARY" }] });
    const found = findRecurrences([a, b, c], 30);
    expect(found.map((r) => [r.failureClass, r.incidents.map((i) => i.key)])).toEqual([
      ["AUTH", [b.key, c.key]],
      ["TIMEOUT", [a.key, c.key]],
    ]);
    expect(recurringKeys(found)).toEqual(new Set([a.key, b.key, c.key]));
  });

  it("incidents without a primary model or class never recur", () => {
    const a = incident({ startedAt: base, classes: timeout, primaryModel: null });
    const b = incident({ startedAt: base + DAY, classes: timeout, primaryModel: null });
    const c = incident({ startedAt: base, classes: [] });
    const d = incident({ startedAt: base + DAY, classes: [] });
    expect(findRecurrences([a, b, c, d], 30)).toEqual([]);
  });

  it("chains: each gap within N days, a longer gap starts a new chain; input order does not matter", () => {
    const a = incident({ startedAt: base, classes: timeout });
    const b = incident({ startedAt: base + 20 * DAY, classes: timeout });
    const c = incident({ startedAt: base + 40 * DAY, classes: timeout }); // 40 days after a, 20 after b
    const d = incident({ startedAt: base + 100 * DAY, classes: timeout });
    const e = incident({ startedAt: base + 105 * DAY, classes: timeout });
    const found = findRecurrences([e, c, a, d, b], 30);
    expect(found.map((r) => r.incidents.map((i) => i.key))).toEqual([
      [d.key, e.key], // most recent chain first
      [a.key, b.key, c.key],
    ]);
    expect(found[0]!.shortestGapMs).toBe(5 * DAY);
  });

  it("the window is configurable", () => {
    const a = incident({ startedAt: base, classes: timeout });
    const b = incident({ startedAt: base + 8 * DAY, classes: timeout });
    expect(findRecurrences([a, b], 7)).toEqual([]);
    expect(findRecurrences([a, b], 8)).toHaveLength(1);
  });
});
