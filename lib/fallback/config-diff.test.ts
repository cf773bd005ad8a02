import { describe, expect, it } from "vitest";
import { LOGGING_FIELD_IDS, runbook } from "@/lib/runbook/runbook";
import {
  ZConfigSnapshot,
  configWarnings,
  diffConfigSnapshots,
  type TConfigSnapshot,
  type TConfigSnapshotInput,
} from "./config-diff";

const ALIAS_WARNING =
  "Do not rely on a model alias if your incident review requires exact routing evidence. Log both the alias and the resolved model identifier when your architecture supports it.";

const input: TConfigSnapshotInput = {
  baseUrl: "https://api.cometapi.com",
  primaryModelAlias: "chat-default",
  primaryModelResolvedId: "primary-model-2026-03-01",
  fallbackModelAlias: "chat-fallback",
  fallbackModelResolvedId: "fallback-model-2026-04-15",
  clientTimeoutMs: 15_000,
  retryCount: 2,
  retryBackoff: "exponential, 250 ms base, full jitter",
  maxTokens: 512,
  featureFlags: { "llm.fallback.enabled": true, "llm.fallback.percent": 25 },
  loggedFields: [...LOGGING_FIELD_IDS],
  apiKeyEnvVar: "COMETAPI_API_KEY",
};
const snapshot: TConfigSnapshot = ZConfigSnapshot.parse(input);

/** The error messages zod reports for an input, by path. */
function issues(value: unknown): Record<string, string> {
  const result = ZConfigSnapshot.safeParse(value);
  expect(result.success).toBe(false);
  return Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
}

describe("ZConfigSnapshot", () => {
  it("accepts a complete snapshot unchanged", () => {
    expect(snapshot).toEqual(input);
  });

  it("accepts http URLs, including localhost", () => {
    expect(ZConfigSnapshot.parse({ ...input, baseUrl: " http://localhost:8080 " }).baseUrl).toBe("http://localhost:8080");
  });

  it("rejects non-http(s) base URLs with a clear message", () => {
    for (const baseUrl of ["ftp://api.example.com", "api.cometapi.com", "javascript:alert(1)", ""]) {
      expect(issues({ ...input, baseUrl }).baseUrl, baseUrl).toBe("The base URL must be an http:// or https:// URL.");
    }
  });

  it("rejects negative and fractional numbers", () => {
    expect(issues({ ...input, clientTimeoutMs: -1 }).clientTimeoutMs).toBe("The client timeout cannot be negative.");
    expect(issues({ ...input, retryCount: 1.5 }).retryCount).toBe("The retry count must be a whole number.");
    expect(issues({ ...input, maxTokens: -5 }).maxTokens).toBe("Maximum tokens cannot be negative.");
    expect(ZConfigSnapshot.parse({ ...input, retryCount: 0, clientTimeoutMs: 0 }).retryCount).toBe(0);
  });

  it("checks the API key variable name and treats blank as unset", () => {
    expect(issues({ ...input, apiKeyEnvVar: "sk-live-123" }).apiKeyEnvVar).toBe(
      "The API key variable is an environment variable NAME: A–Z, 0–9 and _, not starting with a digit.",
    );
    expect(issues({ ...input, apiKeyEnvVar: "9KEY" })).toHaveProperty("apiKeyEnvVar");
    expect(ZConfigSnapshot.parse({ ...input, apiKeyEnvVar: "  " }).apiKeyEnvVar).toBeNull();
  });

  it("normalizes blank text to null and defaults missing values", () => {
    const parsed = ZConfigSnapshot.parse({
      baseUrl: "https://api.cometapi.com",
      primaryModelResolvedId: "p-1",
      fallbackModelAlias: "  fb  ",
      retryBackoff: "",
    });
    expect(parsed).toEqual({
      baseUrl: "https://api.cometapi.com",
      primaryModelAlias: null,
      primaryModelResolvedId: "p-1",
      fallbackModelAlias: "fb",
      fallbackModelResolvedId: null,
      clientTimeoutMs: null,
      retryCount: null,
      retryBackoff: null,
      maxTokens: null,
      featureFlags: {},
      loggedFields: [],
      apiKeyEnvVar: null,
    });
  });

  it("requires an alias or resolved id for each model", () => {
    expect(issues({ ...input, fallbackModelAlias: null, fallbackModelResolvedId: " " })).toEqual({
      fallbackModelResolvedId: "Give the fallback model's alias or resolved identifier.",
    });
  });

  it("validates feature flag values and logged fields", () => {
    expect(issues({ ...input, featureFlags: { x: { nested: true } } })["featureFlags.x"]).toBe(
      "Feature flag values are text, true/false or a number.",
    );
    expect(issues({ ...input, loggedFields: ["latency_ms", "latency_ms"] }).loggedFields).toBe(
      "Each logged field is listed once.",
    );
  });
});

