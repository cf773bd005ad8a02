// Shared by the logs page (client) and the server: upload query, mapping
// lookup, window acceptance, and the URL state of the analytics views.
// No lib/logs import here: that module uses node:crypto and stays on the server.
import { z } from "zod";
import { BUCKET_SIZES, type TBucketSize } from "./buckets";

export const IMPORT_FORMATS = ["auto", "csv", "jsonl", "litellm", "otel"] as const;
export const ZImportFormat = z.enum(IMPORT_FORMATS, { error: "Choose auto, csv, jsonl, litellm or otel." });

export const FORMAT_LABELS: Record<(typeof IMPORT_FORMATS)[number], string> = {
  auto: "Detect automatically",
  csv: "CSV",
  jsonl: "JSON Lines",
  litellm: "LiteLLM (StandardLoggingPayload)",
  otel: "OpenTelemetry (OTLP/JSON traces)",
};

export const REQUEST_CLASS_IDS = ["OK", "AUTH", "VALIDATION_4XX", "RATE_LIMIT_429", "UPSTREAM_5XX", "TIMEOUT", "QUALITY_REGRESSION"] as const;
export type TRequestClassId = (typeof REQUEST_CLASS_IDS)[number];
export const REQUEST_PATH_IDS = ["PRIMARY", "FALLBACK"] as const;
export type TRequestPathId = (typeof REQUEST_PATH_IDS)[number];

/** Largest mapping accepted in the upload URL (JSON text). */
export const MAX_MAPPING_CHARS = 8 * 1024;

/** CSV: logging field → header name (null = unmapped). The server checks the field names again. */
export const ZUploadMapping = z
  .record(z.string().regex(/^[a-z_]{1,40}$/), z.string().min(1).max(256).nullable())
  .refine((m) => Object.keys(m).length <= 64, { error: "Too many mapped fields." });

const ZBooleanFlag = z
  .enum(["true", "false", "1", "0"], { error: "Use true or false." })
  .default("false")
  .transform((v) => v === "true" || v === "1");

/** Query string of PUT /api/incidents/[key]/imports (the file itself is the raw body). */
export const ZImportUploadQuery = z.object({
  fileName: z.string().trim().min(1, { error: "Name the file." }).max(255),
  format: ZImportFormat.default("auto"),
  skipInvalid: ZBooleanFlag,
  mapping: z
    .string()
    .max(MAX_MAPPING_CHARS, { error: "The column mapping is too large." })
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The column mapping is not valid JSON." });
        return z.NEVER;
      }
    })
    .pipe(ZUploadMapping.nullable()),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: "Not a SHA-256 digest." })
    .optional(),
});
export type TImportUploadQuery = z.output<typeof ZImportUploadQuery>;

/** The first lines of a file, read in the browser, for format detection and the CSV mapping. */
export const ZSuggestMappingInput = z.object({
  incidentId: z.string().min(1),
  firstLines: z
    .array(z.string().max(256 * 1024))
    .max(200)
    .refine((lines) => lines.reduce((n, l) => n + l.length, 0) <= 512 * 1024, { error: "Send at most 512 KiB of sample lines." }),
});

export const ZAcceptWindow = z.object({
  incidentId: z.string().min(1),
  version: z.number().int().min(1),
  degradationStartedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TAcceptWindow = z.output<typeof ZAcceptWindow>;

// ─── URL state of the logs page ──────────────────────────────────────────────

export const SORT_COLUMNS = ["ts", "latency", "status", "class", "path"] as const;
export type TSortColumn = (typeof SORT_COLUMNS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export const PATH_FILTER_IDS = ["ALL", ...REQUEST_PATH_IDS] as const;
export type THistogramPath = (typeof PATH_FILTER_IDS)[number];

/** Furthest row an offset page may start at (other sorts than time); narrow the filters to go further. */
export const MAX_OFFSET = 10_000;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const lenient = <T extends z.ZodType>(schema: T, fallback: z.output<T>) => z.preprocess(first, schema).catch(fallback);

export const ZLogsView = z.object({
  bucket: lenient(z.enum(["auto", ...BUCKET_SIZES]), "auto"),
  hpath: lenient(z.enum(PATH_FILTER_IDS), "ALL"),
  sort: lenient(z.enum(SORT_COLUMNS), "ts"),
  dir: lenient(z.enum(["asc", "desc"]), "asc"),
  class: lenient(z.enum(REQUEST_CLASS_IDS).nullable(), null),
  path: lenient(z.enum(REQUEST_PATH_IDS).nullable(), null),
  status: lenient(z.coerce.number().int().min(100).max(599).nullable(), null),
  q: lenient(z.string().trim().max(200).nullable(), null),
  size: lenient(z.coerce.number().pipe(z.union(PAGE_SIZES.map((n) => z.literal(n)))), 50),
  page: lenient(z.coerce.number().int().min(0).max(1_000_000), 0),
  after: lenient(z.string().max(100).nullable(), null),
  before: lenient(z.string().max(100).nullable(), null),
});
export type TLogsView = z.output<typeof ZLogsView>;
export type TBucketChoice = "auto" | TBucketSize;

export function parseLogsView(searchParams: Record<string, string | string[] | undefined>): TLogsView {
  const view = ZLogsView.parse({
    bucket: searchParams.bucket,
    hpath: searchParams.hpath,
    sort: searchParams.sort,
    dir: searchParams.dir,
    class: searchParams.class ?? null,
    path: searchParams.path ?? null,
    status: searchParams.status || null,
    q: searchParams.q || null,
    size: searchParams.size,
    page: searchParams.page,
    after: searchParams.after ?? null,
    before: searchParams.before ?? null,
  });
  return view;
}

/** Keyset cursor of the default (time) order: "<epoch ms>_<row id>". */
export function encodeCursor(tsMs: number, id: string): string {
  return `${tsMs}_${id}`;
}

export function decodeCursor(cursor: string | null): { tsMs: number; id: string } | null {
  if (!cursor) return null;
  const m = /^(-?\d{1,16})_(\d{1,19})$/.exec(cursor);
  return m ? { tsMs: Number(m[1]), id: m[2] as string } : null;
}
