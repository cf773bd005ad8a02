import { ExportNotReadyError, exportBundle, type TBundleExport } from "@/lib/export/export";
import { downloadHeaders, notReadyResponse } from "@/lib/export/http";
import type { TReadinessReport } from "@/lib/export/readiness";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";

export const dynamic = "force-dynamic";

type TResult = { ok: true; bundle: TBundleExport } | { ok: false; readiness: TReadinessReport };

export const GET = defineApiRoute({
  name: "v1.export.bundle",
  method: "GET",
  path: "/api/v1/incidents/{key}/export/bundle",
  tag: "Export",
  summary: "Download the review bundle (zip)",
  description: "Markdown, PDF, JSON with schema, CSVs, charts, attachments and a manifest, streamed. 409 with the readiness report when the installation requires a ready review.",
  permission: "incident:read",
  params: ZKeyParams,
  errors: [409],
  response: { description: "The zip file (attachment).", contentTypes: ["application/zip"] },
  run: async ({ params }, actor): Promise<TResult> => {
    try {
      return { ok: true, bundle: await exportBundle(actor, params.key) };
    } catch (error) {
      if (error instanceof ExportNotReadyError) return { ok: false, readiness: error.readiness };
      throw error;
    }
  },
  respond: (result) =>
    result.ok
      ? new Response(result.bundle.stream, {
          status: 200,
          headers: downloadHeaders(result.bundle.fileName, "application/zip", {
            "x-export-file-count": String(result.bundle.fileCount),
            "x-export-estimated-bytes": String(result.bundle.estimatedBytes),
          }),
        })
      : notReadyResponse(result.readiness),
});
