import { beforeAll, describe, expect, it } from "vitest";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { fixtureByteStream } from "@/lib/logs/testing/fixtures";
import { makeActor } from "@/lib/testing/integration";
import { BUCKET_ORIGIN_ISO, BUCKET_SIZE_MS, BUCKET_SIZES, bucketInterval, finestServedBucketSize } from "./buckets";
import { getClassReach, getFirstBadRequest, getLogSpan, getRequestHistogram, getWindowSeries, listLogImports, listRequests } from "./analytics";
import { importLogStream } from "./import";
import { parseLogsView, type TLogsView } from "./schemas";
import { bytesOf, concatStreams } from "./testing";
import { acceptSuggestedWindow, getWindowSuggestion } from "./window";

// A small dataset whose every figure is known by hand.
const LINES = [
  { timestamp: "2026-05-08T09:00:10Z", request_id: "ok-1", status: 200, latency_ms: 100, tenant_id: "a", prompt: "p1", fallback: false },
  { timestamp: "2026-05-08T09:00:20Z", request_id: "ok-2", status: 200, latency_ms: 200, tenant_id: "b", prompt: "p2", fallback: false },
  { timestamp: "2026-05-08T09:01:05Z", request_id: "bad-1", status: 503, latency_ms: 300, tenant_id: "a", prompt: "p1", fallback: false, error: "ServiceUnavailableError" },
  { timestamp: "2026-05-08T09:01:30Z", request_id: "slow-1", status: 504, latency_ms: 30000, tenant_id: "c", prompt: "p3", fallback: false },
  { timestamp: "2026-05-08T09:02:00Z", request_id: "fb-1", status: 200, latency_ms: 400, tenant_id: "a", prompt: "p1", fallback: true, route: "/v1/summarize" },
  { timestamp: "2026-05-08T09:06:00Z", request_id: "ok-3", status: 200, latency_ms: 500, tenant_id: "b", prompt: "p2", fallback: false },
  { timestamp: "2026-05-08T09:06:30Z", request_id: "qr-1", status: 200, latency_ms: 600, tenant_id: "a", prompt: "p4", fallback: false, validation_result: "failed" },
  { timestamp: "2026-05-08T09:07:00Z", request_id: "rl-1", status: 429, latency_ms: 50, tenant_id: "c", prompt: "p1", fallback: true },
];
const TEXT = LINES.map((l) => JSON.stringify(l)).join("\n") + "\n";

let commander: TActor;
let viewer: TActor;
let incidentId: string;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
  const incident = await createIncidentRecord(commander, { title: "Known dataset", severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:00:00Z") });
  incidentId = incident.id;
  await importLogStream(commander, { incidentId, fileName: "known.jsonl", source: bytesOf(TEXT), format: "jsonl", skipInvalid: false });
});

const view = (over: Partial<TLogsView> = {}): TLogsView => ({ ...parseLogsView({}), ...over });

