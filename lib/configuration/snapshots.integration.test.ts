import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { createIncident } from "@/lib/incidents/incidents";
import { makeActor } from "@/lib/testing/integration";
import { configDiffRows } from "./diff-view";
import { snapshotToForm, ZSaveConfigSnapshot, type TSnapshotFormValues } from "./schemas";
import { createConfigSnapshot, listConfigSnapshots } from "./snapshots";

let commander: TActor;
let viewer: TActor;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
});

async function newIncident(title: string) {
  return createIncident(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
}

const values = (key: string, over: Partial<TSnapshotFormValues> = {}): TSnapshotFormValues => ({
  ...snapshotToForm(key, null),
  baseUrl: "https://api.cometapi.com",
  primaryModelAlias: "assistant-default",
  primaryModelResolvedId: "gpt-4.1-2025-04-14",
  fallbackModelAlias: "assistant-fallback",
  fallbackModelResolvedId: "gpt-4.1-mini-2025-04-14",
  clientTimeoutMs: "30000",
  retryCount: "3",
  loggedFields: ["route", "request_id"],
  apiKeyEnvVar: "COMETAPI_API_KEY",
  ...over,
});

describe("configuration snapshots", () => {
  it("every save is a new version; versions are listed newest first and audited", async () => {
    const { key, id } = await newIncident("snapshot versions");
    const v1 = await createConfigSnapshot(commander, ZSaveConfigSnapshot.parse(values(key)));
    const v2 = await createConfigSnapshot(
      commander,
      ZSaveConfigSnapshot.parse(values(key, { label: "DURING_MITIGATION", clientTimeoutMs: "10000", featureFlags: [{ name: "fallback.enabled", type: "boolean", value: "true" }] })),
    );
    expect([v1.versionNumber, v2.versionNumber]).toEqual([1, 2]);
    const list = await listConfigSnapshots(viewer, key);
    expect(list.map((s) => [s.versionNumber, s.label])).toEqual([
      [2, "DURING_MITIGATION"],
      [1, "INCIDENT_START"],
    ]);
    expect(list[0]!.snapshot.featureFlags).toEqual({ "fallback.enabled": true });
    expect(list[0]!.createdByName).toBe(commander.name);
    const audit = await getPrisma().auditLog.findMany({ where: { incidentId: id, entityType: "ConfigSnapshot" } });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.action === "CREATE" && a.actorId === commander.id)).toBe(true);

    // The stored versions diff with the rule module: only what changed is marked.
    const changed = configDiffRows(list[1]!.snapshot, list[0]!.snapshot).filter((r) => r.changed);
    expect(changed.map((r) => [r.key, r.a, r.b])).toEqual([
      ["clientTimeoutMs", "30000", "10000"],
      ["featureFlags.fallback.enabled", "(not set)", "true"],
    ]);
  });

  it("concurrent saves get distinct, consecutive version numbers", async () => {
    const { key } = await newIncident("concurrent snapshots");
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createConfigSnapshot(commander, ZSaveConfigSnapshot.parse(values(key, { maxTokens: String(100 + i) })))),
    );
    expect(results.map((r) => r.versionNumber).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("refuses a viewer and writes nothing", async () => {
    const { key, id } = await newIncident("viewer snapshot");
    await expect(createConfigSnapshot(viewer, ZSaveConfigSnapshot.parse(values(key)))).rejects.toBeInstanceOf(AuthError);
    expect(await getPrisma().configSnapshot.count({ where: { incidentId: id } })).toBe(0);
  });

  it("refuses an OTHER label without a note even when called directly", async () => {
    const { key } = await newIncident("label note");
    const parsed = ZSaveConfigSnapshot.parse(values(key, { label: "OTHER", labelNote: "after the hotfix" }));
    await expect(createConfigSnapshot(commander, { ...parsed, labelNote: null })).rejects.toThrow(/Say when this snapshot was taken/);
    await expect(createConfigSnapshot(commander, parsed)).resolves.toMatchObject({ versionNumber: 1 });
  });
});
