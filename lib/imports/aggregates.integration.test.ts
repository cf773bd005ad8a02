import pg from "pg";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { fixtureText } from "@/lib/logs/testing/fixtures";
import { makeActor } from "@/lib/testing/integration";
import { aggregateIncident, importLogStream } from "./import";
import { bytesOf } from "./testing";

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);

async function setup(observationWindowMinutes: number) {
  const commander = await makeActor("COMMANDER");
  const incident = await createIncidentRecord(commander, {
    title: "Streamed aggregates",
    severity: "SEV2",
    degradationStartedAt: new Date(T0),
    primaryModelResolvedId: "gpt-4o",
    fallbackModelResolvedId: "gpt-4o-mini",
  });
  await getPrisma().incident.update({ where: { id: incident.id }, data: { observationWindowMinutes } });
  return { commander, incidentId: incident.id };
}

/** The incident's aggregates, without generated ids, in a fixed order. */
async function aggregatesOf(incidentId: string) {
  const prisma = getPrisma();
  const [fine, histogram, windows] = await Promise.all([
    prisma.requestLogBucket.findMany({ where: { incidentId }, orderBy: [{ windowStart: "asc" }, { path: "asc" }, { requestClass: "asc" }] }),
    prisma.histogramBucket.findMany({
      where: { incidentId, source: "IMPORT" },
      orderBy: [{ windowStart: "asc" }, { path: "asc" }, { requestClass: "asc" }],
      omit: { id: true },
    }),
    prisma.observationWindow.findMany({ where: { incidentId, source: "IMPORT" }, orderBy: [{ windowStart: "asc" }, { path: "asc" }], omit: { id: true } }),
  ]);
  return { fine, histogram, windows };
}

/** Recomputes the aggregates from the stored rows (the path every import took before streaming). */
async function recomputeFromRows(incidentId: string, importId: string, windowMinutes: number) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    const result = await aggregateIncident(client, incidentId, importId, windowMinutes, null);
    await client.query("COMMIT");
    return result;
  } finally {
    await client.end();
  }
}

/** JSON lines with the awkward cases: no latency, latency beyond int4, equal latencies, ties that round half to even, a request on the first day the importer accepts. */
function awkwardLines(): string {
  const lines: string[] = [];
  const at = (ms: number) => new Date(ms).toISOString();
  // Two requests per window whose median is x.5: 10/11 → 10.5 → 10, 11/12 → 11.5 → 12.
  lines.push(JSON.stringify({ timestamp: at(T0 + 1_000), status: 200, latency_ms: 10, model: "gpt-4o" }));
  lines.push(JSON.stringify({ timestamp: at(T0 + 2_000), status: 200, latency_ms: 11, model: "gpt-4o" }));
  lines.push(JSON.stringify({ timestamp: at(T0 + 301_000), status: 500, latency_ms: 11, model: "gpt-4o" }));
  lines.push(JSON.stringify({ timestamp: at(T0 + 302_000), status: 429, latency_ms: 12, model: "gpt-4o" }));
  lines.push(JSON.stringify({ timestamp: at(T0 + 303_000), status: 200, model: "gpt-4o-mini", fallback: true }));
  lines.push(JSON.stringify({ timestamp: at(T0 + 304_000), status: 504, latency_ms: 3_000_000_000, model: "gpt-4o-mini", fallback: true }));
  lines.push(JSON.stringify({ timestamp: at(Date.UTC(2000, 0, 1, 0, 2, 30)), status: 401, latency_ms: 7, model: "gpt-4o" }));
  return lines.join("\n") + "\n";
}

