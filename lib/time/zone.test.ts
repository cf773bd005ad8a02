import { describe, expect, it } from "vitest";
import { formatDuration, formatInZone, utcToZonedLocal, zonedLocalToUtc } from "./zone";

describe("zonedLocalToUtc", () => {
  it("converts a summer wall time in Berlin (UTC+2)", () => {
    expect(zonedLocalToUtc("2026-05-08T10:15", "Europe/Berlin")?.toISOString()).toBe("2026-05-08T08:15:00.000Z");
  });
  it("converts New York in winter (UTC-5) and UTC itself", () => {
    expect(zonedLocalToUtc("2026-01-10T09:00", "America/New_York")?.toISOString()).toBe("2026-01-10T14:00:00.000Z");
    expect(zonedLocalToUtc("2026-01-10T09:00:30", "UTC")?.toISOString()).toBe("2026-01-10T09:00:30.000Z");
  });
  it("handles half-hour zones", () => {
    expect(zonedLocalToUtc("2026-05-08T10:00", "Asia/Kolkata")?.toISOString()).toBe("2026-05-08T04:30:00.000Z");
  });
  it("rejects malformed input, impossible dates and unknown zones", () => {
    expect(zonedLocalToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToUtc("yesterday", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-05-08T10:00", "Mars/Olympus")).toBeNull();
  });
  it("round-trips through utcToZonedLocal", () => {
    const d = new Date("2026-11-01T06:30:00Z");
    expect(zonedLocalToUtc(utcToZonedLocal(d, "America/Los_Angeles"), "America/Los_Angeles")?.getTime()).toBe(d.getTime());
  });
});

describe("formatInZone", () => {
  it("shows the zone", () => {
    expect(formatInZone(new Date("2026-05-08T08:15:00Z"), "Europe/Berlin")).toMatch(/^2026-05-08 10:15 (CEST|GMT\+2)$/);
    expect(formatInZone(null, "UTC")).toBe("—");
  });
});

describe("formatDuration", () => {
  it("formats compactly", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(45_000)).toBe("45s");
    expect(formatDuration(12 * 60_000)).toBe("12m");
    expect(formatDuration(3 * 3600_000 + 5 * 60_000)).toBe("3h 5m");
    expect(formatDuration(26 * 3600_000)).toBe("1d 2h");
    expect(formatDuration(null)).toBe("—");
  });
});