describe("diffConfigSnapshots", () => {
  it("reports nothing for identical snapshots", () => {
    expect(diffConfigSnapshots(snapshot, { ...snapshot })).toEqual([]);
  });

  it("reports scalar changes, additions and removals with their Step 1 item", () => {
    const next: TConfigSnapshot = {
      ...snapshot,
      fallbackModelResolvedId: "fallback-model-2026-05-01",
      clientTimeoutMs: 30_000,
      retryBackoff: null,
    };
    const prev: TConfigSnapshot = { ...snapshot, maxTokens: null };
    expect(diffConfigSnapshots(prev, next)).toEqual([
      {
        field: "fallbackModelResolvedId",
        configItemId: "fallback-model",
        kind: "CHANGED",
        before: "fallback-model-2026-04-15",
        after: "fallback-model-2026-05-01",
      },
      { field: "clientTimeoutMs", configItemId: "client-timeout", kind: "CHANGED", before: 15_000, after: 30_000 },
      {
        field: "retryBackoff",
        configItemId: "retry",
        kind: "REMOVED",
        before: "exponential, 250 ms base, full jitter",
        after: null,
      },
      { field: "maxTokens", configItemId: "max-tokens", kind: "ADDED", before: null, after: 512 },
    ]);
  });

  it("diffs feature flags per flag, sorted by name, strictly typed", () => {
    const next: TConfigSnapshot = {
      ...snapshot,
      featureFlags: { "llm.fallback.enabled": "true", "llm.fallback.percent": 50, "a.new": false },
    };
    expect(diffConfigSnapshots(snapshot, next)).toEqual([
      { field: "featureFlags.a.new", configItemId: "feature-flags", kind: "ADDED", before: null, after: false },
      { field: "featureFlags.llm.fallback.enabled", configItemId: "feature-flags", kind: "CHANGED", before: true, after: "true" },
      { field: "featureFlags.llm.fallback.percent", configItemId: "feature-flags", kind: "CHANGED", before: 25, after: 50 },
    ]);
    expect(diffConfigSnapshots(next, { ...next, featureFlags: {} }).map((c) => c.kind)).toEqual([
      "REMOVED",
      "REMOVED",
      "REMOVED",
    ]);
  });

  it("reports logged fields added and removed, not reorderings", () => {
    const a: TConfigSnapshot = { ...snapshot, loggedFields: ["request_id", "latency_ms", "route"] };
    const b: TConfigSnapshot = { ...snapshot, loggedFields: ["route", "request_id", "fallback_reason"] };
    expect(diffConfigSnapshots(a, b)).toEqual([
      { field: "loggedFields", configItemId: "logged-fields", kind: "ADDED", before: null, after: "fallback_reason" },
      { field: "loggedFields", configItemId: "logged-fields", kind: "REMOVED", before: "latency_ms", after: null },
    ]);
    expect(diffConfigSnapshots(a, { ...a, loggedFields: [...a.loggedFields].reverse() })).toEqual([]);
  });
});

describe("configWarnings", () => {
  it("has nothing to say about a complete snapshot", () => {
    expect(configWarnings(snapshot)).toEqual([]);
  });

  it("warns per model when an alias has no resolved id, with the runbook's wording", () => {
    const warnings = configWarnings({ ...snapshot, primaryModelResolvedId: null, fallbackModelResolvedId: null });
    expect(warnings).toEqual([
      { code: "ALIAS_WITHOUT_RESOLVED_ID", field: "primaryModelResolvedId", message: ALIAS_WARNING },
      { code: "ALIAS_WITHOUT_RESOLVED_ID", field: "fallbackModelResolvedId", message: ALIAS_WARNING },
    ]);
    expect(ALIAS_WARNING).toBe(runbook.steps.configuration.aliasWarning);
  });

  it("does not warn for a resolved id without an alias", () => {
    expect(configWarnings({ ...snapshot, fallbackModelAlias: null })).toEqual([]);
  });

  it("lists Step 1 values that are not explicit", () => {
    const warnings = configWarnings({
      ...snapshot,
      clientTimeoutMs: null,
      retryCount: null,
      retryBackoff: null,
      maxTokens: null,
      featureFlags: {},
    });
    expect(warnings).toEqual([
      { code: "NOT_EXPLICIT", field: "clientTimeoutMs", message: "Client timeout." },
      { code: "NOT_EXPLICIT", field: "retryCount", message: "Retry count and retry backoff." },
      { code: "NOT_EXPLICIT", field: "retryBackoff", message: "Retry count and retry backoff." },
      { code: "NOT_EXPLICIT", field: "maxTokens", message: "Maximum tokens or output budget." },
      { code: "NOT_EXPLICIT", field: "featureFlags", message: "Feature flags controlling fallback." },
    ]);
  });

  it("lists every runbook logging field that is not logged, with its runbook label", () => {
    const warnings = configWarnings({ ...snapshot, loggedFields: ["request_id", "custom_field"] });
    expect(warnings).toHaveLength(LOGGING_FIELD_IDS.length - 1);
    expect(warnings.every((w) => w.code === "MISSING_LOGGING_FIELD")).toBe(true);
    expect(warnings[0]).toEqual({
      code: "MISSING_LOGGING_FIELD",
      field: "loggedFields.request_timestamp",
      message: "request timestamp",
    });
    expect(warnings.map((w) => w.field)).not.toContain("loggedFields.request_id");
  });
});
