import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";
import { ZApiSaved, ZApiTimelineEvent } from "@/lib/http/v1/schemas";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { ZTimelineEvent } from "@/lib/timeline/schemas";
import { createTimelineEvent, listTimelineEvents } from "@/lib/timeline/timeline";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({
  name: "v1.timeline.list",
  method: "GET",
  path: "/api/v1/incidents/{key}/timeline",
  tag: "Timeline",
  summary: "List timeline events",
  description: "The incident's events in time order, each with its version.",
  permission: "incident:read",
  params: ZKeyParams,
  response: { description: "The events.", schema: ZApiTimelineEvent.array() },
  run: async ({ params }, actor) => listTimelineEvents(actor, (await getIncidentByKey(actor, params.key)).id),
});

export const POST = defineApiRoute({
  name: "v1.timeline.create",
  method: "POST",
  path: "/api/v1/incidents/{key}/timeline",
  tag: "Timeline",
  summary: "Add a timeline event",
  description: "Same fields as the timeline form: occurredAtLocal is a wall time in timeZone; trafficPercent only (and required) for FALLBACK_CHANGE.",
  permission: "incident:write",
  params: ZKeyParams,
  body: {
    kind: "json",
    schema: ZTimelineEvent,
    hide: ["incidentId"],
    prepare: async ({ params, actor, json }) => ({ ...json, incidentId: (await getIncidentByKey(actor, String(params.key))).id }),
  },
  response: { status: 201, description: "The new event's id and version.", schema: ZApiSaved },
  run: ({ body }, actor) => createTimelineEvent(actor, body),
});