describe("request-log analytics on a known dataset", () => {
  it("lists the import with its counts and privacy report", async () => {
    const [imp] = await listLogImports(viewer, incidentId);
    expect(imp).toMatchObject({ status: "COMPLETED", rows: 8, accepted: 8, rejected: 0, createdBy: commander.name });
    expect(imp!.byClass).toEqual({ OK: 4, AUTH: 0, VALIDATION_4XX: 0, RATE_LIMIT_429: 1, UPSTREAM_5XX: 1, TIMEOUT: 1, QUALITY_REGRESSION: 1 });
    expect(imp!.byPath).toEqual({ PRIMARY: 6, FALLBACK: 2 });
    expect(imp!.privacy).toMatchObject({ promptsHashed: 8, promptsDropped: 8, identifiersPseudonymized: 8 });
  });

  it("histogram by class per minute, per path, and re-binned to 5 minutes", async () => {
    const span = await getLogSpan(viewer, incidentId);
    expect(span).toMatchObject({ rows: 8, firstTs: "2026-05-08T09:00:10.000Z", lastTs: "2026-05-08T09:07:00.000Z", storedBucketSize: "1m", fineBucketSize: "1m" });
    const minute = await getRequestHistogram(viewer, incidentId, { bucket: "auto", path: "ALL" });
    expect(minute.size).toBe("1m");
    const compact = (rows: typeof minute.rows) =>
      rows.map((r) => [r.windowStart.slice(11, 16), Object.fromEntries(Object.entries(r).filter(([k, v]) => typeof v === "number" && v > 0 && k !== "total"))]);
    expect(compact(minute.rows)).toEqual([
      ["09:00", { OK: 2 }],
      ["09:01", { UPSTREAM_5XX: 1, TIMEOUT: 1 }],
      ["09:02", { OK: 1 }],
      ["09:06", { OK: 1, QUALITY_REGRESSION: 1 }],
      ["09:07", { RATE_LIMIT_429: 1 }],
    ]);
    const fallback = await getRequestHistogram(viewer, incidentId, { bucket: "1m", path: "FALLBACK" });
    expect(compact(fallback.rows)).toEqual([
      ["09:02", { OK: 1 }],
      ["09:07", { RATE_LIMIT_429: 1 }],
    ]);
    const five = await getRequestHistogram(viewer, incidentId, { bucket: "5m", path: "ALL" });
    expect(five.source).toBe("buckets");
    expect(compact(five.rows)).toEqual([
      ["09:00", { OK: 3, UPSTREAM_5XX: 1, TIMEOUT: 1 }],
      ["09:05", { OK: 1, QUALITY_REGRESSION: 1, RATE_LIMIT_429: 1 }],
    ]);
    expect(five.rows.map((r) => r.total)).toEqual([5, 3]);
  });

  it("error and timeout rates and latency percentiles per path per window", async () => {
    const windows = await getWindowSeries(viewer, incidentId);
    const pick = (start: string, path: string) => windows.find((w) => w.windowStart === `2026-05-08T${start}:00.000Z` && w.path === path);
    expect(windows).toHaveLength(4);
    expect(pick("09:00", "PRIMARY")).toMatchObject({ requests: 4, errors: 2, timeouts: 1, validationFailures: 0, errorRate: 0.5, timeoutRate: 0.25, p50LatencyMs: 250 });
    expect(pick("09:00", "PRIMARY")!.p95LatencyMs).toBe(Math.round(300 + 0.85 * (30000 - 300)));
    expect(pick("09:00", "FALLBACK")).toMatchObject({ requests: 1, errors: 0, p50LatencyMs: 400, p99LatencyMs: 400 });
    expect(pick("09:05", "PRIMARY")).toMatchObject({ requests: 2, errors: 1, validationFailures: 1, p50LatencyMs: 550 });
    expect(pick("09:05", "FALLBACK")).toMatchObject({ requests: 1, errors: 1, errorRate: 1 });
  });

  it("first known bad request and reach per class", async () => {
    expect(await getFirstBadRequest(viewer, incidentId)).toMatchObject({
      ts: "2026-05-08T09:01:05.000Z",
      requestId: "bad-1",
      requestClass: "UPSTREAM_5XX",
      path: "PRIMARY",
      statusCode: 503,
      exceptionClass: "ServiceUnavailableError",
    });
    const reach = Object.fromEntries((await getClassReach(viewer, incidentId)).map((r) => [r.requestClass, [r.requests, r.distinctPrompts, r.distinctTenants]]));
    expect(reach).toEqual({
      OK: [4, 2, 2],
      AUTH: [0, 0, 0],
      VALIDATION_4XX: [0, 0, 0],
      RATE_LIMIT_429: [1, 1, 1],
      UPSTREAM_5XX: [1, 1, 1],
      TIMEOUT: [1, 1, 1],
      QUALITY_REGRESSION: [1, 1, 1],
    });
  });

  it("request table: keyset pages in time order, both ways", async () => {
    const small = (over: Partial<TLogsView>) => view({ size: 3 as TLogsView["size"], ...over });
    const p1 = await listRequests(viewer, incidentId, small({}));
    expect(p1.mode).toBe("keyset");
    expect(p1.rows.map((r) => r.requestId)).toEqual(["ok-1", "ok-2", "bad-1"]);
    expect(p1).toMatchObject({ total: 8, totalIsExact: true, hasNext: true, hasPrev: false });
    const p2 = await listRequests(viewer, incidentId, small({ after: p1.nextCursor, page: 1 }));
    expect(p2.rows.map((r) => r.requestId)).toEqual(["slow-1", "fb-1", "ok-3"]);
    expect(p2).toMatchObject({ hasNext: true, hasPrev: true });
    const p3 = await listRequests(viewer, incidentId, small({ after: p2.nextCursor, page: 2 }));
    expect(p3.rows.map((r) => r.requestId)).toEqual(["qr-1", "rl-1"]);
    expect(p3.hasNext).toBe(false);
    const back = await listRequests(viewer, incidentId, small({ before: p3.prevCursor, page: 1 }));
    expect(back.rows.map((r) => r.requestId)).toEqual(["slow-1", "fb-1", "ok-3"]);
    const backToStart = await listRequests(viewer, incidentId, small({ before: back.prevCursor, page: 0 }));
    expect(backToStart.rows.map((r) => r.requestId)).toEqual(["ok-1", "ok-2", "bad-1"]);
    expect(backToStart.hasPrev).toBe(false);
    const newest = await listRequests(viewer, incidentId, small({ dir: "desc" }));
    expect(newest.rows.map((r) => r.requestId)).toEqual(["rl-1", "qr-1", "ok-3"]);
    const older = await listRequests(viewer, incidentId, small({ dir: "desc", after: newest.nextCursor, page: 1 }));
    expect(older.rows.map((r) => r.requestId)).toEqual(["fb-1", "slow-1", "bad-1"]);
  });

  it("request table: server-side sort and filters", async () => {
    const byLatency = await listRequests(viewer, incidentId, view({ sort: "latency", dir: "desc" }));
    expect(byLatency.mode).toBe("offset");
    expect(byLatency.rows.map((r) => r.latencyMs)).toEqual([30000, 600, 500, 400, 300, 200, 100, 50]);
    const byStatus = await listRequests(viewer, incidentId, view({ sort: "status", dir: "asc", size: 3 as TLogsView["size"], page: 2 }));
    expect(byStatus.rows.map((r) => r.statusCode)).toEqual([503, 504]);
    expect(byStatus.hasPrev).toBe(true);
    expect((await listRequests(viewer, incidentId, view({ class: "TIMEOUT" }))).rows.map((r) => r.requestId)).toEqual(["slow-1"]);
    expect((await listRequests(viewer, incidentId, view({ path: "FALLBACK" }))).rows.map((r) => r.requestId)).toEqual(["fb-1", "rl-1"]);
    expect((await listRequests(viewer, incidentId, view({ status: 429 }))).rows.map((r) => r.requestId)).toEqual(["rl-1"]);
    expect((await listRequests(viewer, incidentId, view({ q: "BAD-" }))).rows.map((r) => r.requestId)).toEqual(["bad-1"]);
    expect((await listRequests(viewer, incidentId, view({ q: "summarize" }))).rows.map((r) => r.requestId)).toEqual(["fb-1"]);
    expect((await listRequests(viewer, incidentId, view({ q: "100%_" }))).rows).toEqual([]);
    const filtered = await listRequests(viewer, incidentId, view({ sort: "class", class: "OK", path: "PRIMARY" }));
    expect(filtered.rows.map((r) => r.requestId)).toEqual(["ok-1", "ok-2", "ok-3"]);
    expect(filtered.total).toBe(3);
  });

  it("reading analytics needs a signed-in user; any role may read", async () => {
    await expect(getLogSpan(null as unknown as TActor, incidentId)).rejects.toBeInstanceOf(AuthError);
    await expect(listRequests(viewer, incidentId, view())).resolves.toBeTruthy();
  });
});

