import { describe, expect, it } from "vitest";
import { AuthError } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { fixtureByteStream, fixtureText, type TFixtureOptions } from "@/lib/logs/testing/fixtures";
import { makeActor } from "@/lib/testing/integration";
import { PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { DuplicateImportError, ImportCancelledError, InvalidLinesError } from "./errors";
import { importLogStream, reconcileInterruptedImports, newImportId, INTERRUPTED_MESSAGE } from "./import";
import { suggestMapping } from "./presets";
import { ALL_FORMATS, bytesOf, expectedCounts } from "./testing";

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);

async function setup(extra: { teamId?: string } = {}) {
  const commander = await makeActor("COMMANDER");
  const incident = await createIncidentRecord(commander, {
    title: "Log import",
    severity: "SEV2",
    degradationStartedAt: new Date(T0),
    primaryModelResolvedId: "gpt-4o",
    fallbackModelResolvedId: "gpt-4o-mini",
    ...extra,
  });
  return { commander, incidentId: incident.id, key: incident.key };
}

const rowsOf = (importId: string) => getPrisma().requestLogRow.count({ where: { importId } });
const rowsOfIncident = (incidentId: string) => getPrisma().requestLogRow.count({ where: { incidentId } });

describe("importLogStream", () => {
  for (const format of ALL_FORMATS) {
    it(`imports ${format} end to end: counts by class and path match the fixture, buckets and windows are created`, async () => {
      const { commander, incidentId } = await setup();
      const options: TFixtureOptions = { count: 1500, seed: 7, startMs: T0, stepMs: 400 };
      const expected = expectedCounts(options);
      const progress: number[] = [];
      const result = await importLogStream(commander, {
        incidentId,
        fileName: `gateway.${format}`,
        source: fixtureByteStream(format, options, 4096),
        format: "auto",
        skipInvalid: false,
        onProgress: (rows) => progress.push(rows),
      });
      expect(result.format).toBe(format);
      expect(result.accepted).toBe(expected.rows);
      expect(result.rejected).toBe(0);
      expect(result.byClass).toEqual(expected.byClass);
      expect(result.byPath).toEqual(expected.byPath);
      expect(progress.at(-1)).toBe(expected.rows);
      expect(await rowsOf(result.importId)).toBe(expected.rows);

      const stored = await getPrisma().logImport.findUniqueOrThrow({ where: { id: result.importId } });
      expect(stored.status).toBe("COMPLETED");
      expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.byClass).toEqual(expected.byClass);
      expect((stored.privacyReport as { promptsHashed: number }).promptsHashed).toBe(expected.rows);

      const buckets = await getPrisma().histogramBucket.findMany({ where: { incidentId, source: "IMPORT" } });
      expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(expected.rows);
      expect(buckets.every((b) => b.importId === result.importId)).toBe(true);
      // ~10 minutes of traffic → 1-minute buckets.
      expect(result.bucketSize).toBe("1m");
      expect(buckets.every((b) => b.windowEnd.getTime() - b.windowStart.getTime() === 60_000)).toBe(true);

      const windows = await getPrisma().observationWindow.findMany({ where: { incidentId, source: "IMPORT" } });
      expect(windows.reduce((n, w) => n + w.requests, 0)).toBe(expected.rows);
      expect(windows.reduce((n, w) => n + w.timeouts, 0)).toBe(expected.byClass.TIMEOUT);
      expect(windows.reduce((n, w) => n + w.validationFailures, 0)).toBe(expected.byClass.QUALITY_REGRESSION);
      expect(windows.reduce((n, w) => n + w.errors, 0)).toBe(expected.rows - expected.byClass.OK);
      expect(windows.every((w) => w.windowEnd.getTime() - w.windowStart.getTime() === 5 * 60_000)).toBe(true);
      expect(windows.every((w) => w.p50LatencyMs !== null && w.p50LatencyMs <= w.p95LatencyMs! && w.p95LatencyMs! <= w.p99LatencyMs!)).toBe(true);

      const audit = await getPrisma().auditLog.findMany({ where: { incidentId, entityType: "LogImport" } });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actorId).toBe(commander.id);
    });
  }

  for (const format of ALL_FORMATS) {
    it(`${format} on parse threads stores exactly the rows, counts and report of an in-process import`, async () => {
      const options: TFixtureOptions = { count: 1200, seed: 9, startMs: T0, stepMs: 300, plantSecrets: true, multilinePrompts: format === "csv" };
      // A few invalid lines in the middle, imported with skipInvalid, so rejections are compared too.
      const lines = fixtureText(format, options).split("\n");
      lines.splice(400, 0, format === "csv" ? "x,y" : "{not json", "");
      const text = lines.join("\n");
      const run = async (parallel: { threads: number; startAfterBatches: number; waitForThreads?: boolean; batchItems?: number; shareWithCaller?: boolean }) => {
        const { commander, incidentId } = await setup();
        const result = await importLogStream(commander, { incidentId, fileName: `t.${format}`, source: bytesOf(text, 7777), format: "auto", skipInvalid: true, parallel });
        const rows = await getPrisma().$queryRawUnsafe<Record<string, unknown>[]>(
          `SELECT "ts", "requestId", "userHash", "tenantHash", "route", "primaryModel", "requestedModel", "fallbackModel", "fallbackReason", "path",
                  "retryCount", "clientTimeoutMs", "statusCode", "exceptionClass", "latencyMs", "parseOk", "validationOk", "promptTokens",
                  "completionTokens", "totalTokens", "featureFlags", "deploymentVersion", "promptHash", "requestClass"
           FROM "RequestLogRow" WHERE "importId" = $1 ORDER BY "id"`,
          result.importId,
        );
        return { result, rows };
      };
      const local = await run({ threads: 0, startAfterBatches: 0 });
      // Threads only (JSON formats otherwise let the caller parse a share by default).
      const threaded = await run({ threads: 2, startAfterBatches: 0, waitForThreads: true, batchItems: 50, shareWithCaller: false });
      expect(local.result.parse).toEqual({ threads: 0, batchesOnThreads: 0, batchesInProcess: expect.any(Number), threadBusy: null, callerBusy: null });
      expect(threaded.result.parse.threads).toBe(2);
      // Shares of time spent running code: real fractions once threads parsed batches.
      for (const share of [threaded.result.parse.threadBusy, threaded.result.parse.callerBusy]) {
        expect(share).toBeGreaterThan(0);
        expect(share).toBeLessThanOrEqual(1);
      }
      expect(threaded.result.parse.batchesOnThreads).toBeGreaterThan(5);
      expect(threaded.result.parse.batchesInProcess).toBe(0);
      expect(threaded.rows).toHaveLength(1200);
      expect(threaded.rows).toEqual(local.rows);
      // One thread plus the caller, which parses what the thread has no room for.
      const shared = await run({ threads: 1, startAfterBatches: 0, waitForThreads: true, batchItems: 50, shareWithCaller: true });
      expect(shared.result.parse.batchesOnThreads).toBeGreaterThan(2);
      expect(shared.result.parse.batchesInProcess).toBeGreaterThan(2);
      expect(shared.rows).toEqual(local.rows);
      expect(shared.result.privacyReport).toEqual(local.result.privacyReport);
      // Unset, the caller parses a share for JSON formats only (for CSV it already assembles the records).
      const byDefault = await run({ threads: 1, startAfterBatches: 0, waitForThreads: true, batchItems: 50 });
      if (format === "csv") expect(byDefault.result.parse.batchesInProcess).toBe(0);
      else expect(byDefault.result.parse.batchesInProcess).toBeGreaterThan(2);
      expect(byDefault.rows).toEqual(local.rows);
      for (const key of ["rows", "accepted", "rejected", "byClass", "byPath", "privacyReport", "rejectedLines", "firstTs", "lastTs", "sha256", "format"] as const) {
        expect(threaded.result[key]).toEqual(local.result[key]);
      }
      expect(local.result.rejected).toBe(1);
      expect(local.result.privacyReport.secretsRedacted).toBeGreaterThan(0);
    });
  }

  it("recognizes the same file imported twice, before or after streaming", async () => {
    const { commander, incidentId } = await setup();
    const text = fixtureText("jsonl", { count: 50, seed: 3, startMs: T0 });
    const first = await importLogStream(commander, { incidentId, fileName: "a.jsonl", source: bytesOf(text), format: "jsonl", skipInvalid: false });
    const again = importLogStream(commander, { incidentId, fileName: "renamed.jsonl", source: bytesOf(text), format: "auto", skipInvalid: false });
    await expect(again).rejects.toBeInstanceOf(DuplicateImportError);
    await expect(again).rejects.toThrow(new RegExp(`already imported as ${first.importId} on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`));
    const early = importLogStream(commander, {
      incidentId,
      fileName: "x.jsonl",
      source: bytesOf(text),
      format: "auto",
      skipInvalid: false,
      sha256: first.sha256,
    });
    await expect(early).rejects.toBeInstanceOf(DuplicateImportError);
    expect(await rowsOfIncident(incidentId)).toBe(50);
    expect(await getPrisma().logImport.count({ where: { incidentId } })).toBe(1);
  });

  it("adds a second, different file to the incident's buckets and windows", async () => {
    const { commander, incidentId } = await setup();
    await importLogStream(commander, { incidentId, fileName: "a", source: fixtureByteStream("jsonl", { count: 300, seed: 1, startMs: T0 }), format: "auto", skipInvalid: false });
    await importLogStream(commander, { incidentId, fileName: "b", source: fixtureByteStream("csv", { count: 200, seed: 2, startMs: T0 + 3_600_000 }), format: "auto", skipInvalid: false });
    const buckets = await getPrisma().histogramBucket.findMany({ where: { incidentId, source: "IMPORT" } });
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(500);
    const windows = await getPrisma().observationWindow.findMany({ where: { incidentId, source: "IMPORT" } });
    expect(windows.reduce((n, w) => n + w.requests, 0)).toBe(500);
  });

  it("refuses a file with invalid lines (nothing imported, lines listed) unless skipInvalid", async () => {
    const { commander, incidentId } = await setup();
    const lines = fixtureText("jsonl", { count: 40, seed: 5, startMs: T0 }).trimEnd().split("\n");
    lines.splice(10, 0, "{not json");
    lines.splice(20, 0, JSON.stringify({ request_id: "no-timestamp", status: 200 }));
    const text = lines.join("\n") + "\n";

    const refused = await importLogStream(commander, { incidentId, fileName: "bad.jsonl", source: bytesOf(text, 512), format: "jsonl", skipInvalid: false }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InvalidLinesError);
    const error = refused as InvalidLinesError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.total).toBe(2);
    expect(error.validRows).toBe(40);
    expect(error.lines.map((l) => l.line)).toEqual([11, 21]);
    expect(error.lines[0]!.reason).toMatch(/not valid JSON/);
    expect(error.lines[1]!.code).toBe("MISSING_TIMESTAMP");
    expect(await rowsOfIncident(incidentId)).toBe(0);
    expect(await getPrisma().histogramBucket.count({ where: { incidentId } })).toBe(0);
    const failed = await getPrisma().logImport.findUniqueOrThrow({ where: { id: error.importId! } });
    expect(failed).toMatchObject({ status: "FAILED", accepted: 0, rejected: 2 });
    expect(failed.rejectedLines).toHaveLength(2);

    const result = await importLogStream(commander, { incidentId, fileName: "bad.jsonl", source: bytesOf(text, 512), format: "jsonl", skipInvalid: true });
    expect(result).toMatchObject({ accepted: 40, rejected: 2, rows: 42 });
    expect(result.rejectedLines.map((l) => l.line)).toEqual([11, 21]);
    expect(await rowsOf(result.importId)).toBe(40);
  });

  it("cancel midway (abort after N rows) rolls everything back and records CANCELLED", async () => {
    const { commander, incidentId } = await setup();
    const controller = new AbortController();
    let sawRows = 0;
    const attempt = importLogStream(commander, {
      incidentId,
      fileName: "big.jsonl",
      source: fixtureByteStream("jsonl", { count: 20_000, seed: 9, startMs: T0 }, 16 * 1024),
      format: "auto",
      skipInvalid: false,
      signal: controller.signal,
      onProgress: (rows) => {
        sawRows = rows;
        if (rows >= 3000) controller.abort();
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(ImportCancelledError);
    expect(sawRows).toBeGreaterThanOrEqual(3000);
    expect(await rowsOfIncident(incidentId)).toBe(0);
    const imports = await getPrisma().logImport.findMany({ where: { incidentId } });
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ status: "CANCELLED", accepted: 0 });
    expect(await getPrisma().requestLogRow.count({ where: { importId: imports[0]!.id } })).toBe(0);
    expect(await getPrisma().histogramBucket.count({ where: { incidentId } })).toBe(0);
  });

  it("viewer cannot import; nothing is written", async () => {
    const { incidentId } = await setup();
    const viewer = await makeActor("VIEWER");
    await expect(
      importLogStream(viewer, { incidentId, fileName: "x", source: bytesOf("{}\n"), format: "auto", skipInvalid: false }),
    ).rejects.toBeInstanceOf(AuthError);
    expect(await getPrisma().logImport.count({ where: { incidentId } })).toBe(0);
  });

  it("gives clear errors for unusable files", async () => {
    const { commander, incidentId } = await setup();
    const run = (text: string, format: "auto" | "csv" = "auto") =>
      importLogStream(commander, { incidentId, fileName: "x", source: bytesOf(text), format, skipInvalid: false }).catch((e: unknown) => e);
    const unknown = await run("hello world\nthis is not a log\n");
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as Error).message).toMatch(/Unrecognized log format/);
    const empty = await run("");
    expect((empty as Error).message).toMatch(/empty/);
    const noTimestamp = await run("a,b,c\n1,2,3\n", "csv");
    expect((noTimestamp as Error).message).toMatch(/timestamp/);
    expect(await getPrisma().logImport.count({ where: { incidentId, status: "COMPLETED" } })).toBe(0);
  });

  it("enforces the installation's size and line limits while streaming", async () => {
    const { commander, incidentId } = await setup();
    const text = fixtureText("jsonl", { count: 30, seed: 4, startMs: T0 });
    await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxImportBytes: 2000 } });
    try {
      const tooBig = await importLogStream(commander, { incidentId, fileName: "x", source: bytesOf(text, 500), format: "jsonl", skipInvalid: false }).catch(
        (e: unknown) => e,
      );
      expect(tooBig).toBeInstanceOf(PayloadTooLargeError);
      expect(await rowsOfIncident(incidentId)).toBe(0);
    } finally {
      await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxImportBytes: 2147483648 } });
    }
    await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxLineBytes: 100 } });
    try {
      const longLine = await importLogStream(commander, { incidentId, fileName: "x", source: bytesOf(text), format: "jsonl", skipInvalid: false }).catch(
        (e: unknown) => e,
      );
      expect(longLine).toBeInstanceOf(InvalidLinesError);
      expect((longLine as InvalidLinesError).lines[0]).toMatchObject({ line: 1, code: "LINE_TOO_LONG" });
      expect((longLine as InvalidLinesError).lines[0]!.reason).toMatch(/over the 100 bytes line limit/);
    } finally {
      await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxLineBytes: 1048576 } });
    }
  });

  it("remembers a team's CSV mapping for the same headers", async () => {
    const team = await getPrisma().team.create({ data: { name: `team-${newImportId()}` } });
    const { commander, incidentId } = await setup({ teamId: team.id });
    const header = "when,req,tenant,http_code,took,mdl";
    const body = [
      header,
      "2026-05-08T09:00:01Z,r1,acme,200,120,gpt-4o",
      "2026-05-08T09:00:02Z,r2,acme,503,90,gpt-4o",
      "2026-05-08T09:00:03Z,r3,globex,200,300,gpt-4o-mini",
    ].join("\n");
    const before = await suggestMapping(commander, incidentId, body.split("\n"));
    expect(before.detection).toMatchObject({ ok: true, format: "csv" });
    expect(before.csv?.remembered).toBe(false);
    expect(before.csv?.mapping.request_timestamp).toBeNull();
    const mapping = { ...before.csv!.mapping, request_timestamp: "when", request_id: "req", tenant_id: "tenant", status_code: "http_code", latency: "took", requested_model: "mdl" };
    const result = await importLogStream(commander, { incidentId, fileName: "m.csv", source: bytesOf(body), format: "csv", mapping, skipInvalid: false });
    expect(result.byClass).toMatchObject({ OK: 2, UPSTREAM_5XX: 1 });
    expect(result.byPath).toEqual({ PRIMARY: 2, FALLBACK: 1 });

    const other = await createIncidentRecord(commander, { title: "same team", severity: "SEV3", degradationStartedAt: new Date(T0), teamId: team.id });
    const after = await suggestMapping(commander, other.id, [header.split(",").reverse().join(",")]);
    expect(after.csv?.remembered).toBe(true);
    expect(after.csv?.mapping).toMatchObject({ request_timestamp: "when", status_code: "http_code", latency: "took" });
  });

  it("marks RUNNING imports without rows as interrupted", async () => {
    const { commander, incidentId } = await setup();
    const stale = await getPrisma().logImport.create({
      data: { id: newImportId(), incidentId, fileName: "stale", sha256: "", format: "JSONL", status: "RUNNING", createdById: commander.id },
    });
    expect(await reconcileInterruptedImports()).toBeGreaterThanOrEqual(1);
    const row = await getPrisma().logImport.findUniqueOrThrow({ where: { id: stale.id } });
    expect(row).toMatchObject({ status: "FAILED", error: INTERRUPTED_MESSAGE });
  });
});
