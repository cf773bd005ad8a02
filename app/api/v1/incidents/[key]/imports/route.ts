import { ValidationError, PayloadTooLargeError } from "@/lib/http/errors";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";
import { ZApiImportResult } from "@/lib/http/v1/schemas";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { assertNotImported, importLogStream } from "@/lib/imports/import";
import { ZImportUploadQuery } from "@/lib/imports/schemas";
import { importTooLargeMessage, loadImportSettings } from "@/lib/imports/settings";
import { spoolUpload } from "@/lib/imports/spool";

export const dynamic = "force-dynamic";

export const PUT = defineApiRoute({
  name: "v1.imports.upload",
  method: "PUT",
  path: "/api/v1/incidents/{key}/imports",
  tag: "Log imports",
  summary: "Upload a request log",
  description:
    "The log file is the raw request body, streamed (never buffered whole) within the installation's import size limit. " +
    "The import is all-or-nothing; the answer comes when it has finished. Send sha256 to have a duplicate refused (409) before streaming.",
  permission: "incident:write",
  params: ZKeyParams,
  query: ZImportUploadQuery,
  body: {
    kind: "raw",
    contentTypes: ["application/octet-stream", "text/csv", "application/x-ndjson", "application/json"],
    description: "The log file: CSV, JSON Lines, LiteLLM or OpenTelemetry export.",
  },
  errors: [409],
  response: { status: 201, description: "The finished import record.", schema: ZApiImportResult },
  run: async ({ params, query, request }, actor) => {
    // Same steps as the app's upload route, answered as one JSON document instead of NDJSON progress.
    const incident = await getIncidentByKey(actor, params.key);
    const settings = await loadImportSettings();
    const declared = request.headers.get("content-length");
    const expectedBytes = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
    if (expectedBytes !== null && expectedBytes > settings.maxImportBytes) throw new PayloadTooLargeError(importTooLargeMessage(settings.maxImportBytes));
    if (query.sha256) await assertNotImported(actor, incident.id, query.sha256);
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
    try {
      return await importLogStream(actor, {
        incidentId: incident.id,
        fileName: query.fileName,
        source: spool.source,
        format: query.format,
        mapping: query.mapping,
        skipInvalid: query.skipInvalid,
        sha256: query.sha256,
        signal: controller.signal,
      });
    } finally {
      request.signal?.removeEventListener("abort", abort);
      await spool.close();
    }
  },
});
