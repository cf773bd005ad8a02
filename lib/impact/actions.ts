"use server";

import { defineAction } from "@/lib/http/action";
import { saveImpactMeasures } from "./impact";
import { ZImpactMeasures } from "./schemas";

export const saveImpactMeasuresAction = defineAction({
  name: "impact.saveMeasures",
  schema: ZImpactMeasures,
  permission: "incident:write",
  run: (data, actor) => saveImpactMeasures(actor, data),
  revalidate: (data) => [`/incidents/${data.incidentKey}/impact`],
});
