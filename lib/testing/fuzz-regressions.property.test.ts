import { describe, expect, it } from "vitest";
import { z } from "zod";

import { ZAnalyticsQuery, ZFollowUpTrackerQuery, ZIncidentListQuery } from "@/lib/analytics/schemas";
import { ZChecklistAnswers } from "@/lib/decision/schemas";
import { parseLogStream } from "@/lib/logs/reader";
import { ZSanitizedRequest } from "@/lib/logs/record";
import { roundMs, toDurationMs } from "@/lib/logs/values";
import { ZTimelineEvent, ZUpdateTimelineEvent } from "@/lib/timeline/schemas";

// Crashes found by zod-schemas.property.test.ts, kept as fixed cases: a value whose conversion
// to text/number throws (an object without a prototype, a Symbol) made safeParse throw a
// TypeError instead of returning a ZodError.
const NO_PROTO = Object.create(null) as object;
const SYMBOL = Symbol("fuzz");

function expectZodFailure(schema: z.ZodType, input: unknown): void {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  expect(result.error).toBeInstanceOf(z.ZodError);
  expect(result.error!.issues.length).toBeGreaterThan(0);
}

describe("schemas found crashing by the fuzzer", () => {
  it("analytics queries: non-text page/size/owner/by/recurDays values are validation errors", () => {
    expectZodFailure(ZIncidentListQuery, { page: NO_PROTO });
    expectZodFailure(ZIncidentListQuery, { size: SYMBOL });
    expectZodFailure(ZIncidentListQuery, { sort: SYMBOL });
    expectZodFailure(ZFollowUpTrackerQuery, { owner: NO_PROTO });
    expectZodFailure(ZFollowUpTrackerQuery, { by: NO_PROTO });
    expectZodFailure(ZAnalyticsQuery, { recurDays: SYMBOL });
  });

  it("analytics queries: enum-list messages name a non-text value by its type", () => {
    const result = ZIncidentListQuery.safeParse({ severity: [NO_PROTO] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toContain("[object]");
  });

  it("checklist answers: ids of the wrong type fail their fields, not the duplicate check", () => {
    expectZodFailure(ZChecklistAnswers, { incidentId: "i", timeZone: "UTC", answers: [{ checklistId: NO_PROTO, itemId: SYMBOL }] });
  });

  it("timeline events: a non-text traffic percentage is a validation error", () => {
    const base = { incidentId: "i", kind: "FALLBACK_CHANGE", occurredAtLocal: "2025-03-14T09:00", timeZone: "UTC", description: "moved traffic" };
    expectZodFailure(ZTimelineEvent, { ...base, trafficPercent: NO_PROTO });
    expectZodFailure(ZUpdateTimelineEvent, { ...base, id: "e", version: 1, trafficPercent: SYMBOL });
    // Still accepted: a number or its text.
    expect(ZTimelineEvent.safeParse({ ...base, trafficPercent: "25,5" }).success).toBe(true);
  });
});

describe("log parsing found breaking its own record schema by the fuzzer", () => {
  it("a latency near Number.MAX_VALUE stays finite (it became Infinity, which ZSanitizedRequest rejects)", async () => {
    expect(roundMs(Number.MAX_VALUE)).toBe(Number.MAX_VALUE);
    expect(roundMs(1.23456789)).toBe(1.235);
    expect(Number.isFinite(toDurationMs(1.7976931348623157e308, "ms"))).toBe(true);
    const line = '{"timestamp":946684800,"latency_ms":1.7976931348623157e+308}';
    async function* source() {
      yield new TextEncoder().encode(line);
    }
    const rows = [];
    for await (const row of parseLogStream(source(), { format: "jsonl", privacy: { hmacSecret: "property-secret-01234", pseudonymizeIdentifiers: true } })) rows.push(row);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ok && ZSanitizedRequest.safeParse(rows[0]!.record).success).toBe(true);
  });
});
