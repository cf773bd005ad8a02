import { getAttachmentDownload, type TAttachmentDownload } from "@/lib/artifacts/artifacts";
import { ZAttachmentDownloadParams } from "@/lib/artifacts/schemas";
import { contentDisposition } from "@/lib/http/content-disposition";
import { defineRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET → the file as a download (never rendered inline), typed as detected at upload. */
export const GET = defineRoute({
  name: "attachments.download",
  permission: "incident:read",
  params: ZAttachmentDownloadParams,
  run: ({ params }, actor) => getAttachmentDownload(actor, { incidentKey: params.key, id: params.id }),
  respond: (file: TAttachmentDownload) =>
    new Response(file.content as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        "content-type": file.mimeType,
        "content-length": String(file.content.byteLength),
        "content-disposition": contentDisposition(file.fileName),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": "private, no-store",
        etag: `"${file.sha256}"`,
      },
    }),
});
