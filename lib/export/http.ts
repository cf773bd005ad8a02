import "server-only";
// Responses of the export routes: downloads are attachments (never rendered
// inline) and never cached; a refusal because the review is not ready is a
// 409 problem document (RFC 9457, like every route error) carrying the
// readiness report.
import { contentDisposition } from "@/lib/http/content-disposition";
import { problemTypeUri } from "@/lib/http/problem";
import type { TReadinessReport } from "./readiness";

export function downloadHeaders(fileName: string, contentType: string, extra: Record<string, string> = {}): HeadersInit {
  return {
    "content-type": contentType,
    "content-disposition": contentDisposition(fileName),
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    ...extra,
  };
}

export function notReadyResponse(readiness: TReadinessReport): Response {
  const count = readiness.items.length;
  const body = {
    type: problemTypeUri("conflict"),
    title: "Conflict",
    status: 409,
    detail: `The review is not ready to export (${count} item${count === 1 ? "" : "s"} to finish), and this installation requires a ready review.`,
    readiness,
  };
  return new Response(JSON.stringify(body), { status: 409, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } });
}
