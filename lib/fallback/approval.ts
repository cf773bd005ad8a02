// "Manual operator-controlled fallback" rules as an approval check: the
// runbook requires incident commander approval, a recorded change ticket and
// an expiry time. Evaluated "as of" a given instant so the review can show
// what was true at any point of the timeline.
import { runbook } from "@/lib/runbook/runbook";

export type TUserRole = "ADMIN" | "COMMANDER" | "VIEWER";

export type TFallbackApproval = {
  readonly approverId: string;
  readonly approverRole: TUserRole;
  /** The incident's commander; null when none is assigned. */
  readonly incidentCommanderId: string | null;
  readonly changeTicket: string;
  readonly approvedAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt?: Date | null;
};

export type TApprovalStatus = "ACTIVE" | "EXPIRED" | "REVOKED" | "INVALID";

export type TApprovalReasonCode =
  | "APPROVER_NOT_COMMANDER"
  | "CHANGE_TICKET_MISSING"
  | "EXPIRY_NOT_AFTER_APPROVAL"
  | "INVALID_DATE"
  | "APPROVED_AFTER_NOW"
  | "REVOKED"
  | "EXPIRED";

export type TApprovalReason = { readonly code: TApprovalReasonCode; readonly message: string };

export type TApprovalEvaluation = {
  readonly status: TApprovalStatus;
  readonly reasons: readonly TApprovalReason[];
};

const manualRules = runbook.patterns.items[3].rules;
const ruleText = (id: (typeof manualRules)[number]["id"]) => manualRules.find((rule) => rule.id === id)!.text;

const validDate = (d: unknown): d is Date => d instanceof Date && Number.isFinite(d.getTime());

export function isApprovalExpired(approval: Pick<TFallbackApproval, "expiresAt">, now: Date): boolean {
  // An unreadable expiry cannot vouch for anything, so it counts as expired.
  if (!validDate(approval.expiresAt) || !validDate(now)) return true;
  return now.getTime() >= approval.expiresAt.getTime();
}

/** Problems that make an approval invalid regardless of when it is looked at. */
function defects(a: TFallbackApproval): TApprovalReason[] {
  const reasons: TApprovalReason[] = [];
  const isCommander = a.incidentCommanderId !== null && a.approverId === a.incidentCommanderId;
  // Admins may approve so an absent commander does not stall a mitigation.
  if (!isCommander && a.approverRole !== "ADMIN") {
    reasons.push({
      code: "APPROVER_NOT_COMMANDER",
      message: `${ruleText("commander-approval")}: the approver is neither the incident commander nor an admin`,
    });
  }
  if (a.changeTicket.trim().length === 0) {
    reasons.push({ code: "CHANGE_TICKET_MISSING", message: ruleText("change-ticket") });
  }
  if (!validDate(a.approvedAt) || !validDate(a.expiresAt)) {
    reasons.push({ code: "INVALID_DATE", message: "approval or expiry time is not a valid date" });
  } else if (a.expiresAt.getTime() <= a.approvedAt.getTime()) {
    reasons.push({
      code: "EXPIRY_NOT_AFTER_APPROVAL",
      message: `${ruleText("expiry-time")}: the expiry must be after the approval time`,
    });
  }
  if (a.revokedAt !== undefined && a.revokedAt !== null) {
    if (!validDate(a.revokedAt)) {
      reasons.push({ code: "INVALID_DATE", message: "revocation time is not a valid date" });
    } else if (validDate(a.approvedAt) && a.revokedAt.getTime() < a.approvedAt.getTime()) {
      reasons.push({ code: "INVALID_DATE", message: "the approval is revoked before it was given" });
    }
  }
  return reasons;
}

/**
 * Status of an approval at `now`. INVALID wins over everything; otherwise
 * whichever of revocation and expiry happened first decides, so an approval
 * revoked after it had already expired reads EXPIRED.
 */
export function approvalStatus(approval: TFallbackApproval, now: Date): TApprovalEvaluation {
  const invalid = defects(approval);
  if (!validDate(now)) invalid.push({ code: "INVALID_DATE", message: "evaluation time is not a valid date" });
  if (invalid.length > 0) return { status: "INVALID", reasons: invalid };

  const t = now.getTime();
  if (approval.approvedAt.getTime() > t) {
    return {
      status: "INVALID",
      reasons: [{ code: "APPROVED_AFTER_NOW", message: "the approval is dated after the time it is evaluated at" }],
    };
  }

  const expiresAt = approval.expiresAt.getTime();
  const revokedAt = approval.revokedAt?.getTime();
  if (revokedAt !== undefined && revokedAt <= t && revokedAt < expiresAt) {
    return { status: "REVOKED", reasons: [{ code: "REVOKED", message: "the approval was revoked" }] };
  }
  if (isApprovalExpired(approval, now)) {
    return { status: "EXPIRED", reasons: [{ code: "EXPIRED", message: "the approval passed its expiry time" }] };
  }
  return { status: "ACTIVE", reasons: [] };
}
