"use server";

import { defineAction } from "@/lib/http/action";
import { incidentPaths } from "@/lib/decision/paths";
import { ZChecklistAnswers } from "@/lib/decision/schemas";
import { saveRollbackAnswers } from "./rollback";

export const saveRollbackAnswersAction = defineAction({
  name: "rollback.saveAnswers",
  schema: ZChecklistAnswers,
  permission: "incident:write",
  run: (data, actor) => saveRollbackAnswers(actor, data),
  revalidate: (_data, result) => incidentPaths(result.incidentKey, "rollback", "history"),
});
