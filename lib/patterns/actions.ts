"use server";

import { defineAction } from "@/lib/http/action";
import { incidentPaths } from "@/lib/decision/paths";
import { ZChecklistAnswers } from "@/lib/decision/schemas";
import { recordFallbackApproval, revokeFallbackApproval, savePatternAnswers } from "./patterns";
import { ZRecordApproval, ZRevokeApproval } from "./schemas";

export const savePatternAnswersAction = defineAction({
  name: "patterns.saveAnswers",
  schema: ZChecklistAnswers,
  permission: "incident:write",
  run: (data, actor) => savePatternAnswers(actor, data),
  revalidate: (_data, result) => incidentPaths(result.incidentKey, "patterns", "history"),
});

export const recordFallbackApprovalAction = defineAction({
  name: "patterns.recordApproval",
  schema: ZRecordApproval,
  permission: "incident:write",
  run: (data, actor) => recordFallbackApproval(actor, data),
  revalidate: (_data, result) => incidentPaths(result.incidentKey, "", "patterns", "history"),
});

export const revokeFallbackApprovalAction = defineAction({
  name: "patterns.revokeApproval",
  schema: ZRevokeApproval,
  permission: "incident:write",
  run: (data, actor) => revokeFallbackApproval(actor, data),
  revalidate: (_data, result) => incidentPaths(result.incidentKey, "", "patterns", "history"),
});
