import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";

// The action wrapper runs for real; only the request's session and Next's cache are stood in for.
const hooks = vi.hoisted(() => ({ actor: null as TActor | null, failAfterAudit: false }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => hooks.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/audit/record", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/audit/record")>();
  return {
    ...real,
    recordAudit: async (...args: Parameters<typeof real.recordAudit>) => {
      await real.recordAudit(...args);
      if (hooks.failAfterAudit) throw new Error("forced failure after the change and its history were written");
    },
  };
});

import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "./incidents";
import { updateIncidentWindowAction } from "./actions";
import { ZIncidentWindow, type TIncidentWindowInput } from "./schemas";
import { listCommanderOptions, listScopeSuggestions, updateIncidentWindow } from "./window";
import { toIncidentWindowView, windowViewToInput } from "./window-view";

async function newIncident(commander: TActor, title = "Window test") {
  const { id } = await createIncident(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  const row = await getPrisma().incident.findUniqueOrThrow({ where: { id } });
  return { id, input: windowViewToInput(toIncidentWindowView(row), "Europe/Berlin") };
}

const edited = (input: TIncidentWindowInput): TIncidentWindowInput => ({
  ...input,
  title: "Elevated timeout rate on the assistant path",
  detectionSource: "ALERT",
  detectedAtLocal: "2026-05-08T11:18",
  mitigatedAtLocal: "2026-05-08T11:41",
  affectedRoutes: ["/v1/chat/completions"],
  primaryModelAlias: "assistant-default",
});

const auditRows = (incidentId: string) => getPrisma().auditLog.findMany({ where: { incidentId, action: "UPDATE" }, orderBy: { id: "asc" } });

beforeEach(() => {
  hooks.actor = null;
  hooks.failAfterAudit = false;
});

describe("updateIncidentWindow", () => {
  it("saves the window, bumps the version and writes one audit row per changed field in the same transaction", async () => {
    const commander = await makeActor("COMMANDER");
    const { id, input } = await newIncident(commander);
    const result = await updateIncidentWindow(commander, ZIncidentWindow.parse(edited(input)));
    expect(result.version).toBe(2);
    expect(result.changedFields).toEqual(["title", "detectionSource", "detectedAt", "mitigatedAt", "affectedRoutes", "primaryModelAlias"]);

    const saved = await getPrisma().incident.findUniqueOrThrow({ where: { id } });
    expect(saved).toMatchObject({ version: 2, detectionSource: "ALERT", affectedRoutes: ["/v1/chat/completions"] });
    expect(saved.detectedAt?.toISOString()).toBe("2026-05-08T09:18:00.000Z");

    const rows = await auditRows(id);
    expect(rows.map((r) => r.field)).toEqual(result.changedFields);
    expect(rows.every((r) => r.actorId === commander.id && r.entityType === "Incident" && r.entityId === id)).toBe(true);
    expect(rows.find((r) => r.field === "detectedAt")).toMatchObject({ before: null, after: "2026-05-08T09:18:00.000Z" });
    expect(rows.find((r) => r.field === "title")).toMatchObject({ before: "Window test", after: "Elevated timeout rate on the assistant path" });
    expect(rows.find((r) => r.field === "affectedRoutes")).toMatchObject({ before: [], after: ["/v1/chat/completions"] });
    // One transaction: Postgres now() is the same for every row it wrote.
    expect(new Set(rows.map((r) => r.createdAt.getTime())).size).toBe(1);
  });

  it("a save without changes keeps the version and writes no history", async () => {
    const commander = await makeActor("COMMANDER");
    const { id, input } = await newIncident(commander);
    const result = await updateIncidentWindow(commander, ZIncidentWindow.parse(input));
    expect(result).toMatchObject({ version: 1, changedFields: [] });
    expect(await auditRows(id)).toHaveLength(0);
  });

  it("refuses a stale version with the current window, and changes nothing", async () => {
    const commander = await makeActor("COMMANDER");
    const other = await makeActor("COMMANDER");
    const { id, input } = await newIncident(commander);
    await updateIncidentWindow(other, ZIncidentWindow.parse({ ...input, title: "Their title" }));
    const auditBefore = await getPrisma().auditLog.count({ where: { incidentId: id } });

    const error = await updateIncidentWindow(commander, ZIncidentWindow.parse(edited(input))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(2);
    expect((error as ConflictError).current).toMatchObject({ incidentId: id, version: 2, title: "Their title", detectedAt: null });

    const row = await getPrisma().incident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ version: 2, title: "Their title", detectedAt: null, affectedRoutes: [] });
    expect(await getPrisma().auditLog.count({ where: { incidentId: id } })).toBe(auditBefore);
  });

  it("of two saves based on the same version exactly one wins", async () => {
    const commander = await makeActor("COMMANDER");
    const { id, input } = await newIncident(commander);
    const results = await Promise.allSettled([
      updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, title: "First writer" })),
      updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, title: "Second writer" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await getPrisma().incident.findUniqueOrThrow({ where: { id } })).version).toBe(2);
    expect(await auditRows(id)).toHaveLength(1);
  });

  it("the action refuses an invalid window with field errors, and nothing is written", async () => {
    const commander = await makeActor("COMMANDER");
    hooks.actor = commander;
    const { id, input } = await newIncident(commander);
    const result = await updateIncidentWindowAction({
      ...input,
      title: "x",
      detectedAtLocal: "2026-05-08T11:00",
      mitigatedAtLocal: "2026-05-08T10:30",
      endedAtLocal: "2099-01-01T00:00",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(400);
    expect(result.fieldErrors).toEqual({
      title: ["Enter a title of at least 3 characters."],
      detectedAtLocal: ["Detection cannot be before the start of degradation."],
      mitigatedAtLocal: ["Mitigation cannot be before the start of degradation."],
      endedAtLocal: ["This time cannot be in the future."],
    });
    expect((await getPrisma().incident.findUniqueOrThrow({ where: { id } })).version).toBe(1);
    expect(await auditRows(id)).toHaveLength(0);
  });

  it("the data layer checks the rules too, for callers that skip the form schema", async () => {
    const commander = await makeActor("COMMANDER");
    const { id, input } = await newIncident(commander);
    const data = ZIncidentWindow.parse(edited(input));
    const error = await updateIncidentWindow(commander, { ...data, mitigatedAt: new Date("2026-05-08T09:15:00Z") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ mitigatedAtLocal: ["Mitigation cannot be before detection."] });
    const future = await updateIncidentWindow(commander, { ...data, endedAt: new Date(Date.now() + 3600_000) }).catch((e: unknown) => e);
    expect((future as ValidationError).fieldErrors).toEqual({ endedAtLocal: ["This time cannot be in the future."] });
    expect(await auditRows(id)).toHaveLength(0);
  });

  it("only an active admin or commander can be the incident commander", async () => {
    const commander = await makeActor("COMMANDER");
    const viewer = await makeActor("VIEWER");
    const admin = await makeActor("ADMIN");
    const { id, input } = await newIncident(commander);
    const error = await updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, commanderId: viewer.id })).catch((e: unknown) => e);
    expect((error as ValidationError).fieldErrors).toEqual({ commanderId: ["Choose an active admin or commander."] });
    await updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, commanderId: admin.id }));
    expect((await getPrisma().incident.findUniqueOrThrow({ where: { id } })).commanderId).toBe(admin.id);

    const options = await listCommanderOptions(viewer, viewer.id);
    expect(options.find((o) => o.id === admin.id)?.eligible).toBe(true);
    expect(options.find((o) => o.id === viewer.id)?.eligible).toBe(false);
    expect(options.some((o) => o.id === commander.id)).toBe(true);
  });

  it("a viewer is refused, by the data layer and by the action, and nothing is written", async () => {
    const commander = await makeActor("COMMANDER");
    const viewer = await makeActor("VIEWER");
    const { id, input } = await newIncident(commander);
    await expect(updateIncidentWindow(viewer, ZIncidentWindow.parse(edited(input)))).rejects.toBeInstanceOf(AuthError);
    hooks.actor = viewer;
    const result = await updateIncidentWindowAction(edited(input));
    expect(result).toMatchObject({ ok: false, status: 403, error: "Your role does not allow this action." });
    hooks.actor = null;
    expect(await updateIncidentWindowAction(edited(input))).toMatchObject({ ok: false, status: 401 });
    expect((await getPrisma().incident.findUniqueOrThrow({ where: { id } })).version).toBe(1);
    expect(await getPrisma().auditLog.count({ where: { incidentId: id, action: "UPDATE" } })).toBe(0);
  });

  it("a change that fails after its update and history were written leaves neither", async () => {
    const commander = await makeActor("COMMANDER");
    const { id, input } = await newIncident(commander);
    hooks.failAfterAudit = true;
    await expect(updateIncidentWindow(commander, ZIncidentWindow.parse(edited(input)))).rejects.toThrow(/forced failure/);
    hooks.failAfterAudit = false;
    const row = await getPrisma().incident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ version: 1, title: "Window test", detectedAt: null, affectedRoutes: [] });
    expect(await auditRows(id)).toHaveLength(0);
  });

  it("the action saves a valid window for a commander", async () => {
    const commander = await makeActor("COMMANDER");
    hooks.actor = commander;
    const { id, input } = await newIncident(commander);
    const result = await updateIncidentWindowAction(edited(input));
    expect(result).toMatchObject({ ok: true, data: { version: 2 } });
    expect((await auditRows(id)).length).toBe(6);
  });
});

describe("listScopeSuggestions", () => {
  it("offers values used in other incidents, most used first, without the current incident's", async () => {
    const commander = await makeActor("COMMANDER");
    const tag = Math.random().toString(36).slice(2, 8);
    for (const services of [[`svc-a-${tag}`, `svc-b-${tag}`], [`svc-b-${tag}`]]) {
      const { input } = await newIncident(commander, `Suggest ${tag}`);
      await updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, affectedServices: services }));
    }
    const current = await newIncident(commander, `Suggest current ${tag}`);
    await updateIncidentWindow(commander, ZIncidentWindow.parse({ ...current.input, affectedServices: [`svc-only-here-${tag}`] }));

    const suggestions = await listScopeSuggestions(commander, current.id);
    const ours = suggestions.affectedServices.filter((s) => s.endsWith(tag));
    expect(ours).toEqual([`svc-b-${tag}`, `svc-a-${tag}`]);
    expect(Object.keys(suggestions).sort()).toEqual(["affectedFeatures", "affectedRegions", "affectedRoutes", "affectedServices", "affectedTenants"]);
  });
});
