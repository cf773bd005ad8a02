// Analytics against a real PostgreSQL: the one aggregate query feeds the
// pure metrics; filters (dates, severity, service), provider from the latest
// snapshot, models, open incidents, recurrences and the service choices.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { makeActor } from "@/lib/testing/integration";
import { getAnalytics } from "./analytics";
import { parseAnalyticsQuery, type TAnalyticsQuery } from "./schemas";

const MIN = 60_000;
const svc = `svc-${randomUUID().slice(0, 8)}`;
const otherSvc = `${svc}-other`;
let viewer: TActor;
const keys: Record<string, string> = {};

/** Every call computes anew (the page reuses results for a few seconds). */
const fresh = (over: Record<string, string> = {}) => [q(over), { fresh: true }] as const;

function q(over: Record<string, string> = {}): TAnalyticsQuery {
  const parsed = parseAnalyticsQuery({ service: svc, ...over });
  if (!parsed.ok) throw new Error(parsed.errors.join());
  return parsed.query;
}

beforeAll(async () => {
  const prisma = getPrisma();
  const commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
  const start = (iso: string, offset?: number) => (offset === undefined ? null : new Date(Date.parse(iso) + offset));
  const make = async (
    name: string,
    iso: string,
    data: Partial<Parameters<typeof createIncidentRecord>[1]>,
    classes: [string, "PRIMARY" | "SECONDARY"][],
    snapshots: string[] = [],
  ) => {
    const { id, key } = await createIncidentRecord(commander, {
      title: `Analytics ${name} ${svc}`,
      severity: "SEV2",
      degradationStartedAt: new Date(iso),
      affectedServices: [svc],
      ...data,
    });
    keys[name] = key;
    await prisma.incidentFailureClass.createMany({ data: classes.map(([c, role]) => ({ incidentId: id, failureClass: c as "AUTH", role })) });
    for (const [n, baseUrl] of snapshots.entries()) {
      await prisma.configSnapshot.create({ data: { incidentId: id, versionNumber: n + 1, label: "OTHER", baseUrl } });
    }
  };
  await make(
    "P",
    "2026-02-10T00:00:00Z",
    {
      severity: "SEV1",
      detectedAt: start("2026-02-10T00:00:00Z", 5 * MIN),
      mitigatedAt: start("2026-02-10T00:00:00Z", 20 * MIN),
      endedAt: start("2026-02-10T00:00:00Z", 120 * MIN),
      primaryModelAlias: "m-alias",
      primaryModelResolvedId: "m-res",
      fallbackModelAlias: "f-alias",
    },
    [["TIMEOUT", "PRIMARY"]],
    ["https://old.example.com/v1", "https://api.provider.test/v1"],
  );
  await make(
    "Q",
    "2026-02-25T00:00:00Z",
    { detectedAt: start("2026-02-25T00:00:00Z", 10 * MIN), primaryModelAlias: "M-RES" },
    [
      ["AUTH", "PRIMARY"],
      ["TIMEOUT", "SECONDARY"],
    ],
  );
  await make("R", "2026-04-01T00:00:00Z", { severity: "SEV3", endedAt: start("2026-04-01T00:00:00Z", 30 * MIN), affectedServices: [otherSvc, svc.toUpperCase()] }, []);
  await make("S", "2026-05-01T00:00:00Z", { severity: "SEV1", affectedServices: [otherSvc], primaryModelResolvedId: "m-res" }, [["TIMEOUT", "PRIMARY"]]);
});

