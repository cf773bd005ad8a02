import { describe, expect, it } from "vitest";

import { parseTimestamp } from "@/lib/logs/timestamp";

const INSTANT = Date.UTC(2025, 2, 14, 9, 30, 15, 123);

function ms(value: unknown): number {
  const result = parseTimestamp(value);
  if (!result.ok) throw new Error(result.reason);
  return result.date.getTime();
}

describe("parseTimestamp — ISO 8601", () => {
  it.each([
    ["2025-03-14T09:30:15.123Z", INSTANT],
    ["2025-03-14T09:30:15.123456789Z", INSTANT],
    ["2025-03-14 09:30:15.123Z", INSTANT],
    ["2025-03-14T11:30:15.123+02:00", INSTANT],
    ["2025-03-14T11:30:15.123+0200", INSTANT],
    ["2025-03-14T04:30:15.123-05", INSTANT],
    ["2025-03-14T09:30:15,123Z", INSTANT],
    ["2025-03-14T09:30:15.123 UTC", INSTANT],
    ["2025-03-14T09:30Z", Date.UTC(2025, 2, 14, 9, 30)],
  ])("%s", (text, expected) => {
    const result = parseTimestamp(text);
    expect(result).toMatchObject({ ok: true, assumedUtc: false });
    expect(ms(text)).toBe(expected);
  });

  it("reads a timestamp without a zone as UTC and says so", () => {
    expect(parseTimestamp("2025-03-14T09:30:15.123")).toMatchObject({ ok: true, assumedUtc: true, unit: "iso" });
    expect(ms("2025-03-14T09:30:15.123")).toBe(INSTANT);
    expect(parseTimestamp("2025-03-14")).toMatchObject({ ok: true, assumedUtc: true, unit: "date" });
  });

  it.each(["2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-03-14T24:00:00Z", "2025-03-14T09:61:00Z", "2025-03-14T09:00:00+19:00"])(
    "rejects the impossible %s",
    (text) => {
      expect(parseTimestamp(text).ok).toBe(false);
    },
  );

  it("accepts leap days", () => {
    expect(parseTimestamp("2024-02-29T00:00:00Z").ok).toBe(true);
    expect(parseTimestamp("2025-02-29T00:00:00Z").ok).toBe(false);
  });
});

describe("parseTimestamp — epoch numbers", () => {
  it.each([
    ["seconds", INSTANT / 1000, "s"],
    ["seconds (string)", String(INSTANT / 1000), "s"],
    ["milliseconds", INSTANT, "ms"],
    ["milliseconds (string)", String(INSTANT), "ms"],
    ["microseconds", INSTANT * 1000, "us"],
    ["microseconds (string)", `${INSTANT}000`, "us"],
    ["nanoseconds (string)", `${INSTANT}000000`, "ns"],
    ["nanoseconds (number)", INSTANT * 1e6, "ns"],
    ["nanoseconds (bigint)", BigInt(INSTANT) * 1_000_000n, "ns"],
  ])("detects %s by magnitude", (_label, value, unit) => {
    expect(parseTimestamp(value)).toMatchObject({ ok: true, unit, assumedUtc: false });
    expect(ms(value)).toBe(INSTANT);
  });

  it("keeps millisecond precision for 19-digit nanosecond values", () => {
    for (let i = 0; i < 1000; i += 1) {
      const t = INSTANT + i * 7;
      expect(ms(`${t}${String(i * 977 % 1_000_000).padStart(6, "0")}`)).toBe(t);
    }
  });

  it("rejects epoch values outside 2000–2100 with a reason", () => {
    for (const value of [0, 42, -5, 946_684_799, 4_102_444_800_000, 1e20, "99999999999999999999"]) {
      const result = parseTimestamp(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
    }
  });
});

describe("parseTimestamp — garbage", () => {
  it.each([null, undefined, "", "   ", "yesterday", "14/03/2025", "2025-03-14T09:30:15.123Zjunk", {}, [], true, Number.NaN, "1e12", "x".repeat(100)])(
    "rejects %s",
    (value) => {
      const result = parseTimestamp(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/\w/);
    },
  );

  it("accepts a valid Date and rejects an invalid one", () => {
    expect(ms(new Date(INSTANT))).toBe(INSTANT);
    expect(parseTimestamp(new Date(Number.NaN)).ok).toBe(false);
  });
});
