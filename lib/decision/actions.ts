"use server";

import { defineAction } from "@/lib/http/action";
import { incidentPaths } from "./paths";
import { clearVerdictOverride, saveDecisionAnswers, setTaskSpecificValidation, setVerdictOverride } from "./decision";
import { ZChecklistAnswers, ZClearVerdictOverride, ZSetVerdictOverride, ZTaskValidation } from "./schemas";

// The verdict shows on the overview and the decision page.
const verdictPaths = (key: string) => incidentPaths(key, "", "decision", "history");

export const saveDecisionAnswersAction = defineAction({
  name: "decision.saveAnswers",
  schema: ZChecklistAnswers,
  permission: "incident:write",
  run: (data, actor) => saveDecisionAnswers(actor, data),
  revalidate: (_data, result) => verdictPaths(result.incidentKey),
});

export const setTaskSpecificValidationAction = defineAction({
  name: "decision.setTaskSpecificValidation",
  schema: ZTaskValidation,
  permission: "incident:write",
  run: (data, actor) => setTaskSpecificValidation(actor, data),
  revalidate: (_data, result) => verdictPaths(result.incidentKey),
});

export const setVerdictOverrideAction = defineAction({
  name: "decision.setOverride",
  schema: ZSetVerdictOverride,
  permission: "incident:write",
  run: (data, actor) => setVerdictOverride(actor, data),
  revalidate: (_data, result) => verdictPaths(result.incidentKey),
});

export const clearVerdictOverrideAction = defineAction({
  name: "decision.clearOverride",
  schema: ZClearVerdictOverride,
  permission: "incident:write",
  run: (data, actor) => clearVerdictOverride(actor, data),
  revalidate: (_data, result) => verdictPaths(result.incidentKey),
});
