import "server-only";
import { createHash, randomBytes, type Hash } from "node:crypto";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, type CopyStreamQuery } from "pg-copy-streams";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { logger } from "@/lib/log/logger";
import { parseLogBatches } from "@/lib/logs/batch";
import {
  LogInputError,
  REQUEST_CLASSES,
  REQUEST_PATHS,
  type TColumnMapping,
  type TImportSummary,
  type TLogFormat,
  type TRequestClass,
  type TRequestPath,
} from "@/lib/logs";
import type { TPrivacyReport } from "@/lib/privacy";
import { bucketInterval, BUCKET_ORIGIN_ISO, BUCKET_SIZE_MS, chooseBucketSize, finestServedBucketSize, type TBucketSize } from "./buckets";
import { RequestAggregator, type TWindowRow } from "./aggregates";
import { copyFromStatement, copyRowPrefix } from "./copy-encoding";
import { AdaptiveExecutor, defaultParallelOptions, QUEUED_PER_THREAD, type TParallelOptions, type TParseStats } from "./parse-pool";
import { DuplicateImportError, ImportCancelledError, InvalidLinesError, REJECTED_LINES_CAP, type TRejectedLine } from "./errors";
import { importTooLargeMessage, loadImportSettings } from "./settings";

export type TImportFormat = "auto" | TLogFormat;

export type TImportOptions = {
  incidentId: string;
  fileName: string;
  source: AsyncIterable<Uint8Array>;
  format: TImportFormat;
  /** CSV: logging field → header (JSON Lines: → key path). Missing fields are matched by name. */
  mapping?: Partial<TColumnMapping> | null;
  /** Import the valid rows and count invalid lines as rejected, instead of refusing the file. */
  skipInvalid: boolean;
  signal?: AbortSignal;
  /** Called about four times a second while rows stream in, and once at the end of reading. */
  onProgress?: (rowsRead: number, bytesRead: number) => void;
  /** SHA-256 (hex) of the whole file, when the caller knows it before streaming: a duplicate is refused at once. */
  sha256?: string;
  /** History label instead of "Name <email>" (the CLI records "cli"). */
  actorLabel?: string;
  /** Parse threads (default: one per core, started once the file proves large); tests force them on or off. */
  parallel?: TParallelOptions;
};

export type TImportResult = {
  importId: string;
  incidentId: string;
  fileName: string;
  sha256: string;
  format: TLogFormat;
  rows: number;
  accepted: number;
  rejected: number;
  byClass: Record<TRequestClass, number>;
  byPath: Record<TRequestPath, number>;
  privacyReport: TPrivacyReport;
  rejectedLines: TRejectedLine[];
  bytes: number;
  firstTs: string | null;
  lastTs: string | null;
  bucketSize: TBucketSize;
  histogramBuckets: number;
  observationWindows: number;
  startedAt: string;
  finishedAt: string;
  /** Where the time went: reading, parsing and COPY; the incident-wide aggregates; the whole import. */
  timings: { streamMs: number; aggregateMs: number; totalMs: number };
  /** Where batches were parsed (parse threads started, batch counts) and how busy the threads were. */
  parse: TParseStats;
  aggregateSources: TAggregateSources;
};

const FORMAT_ENUM: Record<TLogFormat, "CSV" | "JSONL" | "LITELLM" | "OTEL"> = { csv: "CSV", jsonl: "JSONL", litellm: "LITELLM", otel: "OTEL" };

const PROGRESS_EVERY_MS = 250;

/** cuid-like id (25 chars, starts with a letter, sorts by creation time). */
export function newImportId(): string {
  return `c${Date.now().toString(36).padStart(9, "0")}${randomBytes(8).toString("hex").slice(0, 15)}`;
}

export const INTERRUPTED_MESSAGE = "The import was interrupted (the process stopped before it finished); nothing was imported.";

