import { describe, expect, it } from "vitest";
import { CLASS_ROLES, PATHS, REQUEST_CLASSES, VERDICTS } from "./types";

describe("shared unions", () => {
  it("match the database enum names and order", () => {
    expect(PATHS).toEqual(["PRIMARY", "FALLBACK"]);
    expect(REQUEST_CLASSES).toEqual(["OK", "AUTH", "VALIDATION_4XX", "RATE_LIMIT_429", "UPSTREAM_5XX", "TIMEOUT", "QUALITY_REGRESSION"]);
    expect(CLASS_ROLES).toEqual(["PRIMARY", "SECONDARY"]);
    // Least to most restrictive: verdict arithmetic depends on this order.
    expect(VERDICTS).toEqual(["ALLOWED", "LIMITED", "BLOCKED"]);
  });
});
