"use server";

import { defineAction } from "@/lib/http/action";
import { compareManually, compareSmokeRuns } from "./comparisons";
import { ZCompareManual, ZCompareRuns } from "./schemas";

export const compareSmokeRunsAction = defineAction({
  name: "comparison.fromRuns",
  schema: ZCompareRuns,
  permission: "incident:write",
  run: (data, actor) => compareSmokeRuns(actor, data),
  revalidate: (data) => [`/incidents/${data.incidentKey}/comparison`],
});

export const compareManuallyAction = defineAction({
  name: "comparison.manual",
  schema: ZCompareManual,
  permission: "incident:write",
  run: (data, actor) => compareManually(actor, data),
  revalidate: (data) => [`/incidents/${data.incidentKey}/comparison`],
});
