import { updateFollowUp } from "@/lib/followups/followups";
import { ZUpdateFollowUp } from "@/lib/followups/schemas";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyIdParams } from "@/lib/http/v1/params";
import { ZApiFollowUp } from "@/lib/http/v1/schemas";

export const dynamic = "force-dynamic";

export const PUT = defineApiRoute({
  name: "v1.followUps.update",
  method: "PUT",
  path: "/api/v1/incidents/{key}/follow-ups/{id}",
  tag: "Follow-ups",
  summary: "Replace a follow-up",
  description: "Body `{ version, followUp: {…} }`: the whole follow-up as the form sends it and the version you read; a stale version gets 409.",
  permission: "incident:write",
  params: ZKeyIdParams,
  body: {
    kind: "json",
    schema: ZUpdateFollowUp,
    hide: ["incidentKey", "id"],
    // The follow-up is looked up within the incident of the address (lib checks it).
    prepare: ({ params, json }) => ({ ...json, incidentKey: params.key, id: params.id }),
  },
  errors: [409],
  response: { description: "The saved follow-up.", schema: ZApiFollowUp },
  run: ({ body }, actor) => updateFollowUp(actor, body),
});
