import { describe, expect, it } from "vitest";
import { ZConfigSnapshot } from "@/lib/fallback/config-diff";
import { runbook } from "@/lib/runbook/runbook";
import { aliasWarningsFor, configDiffRows } from "./diff-view";

const a = ZConfigSnapshot.parse({
  baseUrl: "https://api.cometapi.com",
  primaryModelAlias: "assistant-default",
  primaryModelResolvedId: "gpt-4.1",
  fallbackModelAlias: "assistant-fallback",
  fallbackModelResolvedId: "gpt-4.1-mini",
  clientTimeoutMs: 30000,
  retryCount: 3,
  retryBackoff: "fixed 1 s",
  maxTokens: 512,
  featureFlags: { "fallback.enabled": false, "fallback.percent": 0 },
  loggedFields: ["route", "request_id"],
  apiKeyEnvVar: "COMETAPI_API_KEY",
});

describe("configDiffRows", () => {
  it("lists every field of both versions and marks exactly the changed ones", () => {
    const b = { ...a, clientTimeoutMs: 10000, featureFlags: { "fallback.enabled": true, "fallback.percent": 0, "new.flag": "x" }, loggedFields: ["route", "status_code"] };
    const rows = configDiffRows(a, b);
    const changed = rows.filter((r) => r.changed).map((r) => r.key);
    expect(changed).toEqual(["clientTimeoutMs", "featureFlags.fallback.enabled", "featureFlags.new.flag", "loggedFields.request_id", "loggedFields.status_code"]);
    const timeout = rows.find((r) => r.key === "clientTimeoutMs")!;
    expect(timeout).toMatchObject({ a: "30000", b: "10000", item: "Client timeout." });
    expect(rows.find((r) => r.key === "featureFlags.new.flag")).toMatchObject({ a: "(not set)", b: "x" });
    expect(rows.find((r) => r.key === "loggedFields.status_code")).toMatchObject({ label: "Logs: status code or exception class", a: "not recorded", b: "recorded" });
    // All runbook logging fields appear, changed or not.
    expect(rows.filter((r) => r.key.startsWith("loggedFields.")).length).toBe(runbook.logging.fields.length);
  });

  it("identical versions have no changed row", () => {
    expect(configDiffRows(a, { ...a }).some((r) => r.changed)).toBe(false);
  });
});

describe("aliasWarningsFor", () => {
  it("gives the runbook's alias warning per model recorded as alias only", () => {
    const w = aliasWarningsFor({ primaryModelAlias: "default", primaryModelResolvedId: " ", fallbackModelAlias: "fb", fallbackModelResolvedId: "fb-1" });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ field: "primaryModelResolvedId", message: runbook.steps.configuration.aliasWarning });
    expect(aliasWarningsFor({ primaryModelAlias: "", primaryModelResolvedId: "", fallbackModelAlias: "", fallbackModelResolvedId: "" })).toEqual([]);
  });
});
