import { describe, expect, it } from "vitest";
import { ZRecordApproval } from "./schemas";

const base = { incidentId: "inc", changeTicket: "CHG-1042", timeZone: "UTC", note: "" };

describe("ZRecordApproval", () => {
  it("converts the expiry from the user's zone and keeps the ticket", () => {
    const r = ZRecordApproval.parse({ ...base, timeZone: "Asia/Tokyo", expiresAtLocal: "2999-01-01T09:00" });
    expect(r.expiresAt.toISOString()).toBe("2999-01-01T00:00:00.000Z");
    expect(r).toMatchObject({ changeTicket: "CHG-1042", note: null });
  });
  it("requires a change ticket and an expiry in the future", () => {
    const r = ZRecordApproval.safeParse({ ...base, changeTicket: " ", expiresAtLocal: "2020-01-01T00:00" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual(
      expect.arrayContaining([
        ["changeTicket", "Record the change ticket."],
        ["expiresAtLocal", "The expiry must be in the future."],
      ]),
    );
    expect(ZRecordApproval.safeParse({ ...base, expiresAtLocal: "" }).error!.issues[0]!.message).toBe("Set an expiry time.");
  });
});
