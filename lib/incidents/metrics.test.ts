import { describe, expect, it } from "vitest";
import { computeIncidentMetrics } from "./metrics";

const start = new Date("2026-05-08T09:12:00Z");

describe("computeIncidentMetrics", () => {
  it("measures each figure from the start of degradation", () => {
    expect(
      computeIncidentMetrics({
        degradationStartedAt: start,
        detectedAt: new Date("2026-05-08T09:18:00Z"),
        mitigatedAt: new Date("2026-05-08T09:41:00Z"),
        endedAt: new Date("2026-05-08T10:55:00Z"),
      }),
    ).toEqual({ detectionLag: 6 * 60_000, timeToMitigate: 29 * 60_000, timeToResolve: 103 * 60_000 });
  });
  it("gives null for an open incident and for times before the start", () => {
    expect(computeIncidentMetrics({ degradationStartedAt: start, detectedAt: null, mitigatedAt: null, endedAt: null })).toEqual({
      detectionLag: null,
      timeToMitigate: null,
      timeToResolve: null,
    });
    expect(
      computeIncidentMetrics({ degradationStartedAt: start, detectedAt: new Date("2026-05-08T09:00:00Z"), mitigatedAt: null, endedAt: null })
        .detectionLag,
    ).toBeNull();
  });
});
