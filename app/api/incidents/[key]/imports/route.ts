import { z } from "zod";
import { requirePermission } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { AuthError, PayloadTooLargeError, toFailure, ValidationError } from "@/lib/http/errors";
import { problemResponse, ROUTE_REGISTRY } from "@/lib/http/route";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { ZIncidentKey } from "@/lib/incidents/schemas";
import { InvalidLinesError } from "@/lib/imports/errors";
import { assertNotImported, importLogStream } from "@/lib/imports/import";
import { ZImportUploadQuery } from "@/lib/imports/schemas";
import { importTooLargeMessage, loadImportSettings } from "@/lib/imports/settings";
import { spoolUpload } from "@/lib/imports/spool";
import { logger } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

const NAME = "imports.upload";
ROUTE_REGISTRY.set(NAME, "incident:write");

const ZParams = z.object({ key: ZIncidentKey });

/** Writes from another site are refused (the same check defineRoute makes). */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new AuthError(403, "Cross-site requests are not allowed.");
}

/**
 * PUT /api/incidents/[key]/imports?fileName=…&format=auto|csv|jsonl|litellm|otel&skipInvalid=false&mapping=<json>&sha256=<hex>
 * with the log file as the raw body (streamed, never buffered whole).
 *
 * Same steps as defineRoute: parse → authenticate → authorize → lib → respond.
 * Problems known before the import starts are problem+json with their status
 * (400, 401, 403, 404, 409 duplicate, 413 too large). Once it starts, the
 * response is NDJSON: {"type":"progress","rows","bytes"} lines, then one
 * {"type":"done",…result} or {"type":"error","status","error","lines"?,…}.
 * A client that aborts the request cancels the import (rolled back).
 */
export async function PUT(request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> {
  let started = false;
  try {
    const params = ZParams.safeParse(await context.params);
    if (!params.success) throw ValidationError.fromZod(params.error, "The address is not valid.");
    const url = new URL(request.url);
    const query = ZImportUploadQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw ValidationError.fromZod(query.error, "The upload options are not valid.");
    assertSameOrigin(request);
    const actor = requirePermission(await getActor(), "incident:write");
    const incident = await getIncidentByKey(actor, params.data.key);
    const settings = await loadImportSettings();
    const declared = request.headers.get("content-length");
    const expectedBytes = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
    if (expectedBytes !== null && expectedBytes > settings.maxImportBytes) throw new PayloadTooLargeError(importTooLargeMessage(settings.maxImportBytes));
    if (query.data.sha256) await assertNotImported(actor, incident.id, query.data.sha256);
    if (!request.body) throw new ValidationError("Send the log file as the request body.", { file: ["The file is empty."] });

    const controller = new AbortController();
    const abort = () => controller.abort();
    request.signal?.addEventListener("abort", abort, { once: true });
    const spool = await spoolUpload(request.body, {
      maxBytes: settings.maxImportBytes,
      tooLargeMessage: importTooLargeMessage(settings.maxImportBytes),
      expectedBytes,
      signal: controller.signal,
    });
    const encoder = new TextEncoder();
    started = true;
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        let open = true;
        const send = (line: Record<string, unknown>) => {
          if (!open) return;
          try {
            stream.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            open = false;
          }
        };
        send({ type: "started", fileName: query.data.fileName, bytes: expectedBytes });
        importLogStream(actor, {
          incidentId: incident.id,
          fileName: query.data.fileName,
          source: spool.source,
          format: query.data.format,
          mapping: query.data.mapping,
          skipInvalid: query.data.skipInvalid,
          sha256: query.data.sha256,
          signal: controller.signal,
          onProgress: (rows, bytes) => send({ type: "progress", rows, bytes }),
        })
          .then((result) => send({ type: "done", ...result }))
          .catch((error: unknown) => {
            const failure = toFailure(error);
            if (failure.status >= 500) logger.error({ route: NAME, name: (error as Error)?.name }, "log import failed");
            send({
              type: "error",
              status: controller.signal.aborted ? 499 : failure.status,
              error: controller.signal.aborted ? "The import was cancelled; nothing was imported." : failure.error,
              ...(error instanceof InvalidLinesError
                ? { invalidLines: error.lines, invalidTotal: error.total, validRows: error.validRows }
                : {}),
              ...(failure.conflict ? { conflict: failure.conflict } : {}),
            });
          })
          .finally(() => {
            request.signal?.removeEventListener("abort", abort);
            void spool.close();
            if (open) {
              open = false;
              try {
                stream.close();
              } catch {
                // The client went away.
              }
            }
          });
      },
      cancel() {
        controller.abort();
      },
    });
    return new Response(body, {
      status: 200,
      headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
    });
  } catch (error) {
    const failure = toFailure(error);
    if (failure.status >= 500) logger.error({ route: NAME, name: (error as Error)?.name }, "route failed");
    if (!started && request.body && !request.bodyUsed) await request.body.cancel().catch(() => undefined);
    return problemResponse(failure);
  }
}
