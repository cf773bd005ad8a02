import { describe, expect, it } from "vitest";
import { formatIncidentKey, parseIncidentKey } from "./keys";

describe("incident keys", () => {
  it("pads to four digits and grows past 9999", () => {
    expect(formatIncidentKey(2026, 1)).toBe("INC-2026-0001");
    expect(formatIncidentKey(2026, 12345)).toBe("INC-2026-12345");
  });
  it("parses its own output and rejects others", () => {
    expect(parseIncidentKey("INC-2026-0042")).toEqual({ year: 2026, seq: 42 });
    expect(parseIncidentKey("INC-26-1")).toBeNull();
  });
});
