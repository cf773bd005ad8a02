import { describe, expect, it } from "vitest";
import { z } from "zod";
import { comparePaths } from "@/lib/fallback/compare";
import { EMPTY_SIDE, observationOf, sideFromSmokeRun, ZCompareManual, ZCompareRuns } from "./schemas";

describe("ZCompareManual", () => {
  it("turns text and yes/no selects into a side; blanks are not recorded", () => {
    const r = ZCompareManual.parse({
      incidentKey: "INC-2026-0001",
      promptLabel: " Runbook smoke prompt ",
      primary: { ...EMPTY_SIDE, statusOrException: "TimeoutError", latencyMs: "30000", parseable: "NO", retryCount: "2", requestIdPropagated: "YES" },
      fallback: { ...EMPTY_SIDE, statusOrException: "200", latencyMs: "800", bodyShape: "{choices[…]}", parseable: "YES", totalTokens: "40" },
    });
    expect(r.promptLabel).toBe("Runbook smoke prompt");
    expect(r.primary).toEqual({
      statusOrException: "TimeoutError",
      latencyMs: 30000,
      bodyShape: null,
      parseable: false,
      totalTokens: null,
      retryCount: 2,
      requestIdPropagated: true,
    });
    expect(r.fallback.parseable).toBe(true);
    expect(r.fallback.requestIdPropagated).toBeNull();
  });

  it("refuses non-numbers and a missing prompt", () => {
    const res = ZCompareManual.safeParse({ incidentKey: "INC-2026-0001", promptLabel: "", primary: { ...EMPTY_SIDE, latencyMs: "fast" }, fallback: EMPTY_SIDE });
    expect(res.success).toBe(false);
    const paths = res.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["promptLabel", "primary.latencyMs"]));
  });

  it("ZCompareRuns needs both runs", () => {
    const e = z.flattenError(ZCompareRuns.safeParse({ incidentKey: "INC-2026-0001", promptLabel: "p", primaryRunId: "", fallbackRunId: "" }).error!).fieldErrors as Record<string, string[]>;
    expect(e.primaryRunId).toEqual(["Choose a primary smoke run."]);
    expect(e.fallbackRunId).toEqual(["Choose a fallback smoke run."]);
  });
});

describe("sideFromSmokeRun", () => {
  it("maps a smoke run onto the seven dimensions, exception before status", () => {
    const primary = sideFromSmokeRun({
      statusCode: null,
      exceptionClass: "TimeoutError",
      latencyMs: 1503,
      responseShape: null,
      outputParses: null,
      totalTokens: null,
      retryCount: 0,
      requestIdEchoed: false,
    });
    const fallback = sideFromSmokeRun({
      statusCode: 200,
      exceptionClass: null,
      latencyMs: 40,
      responseShape: "{choices[{message{content}}]}",
      outputParses: true,
      totalTokens: 23,
      retryCount: 0,
      requestIdEchoed: true,
    });
    expect(primary.statusOrException).toBe("TimeoutError");
    expect(fallback.statusOrException).toBe("200");
    const rows = comparePaths(observationOf(primary), observationOf(fallback));
    expect(rows.map((r) => [r.dimensionId, r.differs])).toEqual([
      ["STATUS_OR_EXCEPTION", true],
      ["LATENCY", true],
      ["BODY_SHAPE", true],
      ["PARSEABILITY", true],
      ["TOKEN_USAGE", true],
      ["RETRY_COUNT", false],
      ["REQUEST_ID_PROPAGATION", true],
    ]);
    expect(observationOf(null)).toEqual({});
  });
});
