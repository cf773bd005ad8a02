import { describe, expect, it } from "vitest";
import { REQUEST_CLASSES, type TRequestClass } from "@/lib/fallback/types";
import { COUNT_KEYS, ZFailureClasses, ZManualHistogram, type TManualHistogramInput } from "./schemas";

const zeros = () => Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0])) as Record<TRequestClass, unknown>;
const window = (startLocal: string, endLocal: string, primary: Partial<Record<TRequestClass, unknown>> = {}) => ({
  startLocal,
  endLocal,
  counts: { PRIMARY: { ...zeros(), ...primary }, FALLBACK: zeros() },
});
const histogram = (windows: TManualHistogramInput["windows"], timeZone = "UTC"): TManualHistogramInput => ({
  incidentId: "inc_1",
  timeZone,
  basedOn: "0-811c9dc5",
  windows,
});
const issues = (input: unknown) => {
  const r = ZManualHistogram.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("ZManualHistogram", () => {
  it("accepts touching windows, converts wall times in the zone to UTC and sorts by start", () => {
    const r = ZManualHistogram.parse(
      histogram(
        [window("2026-05-08T11:05", "2026-05-08T11:10", { TIMEOUT: "7" }), window("2026-05-08T11:00", "2026-05-08T11:05", { OK: 40 })],
        "Europe/Berlin",
      ),
    );
    expect(r.windows.map((w) => [w.windowStart.toISOString(), w.windowEnd.toISOString()])).toEqual([
      ["2026-05-08T09:00:00.000Z", "2026-05-08T09:05:00.000Z"],
      ["2026-05-08T09:05:00.000Z", "2026-05-08T09:10:00.000Z"],
    ]);
    expect(r.windows[1]!.counts.PRIMARY.TIMEOUT).toBe(7);
    expect(r.windows[0]!.counts.PRIMARY.OK).toBe(40);
    expect(r.windows[0]!.counts.FALLBACK.OK).toBe(0);
  });

  it("accepts an empty set (clearing the manual histogram)", () => {
    expect(ZManualHistogram.parse(histogram([])).windows).toEqual([]);
  });

  it("refuses overlapping windows, naming the window it overlaps", () => {
    expect(
      issues(histogram([window("2026-05-08T09:00", "2026-05-08T09:10"), window("2026-05-08T09:05", "2026-05-08T09:15")])),
    ).toEqual([{ path: "windows.1.startLocal", message: "This window overlaps window 1." }]);
    // Same start counts as overlap too, whichever order they were entered in.
    expect(
      issues(histogram([window("2026-05-08T09:05", "2026-05-08T09:06"), window("2026-05-08T09:00", "2026-05-08T09:10")])),
    ).toEqual([{ path: "windows.0.startLocal", message: "This window overlaps window 2." }]);
  });

  it("refuses an end before or equal to the start", () => {
    expect(issues(histogram([window("2026-05-08T09:10", "2026-05-08T09:00")]))).toEqual([
      { path: "windows.0.endLocal", message: "The end must be after the start." },
    ]);
    expect(issues(histogram([window("2026-05-08T09:10", "2026-05-08T09:10")]))).toEqual([
      { path: "windows.0.endLocal", message: "The end must be after the start." },
    ]);
  });

  it("refuses negative, fractional and non-numeric counts, and reports time errors at the same time", () => {
    const found = issues(
      histogram([
        window("2026-05-08T09:00", "2026-05-08T09:05", { AUTH: -1, TIMEOUT: 1.5, OK: "many" }),
        window("", "2026-05-08T09:20"),
      ]),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: "windows.0.counts.PRIMARY.AUTH", message: "Counts cannot be negative." },
        { path: "windows.0.counts.PRIMARY.TIMEOUT", message: "Enter a whole number." },
        { path: "windows.0.counts.PRIMARY.OK", message: "Enter a whole number." },
        { path: "windows.1.startLocal", message: "Enter a valid start time." },
      ]),
    );
  });

  it("has one count column per request class", () => {
    expect([...COUNT_KEYS].sort()).toEqual([...REQUEST_CLASSES].sort());
  });
});

describe("ZFailureClasses", () => {
  const entry = (classId: string, role: string) => ({ classId, role, note: "" });
  it("accepts one primary and several secondary classes", () => {
    const r = ZFailureClasses.safeParse({
      incidentId: "inc",
      basedOn: "[]",
      classes: [entry("TIMEOUT", "PRIMARY"), entry("UPSTREAM_5XX", "SECONDARY"), entry("AUTH", "SECONDARY"), entry("RATE_LIMIT_429", "NONE")],
    });
    expect(r.success).toBe(true);
  });
  it("refuses two primary classes, unknown classes and duplicates", () => {
    const two = ZFailureClasses.safeParse({ incidentId: "inc", basedOn: "[]", classes: [entry("TIMEOUT", "PRIMARY"), entry("AUTH", "PRIMARY")] });
    expect(two.success).toBe(false);
    expect(two.error!.issues.map((i) => i.message)).toContain("Mark at most one class as primary.");
    expect(ZFailureClasses.safeParse({ incidentId: "inc", basedOn: "[]", classes: [entry("NETWORK", "PRIMARY")] }).success).toBe(false);
    expect(
      ZFailureClasses.safeParse({ incidentId: "inc", basedOn: "[]", classes: [entry("AUTH", "SECONDARY"), entry("AUTH", "NONE")] }).success,
    ).toBe(false);
  });
});
