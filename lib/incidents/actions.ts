"use server";

import { defineAction } from "@/lib/http/action";
import { createIncident } from "./incidents";
import { ZCreateIncident } from "./schemas";

export const createIncidentAction = defineAction({
  name: "incidents.create",
  schema: ZCreateIncident,
  permission: "incident:write",
  run: (data, actor) => createIncident(actor, data),
  revalidate: () => ["/incidents"],
});