/**
 * Marks imports left RUNNING without any rows (their process died before it
 * committed) as FAILED. Cheap: only RUNNING rows are looked at, through the
 * importId index. Called by every import entry point.
 */
export async function reconcileInterruptedImports(): Promise<number> {
  return getPrisma().$executeRaw`
    UPDATE "LogImport" AS l SET "status" = 'FAILED', "error" = ${INTERRUPTED_MESSAGE}, "finishedAt" = now()
    WHERE l."status" = 'RUNNING'
      AND NOT EXISTS (SELECT 1 FROM "RequestLogRow" r WHERE r."importId" = l."id")`;
}

/** Refuses a file already imported (COMPLETED) into the incident. */
export async function assertNotImported(actor: TActor, incidentId: string, sha256: string): Promise<void> {
  requirePermission(actor, "incident:read");
  const existing = await getPrisma().logImport.findFirst({
    where: { incidentId, sha256: sha256.toLowerCase(), status: "COMPLETED" },
    orderBy: { finishedAt: "asc" },
    select: { id: true, finishedAt: true, startedAt: true },
  });
  if (existing) throw new DuplicateImportError(existing.id, existing.finishedAt ?? existing.startedAt);
}

type TIncidentConfig = { primaryModel: string | null; fallbackModel: string | null; clientTimeoutMs: number | null };

/** Models and client timeout: the incident's latest configuration snapshot, else the incident itself. */
async function resolveIncidentConfig(incident: {
  id: string;
  primaryModelResolvedId: string | null;
  primaryModelAlias: string | null;
  fallbackModelResolvedId: string | null;
  fallbackModelAlias: string | null;
  userFacingTimeoutBudgetMs: number | null;
}): Promise<TIncidentConfig> {
  const snapshot = await getPrisma().configSnapshot.findFirst({
    where: { incidentId: incident.id },
    orderBy: { versionNumber: "desc" },
    select: { primaryModelResolvedId: true, primaryModelAlias: true, fallbackModelResolvedId: true, fallbackModelAlias: true, clientTimeoutMs: true },
  });
  return {
    primaryModel:
      snapshot?.primaryModelResolvedId ?? snapshot?.primaryModelAlias ?? incident.primaryModelResolvedId ?? incident.primaryModelAlias ?? null,
    fallbackModel:
      snapshot?.fallbackModelResolvedId ?? snapshot?.fallbackModelAlias ?? incident.fallbackModelResolvedId ?? incident.fallbackModelAlias ?? null,
    clientTimeoutMs: snapshot?.clientTimeoutMs ?? incident.userFacingTimeoutBudgetMs ?? null,
  };
}

/** Writes to a COPY … FROM STDIN stream with backpressure, and can abort it (CopyFail). */
class CopyWriter {
  private error: Error | null = null;
  private ended = false;
  readonly stream: CopyStreamQuery;

  constructor(client: pg.Client, sql: string) {
    this.stream = client.query(copyFrom(sql, { highWaterMark: 1024 * 1024 }));
    this.stream.on("error", (e: Error) => {
      this.error ??= e;
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.error) throw this.error;
    if (this.stream.write(bytes)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        this.stream.off("drain", onDrain);
        this.stream.off("error", onError);
        this.stream.off("close", onClose);
        if (e) reject(e);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (e: Error) => done(e);
      const onClose = () => done(this.error ?? new Error("The COPY stream closed early."));
      this.stream.on("drain", onDrain);
      this.stream.on("error", onError);
      this.stream.on("close", onClose);
    });
  }

  async end(): Promise<number> {
    if (this.error) throw this.error;
    this.ended = true;
    this.stream.end();
    await finished(this.stream);
    return this.stream.rowCount;
  }

  /** Sends CopyFail so the server discards what was sent; the transaction still needs a ROLLBACK. */
  async abort(): Promise<void> {
    if (this.ended || this.stream.destroyed) return;
    this.ended = true;
    const closed = new Promise<void>((resolve) => this.stream.once("close", () => resolve()));
    this.stream.destroy(new Error("import aborted"));
    await closed;
  }
}

