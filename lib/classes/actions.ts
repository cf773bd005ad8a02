"use server";

import { defineAction } from "@/lib/http/action";
import { incidentPaths } from "@/lib/decision/paths";
import { replaceManualHistogram, saveFailureClasses } from "./classes";
import { ZFailureClasses, ZManualHistogram } from "./schemas";

export const saveFailureClassesAction = defineAction({
  name: "classes.save",
  schema: ZFailureClasses,
  permission: "incident:write",
  run: (data, actor) => saveFailureClasses(actor, data),
  // Classes feed the fallback verdict shown on the overview and the decision page.
  revalidate: (_data, result) => incidentPaths(result.incidentKey, "", "classes", "decision", "history"),
});

export const replaceManualHistogramAction = defineAction({
  name: "classes.replaceManualHistogram",
  schema: ZManualHistogram,
  permission: "incident:write",
  run: (data, actor) => replaceManualHistogram(actor, data),
  revalidate: (_data, result) => incidentPaths(result.incidentKey, "classes", "history"),
});
