import type { TActor } from "@/lib/auth/permissions";
import { defineApiRoute } from "@/lib/http/api";
import { NotFoundError } from "@/lib/http/errors";
import { ZKeyIdParams, ZVersionQuery } from "@/lib/http/v1/params";
import { ZApiSaved } from "@/lib/http/v1/schemas";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { ZUpdateTimelineEvent } from "@/lib/timeline/schemas";
import { deleteTimelineEvent, listTimelineEvents, updateTimelineEvent } from "@/lib/timeline/timeline";

export const dynamic = "force-dynamic";

/** The event must belong to the incident in the address: another incident's event is "not found" here. */
async function assertEventOfIncident(actor: TActor, key: string, id: string): Promise<void> {
  const incident = await getIncidentByKey(actor, key);
  const events = await listTimelineEvents(actor, incident.id);
  if (!events.some((e) => e.id === id)) throw new NotFoundError(`Timeline event ${id} was not found on ${key}.`);
}

export const PUT = defineApiRoute({
  name: "v1.timeline.update",
  method: "PUT",
  path: "/api/v1/incidents/{key}/timeline/{id}",
  tag: "Timeline",
  summary: "Replace a timeline event",
  description: "The whole event as the timeline form sends it, with the version you read; a stale version gets 409 with the current event.",
  permission: "incident:write",
  params: ZKeyIdParams,
  body: {
    kind: "json",
    schema: ZUpdateTimelineEvent,
    hide: ["id"],
    prepare: async ({ params, actor, json }) => {
      await assertEventOfIncident(actor, String(params.key), String(params.id));
      return { ...json, id: params.id };
    },
  },
  errors: [409],
  response: { description: "The event's new version.", schema: ZApiSaved },
  run: ({ body }, actor) => updateTimelineEvent(actor, body),
});

export const DELETE = defineApiRoute({
  name: "v1.timeline.delete",
  method: "DELETE",
  path: "/api/v1/incidents/{key}/timeline/{id}",
  tag: "Timeline",
  summary: "Delete a timeline event",
  description: "Refused with 409 when the event changed since `version`.",
  permission: "incident:write",
  params: ZKeyIdParams,
  query: ZVersionQuery,
  errors: [409],
  response: { description: "The deleted event.", schema: ZApiSaved },
  run: async ({ params, query }, actor) => {
    await assertEventOfIncident(actor, params.key, params.id);
    return deleteTimelineEvent(actor, { id: params.id, version: query.version });
  },
});
