"use server";

import { defineAction } from "@/lib/http/action";
import { createTimelineEvent, deleteTimelineEvent, updateTimelineEvent } from "./timeline";
import { ZDeleteTimelineEvent, ZTimelineEvent, ZUpdateTimelineEvent } from "./schemas";

const paths = (key: string) => [`/incidents/${key}`, `/incidents/${key}/timeline`];

export const createTimelineEventAction = defineAction({
  name: "timeline.create",
  schema: ZTimelineEvent,
  permission: "incident:write",
  run: (data, actor) => createTimelineEvent(actor, data),
  revalidate: (_data, result) => paths(result.incidentKey),
});

export const updateTimelineEventAction = defineAction({
  name: "timeline.update",
  schema: ZUpdateTimelineEvent,
  permission: "incident:write",
  run: (data, actor) => updateTimelineEvent(actor, data),
  revalidate: (_data, result) => paths(result.incidentKey),
});

export const deleteTimelineEventAction = defineAction({
  name: "timeline.delete",
  schema: ZDeleteTimelineEvent,
  permission: "incident:write",
  run: (data, actor) => deleteTimelineEvent(actor, data),
  revalidate: (_data, result) => paths(result.incidentKey),
});