describe("analytics from the database", () => {
  it("filters by service (any case), counts open incidents, and offers every service", async () => {
    const a = await getAnalytics(viewer, ...fresh());
    expect(a.incidentCount).toBe(3);
    expect(a.openCount).toBe(1);
    expect(a.services).toEqual(expect.arrayContaining([svc, otherSvc]));
  });

  it("filters by severity and date range", async () => {
    expect((await getAnalytics(viewer, ...fresh({ severity: "SEV1" }))).incidentCount).toBe(1);
    expect((await getAnalytics(viewer, ...fresh({ from: "2026-02-20" }))).incidentCount).toBe(2);
    expect((await getAnalytics(viewer, ...fresh({ from: "2026-02-20", to: "2026-03-31" }))).incidentCount).toBe(1);
    expect((await getAnalytics(viewer, ...fresh({ service: otherSvc }))).incidentCount).toBe(2);
  });

  it("counts by primary model, fallback model and provider (latest snapshot's host)", async () => {
    const a = await getAnalytics(viewer, ...fresh());
    // "m-res" (resolved identifier of P) and "M-RES" (alias of Q) are one model in any case.
    expect(a.byPrimaryModel).toEqual([
      { value: "m-res", count: 2 },
      { value: "unknown", count: 1 },
    ]);
    expect(a.byFallbackModel).toEqual([
      { value: "unknown", count: 2 },
      { value: "f-alias", count: 1 },
    ]);
    expect(a.byProvider).toEqual([
      { value: "unknown", count: 2 },
      { value: "api.provider.test", count: 1 },
    ]);
  });

  it("computes each figure's distribution with open incidents apart", async () => {
    const a = await getAnalytics(viewer, ...fresh());
    const by = Object.fromEntries(a.figures.map((f) => [f.distribution.metric, f]));
    expect(by.detectionLag!.distribution).toMatchObject({ measured: 2, notRecorded: 1, open: 0, p50: 7.5 * MIN });
    expect(by.timeToMitigate!.distribution).toMatchObject({ measured: 1, notRecorded: 2, p50: 20 * MIN });
    expect(by.timeToResolve!.distribution).toMatchObject({ measured: 2, open: 1, notRecorded: 0, p50: 75 * MIN });
    expect(by.timeToResolve!.trend).toEqual([
      { period: "2026-02", label: "2026-02", median: 120 * MIN, measured: 1 },
      { period: "2026-03", label: "2026-03", median: null, measured: 0 },
      { period: "2026-04", label: "2026-04", median: 30 * MIN, measured: 1 },
    ]);
  });

  it("charts incidents per month by their primary class", async () => {
    const a = await getAnalytics(viewer, ...fresh());
    expect(a.overTime.map((r) => [r.period, r.counts.TIMEOUT, r.counts.AUTH, r.counts.UNCLASSIFIED])).toEqual([
      ["2026-02", 1, 1, 0],
      ["2026-03", 0, 0, 0],
      ["2026-04", 0, 0, 1],
    ]);
    const weekly = await getAnalytics(viewer, ...fresh({ bucket: "week", from: "2026-02-09", to: "2026-02-22" }));
    expect(weekly.overTime.map((r) => [r.period, r.total])).toEqual([
      ["2026-02-09", 1],
      ["2026-02-16", 0],
    ]);
  });

  it("flags recurring causes: same class and model within the window (15 days apart here)", async () => {
    const within = await getAnalytics(viewer, ...fresh());
    expect(within.recurrences).toHaveLength(1);
    expect(within.recurrences[0]).toMatchObject({ failureClass: "TIMEOUT", model: "m-res" });
    expect(within.recurrences[0]!.incidents.map((i) => [i.key, i.title])).toEqual([
      [keys.P, `Analytics P ${svc}`],
      [keys.Q, `Analytics Q ${svc}`],
    ]);
    expect(within).toMatchObject({ recurrenceCount: 1, recurringIncidentCount: 2 });
    expect((await getAnalytics(viewer, ...fresh({ recurDays: "15" }))).recurrences).toHaveLength(1);
    expect((await getAnalytics(viewer, ...fresh({ recurDays: "14" }))).recurrences).toEqual([]);
  });

  it("reuses a query's figures for a few seconds; fresh recomputes", async () => {
    const first = await getAnalytics(viewer, q({ severity: "SEV3" }), { fresh: true });
    expect(first.incidentCount).toBe(1);
    const commander = await makeActor("COMMANDER");
    const extra = await createIncidentRecord(commander, {
      title: `Analytics extra ${svc}`,
      severity: "SEV3",
      degradationStartedAt: new Date("2026-04-02T00:00:00Z"),
      affectedServices: [svc],
    });
    try {
      const reused = await getAnalytics(viewer, q({ severity: "SEV3" }));
      expect(reused).toBe(first);
      const recomputed = await getAnalytics(viewer, q({ severity: "SEV3" }), { fresh: true });
      expect(recomputed.incidentCount).toBe(2);
      expect(Date.parse(recomputed.computedAt)).toBeGreaterThanOrEqual(Date.parse(first.computedAt));
    } finally {
      await getPrisma().incident.delete({ where: { id: extra.id } });
    }
  });
});
