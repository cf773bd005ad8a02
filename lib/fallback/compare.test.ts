import { describe, expect, it } from "vitest";
import { COMPARISON_DIMENSION_IDS, runbook } from "@/lib/runbook/runbook";
import { NOT_RECORDED, comparePaths, type TPathObservation } from "./compare";

const primary: TPathObservation = {
  statusOrException: "200",
  latencyMs: 900,
  bodyShape: "{choices[{message{content,role}}],id}",
  parseable: true,
  totalTokens: 30,
  retryCount: 0,
  requestIdPropagated: true,
};

const differing = (rows: ReturnType<typeof comparePaths>) => rows.filter((r) => r.differs).map((r) => r.dimensionId);

describe("comparePaths", () => {
  it("returns the seven dimensions in runbook order with runbook labels", () => {
    const rows = comparePaths(primary, primary);
    expect(rows.map((r) => r.dimensionId)).toEqual(COMPARISON_DIMENSION_IDS);
    expect(rows.map((r) => r.label)).toEqual(runbook.steps.comparison.dimensions.map((d) => d.label));
    expect(differing(rows)).toEqual([]);
  });

  it("formats values for display", () => {
    const rows = comparePaths(primary, { ...primary, retryCount: 1, totalTokens: 1, parseable: false, requestIdPropagated: false });
    expect(rows.map((r) => [r.primary, r.fallback])).toEqual([
      ["200", "200"],
      ["900 ms", "900 ms"],
      ["{choices[{message{content,role}}],id}", "{choices[{message{content,role}}],id}"],
      ["parses", "does not parse"],
      ["30 tokens", "1 token"],
      ["0 retries", "1 retry"],
      ["propagated", "not propagated"],
    ]);
  });

  it("flags each dimension that differs", () => {
    const fallback: TPathObservation = {
      statusOrException: "ReadTimeout",
      latencyMs: 4000,
      bodyShape: "{error{message}}",
      parseable: false,
      totalTokens: 0,
      retryCount: 2,
      requestIdPropagated: false,
    };
    expect(differing(comparePaths(primary, fallback))).toEqual(COMPARISON_DIMENSION_IDS);
  });

  it("compares numeric statuses with their text form", () => {
    expect(differing(comparePaths({ ...primary, statusOrException: 200 }, primary))).toEqual([]);
    expect(differing(comparePaths({ ...primary, statusOrException: " 200 " }, primary))).toEqual([]);
  });

  it("treats latency within the tolerance as the same", () => {
    const fallback = { ...primary, latencyMs: 1000 };
    expect(differing(comparePaths(primary, fallback))).toEqual(["LATENCY"]);
    expect(differing(comparePaths(primary, fallback, { latencyToleranceMs: 100 }))).toEqual([]);
    expect(differing(comparePaths(primary, fallback, { latencyToleranceMs: 99 }))).toEqual(["LATENCY"]);
  });

  it("counts a value recorded on one side only as a difference, but not two missing values", () => {
    const rows = comparePaths(primary, { ...primary, totalTokens: null, bodyShape: "" });
    expect(differing(rows)).toEqual(["BODY_SHAPE", "TOKEN_USAGE"]);
    expect(rows.find((r) => r.dimensionId === "TOKEN_USAGE")?.fallback).toBe(NOT_RECORDED);

    const empty = comparePaths({}, {});
    expect(differing(empty)).toEqual([]);
    expect(empty.every((r) => r.primary === NOT_RECORDED && r.fallback === NOT_RECORDED)).toBe(true);
  });

  it("treats non-finite numbers as not recorded", () => {
    const rows = comparePaths({ latencyMs: Number.NaN }, { latencyMs: Number.POSITIVE_INFINITY });
    expect(rows.find((r) => r.dimensionId === "LATENCY")).toMatchObject({
      primary: NOT_RECORDED,
      fallback: NOT_RECORDED,
      differs: false,
    });
  });

  it("distinguishes false from not recorded", () => {
    const rows = comparePaths({ parseable: false }, {});
    expect(rows.find((r) => r.dimensionId === "PARSEABILITY")).toMatchObject({
      primary: "does not parse",
      fallback: NOT_RECORDED,
      differs: true,
    });
  });
});
