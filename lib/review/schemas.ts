// Shared by forms (client) and actions (server).
import { z } from "zod";
import { isQuestionId } from "@/lib/runbook/runbook";

/** Longest answer accepted, in characters. */
export const ANSWER_MAX_CHARS = 20_000;

export const ZSaveAnswer = z.object({
  incidentId: z.string().min(1, { error: "Missing incident." }).max(64),
  questionId: z.string().refine(isQuestionId, { error: "Unknown review question." }),
  body: z.string().max(ANSWER_MAX_CHARS, { error: `Keep the answer under ${ANSWER_MAX_CHARS.toLocaleString("en-US")} characters.` }),
  /** The version this save is based on: 0 when the answer was never saved. */
  version: z.number().int().min(0),
});
export type TSaveAnswerInput = z.input<typeof ZSaveAnswer>;
export type TSaveAnswer = z.output<typeof ZSaveAnswer>;
