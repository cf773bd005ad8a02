import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DETECTION_SOURCE_IDS, runbook } from "@/lib/runbook/runbook";
import {
  DETECTION_SOURCES,
  needsAliasWarning,
  normalizeScopeValues,
  windowOrderErrors,
  ZCreateIncident,
  ZIncidentWindow,
  type TIncidentWindowInput,
} from "./schemas";

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

const validWindow = (over: Partial<TIncidentWindowInput> = {}): TIncidentWindowInput => ({
  incidentId: "inc_1",
  version: 3,
  timeZone: "Europe/Berlin",
  title: "Elevated timeouts",
  severity: "SEV2",
  status: "RESOLVED",
  commanderId: "",
  degradationStartedAtLocal: "2026-05-08T11:12",
  detectionSource: "ALERT",
  detectedAtLocal: "2026-05-08T11:18",
  mitigatedAtLocal: "2026-05-08T11:41",
  endedAtLocal: "2026-05-08T12:55",
  currentStatusNote: "",
  affectedRoutes: ["/v1/chat/completions"],
  affectedServices: [],
  affectedTenants: [],
  affectedRegions: ["eu-west"],
  affectedFeatures: [],
  primaryModelAlias: "",
  primaryModelResolvedId: "",
  fallbackMode: "MANUAL",
  primarySymptom: "",
  fallbackAction: "",
  rollbackCondition: "",
  ...over,
});

const windowErrors = (input: unknown) => {
  const r = ZIncidentWindow.safeParse(input);
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
};

describe("ZIncidentWindow", () => {
  it("converts every local time from the browser's zone to UTC", () => {
    const r = ZIncidentWindow.parse(validWindow());
    expect(r.degradationStartedAt.toISOString()).toBe("2026-05-08T09:12:00.000Z");
    expect(r.detectedAt?.toISOString()).toBe("2026-05-08T09:18:00.000Z");
    expect(r.mitigatedAt?.toISOString()).toBe("2026-05-08T09:41:00.000Z");
    expect(r.endedAt?.toISOString()).toBe("2026-05-08T10:55:00.000Z");
    expect(r).toMatchObject({ incidentId: "inc_1", version: 3, detectionSource: "ALERT", fallbackMode: "MANUAL", commanderId: null });
  });

  it("reads the same wall time differently in another zone", () => {
    const r = ZIncidentWindow.parse(validWindow({ timeZone: "America/New_York", degradationStartedAtLocal: "2026-05-08T05:12", detectedAtLocal: "", mitigatedAtLocal: "", endedAtLocal: "" }));
    expect(r.degradationStartedAt.toISOString()).toBe("2026-05-08T09:12:00.000Z");
    const utc = ZIncidentWindow.parse(validWindow({ timeZone: "UTC", degradationStartedAtLocal: "2026-05-08T05:12", detectedAtLocal: "", mitigatedAtLocal: "", endedAtLocal: "" }));
    expect(utc.degradationStartedAt.toISOString()).toBe("2026-05-08T05:12:00.000Z");
  });

  it("compares times as instants, not wall times, across a DST change", () => {
    // 2026-03-29 02:00 CET jumps to 03:00 CEST: 01:59 CET is one minute before 03:00 CEST.
    const r = ZIncidentWindow.parse(
      validWindow({ degradationStartedAtLocal: "2026-03-29T01:59", detectedAtLocal: "2026-03-29T03:00", mitigatedAtLocal: "", endedAtLocal: "" }),
    );
    expect((r.detectedAt!.getTime() - r.degradationStartedAt.getTime()) / 60_000).toBe(1);
  });

  it("keeps open times empty and optional texts null", () => {
    const r = ZIncidentWindow.parse(
      validWindow({ detectionSource: "", detectedAtLocal: "", mitigatedAtLocal: "", endedAtLocal: "", currentStatusNote: "  still degraded  " }),
    );
    expect(r).toMatchObject({ detectionSource: null, detectedAt: null, mitigatedAt: null, endedAt: null, currentStatusNote: "still degraded" });
    expect(r.primaryModelAlias).toBeNull();
    expect(r.rollbackCondition).toBeNull();
  });

  it("requires the start of degradation", () => {
    expect(windowErrors(validWindow({ degradationStartedAtLocal: "" })).degradationStartedAtLocal).toEqual(["Enter a date and time."]);
  });

  it("refuses detection, mitigation and end before the start", () => {
    const f = windowErrors(
      validWindow({ detectedAtLocal: "2026-05-08T11:00", mitigatedAtLocal: "2026-05-08T11:05", endedAtLocal: "2026-05-08T11:10" }),
    );
    expect(f.detectedAtLocal).toEqual(["Detection cannot be before the start of degradation."]);
    expect(f.mitigatedAtLocal).toEqual(["Mitigation cannot be before the start of degradation."]);
    expect(f.endedAtLocal).toEqual(["The end cannot be before the start of degradation."]);
  });

  it("refuses mitigation before detection, and an end before mitigation", () => {
    const f = windowErrors(validWindow({ detectedAtLocal: "2026-05-08T11:30", mitigatedAtLocal: "2026-05-08T11:20", endedAtLocal: "2026-05-08T11:15" }));
    expect(f.mitigatedAtLocal).toEqual(["Mitigation cannot be before detection."]);
    expect(f.endedAtLocal).toEqual(["The end cannot be before mitigation."]);
    expect(f.detectedAtLocal).toBeUndefined();
  });

  it("accepts equal times (a detection at the very start)", () => {
    expect(ZIncidentWindow.safeParse(validWindow({ detectedAtLocal: "2026-05-08T11:12", mitigatedAtLocal: "2026-05-08T11:12" })).success).toBe(true);
  });

  it("refuses any time in the future", () => {
    const f = windowErrors(
      validWindow({
        degradationStartedAtLocal: "2099-01-01T10:00",
        detectedAtLocal: "2099-01-01T10:05",
        mitigatedAtLocal: "2099-01-01T10:06",
        endedAtLocal: "2099-01-01T10:07",
        timeZone: "UTC",
      }),
    );
    for (const k of ["degradationStartedAtLocal", "detectedAtLocal", "mitigatedAtLocal", "endedAtLocal"]) {
      expect(f[k]).toEqual(["This time cannot be in the future."]);
    }
  });

  it("reports every field error at once, type errors and cross-field rules together", () => {
    const f = windowErrors(
      validWindow({
        title: "ab",
        severity: "SEV9" as never,
        detectionSource: "PAGER" as never,
        detectedAtLocal: "2026-05-08T11:00",
        mitigatedAtLocal: "not a time",
        endedAtLocal: "2099-01-01T00:00",
        affectedRoutes: ["x".repeat(201)],
        fallbackMode: "SOMETIMES" as never,
      }),
    );
    expect(f.title).toEqual(["Enter a title of at least 3 characters."]);
    expect(f.severity).toEqual(["Choose a severity."]);
    expect(f.detectionSource).toEqual(["Choose a detection source from the runbook's list."]);
    expect(f.detectedAtLocal).toEqual(["Detection cannot be before the start of degradation."]);
    expect(f.mitigatedAtLocal).toEqual(["Enter a valid date and time."]);
    expect(f.endedAtLocal).toEqual(["This time cannot be in the future."]);
    expect(f.affectedRoutes).toEqual(["Each value can have at most 200 characters."]);
    expect(f.fallbackMode).toEqual(["Choose whether fallback was automatic, manual or not triggered."]);
  });

  it("refuses an unknown time zone", () => {
    const f = windowErrors(validWindow({ timeZone: "Mars/Olympus" }));
    expect(f.timeZone).toEqual(["Unknown time zone."]);
    expect(f.degradationStartedAtLocal).toEqual(["Enter a valid date and time."]);
  });

  it("cleans the affected scope: trimmed, no empties, no duplicates", () => {
    const r = ZIncidentWindow.parse(validWindow({ affectedServices: [" assistant-api ", "", "Assistant-API", "billing"] }));
    expect(r.affectedServices).toEqual(["assistant-api", "billing"]);
    expect(normalizeScopeValues(["a  b", "A B"])).toEqual(["a b"]);
    expect(windowErrors(validWindow({ affectedTenants: Array.from({ length: 51 }, (_, i) => `t${i}`) })).affectedTenants).toEqual([
      "Enter at most 50 values.",
    ]);
  });

  it("needs a version to detect stale saves", () => {
    expect(windowErrors({ ...validWindow(), version: undefined }).version).toBeDefined();
  });

  it("offers exactly the runbook's five detection sources", () => {
    expect([...DETECTION_SOURCES]).toEqual([...DETECTION_SOURCE_IDS]);
    expect(runbook.incidentWindow.detectionSources.map((s) => s.label)).toEqual([
      "alert",
      "customer report",
      "synthetic test",
      "internal dashboard",
      "provider status review",
    ]);
  });
});

