import { ExportNotReadyError, exportMarkdown } from "@/lib/export/export";
import { downloadHeaders, notReadyResponse } from "@/lib/export/http";
import { ZExportRouteParams } from "@/lib/export/schemas";
import type { TReadinessReport } from "@/lib/export/readiness";
import { defineRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type TResult = { ok: true; fileName: string; markdown: string } | { ok: false; readiness: TReadinessReport };

/** GET → review.md alone; 409 with the readiness report when readiness is required and missing. */
export const GET = defineRoute({
  name: "export.markdown",
  permission: "incident:read",
  params: ZExportRouteParams,
  run: async ({ params }, actor): Promise<TResult> => {
    try {
      return { ok: true, ...(await exportMarkdown(actor, params.key)) };
    } catch (error) {
      if (error instanceof ExportNotReadyError) return { ok: false, readiness: error.readiness };
      throw error;
    }
  },
  respond: (result: TResult) =>
    result.ok
      ? new Response(result.markdown, { status: 200, headers: downloadHeaders(result.fileName, "text/markdown; charset=utf-8") })
      : notReadyResponse(result.readiness),
});
