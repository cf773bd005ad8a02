import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZCreateIncident } from "./schemas";

describe("ZCreateIncident", () => {
  it("converts the local start to UTC", () => {
    const r = ZCreateIncident.parse({ title: "Timeouts", severity: "SEV2", startedAtLocal: "2026-05-08T11:12", timeZone: "Europe/Berlin" });
    expect(r.degradationStartedAt.toISOString()).toBe("2026-05-08T09:12:00.000Z");
  });
  it("reports every field error at once", () => {
    const r = ZCreateIncident.safeParse({ title: "ab", severity: "SEV9", startedAtLocal: "2099-01-01T10:00", timeZone: "UTC" });
    expect(r.success).toBe(false);
    const fields = z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
    expect(fields.title).toEqual(["Enter a title of at least 3 characters."]);
    expect(fields.severity).toEqual(["Choose a severity."]);
    expect(fields.startedAtLocal).toEqual(["This time cannot be in the future."]);
  });
  it("rejects an unknown time zone and a malformed time", () => {
    const r = ZCreateIncident.safeParse({ title: "abc", severity: "SEV1", startedAtLocal: "nope", timeZone: "Nowhere/Atlantis" });
    const fields = z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
    expect(fields.timeZone).toEqual(["Unknown time zone."]);
    expect(fields.startedAtLocal).toEqual(["Enter a valid date and time."]);
  });
});
