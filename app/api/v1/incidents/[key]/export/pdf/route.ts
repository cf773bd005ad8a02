import { ExportNotReadyError, exportPdf } from "@/lib/export/export";
import { downloadHeaders, notReadyResponse } from "@/lib/export/http";
import type { TReadinessReport } from "@/lib/export/readiness";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";

export const dynamic = "force-dynamic";

type TResult = { ok: true; fileName: string; pdf: Uint8Array } | { ok: false; readiness: TReadinessReport };

export const GET = defineApiRoute({
  name: "v1.export.pdf",
  method: "GET",
  path: "/api/v1/incidents/{key}/export/pdf",
  tag: "Export",
  summary: "Download the review as PDF",
  description: "review.pdf alone. 409 with the readiness report when the installation requires a ready review.",
  permission: "incident:read",
  params: ZKeyParams,
  errors: [409],
  response: { description: "review.pdf (attachment).", contentTypes: ["application/pdf"] },
  run: async ({ params }, actor): Promise<TResult> => {
    try {
      return { ok: true, ...(await exportPdf(actor, params.key)) };
    } catch (error) {
      if (error instanceof ExportNotReadyError) return { ok: false, readiness: error.readiness };
      throw error;
    }
  },
  respond: (result) =>
    result.ok
      ? new Response(result.pdf as Uint8Array<ArrayBuffer>, {
          status: 200,
          headers: downloadHeaders(result.fileName, "application/pdf", { "content-length": String(result.pdf.byteLength) }),
        })
      : notReadyResponse(result.readiness),
});
