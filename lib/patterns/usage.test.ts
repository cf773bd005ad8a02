import { describe, expect, it } from "vitest";
import { PATTERN_IDS } from "@/lib/runbook/runbook";
import {
  PATTERN_ITEMS,
  PATTERN_USAGE_CHECKLIST_ID,
  hasActiveOrPastApproval,
  manualFallbackApprovalAlert,
  manualUseLacksApproval,
  patternChecklistId,
} from "./usage";

describe("pattern checklists", () => {
  it("accept each pattern's runbook rules and one usage item per pattern", () => {
    expect(PATTERN_ITEMS[patternChecklistId("MANUAL_OPERATOR_CONTROLLED")]).toEqual([
      "commander-approval",
      "change-ticket",
      "expiry-time",
      "monitor-increases",
      "roll-back-when-stable",
    ]);
    expect(PATTERN_ITEMS[PATTERN_USAGE_CHECKLIST_ID]).toEqual(PATTERN_IDS);
    expect(Object.keys(PATTERN_ITEMS)).toHaveLength(PATTERN_IDS.length + 1);
  });
});

describe("approval warnings", () => {
  it("counts active, expired and revoked approvals as in force at some point, not invalid ones", () => {
    expect(hasActiveOrPastApproval(["EXPIRED"])).toBe(true);
    expect(hasActiveOrPastApproval(["REVOKED"])).toBe(true);
    expect(hasActiveOrPastApproval(["INVALID"])).toBe(false);
    expect(hasActiveOrPastApproval([])).toBe(false);
  });

  it("warns when the manual pattern is used without any approval in force", () => {
    expect(manualUseLacksApproval(true, [])).toBe(true);
    expect(manualUseLacksApproval(true, ["INVALID"])).toBe(true);
    expect(manualUseLacksApproval(true, ["EXPIRED"])).toBe(false);
    expect(manualUseLacksApproval(false, [])).toBe(false);
  });

  it("alerts in manual fallback mode when no approval is active", () => {
    expect(manualFallbackApprovalAlert("MANUAL", ["EXPIRED"])).toBe("EXPIRED");
    expect(manualFallbackApprovalAlert("MANUAL", [])).toBe("MISSING");
    expect(manualFallbackApprovalAlert("MANUAL", ["EXPIRED", "ACTIVE"])).toBe("NONE");
    expect(manualFallbackApprovalAlert("AUTOMATIC", ["EXPIRED"])).toBe("NONE");
  });
});
