import { describe, expect, it } from "vitest";
import { isHttpUrl, ZHttpUrl } from "./url";

describe("isHttpUrl", () => {
  it("accepts absolute http(s) URLs with a host", () => {
    expect(isHttpUrl("https://tickets.example/T-1")).toBe(true);
    expect(isHttpUrl("HTTP://grafana.example:3000/d/x?from=now-1h")).toBe(true);
  });

  it("refuses other schemes, relative paths and what only the forgiving URL parser reads as http(s)", () => {
    for (const value of [
      "javascript:alert(1)",
      "data:text/html,x",
      "/relative",
      "\u0000https://evil.example/p",
      " https://evil.example/p",
      "https:evil.example",
      "https:\\\\evil.example",
      "https://",
    ]) {
      expect(isHttpUrl(value), JSON.stringify(value)).toBe(false);
    }
  });

  it("the form schema still trims what the user typed before checking", () => {
    expect(ZHttpUrl.parse("  https://tickets.example/T-1  ")).toBe("https://tickets.example/T-1");
  });
});
