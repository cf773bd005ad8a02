import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LOGGING_FIELD_IDS } from "@/lib/runbook/runbook";
import {
  formToSnapshotInput,
  modelForPath,
  snapshotFromRow,
  snapshotToForm,
  ZSaveConfigSnapshot,
  type TSnapshotFormValues,
} from "./schemas";

const form = (over: Partial<TSnapshotFormValues> = {}): TSnapshotFormValues => ({
  incidentKey: "INC-2026-0001",
  label: "INCIDENT_START",
  labelNote: "",
  baseUrl: " https://api.cometapi.com ",
  primaryModelAlias: "assistant-default",
  primaryModelResolvedId: "gpt-4.1-2025-04-14",
  fallbackModelAlias: "assistant-fallback",
  fallbackModelResolvedId: "gpt-4.1-mini-2025-04-14",
  clientTimeoutMs: "15000",
  retryCount: "2",
  retryBackoff: "exponential, 250 ms base",
  maxTokens: "512",
  featureFlags: [
    { name: "llm.fallback.enabled", type: "boolean", value: "true" },
    { name: "llm.fallback.percent", type: "number", value: "25" },
    { name: "llm.fallback.mode", type: "text", value: "manual" },
  ],
  loggedFields: ["route", "request_id"],
  apiKeyEnvVar: "COMETAPI_API_KEY",
  ...over,
});

const fieldErrors = (values: unknown) => {
  const r = ZSaveConfigSnapshot.safeParse(values);
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
};

describe("ZSaveConfigSnapshot (form → snapshot)", () => {
  it("turns text fields into a typed snapshot: numbers, null for blank, typed flags, logged fields in runbook order", () => {
    const r = ZSaveConfigSnapshot.parse(form({ primaryModelAlias: "  ", loggedFields: ["route", "request_id"] }));
    expect(r.incidentKey).toBe("INC-2026-0001");
    expect(r.label).toBe("INCIDENT_START");
    expect(r.labelNote).toBeNull();
    expect(r.snapshot).toEqual({
      baseUrl: "https://api.cometapi.com",
      primaryModelAlias: null,
      primaryModelResolvedId: "gpt-4.1-2025-04-14",
      fallbackModelAlias: "assistant-fallback",
      fallbackModelResolvedId: "gpt-4.1-mini-2025-04-14",
      clientTimeoutMs: 15000,
      retryCount: 2,
      retryBackoff: "exponential, 250 ms base",
      maxTokens: 512,
      featureFlags: { "llm.fallback.enabled": true, "llm.fallback.percent": 25, "llm.fallback.mode": "manual" },
      loggedFields: ["request_id", "route"],
      apiKeyEnvVar: "COMETAPI_API_KEY",
    });
  });

  it("round-trips: snapshot → form → snapshot is the identity", () => {
    const first = ZSaveConfigSnapshot.parse(form({ loggedFields: [...LOGGING_FIELD_IDS] })).snapshot;
    const again = ZSaveConfigSnapshot.parse(snapshotToForm("INC-2026-0001", first)).snapshot;
    expect(again).toEqual(first);
    // "true" as text stays text; true as boolean stays boolean.
    const textTrue = ZSaveConfigSnapshot.parse(form({ featureFlags: [{ name: "f", type: "text", value: "true" }] })).snapshot;
    expect(textTrue.featureFlags).toEqual({ f: "true" });
    expect(ZSaveConfigSnapshot.parse(snapshotToForm("INC-2026-0001", textTrue)).snapshot.featureFlags).toEqual({ f: "true" });
  });

  it("accepts a checkbox group given as one string or as false (react-hook-form shapes)", () => {
    expect(ZSaveConfigSnapshot.parse({ ...form(), loggedFields: "route" }).snapshot.loggedFields).toEqual(["route"]);
    expect(ZSaveConfigSnapshot.parse({ ...form(), loggedFields: false }).snapshot.loggedFields).toEqual([]);
  });

  it("reports field errors from the form checks and from ZConfigSnapshot, by form field", () => {
    const errors = fieldErrors(
      form({
        baseUrl: "ftp://x",
        clientTimeoutMs: "1.5",
        retryCount: "-1",
        apiKeyEnvVar: "sk-live-123",
        primaryModelAlias: "",
        primaryModelResolvedId: "",
        label: "OTHER",
      }),
    );
    expect(errors.baseUrl).toEqual(["The base URL must be an http:// or https:// URL."]);
    expect(errors.clientTimeoutMs).toEqual(["The client timeout is a whole number of 0 or more (digits only)."]);
    expect(errors.retryCount).toEqual(["The retry count is a whole number of 0 or more (digits only)."]);
    expect(errors.labelNote).toEqual(["Say when this snapshot was taken."]);
    expect(errors.apiKeyEnvVar?.[0]).toMatch(/environment variable NAME/);
    expect(errors.primaryModelResolvedId).toEqual(["Give the primary model's alias or resolved identifier."]);
  });

  it("checks feature flag rows: names required and unique, values of the chosen type", () => {
    const r = ZSaveConfigSnapshot.safeParse(
      form({
        featureFlags: [
          { name: "", type: "text", value: "x" },
          { name: "a", type: "boolean", value: "yes" },
          { name: "a", type: "number", value: "many" },
        ],
      }),
    );
    expect(r.success).toBe(false);
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath["featureFlags.0.name"]).toBe("Name the flag or remove the row.");
    expect(byPath["featureFlags.1.value"]).toBe("Choose true or false.");
    expect(byPath["featureFlags.2.name"]).toBe("Each flag is listed once.");
    expect(byPath["featureFlags.2.value"]).toBe("Enter a number.");
  });

  it("refuses logging fields the runbook does not list", () => {
    expect(fieldErrors(form({ loggedFields: ["route", "raw_prompt"] })).loggedFields).toEqual(["Unknown logging field: raw_prompt"]);
  });

  it("keeps the note for OTHER and for other labels when given", () => {
    expect(ZSaveConfigSnapshot.parse(form({ label: "OTHER", labelNote: " after rollback " })).labelNote).toBe("after rollback");
    expect(ZSaveConfigSnapshot.parse(form({ label: "AFTER", labelNote: "v2 deploy" })).labelNote).toBe("v2 deploy");
  });
});