describe("suggested incident window", () => {
  const T0 = Date.UTC(2026, 4, 8, 8, 0, 0);
  const calm = { OK: 98, UPSTREAM_5XX: 2 };
  const bad = { OK: 40, UPSTREAM_5XX: 35, TIMEOUT: 25 };

  async function degradedIncident() {
    const incident = await createIncidentRecord(commander, {
      title: "Degraded",
      severity: "SEV1",
      degradationStartedAt: new Date(T0 + 60 * 60_000),
      detectedAt: new Date(T0 + 50 * 60_000),
    });
    // 40 min calm, 20 min degraded, 30 min calm: one request every ~2 s.
    const segment = (mix: Record<string, number>, startMin: number, minutes: number, seed: number) =>
      fixtureByteStream("jsonl", { count: minutes * 30, seed, startMs: T0 + startMin * 60_000, stepMs: 1000, classMix: mix, fallbackRate: 0 });
    await importLogStream(commander, {
      incidentId: incident.id,
      fileName: "degraded.jsonl",
      source: concatStreams(segment(calm, 0, 40, 1), segment(bad, 40, 20, 2), segment(calm, 60, 30, 3)),
      format: "jsonl",
      skipInvalid: false,
    });
    return incident;
  }

  it("suggests the degradation from the logs, shows the detection lag, and accepting it is audited", async () => {
    const incident = await degradedIncident();
    const view = await getWindowSuggestion(viewer, incident.id);
    expect(view).not.toBeNull();
    const { suggestion } = view!;
    expect(view!.bucketSize).toBe("1m");
    // The degraded segment starts at minute 40 (a few seconds of drift are possible from the generator).
    expect(Math.abs(suggestion.startMs! - (T0 + 40 * 60_000))).toBeLessThanOrEqual(60_000);
    expect(Math.abs(suggestion.endMs! - (T0 + 60 * 60_000))).toBeLessThanOrEqual(2 * 60_000);
    expect(view!.detectionLagMs).toBe(T0 + 50 * 60_000 - suggestion.startMs!);

    await expect(
      acceptSuggestedWindow(viewer, {
        incidentId: incident.id,
        version: view!.recorded.version,
        degradationStartedAt: new Date(suggestion.startMs!).toISOString(),
        endedAt: new Date(suggestion.endMs!).toISOString(),
      }),
    ).rejects.toBeInstanceOf(AuthError);

    const result = await acceptSuggestedWindow(commander, {
      incidentId: incident.id,
      version: view!.recorded.version,
      degradationStartedAt: new Date(suggestion.startMs!).toISOString(),
      endedAt: new Date(suggestion.endMs!).toISOString(),
    });
    expect(result.changedFields).toEqual(["degradationStartedAt", "endedAt"]);
    const stored = await getPrisma().incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(stored.degradationStartedAt.getTime()).toBe(suggestion.startMs);
    expect(stored.endedAt?.getTime()).toBe(suggestion.endMs);
    expect(stored.detectedAt?.getTime()).toBe(T0 + 50 * 60_000);
    expect(stored.version).toBe(view!.recorded.version + 1);
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId: incident.id, entityType: "Incident", action: "UPDATE" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.field)).toEqual(["degradationStartedAt", "endedAt"]);
    expect(audit[0]).toMatchObject({ actorId: commander.id, before: new Date(T0 + 60 * 60_000).toISOString() });

    // A second accept based on the old version is a conflict; nothing changes.
    await expect(
      acceptSuggestedWindow(commander, { incidentId: incident.id, version: view!.recorded.version, degradationStartedAt: new Date(T0).toISOString(), endedAt: null }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("refuses a suggested start after the recorded detection", async () => {
    const incident = await degradedIncident();
    await expect(
      acceptSuggestedWindow(commander, { incidentId: incident.id, version: 1, degradationStartedAt: new Date(T0 + 55 * 60_000).toISOString(), endedAt: null }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await getPrisma().auditLog.count({ where: { incidentId: incident.id, action: "UPDATE" } })).toBe(0);
  });
});

describe("histogram from the stored finest counts", () => {
  it("every offered bucket size and path equals a count over the rows, across two imports", async () => {
    const commander = await makeActor("COMMANDER");
    const start = Date.UTC(2026, 4, 8, 0, 0, 0);
    const incident = await createIncidentRecord(commander, { title: "Two days of logs", severity: "SEV3", degradationStartedAt: new Date(start) });
    // ~35 h: one-minute buckets would exceed the chosen-bucket cap, so the finest stored size is 5 minutes.
    const day = { count: 1200, seed: 3, startMs: start, stepMs: 50_000, primaryModel: "gpt-4o", fallbackModel: "gpt-4o-mini" };
    const later = { ...day, count: 400, seed: 4, startMs: start + 32 * 3_600_000, stepMs: 30_000 };
    await importLogStream(commander, { incidentId: incident.id, fileName: "a.jsonl", source: fixtureByteStream("jsonl", day), format: "auto", skipInvalid: false });
    await importLogStream(commander, { incidentId: incident.id, fileName: "b.csv", source: fixtureByteStream("csv", later), format: "auto", skipInvalid: false });
    const span = await getLogSpan(viewer, incident.id);
    const fine = finestServedBucketSize(Date.parse(span.firstTs!), Date.parse(span.lastTs!));
    expect(fine).toBe("5m");
    expect(span.fineBucketSize).toBe(fine);
    expect(await getPrisma().requestLogBucket.aggregate({ where: { incidentId: incident.id }, _sum: { count: true } })).toEqual({ _sum: { count: 1600 } });

    for (const size of BUCKET_SIZES) {
      for (const path of ["ALL", "PRIMARY", "FALLBACK"] as const) {
        const histogram = await getRequestHistogram(viewer, incident.id, { bucket: size, path });
        expect(histogram.source).toBe("buckets");
        expect(histogram.size).toBe(BUCKET_SIZE_MS[size] < BUCKET_SIZE_MS[fine] ? fine : size);
        expect(histogram.adjusted).toBe(BUCKET_SIZE_MS[size] < BUCKET_SIZE_MS[fine]);
        const rows = await getPrisma().$queryRawUnsafe<{ b: Date; cls: string; n: bigint }[]>(
          `SELECT date_bin($2::interval, "ts", $3::timestamptz) AS b, "requestClass"::text AS cls, count(*)::bigint AS n
           FROM "RequestLogRow" WHERE "incidentId" = $1 ${path === "ALL" ? "" : `AND "path" = '${path}'`} GROUP BY 1, 2`,
          incident.id,
          bucketInterval(histogram.size),
          BUCKET_ORIGIN_ISO,
        );
        const expected = new Map<string, number>();
        for (const r of rows) expected.set(`${r.b.toISOString()} ${r.cls}`, Number(r.n));
        const actual = new Map<string, number>();
        for (const bucket of histogram.rows) {
          for (const cls of ["OK", "AUTH", "VALIDATION_4XX", "RATE_LIMIT_429", "UPSTREAM_5XX", "TIMEOUT", "QUALITY_REGRESSION"] as const) {
            if (bucket[cls] > 0) actual.set(`${bucket.windowStart} ${cls}`, bucket[cls]);
          }
        }
        expect(actual).toEqual(expected);
      }
    }
  });
});
