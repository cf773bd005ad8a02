import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ValidationError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { ZChecklistAnswers } from "@/lib/decision/schemas";
import { getPatternsView, listFallbackApprovals, recordFallbackApproval, revokeFallbackApproval, savePatternAnswers } from "./patterns";
import { MANUAL_PATTERN_ID, PATTERN_USAGE_CHECKLIST_ID, patternChecklistId } from "./usage";

async function setup() {
  const commander = await makeActor("COMMANDER");
  const { id } = await createIncident(commander, { title: "patterns", severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  return { commander, incidentId: id };
}
const auditCount = (incidentId: string) => getPrisma().auditLog.count({ where: { incidentId } });
const HOUR = 3600_000;

describe("manual fallback approvals", () => {
  it("only the incident commander or an admin may approve; a refused approval leaves nothing", async () => {
    const { commander, incidentId } = await setup();
    const otherCommander = await makeActor("COMMANDER");
    const admin = await makeActor("ADMIN");
    const input = { incidentId, changeTicket: "CHG-1", expiresAt: new Date(Date.now() + HOUR), note: null };
    const before = await auditCount(incidentId);
    const refused = await recordFallbackApproval(otherCommander, input).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).status).toBe(403);
    expect(await getPrisma().fallbackApproval.count({ where: { incidentId } })).toBe(0);
    expect(await auditCount(incidentId)).toBe(before);

    await recordFallbackApproval(commander, input);
    await recordFallbackApproval(admin, { ...input, changeTicket: "CHG-2" });
    const approvals = await listFallbackApprovals(commander, incidentId);
    expect(approvals.map((a) => [a.changeTicket, a.status, a.approverId])).toEqual(
      expect.arrayContaining([
        ["CHG-1", "ACTIVE", commander.id],
        ["CHG-2", "ACTIVE", admin.id],
      ]),
    );
    expect(await getPrisma().auditLog.count({ where: { incidentId, entityType: "FallbackApproval", action: "CREATE" } })).toBe(2);
  });

  it("refuses an expiry that is not in the future", async () => {
    const { commander, incidentId } = await setup();
    await expect(
      recordFallbackApproval(commander, { incidentId, changeTicket: "CHG-1", expiresAt: new Date(Date.now() - 1000), note: null }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("flags an expired approval while fallback is manual, and revoking is audited", async () => {
    const { commander, incidentId } = await setup();
    await getPrisma().incident.update({ where: { id: incidentId }, data: { fallbackMode: "MANUAL" } });
    let view = await getPatternsView(commander, incidentId);
    expect(view.approvalAlert).toBe("MISSING");

    const approvedAt = new Date(Date.now() - 2 * HOUR);
    const { id } = await recordFallbackApproval(commander, { incidentId, changeTicket: "CHG-7", expiresAt: new Date(Date.now() + HOUR), note: "25% canary" }, approvedAt);
    view = await getPatternsView(commander, incidentId);
    expect(view.approvalAlert).toBe("NONE");
    expect(view.approvals[0]).toMatchObject({ status: "ACTIVE", approverName: commander.name, note: "25% canary" });

    // Two hours later the approval has expired.
    const later = new Date(Date.now() + 2 * HOUR);
    view = await getPatternsView(commander, incidentId, later);
    expect(view.approvals[0]!.status).toBe("EXPIRED");
    expect(view.approvalAlert).toBe("EXPIRED");

    await revokeFallbackApproval(commander, { incidentId, approvalId: id });
    expect((await listFallbackApprovals(commander, incidentId))[0]!.status).toBe("REVOKED");
    const audit = await getPrisma().auditLog.findFirstOrThrow({ where: { incidentId, entityType: "FallbackApproval", action: "UPDATE" } });
    expect(audit).toMatchObject({ field: "revokedAt", before: null, actorId: commander.id });
    await expect(revokeFallbackApproval(commander, { incidentId, approvalId: id })).rejects.toBeInstanceOf(ValidationError);
  });

  it("warns when the manual pattern is marked used without any approval, not once one existed", async () => {
    const { commander, incidentId } = await setup();
    const used = ZChecklistAnswers.parse({
      incidentId,
      timeZone: "UTC",
      answers: [
        { checklistId: PATTERN_USAGE_CHECKLIST_ID, itemId: MANUAL_PATTERN_ID, checked: true, version: 0 },
        { checklistId: patternChecklistId(MANUAL_PATTERN_ID), itemId: "change-ticket", checked: true, note: "CHG-9", version: 0 },
      ],
    });
    await savePatternAnswers(commander, used);
    let view = await getPatternsView(commander, incidentId);
    expect(view.manualUsed).toBe(true);
    expect(view.manualUseWarning).toBe(true);
    await recordFallbackApproval(commander, { incidentId, changeTicket: "CHG-9", expiresAt: new Date(Date.now() + HOUR), note: null });
    view = await getPatternsView(commander, incidentId);
    expect(view.manualUseWarning).toBe(false);
    expect(view.answers.find((a) => a.itemId === "change-ticket")).toMatchObject({ checked: true, note: "CHG-9", version: 1 });
  });

  it("a viewer reads but cannot answer, approve or revoke", async () => {
    const { commander, incidentId } = await setup();
    const { id } = await recordFallbackApproval(commander, { incidentId, changeTicket: "CHG-1", expiresAt: new Date(Date.now() + HOUR), note: null });
    const viewer = await makeActor("VIEWER");
    const view = await getPatternsView(viewer, incidentId);
    expect(view.canApprove).toBe(false);
    const before = await auditCount(incidentId);
    await expect(
      savePatternAnswers(
        viewer,
        ZChecklistAnswers.parse({ incidentId, timeZone: "UTC", answers: [{ checklistId: PATTERN_USAGE_CHECKLIST_ID, itemId: MANUAL_PATTERN_ID, checked: true, version: 0 }] }),
      ),
    ).rejects.toBeInstanceOf(AuthError);
    await expect(recordFallbackApproval(viewer, { incidentId, changeTicket: "X", expiresAt: new Date(Date.now() + HOUR), note: null })).rejects.toBeInstanceOf(AuthError);
    await expect(revokeFallbackApproval(viewer, { incidentId, approvalId: id })).rejects.toBeInstanceOf(AuthError);
    expect(await auditCount(incidentId)).toBe(before);
  });
});