describe("formToSnapshotInput", () => {
  it("drops empty flag rows silently only through the schema, not here", () => {
    const input = formToSnapshotInput({ ...form(), featureFlags: [{ name: "", type: "text", value: "x" }], loggedFields: [] });
    expect(input.featureFlags).toEqual({});
  });
});

describe("snapshotFromRow / modelForPath", () => {
  const row = {
    baseUrl: "https://api.cometapi.com",
    primaryModelAlias: "assistant-default",
    primaryModelResolvedId: null,
    fallbackModelAlias: "assistant-fallback",
    fallbackModelResolvedId: "gpt-4.1-mini",
    clientTimeoutMs: 1000,
    retryCount: null,
    retryBackoff: null,
    maxTokens: 32,
    featureFlags: { ok: true, n: 2, s: "x", bad: { nested: 1 }, arr: [1] },
    loggedFields: ["route"],
    apiKeyEnvVar: "COMETAPI_API_KEY",
  };
  it("keeps only usable flag values from stored JSON", () => {
    expect(snapshotFromRow(row).featureFlags).toEqual({ ok: true, n: 2, s: "x" });
    expect(snapshotFromRow({ ...row, featureFlags: [1, 2] }).featureFlags).toEqual({});
  });
  it("uses the resolved id when known, else the alias", () => {
    const s = snapshotFromRow(row);
    expect(modelForPath(s, "PRIMARY")).toBe("assistant-default");
    expect(modelForPath(s, "FALLBACK")).toBe("gpt-4.1-mini");
    expect(modelForPath({ ...s, fallbackModelAlias: null, fallbackModelResolvedId: null }, "FALLBACK")).toBeNull();
  });
});

describe("ZSaveConfigSnapshot on malformed input", () => {
  it("reports errors instead of throwing", () => {
    const r = ZSaveConfigSnapshot.safeParse({ incidentKey: "INC-2026-0001", label: "AFTER", featureFlags: "nope" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.length).toBeGreaterThan(0);
  });
});