type TStreamState = { bytes: number; hash: Hash };

/** Counts, hashes and limits the raw bytes; stops as soon as the caller cancels. */
async function* meteredSource(
  source: AsyncIterable<Uint8Array>,
  state: TStreamState,
  maxBytes: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of source) {
    if (signal?.aborted) throw new ImportCancelledError();
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk as ArrayBuffer);
    state.bytes += bytes.byteLength;
    if (state.bytes > maxBytes) throw new PayloadTooLargeError(importTooLargeMessage(maxBytes));
    state.hash.update(bytes);
    yield bytes;
  }
  if (signal?.aborted) throw new ImportCancelledError();
}

/** LogInputError (a problem with the whole file) → the shared domain errors. */
function toDomainError(error: unknown): unknown {
  if (!(error instanceof LogInputError)) return error;
  if (error.code === "FILE_TOO_LARGE") return new PayloadTooLargeError(error.message);
  return new ValidationError(error.message, { file: [error.message] });
}

/** pg errors can quote row data: log only their code and routine. */
function safeErrorForLog(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; code?: string; routine?: string };
  if (error instanceof ValidationError || error instanceof LogInputError || error instanceof ImportCancelledError) {
    return { name: e.name, message: (error as Error).message };
  }
  return { name: e?.name ?? "Error", code: e?.code ?? null, routine: e?.routine ?? null };
}

function fullCounts<K extends string>(keys: readonly K[], source: Partial<Record<K, number>>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, source[k] ?? 0])) as Record<K, number>;
}

/** Where the aggregates came from: counted while streaming, or recomputed from the stored rows. */
export type TAggregateSources = { buckets: "stream" | "rows"; windows: "stream" | "rows" };

/**
 * Recomputes the incident's IMPORT histogram buckets and observation windows
 * from all of its imported rows (so several imports add up, with one bucket
 * size for the incident's whole span), attributed to this import. When this
 * import is the incident's only one, the fine buckets and windows counted
 * while streaming (`streamed`) are written instead: the same values, without
 * two more scans of the rows. `streamed` null always recomputes.
 */
