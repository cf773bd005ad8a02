import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZRecordSmokeRun, ZRunLiveSmoke, type TRecordSmokeRunInput } from "./schemas";

const live = {
  incidentKey: "INC-2026-0001",
  snapshotId: "snap_1",
  path: "FALLBACK" as const,
  systemMessage: "Return only a compact JSON object.",
  userMessage: 'Health check. Reply with {"ok":true,"path":"fallback"}.',
  expectedJson: ' { "path": "fallback", "ok": true } ',
  maxTokens: "32",
  latencyToleranceMs: "5000",
  routeLogged: "YES" as const,
};
const manual: TRecordSmokeRunInput = {
  ...live,
  expectedSequence: 3,
  statusCode: "200",
  exceptionClass: "",
  latencyMs: "812",
  responseBody: "",
  promptTokens: "",
  completionTokens: "",
  totalTokens: "17",
  requestIdEchoed: "NO",
};

const errors = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
};

describe("ZRunLiveSmoke", () => {
  it("parses the form: numbers, compact expected JSON, tri-state route check", () => {
    expect(ZRunLiveSmoke.parse(live)).toEqual({
      incidentKey: "INC-2026-0001",
      snapshotId: "snap_1",
      path: "FALLBACK",
      systemMessage: "Return only a compact JSON object.",
      userMessage: 'Health check. Reply with {"ok":true,"path":"fallback"}.',
      expectedJson: '{"path":"fallback","ok":true}',
      maxTokens: 32,
      latencyToleranceMs: 5000,
      routeLoggedClearly: true,
    });
    expect(ZRunLiveSmoke.parse({ ...live, expectedJson: "", routeLogged: "UNKNOWN" })).toMatchObject({ expectedJson: null, routeLoggedClearly: null });
  });

  it("refuses messages with secrets or personal data, naming what was found but not repeating it", () => {
    const e = errors(ZRunLiveSmoke, {
      ...live,
      systemMessage: "Use key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789",
      userMessage: "Summarize the ticket from jane.doe@example.com",
    });
    expect(e.systemMessage?.[0]).toMatch(/^Remove before running or recording:/);
    expect(e.systemMessage?.[0]).not.toContain("abcdefghijklmnopqrstuvwxyz0123456789");
    expect(e.userMessage?.[0]).toMatch(/e-mail address/);
    expect(e.userMessage?.[0]).not.toContain("jane.doe@example.com");
  });

  it("keeps the token budget small and the JSON valid", () => {
    const e = errors(ZRunLiveSmoke, { ...live, maxTokens: "4096", expectedJson: "{nope", userMessage: "  " });
    expect(e.maxTokens).toEqual(["Max_tokens is between 1 and 256."]);
    expect(e.expectedJson).toEqual(["The expected output is not valid JSON."]);
    expect(e.userMessage).toEqual(["The smoke request needs a user message."]);
  });
});

describe("ZRecordSmokeRun", () => {
  it("parses a hand-entered result", () => {
    expect(ZRecordSmokeRun.parse(manual)).toMatchObject({
      expectedSequence: 3,
      statusCode: 200,
      exceptionClass: null,
      latencyMs: 812,
      responseBody: null,
      promptTokens: null,
      totalTokens: 17,
      requestIdEchoed: false,
    });
  });

  it("needs a status code or an exception, and refuses status codes out of range", () => {
    expect(errors(ZRecordSmokeRun, { ...manual, statusCode: "" }).statusCode).toEqual([
      "Enter the status code, or the exception if no response came.",
    ]);
    expect(ZRecordSmokeRun.parse({ ...manual, statusCode: "", exceptionClass: "TimeoutError" }).exceptionClass).toBe("TimeoutError");
    expect(errors(ZRecordSmokeRun, { ...manual, statusCode: "700" }).statusCode).toEqual(["The status code is between 100 and 599."]);
    expect(errors(ZRecordSmokeRun, { ...manual, exceptionClass: "boom: it said secret" }).exceptionClass?.[0]).toMatch(/exception class/);
  });

  it("refuses flagged messages too", () => {
    expect(errors(ZRecordSmokeRun, { ...manual, userMessage: "call +1 415 555 0100" }).userMessage?.[0]).toMatch(/phone number/);
  });
});
