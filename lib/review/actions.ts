"use server";

import { defineAction } from "@/lib/http/action";
import { saveAnswer } from "./answers";
import { ZSaveAnswer } from "./schemas";

// No revalidate: autosave runs every few seconds and the pages that show
// answers are dynamic (rendered fresh on every visit); revalidating would
// re-render the open questions page under the user's typing.
export const saveAnswerAction = defineAction({
  name: "review.saveAnswer",
  schema: ZSaveAnswer,
  permission: "incident:write",
  run: (data, actor) => saveAnswer(actor, data),
});