export async function aggregateIncident(
  client: pg.Client,
  incidentId: string,
  importId: string,
  windowMinutes: number,
  streamed: RequestAggregator | null,
): Promise<{ bucketSize: TBucketSize; buckets: number; windows: number; sources: TAggregateSources }> {
  // The counts gathered while streaming are the incident's own when no other import has rows in it
  // (rows only ever come from completed imports; this runs under the incident's import lock).
  const others = streamed
    ? await client.query<{ found: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM "LogImport" WHERE "incidentId" = $1 AND "status" = 'COMPLETED' AND "id" <> $2) AS found`,
        [incidentId, importId],
      )
    : null;
  const own = streamed !== null && others?.rows[0]?.found === false ? streamed : null;
  const ownSpan = own?.span() ?? null;
  const span = ownSpan
    ? null
    : await client.query<{ first: Date | null; last: Date | null }>(`SELECT min("ts") AS first, max("ts") AS last FROM "RequestLogRow" WHERE "incidentId" = $1`, [incidentId]);
  const first = ownSpan?.first ?? span?.rows[0]?.first?.getTime() ?? Date.now();
  const last = ownSpan?.last ?? span?.rows[0]?.last?.getTime() ?? first;
  const bucketSize = chooseBucketSize(first, last);
  const fineSize = finestServedBucketSize(first, last);
  await client.query(`DELETE FROM "HistogramBucket" WHERE "incidentId" = $1 AND "source" = 'IMPORT'`, [incidentId]);
  await client.query(`DELETE FROM "ObservationWindow" WHERE "incidentId" = $1 AND "source" = 'IMPORT'`, [incidentId]);
  await client.query(`DELETE FROM "RequestLogBucket" WHERE "incidentId" = $1`, [incidentId]);
  if (own) {
    const fine = own.fineBuckets();
    await client.query(
      `INSERT INTO "RequestLogBucket" ("incidentId", "importId", "windowStart", "widthSeconds", "path", "requestClass", "count")
       SELECT $1, $2, t.w, $3, t.p::"RequestPath", t.c::"RequestClass", t.n
       FROM unnest($4::timestamptz[], $5::text[], $6::text[], $7::int[]) AS t(w, p, c, n)`,
      [
        incidentId,
        importId,
        BUCKET_SIZE_MS[fine.size] / 1000,
        fine.rows.map((r) => new Date(r.windowStartMs).toISOString()),
        fine.rows.map((r) => r.path),
        fine.rows.map((r) => r.requestClass),
        fine.rows.map((r) => r.count),
      ],
    );
  } else {
    // One scan of the rows into the finest bucket any histogram view can ask for; the chart's
    // default buckets are then summed from those few thousand rows instead of scanning again.
    await client.query(
      `INSERT INTO "RequestLogBucket" ("incidentId", "importId", "windowStart", "widthSeconds", "path", "requestClass", "count")
       SELECT $1, $2, s.b, $5, s."path", s."requestClass", count(*)::int
       FROM (SELECT date_bin($3::interval, "ts", $4::timestamptz) AS b, "path", "requestClass"
             FROM "RequestLogRow" WHERE "incidentId" = $1) AS s
       GROUP BY s.b, s."path", s."requestClass"`,
      [incidentId, importId, bucketInterval(fineSize), BUCKET_ORIGIN_ISO, BUCKET_SIZE_MS[fineSize] / 1000],
    );
  }
  const buckets = await client.query(
    `INSERT INTO "HistogramBucket" ("id", "incidentId", "source", "importId", "windowStart", "windowEnd", "path", "requestClass", "count")
     SELECT gen_random_uuid()::text, $1, 'IMPORT'::"DataSource", $2, s.b, s.b + $3::interval, s."path", s."requestClass", sum(s."count")::int
     FROM (SELECT date_bin($3::interval, "windowStart", $4::timestamptz) AS b, "path", "requestClass", "count"
           FROM "RequestLogBucket" WHERE "incidentId" = $1) AS s
     GROUP BY s.b, s."path", s."requestClass"`,
    [incidentId, importId, bucketInterval(bucketSize), BUCKET_ORIGIN_ISO],
  );
  const activeClasses = await client.query<{ failureClass: string }>(
    `SELECT "failureClass"::text AS "failureClass" FROM "IncidentFailureClass" WHERE "incidentId" = $1`,
    [incidentId],
  );
  const active = activeClasses.rows.map((r) => r.failureClass);
  const ownWindows = own?.windowRows(active) ?? null;
  if (ownWindows !== null) {
    const windowMs = Math.max(1, windowMinutes) * 60_000;
    const column = <K extends keyof TWindowRow>(key: K) => ownWindows.map((w) => w[key]);
    const inserted = await client.query(
      `INSERT INTO "ObservationWindow" ("id", "incidentId", "source", "importId", "path", "windowStart", "windowEnd", "requests", "errors",
         "timeouts", "validationFailures", "p50LatencyMs", "p95LatencyMs", "p99LatencyMs", "activeClassErrors")
       SELECT gen_random_uuid()::text, $1, 'IMPORT'::"DataSource", $2, t.p::"RequestPath", t.ws, t.we, t.r, t.e, t.t, t.v, t.p50, t.p95, t.p99, t.a
       FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[])
         AS t(p, ws, we, r, e, t, v, p50, p95, p99, a)`,
      [
        incidentId,
        importId,
        column("path"),
        ownWindows.map((w) => new Date(w.windowStartMs).toISOString()),
        ownWindows.map((w) => new Date(w.windowStartMs + windowMs).toISOString()),
        column("requests"),
        column("errors"),
        column("timeouts"),
        column("validationFailures"),
        column("p50LatencyMs"),
        column("p95LatencyMs"),
        column("p99LatencyMs"),
        column("activeClassErrors"),
      ],
    );
    return { bucketSize, buckets: buckets.rowCount ?? 0, windows: inserted.rowCount ?? 0, sources: { buckets: "stream", windows: "stream" } };
  }
  const windows = await client.query(
    `INSERT INTO "ObservationWindow" ("id", "incidentId", "source", "importId", "path", "windowStart", "windowEnd", "requests", "errors",
       "timeouts", "validationFailures", "p50LatencyMs", "p95LatencyMs", "p99LatencyMs", "activeClassErrors")
     SELECT gen_random_uuid()::text, $1, 'IMPORT'::"DataSource", $2, s."path", s.w, s.w + $3::interval,
       count(*)::int,
       (count(*) FILTER (WHERE s."requestClass" <> 'OK'))::int,
       (count(*) FILTER (WHERE s."requestClass" = 'TIMEOUT'))::int,
       (count(*) FILTER (WHERE s."requestClass" = 'QUALITY_REGRESSION'))::int,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s."latencyMs"))::int,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY s."latencyMs"))::int,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s."latencyMs"))::int,
       CASE WHEN cardinality($5::text[]) = 0 THEN NULL
            ELSE (count(*) FILTER (WHERE s."requestClass"::text = ANY($5::text[])))::int END
     FROM (SELECT date_bin($3::interval, "ts", $4::timestamptz) AS w, "path", "requestClass", "latencyMs"
           FROM "RequestLogRow" WHERE "incidentId" = $1) AS s
     GROUP BY s."path", s.w`,
    [incidentId, importId, `${Math.max(1, windowMinutes) * 60} seconds`, BUCKET_ORIGIN_ISO, active],
  );
  return { bucketSize, buckets: buckets.rowCount ?? 0, windows: windows.rowCount ?? 0, sources: { buckets: own ? "stream" : "rows", windows: "rows" } };
}

/** Remembers a CSV column mapping for the team (keyed by the header signature). */
async function rememberMapping(client: pg.Client, teamId: string | null, signature: string, mapping: TColumnMapping): Promise<void> {
  // (teamId, signature) is unique, but NULL team ids never conflict: serialize and update-or-insert.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`mapping-preset:${teamId ?? ""}:${signature}`]);
  const updated = await client.query(
    `UPDATE "ColumnMappingPreset" SET "mapping" = $3::jsonb, "updatedAt" = now()
     WHERE "teamId" IS NOT DISTINCT FROM $1 AND "signature" = $2`,
    [teamId, signature, JSON.stringify(mapping)],
  );
  if ((updated.rowCount ?? 0) === 0) {
    await client.query(
      `INSERT INTO "ColumnMappingPreset" ("id", "teamId", "signature", "mapping", "updatedAt") VALUES ($4, $1, $2, $3::jsonb, now())`,
      [teamId, signature, JSON.stringify(mapping), newImportId()],
    );
  }
}

/**
 * Imports a request-log file into an incident, all or nothing.
 *
 * One transaction on a dedicated connection: the LogImport row (RUNNING), the
 * sanitized rows streamed in with COPY (with backpressure), the incident's
 * histogram buckets and observation windows recomputed in SQL, the import
 * marked COMPLETED with its counts, and a history row, then COMMIT. Invalid
 * lines refuse the file unless `skipInvalid`. On cancel or failure the
 * transaction is rolled back (no rows remain) and a CANCELLED/FAILED LogImport
 * row is written in a separate short transaction so the attempt is visible.
 */
export async function importLogStream(actor: TActor, options: TImportOptions): Promise<TImportResult> {
  requirePermission(actor, "incident:write");
  await reconcileInterruptedImports();
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({
    where: { id: options.incidentId },
    select: {
      id: true,
      teamId: true,
      observationWindowMinutes: true,
      primaryModelResolvedId: true,
      primaryModelAlias: true,
      fallbackModelResolvedId: true,
      fallbackModelAlias: true,
      userFacingTimeoutBudgetMs: true,
    },
  });
  if (!incident) throw new NotFoundError("This incident no longer exists.");
  if (options.sha256) await assertNotImported(actor, incident.id, options.sha256);
  if (options.signal?.aborted) throw new ImportCancelledError();

  const settings = await loadImportSettings();
  const config = await resolveIncidentConfig(incident);
  const fileName = options.fileName.trim().slice(0, 255) || "upload";
  const importId = newImportId();
  const startedAt = new Date();
  const state: TStreamState = { bytes: 0, hash: createHash("sha256") };
  const rejectedLines: TRejectedLine[] = [];
  let rejectedTotal = 0;
  let accepted = 0;
  let importRowCreated = false;
  let detectedFormat: TLogFormat | null = options.format === "auto" ? null : options.format;
  let summary: TImportSummary | null = null;
  const log = logger.child({ importId, incidentId: incident.id });
  log.info({ fileName, format: options.format, skipInvalid: options.skipInvalid }, "log import started");

  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "incident-review-import" });
  client.on("error", (e) => log.warn({ failure: safeErrorForLog(e) }, "import connection error"));
  await client.connect();
  const io: { copy: CopyWriter | null; sha256: string | null } = { copy: null, sha256: null };
  let executor: AdaptiveExecutor | null = null;
  let inTransaction = false;
  try {
    await client.query("BEGIN");
    inTransaction = true;
    const prefix = copyRowPrefix(importId, incident.id);
    const parallel = options.parallel ?? defaultParallelOptions();
    executor = new AdaptiveExecutor(prefix, parallel);
    const stream = parseLogBatches(meteredSource(options.source, state, settings.maxImportBytes, options.signal), {
      format: options.format,
      mapping: options.mapping ?? null,
      primaryModel: config.primaryModel,
      fallbackModel: config.fallbackModel,
      clientTimeoutMs: config.clientTimeoutMs,
      privacy: settings.privacy,
      limits: { maxLineBytes: settings.maxLineBytes, maxFileBytes: Number.MAX_SAFE_INTEGER },
    }, executor, { maxItems: parallel.batchItems ?? 2048, maxChars: 256 * 1024, maxInFlight: parallel.threads * QUEUED_PER_THREAD + 2 });
    let refusing = false;
    const aggregator = new RequestAggregator(incident.observationWindowMinutes);
    let lastProgress = 0;

    const createImportRow = async () => {
      detectedFormat = stream.summary().format ?? detectedFormat;
      if (!detectedFormat) throw new ValidationError("The log format could not be determined.");
      await client.query(
        `INSERT INTO "LogImport" ("id", "incidentId", "fileName", "sha256", "format", "status", "mapping", "createdById", "startedAt")
         VALUES ($1, $2, $3, '', $4::"LogFormat", 'RUNNING', $5::jsonb, $6, $7)`,
        [importId, incident.id, fileName, FORMAT_ENUM[detectedFormat], options.mapping ? JSON.stringify(options.mapping) : null, actor.id, startedAt],
      );
      importRowCreated = true;
      io.copy = new CopyWriter(client, copyFromStatement());
    };

    // Batches arrive in file order with their rows already in COPY text (parsed here or on parse threads).
    for await (const batch of stream) {
      if (batch.accepted === 0 && batch.rejections.length === 0) continue;
      if (!importRowCreated) await createImportRow();
      accepted += batch.accepted;
      for (const rejection of batch.rejections) {
        rejectedTotal += 1;
        if (rejectedLines.length < REJECTED_LINES_CAP) rejectedLines.push({ line: rejection.lineNumber, code: rejection.code, reason: rejection.reason });
      }
      if (batch.rejections.length > 0 && !options.skipInvalid && !refusing) {
        // The file will be refused: stop sending rows, keep reading to list and count every invalid line.
        refusing = true;
        await io.copy!.abort();
      }
      if (!refusing && batch.encoded.length > 0) {
        await io.copy!.write(batch.encoded);
        aggregator.add(batch.facts);
      }
      if (options.signal?.aborted) throw new ImportCancelledError();
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        options.onProgress?.(accepted + rejectedTotal, state.bytes);
      }
    }
    summary = stream.summary();
    detectedFormat = summary.format ?? detectedFormat;
    options.onProgress?.(accepted + rejectedTotal, state.bytes);
    if (options.signal?.aborted) throw new ImportCancelledError();
    const sha256 = state.hash.digest("hex");
    io.sha256 = sha256;

    if (rejectedTotal > 0 && !options.skipInvalid) {
      throw new InvalidLinesError(rejectedLines, rejectedTotal, accepted, importRowCreated ? importId : null);
    }
    if (accepted === 0) {
      throw new ValidationError(
        rejectedTotal > 0 ? "Every line of the file is invalid; nothing was imported." : "The file contains no requests; nothing was imported.",
        { file: ["No requests found."] },
      );
    }
    const copied = await io.copy!.end();
    if (copied !== accepted) throw new Error(`COPY stored ${copied} rows, expected ${accepted}.`);

    // One import per incident finishes at a time: the aggregates are incident-wide, and the duplicate check must see the others.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`log-import:${incident.id}`]);
    const duplicate = await client.query<{ id: string; finishedAt: Date | null }>(
      `SELECT "id", "finishedAt" FROM "LogImport" WHERE "incidentId" = $1 AND "sha256" = $2 AND "status" = 'COMPLETED' ORDER BY "finishedAt" LIMIT 1`,
      [incident.id, sha256],
    );
    if (duplicate.rows[0]) throw new DuplicateImportError(duplicate.rows[0].id, duplicate.rows[0].finishedAt ?? startedAt);

    const streamMs = Date.now() - startedAt.getTime();
    // The streamed counts must cover exactly the copied rows; anything else recomputes from the rows.
    const aggregates = await aggregateIncident(client, incident.id, importId, incident.observationWindowMinutes, aggregator.rowCount === copied ? aggregator : null);
    const aggregateMs = Date.now() - startedAt.getTime() - streamMs;
    if (summary.csv) await rememberMapping(client, incident.teamId, summary.csv.signature, summary.csv.mapping);

    const byClass = fullCounts(REQUEST_CLASSES, summary.byClass);
    const byPath = fullCounts(REQUEST_PATHS, summary.byPath);
    const finishedAt = new Date();
    await client.query(
      `UPDATE "LogImport" SET "status" = 'COMPLETED', "sha256" = $2, "format" = $3::"LogFormat", "rows" = $4, "accepted" = $5, "rejected" = $6,
         "byClass" = $7::jsonb, "byPath" = $8::jsonb, "privacyReport" = $9::jsonb, "rejectedLines" = $10::jsonb,
         "mapping" = COALESCE($11::jsonb, "mapping"), "finishedAt" = $12
       WHERE "id" = $1`,
      [
        importId,
        sha256,
        FORMAT_ENUM[detectedFormat!],
        accepted + rejectedTotal,
        accepted,
        rejectedTotal,
        JSON.stringify(byClass),
        JSON.stringify(byPath),
        JSON.stringify(summary.privacy),
        JSON.stringify(rejectedLines),
        summary.csv ? JSON.stringify(summary.csv.mapping) : null,
        finishedAt,
      ],
    );
    await client.query(
      `INSERT INTO "AuditLog" ("incidentId", "actorId", "actorLabel", "action", "entityType", "entityId", "after")
       VALUES ($1, $2, $3, 'CREATE', 'LogImport', $4, $5::jsonb)`,
      [
        incident.id,
        actor.id,
        options.actorLabel ?? `${actor.name} <${actor.email}>`,
        importId,
        JSON.stringify({ fileName, sha256, format: detectedFormat, rows: accepted + rejectedTotal, accepted, rejected: rejectedTotal, byClass, byPath }),
      ],
    );
    if (options.signal?.aborted) throw new ImportCancelledError();
    await client.query("COMMIT");
    inTransaction = false;
    // Fresh statistics keep the analytics queries on their index plans; failure here changes nothing.
    await client.query(`ANALYZE "RequestLogRow"`).catch(() => undefined);
    const timings = { streamMs, aggregateMs, totalMs: Date.now() - startedAt.getTime() };
    const parse = executor.stats;
    log.info({ rows: accepted + rejectedTotal, accepted, rejected: rejectedTotal, byClass, byPath, bytes: state.bytes, timings }, "log import completed");
    return {
      importId,
      incidentId: incident.id,
      fileName,
      sha256,
      format: detectedFormat!,
      rows: accepted + rejectedTotal,
      accepted,
      rejected: rejectedTotal,
      byClass,
      byPath,
      privacyReport: summary.privacy,
      rejectedLines,
      bytes: state.bytes,
      firstTs: summary.firstTs?.toISOString() ?? null,
      lastTs: summary.lastTs?.toISOString() ?? null,
      bucketSize: aggregates.bucketSize,
      histogramBuckets: aggregates.buckets,
      observationWindows: aggregates.windows,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      timings,
      parse,
      aggregateSources: aggregates.sources,
    };
  } catch (rawError) {
    const error = toDomainError(rawError);
    if (io.copy) await io.copy.abort().catch(() => undefined);
    if (inTransaction) await client.query("ROLLBACK").catch(() => undefined);
    const cancelled = error instanceof ImportCancelledError || options.signal?.aborted === true;
    log.warn({ failure: safeErrorForLog(error), cancelled }, "log import rolled back");
    if (importRowCreated && !(error instanceof DuplicateImportError)) {
      await recordUnsuccessfulImport({
        importId,
        incidentId: incident.id,
        fileName,
        format: detectedFormat!,
        status: cancelled ? "CANCELLED" : "FAILED",
        error: cancelled ? new ImportCancelledError().message : userMessage(error),
        rows: accepted + rejectedTotal,
        rejected: rejectedTotal,
        rejectedLines,
        createdById: actor.id,
        startedAt,
        sha256: io.sha256 ?? "",
      }).catch((e: unknown) => log.error({ failure: safeErrorForLog(e) }, "could not record the failed import"));
    }
    throw cancelled ? new ImportCancelledError() : error;
  } finally {
    await executor?.close().catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

function userMessage(error: unknown): string {
  if (error instanceof ValidationError || error instanceof PayloadTooLargeError || error instanceof NotFoundError) return error.message;
  return "The import failed on the server; nothing was imported.";
}

/** The separate short transaction that leaves a visible CANCELLED/FAILED row (with zero rows) after a rollback. */
async function recordUnsuccessfulImport(input: {
  importId: string;
  incidentId: string;
  fileName: string;
  format: TLogFormat;
  status: "FAILED" | "CANCELLED";
  error: string;
  rows: number;
  rejected: number;
  rejectedLines: TRejectedLine[];
  createdById: string;
  startedAt: Date;
  sha256: string;
}): Promise<void> {
  await getPrisma().logImport.create({
    data: {
      id: input.importId,
      incidentId: input.incidentId,
      fileName: input.fileName,
      sha256: input.sha256,
      format: FORMAT_ENUM[input.format],
      status: input.status,
      rows: input.rows,
      accepted: 0,
      rejected: input.rejected,
      rejectedLines: input.rejectedLines,
      error: input.error,
      createdById: input.createdById,
      startedAt: input.startedAt,
      finishedAt: new Date(),
    },
  });
}
