import { describe, expect, it } from "vitest";
import { cachedDateTimeFormat, formatDuration, formatInZone, isValidTimeZone, utcToZonedLocal, zonedLocalToUtc } from "./zone";

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

describe("cached formatters", () => {
  const options: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  it("reuses one formatter per locale, options and zone", () => {
    const a = cachedDateTimeFormat("en-GB", options, "Europe/Berlin");
    expect(cachedDateTimeFormat("en-GB", { ...options }, "Europe/Berlin")).toBe(a);
    expect(cachedDateTimeFormat("en-GB", options, "Asia/Tokyo")).not.toBe(a);
    expect(cachedDateTimeFormat("en-US", options, "Europe/Berlin")).not.toBe(a);
    expect(cachedDateTimeFormat("en-GB", { ...options, second: "2-digit" }, "Europe/Berlin")).not.toBe(a);
    expect(a.resolvedOptions().timeZone).toBe("Europe/Berlin");
  });
  it("formats exactly as a fresh formatter would, whatever was formatted before", () => {
    const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
    const instants = ["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:30:00Z", "2026-11-01T06:30:00Z", "2027-01-01T00:00:00Z"].map((s) => new Date(s));
    for (let round = 0; round < 2; round++) {
      for (const zone of zones) {
        for (const d of instants) {
          const fresh = new Intl.DateTimeFormat("en-GB", {
            timeZone: zone,
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            hourCycle: "h23",
            timeZoneName: "short",
          }).format(d);
          const m = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}:\d{2}) (.+)$/.exec(fresh)!;
          expect(formatInZone(d, zone)).toBe(`${m[3]}-${m[2]}-${m[1]} ${m[4]} ${m[5]}`);
        }
      }
    }
  });
  it("refuses an unknown zone every time (nothing cached for it)", () => {
    expect(() => cachedDateTimeFormat("en-GB", options, "Mars/Olympus")).toThrow(RangeError);
    expect(() => cachedDateTimeFormat("en-GB", options, "Mars/Olympus")).toThrow(RangeError);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
  });
  it("stays correct past the cache's size limit", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    expect(zones.length).toBeGreaterThan(300);
    for (const zone of [...zones, ...zones]) expect(cachedDateTimeFormat("en-US", options, zone).resolvedOptions().timeZone).toBeTruthy();
    expect(formatInZone(new Date("2026-05-08T08:15:00Z"), "Asia/Tokyo")).toMatch(/^2026-05-08 17:15 (JST|GMT\+9)$/);
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
