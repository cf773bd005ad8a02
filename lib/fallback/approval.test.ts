import { describe, expect, it } from "vitest";
import { approvalStatus, isApprovalExpired, type TFallbackApproval } from "./approval";

const T = (minutes: number) => new Date(Date.UTC(2026, 4, 8, 10, 0, 0) + minutes * 60_000);

const approval = (overrides: Partial<TFallbackApproval> = {}): TFallbackApproval => ({
  approverId: "u-ic",
  approverRole: "COMMANDER",
  incidentCommanderId: "u-ic",
  changeTicket: "CHG-1042",
  approvedAt: T(0),
  expiresAt: T(60),
  revokedAt: null,
  ...overrides,
});

describe("approvalStatus", () => {
  it("is ACTIVE between approval and expiry when the incident commander approved", () => {
    expect(approvalStatus(approval(), T(0))).toEqual({ status: "ACTIVE", reasons: [] });
    expect(approvalStatus(approval(), T(59))).toEqual({ status: "ACTIVE", reasons: [] });
  });

  it("accepts an admin who is not the commander", () => {
    const a = approval({ approverId: "u-admin", approverRole: "ADMIN" });
    expect(approvalStatus(a, T(5)).status).toBe("ACTIVE");
    expect(approvalStatus({ ...a, incidentCommanderId: null }, T(5)).status).toBe("ACTIVE");
  });

  it("rejects a commander of another incident and a viewer", () => {
    for (const approverRole of ["COMMANDER", "VIEWER"] as const) {
      const result = approvalStatus(approval({ approverId: "u-other", approverRole }), T(5));
      expect(result.status).toBe("INVALID");
      expect(result.reasons).toEqual([
        {
          code: "APPROVER_NOT_COMMANDER",
          message: "require incident commander approval: the approver is neither the incident commander nor an admin",
        },
      ]);
    }
  });

  it("rejects approvals when the incident has no commander and the approver is not an admin", () => {
    const result = approvalStatus(approval({ incidentCommanderId: null }), T(5));
    expect(result.reasons.map((r) => r.code)).toEqual(["APPROVER_NOT_COMMANDER"]);
  });

  it("requires a change ticket", () => {
    const result = approvalStatus(approval({ changeTicket: "  " }), T(5));
    expect(result).toEqual({
      status: "INVALID",
      reasons: [{ code: "CHANGE_TICKET_MISSING", message: "record the change ticket" }],
    });
  });

  it("requires the expiry to be after the approval time", () => {
    for (const expiresAt of [T(0), T(-5)]) {
      const result = approvalStatus(approval({ expiresAt }), T(0));
      expect(result.status).toBe("INVALID");
      expect(result.reasons[0]).toEqual({
        code: "EXPIRY_NOT_AFTER_APPROVAL",
        message: "set an expiry time: the expiry must be after the approval time",
      });
    }
  });

  it("lists every defect at once", () => {
    const result = approvalStatus(
      approval({ approverId: "x", approverRole: "VIEWER", changeTicket: "", expiresAt: T(-1) }),
      T(0),
    );
    expect(result.reasons.map((r) => r.code)).toEqual([
      "APPROVER_NOT_COMMANDER",
      "CHANGE_TICKET_MISSING",
      "EXPIRY_NOT_AFTER_APPROVAL",
    ]);
  });

  it("is EXPIRED from the expiry instant on", () => {
    expect(approvalStatus(approval(), T(60))).toEqual({
      status: "EXPIRED",
      reasons: [{ code: "EXPIRED", message: "the approval passed its expiry time" }],
    });
    expect(approvalStatus(approval(), T(600)).status).toBe("EXPIRED");
  });

  it("is REVOKED once the revocation time has passed, ACTIVE before it", () => {
    const a = approval({ revokedAt: T(30) });
    expect(approvalStatus(a, T(29)).status).toBe("ACTIVE");
    expect(approvalStatus(a, T(30)).status).toBe("REVOKED");
    expect(approvalStatus(a, T(45)).reasons).toEqual([{ code: "REVOKED", message: "the approval was revoked" }]);
  });

  it("reads EXPIRED when the revocation came after the expiry", () => {
    expect(approvalStatus(approval({ revokedAt: T(90) }), T(120)).status).toBe("EXPIRED");
    expect(approvalStatus(approval({ revokedAt: T(60) }), T(120)).status).toBe("EXPIRED");
  });

  it("is INVALID when evaluated before the approval existed", () => {
    expect(approvalStatus(approval(), T(-1))).toEqual({
      status: "INVALID",
      reasons: [{ code: "APPROVED_AFTER_NOW", message: "the approval is dated after the time it is evaluated at" }],
    });
  });

  it("is INVALID for unreadable dates or a revocation before the approval", () => {
    expect(approvalStatus(approval({ approvedAt: new Date(Number.NaN) }), T(1)).status).toBe("INVALID");
    expect(approvalStatus(approval({ revokedAt: new Date("nope") }), T(1)).reasons[0]?.code).toBe("INVALID_DATE");
    expect(approvalStatus(approval({ revokedAt: T(-10) }), T(1)).reasons[0]?.message).toBe(
      "the approval is revoked before it was given",
    );
    expect(approvalStatus(approval(), new Date(Number.NaN)).status).toBe("INVALID");
  });
});

describe("isApprovalExpired", () => {
  it("is true at and after the expiry instant only", () => {
    expect(isApprovalExpired({ expiresAt: T(60) }, T(59))).toBe(false);
    expect(isApprovalExpired({ expiresAt: T(60) }, T(60))).toBe(true);
    expect(isApprovalExpired({ expiresAt: T(60) }, T(61))).toBe(true);
  });

  it("treats unreadable dates as expired", () => {
    expect(isApprovalExpired({ expiresAt: new Date(Number.NaN) }, T(0))).toBe(true);
    expect(isApprovalExpired({ expiresAt: T(60) }, new Date(Number.NaN))).toBe(true);
  });
});
