// Runbook checklist answers (fallback criteria, pattern rules, rollback items),
// the task-specific-validation toggle and the verdict override: shared by
// forms (client) and actions (server).
import { z } from "zod";
import { ZVerdictOverride } from "@/lib/fallback/verdict";
import { EVEN_WITH_FIELD_ERRORS, FUTURE_TOLERANCE_MS, ZTimeZone } from "@/lib/incidents/schemas";
import { isValidTimeZone, zonedLocalToUtc } from "@/lib/time/zone";

export const MAX_ANSWER_NOTE = 2000;
export const MAX_ANSWERS_PER_SAVE = 60;

/** How a form says yes / no / not answered; booleans and null are accepted too (API callers). */
export const TRI_STATES = ["yes", "no", "unanswered"] as const;
export type TTriState = (typeof TRI_STATES)[number];

export const ZChecked = z
  .union([z.boolean(), z.null(), z.enum(TRI_STATES)], { error: "Answer yes, no or leave it unanswered." })
  .transform((v): boolean | null => (v === "yes" ? true : v === "no" ? false : v === "unanswered" ? null : v));

export const toTriState = (checked: boolean | null | undefined): TTriState =>
  checked === true ? "yes" : checked === false ? "no" : "unanswered";

export const ZChecklistAnswer = z.object({
  checklistId: z.string().min(1).max(100),
  itemId: z.string().min(1).max(100),
  checked: ZChecked,
  note: z
    .string()
    .trim()
    .max(MAX_ANSWER_NOTE, { error: `Use at most ${MAX_ANSWER_NOTE.toLocaleString("en-US")} characters.` })
    .optional(),
  /** When it happened, as a wall time in `timeZone`; empty = not recorded. */
  occurredAtLocal: z.string().optional(),
  /** Version the answer was based on; 0 = not answered before. */
  version: z.number().int().min(0),
});

export const ZChecklistAnswers = z
  .object({
    incidentId: z.string().min(1),
    timeZone: ZTimeZone,
    answers: z
      .array(ZChecklistAnswer)
      .min(1, { error: "Nothing to save." })
      .max(MAX_ANSWERS_PER_SAVE),
  })
  .superRefine((v, ctx) => {
    if (!Array.isArray(v.answers)) return;
    const seen = new Set<string>();
    const zoneOk = typeof v.timeZone === "string" && isValidTimeZone(v.timeZone);
    v.answers.forEach((a, i) => {
      if (!a || typeof a !== "object") return;
      // Ids of the wrong type already fail their own field; interpolating them could throw.
      if (typeof a.checklistId === "string" && typeof a.itemId === "string") {
        const key = `${a.checklistId}/${a.itemId}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["answers", i, "itemId"], message: "Each item can be answered once per save." });
        seen.add(key);
      }
      const local = a.occurredAtLocal;
      if (typeof local !== "string" || local === "") return;
      const at = zoneOk ? zonedLocalToUtc(local, v.timeZone) : null;
      if (!at) ctx.addIssue({ code: "custom", path: ["answers", i, "occurredAtLocal"], message: "Enter a valid date and time." });
      else if (at.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
        ctx.addIssue({ code: "custom", path: ["answers", i, "occurredAtLocal"], message: "This time cannot be in the future." });
      }
    });
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    incidentId: v.incidentId,
    answers: v.answers.map((a) => ({
      checklistId: a.checklistId,
      itemId: a.itemId,
      checked: a.checked,
      note: a.note ? a.note : null,
      occurredAt: a.occurredAtLocal ? zonedLocalToUtc(a.occurredAtLocal, v.timeZone)! : null,
      version: a.version,
    })),
  }));
export type TChecklistAnswersInput = z.input<typeof ZChecklistAnswers>;
export type TChecklistAnswers = z.output<typeof ZChecklistAnswers>;
export type TChecklistAnswerWrite = TChecklistAnswers["answers"][number];

export const ZTaskValidation = z.object({
  incidentId: z.string().min(1),
  done: z.boolean(),
  /** The incident's version the toggle was based on. */
  version: z.number().int().min(1),
});
export type TTaskValidation = z.infer<typeof ZTaskValidation>;

export const ZSetVerdictOverride = ZVerdictOverride.extend({
  incidentId: z.string().min(1),
  /** The decision's version the override was based on; 0 = no decision stored yet. */
  version: z.number().int().min(0),
});
export type TSetVerdictOverrideInput = z.input<typeof ZSetVerdictOverride>;
export type TSetVerdictOverride = z.output<typeof ZSetVerdictOverride>;

export const ZClearVerdictOverride = z.object({
  incidentId: z.string().min(1),
  version: z.number().int().min(0),
});
export type TClearVerdictOverride = z.infer<typeof ZClearVerdictOverride>;
