import { uploadAttachment, getUploadLimitBytes, tooLargeMessage } from "@/lib/artifacts/artifacts";
import { ZAttachmentRouteParams, ZUploadFields } from "@/lib/artifacts/schemas";
import { ValidationError } from "@/lib/http/errors";
import { defineRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** POST multipart/form-data { artifactKind, file } → the stored file's metadata (201). */
export const POST = defineRoute({
  name: "attachments.upload",
  permission: "incident:write",
  params: ZAttachmentRouteParams,
  status: 201,
  bodyLimit: async () => {
    const limit = await getUploadLimitBytes();
    return { maxBytes: limit + MULTIPART_OVERHEAD_BYTES, message: tooLargeMessage(limit) };
  },
  body: async (raw, request) => {
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      throw new ValidationError("Send the file as multipart/form-data.");
    }
    let form: FormData;
    try {
      form = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new ValidationError("The upload could not be read. Try again.");
    }
    const fields = ZUploadFields.safeParse({ artifactKind: form.get("artifactKind") });
    if (!fields.success) throw ValidationError.fromZod(fields.error);
    const file = form.get("file");
    if (!(file instanceof Blob)) throw new ValidationError("Choose a file to upload.", { file: ["Choose a file to upload."] });
    const fileName = file instanceof File && file.name ? file.name : "file";
    return { artifactKind: fields.data.artifactKind, fileName, bytes: new Uint8Array(await file.arrayBuffer()) };
  },
  run: ({ params, body }, actor) => uploadAttachment(actor, { incidentKey: params.key, ...body }),
});
