"use server";

import { defineAction } from "@/lib/http/action";
import { createIncident } from "./incidents";
import { ZCreateIncident, ZIncidentWindow } from "./schemas";
import { updateIncidentWindow } from "./window";

export const createIncidentAction = defineAction({
  name: "incidents.create",
  schema: ZCreateIncident,
  permission: "incident:write",
  run: (data, actor) => createIncident(actor, data),
  revalidate: () => ["/incidents"],
});

export const updateIncidentWindowAction = defineAction({
  name: "incidents.updateWindow",
  schema: ZIncidentWindow,
  permission: "incident:write",
  run: (data, actor) => updateIncidentWindow(actor, data),
  revalidate: (_data, result) => [`/incidents/${result.key}`, `/incidents/${result.key}/window`, `/incidents/${result.key}/timeline`],
});
