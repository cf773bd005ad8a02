import { ExportNotReadyError, exportBundle, type TBundleExport } from "@/lib/export/export";
import { downloadHeaders, notReadyResponse } from "@/lib/export/http";
import { ZExportRouteParams } from "@/lib/export/schemas";
import type { TReadinessReport } from "@/lib/export/readiness";
import { defineRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type TResult = { ok: true; bundle: TBundleExport } | { ok: false; readiness: TReadinessReport };

/** GET → the attachment bundle (zip), streamed; 409 with the readiness report when readiness is required and missing. */
export const GET = defineRoute({
  name: "export.bundle",
  permission: "incident:read",
  params: ZExportRouteParams,
  run: async ({ params }, actor): Promise<TResult> => {
    try {
      return { ok: true, bundle: await exportBundle(actor, params.key) };
    } catch (error) {
      if (error instanceof ExportNotReadyError) return { ok: false, readiness: error.readiness };
      throw error;
    }
  },
  respond: (result: TResult) =>
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
