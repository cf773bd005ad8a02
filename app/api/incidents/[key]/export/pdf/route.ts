import { ExportNotReadyError, exportPdf } from "@/lib/export/export";
import { downloadHeaders, notReadyResponse } from "@/lib/export/http";
import { ZExportRouteParams } from "@/lib/export/schemas";
import type { TReadinessReport } from "@/lib/export/readiness";
import { defineRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type TResult = { ok: true; fileName: string; pdf: Uint8Array } | { ok: false; readiness: TReadinessReport };

/** GET → review.pdf alone; 409 with the readiness report when readiness is required and missing. */
export const GET = defineRoute({
  name: "export.pdf",
  permission: "incident:read",
  params: ZExportRouteParams,
  run: async ({ params }, actor): Promise<TResult> => {
    try {
      return { ok: true, ...(await exportPdf(actor, params.key)) };
    } catch (error) {
      if (error instanceof ExportNotReadyError) return { ok: false, readiness: error.readiness };
      throw error;
    }
  },
  respond: (result: TResult) =>
    result.ok
      ? new Response(result.pdf as Uint8Array<ArrayBuffer>, {
          status: 200,
          headers: downloadHeaders(result.fileName, "application/pdf", { "content-length": String(result.pdf.byteLength) }),
        })
      : notReadyResponse(result.readiness),
});
