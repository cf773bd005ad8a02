import { describe, expect, it } from "vitest";
import { runbook } from "@/lib/runbook/runbook";
import { criteriaFromJson, overallResult, scrubDeep, statusOrException } from "./view";

describe("criteriaFromJson", () => {
  it("reads the five criteria in runbook order with runbook wording; missing or malformed entries are unknown", () => {
    const c = criteriaFromJson({ RESPONSE_SUCCESS: { result: "pass", note: "status 200" }, OUTPUT_ACCEPTED: { result: "maybe" }, EXTRA: {} });
    expect(c.map((x) => x.id)).toEqual(["RESPONSE_SUCCESS", "OUTPUT_ACCEPTED", "LATENCY_WITHIN_TOLERANCE", "ROUTE_LOGGED", "PROMPT_SANITIZED"]);
    expect(c.map((x) => x.label)).toEqual(runbook.steps.smokeRequest.criteria.map((x) => x.text));
    expect(c[0]).toMatchObject({ result: "pass", note: "status 200" });
    expect(c[1]).toMatchObject({ result: "unknown", note: "" });
    expect(criteriaFromJson(null).every((x) => x.result === "unknown")).toBe(true);
  });
});

describe("overallResult", () => {
  it("fail beats unknown beats pass", () => {
    expect(overallResult([{ result: "pass" }, { result: "unknown" }, { result: "fail" }])).toBe("fail");
    expect(overallResult([{ result: "pass" }, { result: "unknown" }])).toBe("unknown");
    expect(overallResult([{ result: "pass" }, { result: "pass" }])).toBe("pass");
  });
});

describe("statusOrException", () => {
  it("prefers the exception, else the status", () => {
    expect(statusOrException({ statusCode: null, exceptionClass: "TimeoutError" })).toBe("TimeoutError");
    expect(statusOrException({ statusCode: 429, exceptionClass: null })).toBe("429");
    expect(statusOrException({ statusCode: null, exceptionClass: null })).toBeNull();
  });
});

describe("scrubDeep", () => {
  it("removes a secret from every string, key and nested value", () => {
    const secret = "sk-test-123";
    const out = scrubDeep({ a: `Bearer ${secret}`, list: [secret, 1, null], nested: { [secret]: "x" }, when: new Date(0) }, secret);
    expect(JSON.stringify(out)).not.toContain(secret);
    expect(out.a).toBe("Bearer [REDACTED]");
    expect(out.when).toBeInstanceOf(Date);
    expect(scrubDeep("unchanged", "")).toBe("unchanged");
  });
});
