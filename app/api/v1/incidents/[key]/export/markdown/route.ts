import { ExportNotReadyError, exportMarkdown } from "@/lib/export/export";
import { downloadHeaders, notReadyResponse } from "@/lib/export/http";
import type { TReadinessReport } from "@/lib/export/readiness";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";

export const dynamic = "force-dynamic";

type TResult = { ok: true; fileName: string; markdown: string } | { ok: false; readiness: TReadinessReport };

export const GET = defineApiRoute({
  name: "v1.export.markdown",
  method: "GET",
  path: "/api/v1/incidents/{key}/export/markdown",
  tag: "Export",
  summary: "Download the review as Markdown",
  description: "review.md alone. 409 with the readiness report when the installation requires a ready review.",
  permission: "incident:read",
  params: ZKeyParams,
  errors: [409],
  response: { description: "review.md (attachment).", contentTypes: ["text/markdown"] },
  run: async ({ params }, actor): Promise<TResult> => {
    try {
      return { ok: true, ...(await exportMarkdown(actor, params.key)) };
    } catch (error) {
      if (error instanceof ExportNotReadyError) return { ok: false, readiness: error.readiness };
      throw error;
    }
  },
  respond: (result) =>
    result.ok
      ? new Response(result.markdown, { status: 200, headers: downloadHeaders(result.fileName, "text/markdown; charset=utf-8") })
      : notReadyResponse(result.readiness),
});
