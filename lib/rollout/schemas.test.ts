import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fractionToPercentText, ruleSettingsToForm, ZObservationWindow, ZRolloutStep, ZRuleSettings, type TObservationWindowInput } from "./schemas";

const fieldErrors = (schema: z.ZodType, v: unknown) => {
  const r = schema.safeParse(v);
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
};

describe("ZRolloutStep", () => {
  const step = {
    incidentKey: "INC-2026-0001",
    timeZone: "Europe/Berlin",
    occurredAtLocal: "2026-05-08T11:30",
    trafficPercent: "12.5",
    scope: " low-risk requests ",
    approverName: " Casey ",
    note: "",
  };
  it("converts the local time to UTC and the share to a number", () => {
    expect(ZRolloutStep.parse(step)).toEqual({
      incidentKey: "INC-2026-0001",
      occurredAt: new Date("2026-05-08T09:30:00Z"),
      trafficPercent: 12.5,
      scope: "low-risk requests",
      approverName: "Casey",
      note: null,
    });
  });
  it("keeps the share within 0–100 and needs a scope and a past time", () => {
    const e = fieldErrors(ZRolloutStep, { ...step, trafficPercent: "101", scope: "", occurredAtLocal: "2099-01-01T00:00" });
    expect(e.trafficPercent).toEqual(["Enter the share of eligible traffic as a percentage from 0 to 100."]);
    expect(e.scope?.[0]).toMatch(/Say which traffic/);
    expect(e.occurredAtLocal).toEqual(["This time cannot be in the future."]);
    expect(fieldErrors(ZRolloutStep, { ...step, trafficPercent: "-5" }).trafficPercent).toHaveLength(1);
    expect(ZRolloutStep.parse({ ...step, trafficPercent: "0" }).trafficPercent).toBe(0);
    expect(ZRolloutStep.parse({ ...step, trafficPercent: "100" }).trafficPercent).toBe(100);
  });
});

describe("ZObservationWindow", () => {
  const w: TObservationWindowInput = {
    incidentKey: "INC-2026-0001",
    timeZone: "UTC",
    path: "PRIMARY",
    startLocal: "2026-05-08T09:15",
    endLocal: "2026-05-08T09:20",
    requests: "1000",
    errors: "30",
    timeouts: "25",
    validationFailures: "2",
    p95LatencyMs: "",
    activeClassErrors: "25",
  };
  it("parses counts and UTC bounds; optional values may be blank", () => {
    expect(ZObservationWindow.parse(w)).toEqual({
      incidentKey: "INC-2026-0001",
      path: "PRIMARY",
      windowStart: new Date("2026-05-08T09:15:00Z"),
      windowEnd: new Date("2026-05-08T09:20:00Z"),
      requests: 1000,
      errors: 30,
      timeouts: 25,
      validationFailures: 2,
      p95LatencyMs: null,
      activeClassErrors: 25,
    });
  });
  it("refuses an end before the start and parts larger than the whole", () => {
    const e = fieldErrors(ZObservationWindow, { ...w, endLocal: "2026-05-08T09:15", errors: "1001", timeouts: "2000", activeClassErrors: "1001" });
    expect(e.endLocal).toEqual(["The window must end after it starts."]);
    expect(e.errors).toEqual(["Errors cannot exceed the requests in the window."]);
    expect(e.timeouts).toEqual(["Timeouts cannot exceed the requests in the window."]);
    expect(e.activeClassErrors).toEqual(["Active-class errors cannot exceed the requests in the window."]);
  });
  it("needs the four counts and a path", () => {
    const e = fieldErrors(ZObservationWindow, { ...w, path: "SIDEWAYS", requests: "", validationFailures: "x" });
    expect(e.path).toEqual(["Choose the path."]);
    expect(e.requests).toEqual(["Enter the number of requests."]);
    expect(e.validationFailures?.[0]).toMatch(/whole number/);
  });
});

describe("ZRuleSettings", () => {
  it("takes percentages and stores fractions; blanks leave rules unevaluated", () => {
    const r = ZRuleSettings.parse({
      incidentKey: "INC-2026-0001",
      version: 4,
      baselineTimeoutRatePercent: "1",
      baselineErrorRatePercent: "",
      observationWindowMinutes: "5",
      userFacingTimeoutBudgetMs: "10000",
    });
    expect(r).toEqual({
      incidentKey: "INC-2026-0001",
      version: 4,
      settings: { baselineTimeoutRate: 0.01, baselineErrorRate: null, observationWindowMinutes: 5, userFacingTimeoutBudgetMs: 10000 },
    });
  });
  it("refuses a zero-minute window and rates above 100%", () => {
    const e = fieldErrors(ZRuleSettings, {
      incidentKey: "INC-2026-0001",
      version: 1,
      baselineTimeoutRatePercent: "150",
      baselineErrorRatePercent: "",
      observationWindowMinutes: "0",
      userFacingTimeoutBudgetMs: "",
    });
    expect(e.baselineTimeoutRatePercent?.[0]).toMatch(/percentage from 0 to 100/);
    expect(e.observationWindowMinutes).toEqual(["The observation window must be at least one minute."]);
  });
  it("round-trips through the form without float noise", () => {
    expect(fractionToPercentText(0.07)).toBe("7");
    expect(fractionToPercentText(0.0125)).toBe("1.25");
    expect(fractionToPercentText(null)).toBe("");
    const settings = { baselineTimeoutRate: 0.07, baselineErrorRate: 0.02, observationWindowMinutes: 5, userFacingTimeoutBudgetMs: null };
    expect(ZRuleSettings.parse(ruleSettingsToForm("INC-2026-0001", 2, settings)).settings).toEqual(settings);
  });
});
