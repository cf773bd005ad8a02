import { describe, expect, it } from "vitest";
import { workerOldGenerationMb, workerYoungGenerationMb } from "./parse-pool";

describe("workerOldGenerationMb", () => {
  it("caps a parse thread's old generation at 1 GB for the usual line limits", () => {
    expect(workerOldGenerationMb(1024 * 1024)).toBe(1024);
    expect(workerOldGenerationMb(4 * 1024 * 1024)).toBe(1024);
    expect(workerOldGenerationMb(16 * 1024 * 1024)).toBe(1024);
  });

  it("leaves at least 64 times the longest allowed line", () => {
    expect(workerOldGenerationMb(64 * 1024 * 1024)).toBe(4096);
    expect(workerOldGenerationMb(100 * 1024 * 1024 + 1)).toBeGreaterThanOrEqual(6401);
  });
});

describe("workerYoungGenerationMb", () => {
  it("gives OTLP/JSON, the most nested format, a larger young generation than the others", () => {
    expect(workerYoungGenerationMb("otel")).toBe(32);
    for (const format of ["jsonl", "litellm", "csv"] as const) expect(workerYoungGenerationMb(format)).toBe(8);
  });
});
