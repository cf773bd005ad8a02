import { createFollowUp, listFollowUps } from "@/lib/followups/followups";
import { ZCreateFollowUp } from "@/lib/followups/schemas";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";
import { ZApiFollowUp } from "@/lib/http/v1/schemas";
import { getIncidentByKey } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({
  name: "v1.followUps.list",
  method: "GET",
  path: "/api/v1/incidents/{key}/follow-ups",
  tag: "Follow-ups",
  summary: "List follow-ups",
  permission: "incident:read",
  params: ZKeyParams,
  response: { description: "The incident's follow-ups by due date.", schema: ZApiFollowUp.array() },
  run: async ({ params }, actor) => listFollowUps(actor, (await getIncidentByKey(actor, params.key)).id),
});

export const POST = defineApiRoute({
  name: "v1.followUps.create",
  method: "POST",
  path: "/api/v1/incidents/{key}/follow-ups",
  tag: "Follow-ups",
  summary: "Create a follow-up",
  description:
    "Body `{ followUp: {…} }` with the follow-up form's fields: exactly one of ownerUserId / ownerExternalName (the other \"\"), dueDate YYYY-MM-DD, ticketUrl and source may be \"\".",
  permission: "incident:write",
  params: ZKeyParams,
  body: { kind: "json", schema: ZCreateFollowUp, hide: ["incidentKey"], prepare: ({ params, json }) => ({ ...json, incidentKey: params.key }) },
  response: { status: 201, description: "The new follow-up.", schema: ZApiFollowUp },
  run: ({ body }, actor) => createFollowUp(actor, body),
});