describe("windowOrderErrors", () => {
  const at = (m: number) => new Date(Date.UTC(2026, 4, 8, 9, m));
  it("is empty for an ordered or partial window", () => {
    expect(windowOrderErrors({ degradationStartedAt: at(0), detectedAt: at(6), mitigatedAt: at(29), endedAt: at(50) })).toEqual({});
    expect(windowOrderErrors({ degradationStartedAt: at(0), detectedAt: null, mitigatedAt: null, endedAt: null })).toEqual({});
    expect(windowOrderErrors({ degradationStartedAt: null, detectedAt: at(6), mitigatedAt: at(2), endedAt: null })).toEqual({
      mitigatedAtLocal: "Mitigation cannot be before detection.",
    });
  });
  it("refuses an end before detection when mitigation is unknown", () => {
    expect(windowOrderErrors({ degradationStartedAt: at(0), detectedAt: at(10), mitigatedAt: null, endedAt: at(5) })).toEqual({
      endedAtLocal: "The end cannot be before detection.",
    });
  });
});

describe("needsAliasWarning", () => {
  it("warns only for an alias without its resolved identifier", () => {
    expect(needsAliasWarning("assistant-default", "")).toBe(true);
    expect(needsAliasWarning("assistant-default", null)).toBe(true);
    expect(needsAliasWarning("assistant-default", "gpt-4.1-2025-04-14")).toBe(false);
    expect(needsAliasWarning("", "")).toBe(false);
    expect(needsAliasWarning(null, undefined)).toBe(false);
  });
});
