// Manual operator-controlled fallback approvals: shared by forms (client) and actions (server).
import { z } from "zod";
import { EVEN_WITH_FIELD_ERRORS, ZTimeZone } from "@/lib/incidents/schemas";
import { isValidTimeZone, zonedLocalToUtc } from "@/lib/time/zone";

export const ZRecordApproval = z
  .object({
    incidentId: z.string().min(1),
    changeTicket: z
      .string()
      .trim()
      .min(1, { error: "Record the change ticket." })
      .max(200, { error: "Use at most 200 characters." }),
    /** Wall time in `timeZone`, as a datetime-local input gives it. */
    expiresAtLocal: z.string(),
    timeZone: ZTimeZone,
    note: z.string().trim().max(2000, { error: "Use at most 2,000 characters." }).optional(),
  })
  .superRefine((v, ctx) => {
    const local = v.expiresAtLocal;
    if (typeof local !== "string" || !local) {
      ctx.addIssue({ code: "custom", path: ["expiresAtLocal"], message: "Set an expiry time." });
      return;
    }
    const at = typeof v.timeZone === "string" && isValidTimeZone(v.timeZone) ? zonedLocalToUtc(local, v.timeZone) : null;
    if (!at) ctx.addIssue({ code: "custom", path: ["expiresAtLocal"], message: "Enter a valid date and time." });
    else if (at.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expiresAtLocal"], message: "The expiry must be in the future." });
    }
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    incidentId: v.incidentId,
    changeTicket: v.changeTicket,
    expiresAt: zonedLocalToUtc(v.expiresAtLocal, v.timeZone)!,
    note: v.note ? v.note : null,
  }));
export type TRecordApprovalInput = z.input<typeof ZRecordApproval>;
export type TRecordApproval = z.output<typeof ZRecordApproval>;

export const ZRevokeApproval = z.object({
  incidentId: z.string().min(1),
  approvalId: z.string().min(1),
});
export type TRevokeApproval = z.infer<typeof ZRevokeApproval>;