describe("aggregates counted while streaming", () => {
  const cases = [
    { name: "a realistic gateway log (every class, both paths, secrets, multi-span lines)", format: "otel", windowMinutes: 5, text: () => fixtureText("otel", { count: 3000, seed: 21, startMs: T0, stepMs: 700, plantSecrets: true }) },
    { name: "CSV with a 1-minute observation window", format: "csv", windowMinutes: 1, text: () => fixtureText("csv", { count: 2000, seed: 22, startMs: T0, stepMs: 250 }) },
    { name: "null and out-of-range latencies, half-way medians, a request in 2000 (a 26-year span: day buckets)", format: "jsonl", windowMinutes: 5, text: awkwardLines },
  ] as const;
  for (const c of cases) {
    it(`equal the SQL recomputation over the stored rows: ${c.name}`, async () => {
      const { commander, incidentId } = await setup(c.windowMinutes);
      await getPrisma().incidentFailureClass.createMany({
        data: [
          { incidentId, failureClass: "UPSTREAM_5XX", role: "PRIMARY" },
          { incidentId, failureClass: "TIMEOUT", role: "SECONDARY" },
        ],
      });
      const text = c.text();
      const result = await importLogStream(commander, { incidentId, fileName: `a.${c.format}`, source: bytesOf(text, 5000), format: "auto", skipInvalid: false, parallel: { threads: 1, startAfterBatches: 0, waitForThreads: true, batchItems: 37 } });
      expect(result.aggregateSources).toEqual({ buckets: "stream", windows: "stream" });
      const streamed = await aggregatesOf(incidentId);
      expect(streamed.fine.reduce((n, b) => n + b.count, 0)).toBe(result.accepted);
      expect(streamed.windows.reduce((n, w) => n + w.requests, 0)).toBe(result.accepted);
      expect(streamed.windows.some((w) => w.activeClassErrors! > 0)).toBe(true);

      const recomputed = await recomputeFromRows(incidentId, result.importId, c.windowMinutes);
      expect(recomputed.sources).toEqual({ buckets: "rows", windows: "rows" });
      expect(recomputed.bucketSize).toBe(result.bucketSize);
      expect(await aggregatesOf(incidentId)).toEqual(streamed);
    });
  }

  it("the awkward cases give the values PostgreSQL gives", async () => {
    const { commander, incidentId } = await setup(5);
    const result = await importLogStream(commander, { incidentId, fileName: "a.jsonl", source: bytesOf(awkwardLines(), 100), format: "auto", skipInvalid: false });
    const { windows, fine } = await aggregatesOf(incidentId);
    // 26 years of span: the finest servable bucket is a day.
    expect(fine.every((b) => b.widthSeconds === 86_400)).toBe(true);
    const byStart = (iso: string, path: string) => windows.find((w) => w.windowStart.toISOString() === iso && w.path === path);
    expect(byStart("2000-01-01T00:00:00.000Z", "PRIMARY")).toMatchObject({ requests: 1, errors: 1, p50LatencyMs: 7, activeClassErrors: null });
    expect(byStart(new Date(T0).toISOString(), "PRIMARY")).toMatchObject({ requests: 2, errors: 0, p50LatencyMs: 10, p95LatencyMs: 11, p99LatencyMs: 11 });
    expect(byStart(new Date(T0 + 300_000).toISOString(), "PRIMARY")).toMatchObject({ requests: 2, errors: 2, p50LatencyMs: 12 });
    // No latency, and one beyond int4 (stored as NULL): no percentile, both still counted.
    expect(byStart(new Date(T0 + 300_000).toISOString(), "FALLBACK")).toMatchObject({ requests: 2, errors: 1, timeouts: 1, p50LatencyMs: null, p99LatencyMs: null });
    expect(result.aggregateSources.windows).toBe("stream");
  });

  it("a second import into the incident recomputes from all stored rows", async () => {
    const { commander, incidentId } = await setup(5);
    const first = fixtureText("jsonl", { count: 400, seed: 23, startMs: T0, stepMs: 1000 });
    const second = fixtureText("jsonl", { count: 300, seed: 24, startMs: T0 + 3_600_000, stepMs: 1000 });
    const a = await importLogStream(commander, { incidentId, fileName: "a.jsonl", source: bytesOf(first, 4096), format: "auto", skipInvalid: false });
    const b = await importLogStream(commander, { incidentId, fileName: "b.jsonl", source: bytesOf(second, 4096), format: "auto", skipInvalid: false });
    expect(a.aggregateSources).toEqual({ buckets: "stream", windows: "stream" });
    expect(b.aggregateSources).toEqual({ buckets: "rows", windows: "rows" });
    const { fine, windows } = await aggregatesOf(incidentId);
    expect(fine.reduce((n, x) => n + x.count, 0)).toBe(700);
    expect(windows.reduce((n, x) => n + x.requests, 0)).toBe(700);
  });
});
