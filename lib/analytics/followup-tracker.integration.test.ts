// The follow-up tracker against a real PostgreSQL: overdue first, then by due
// date or by owner; "my follow-ups"; active vs all; status changes through
// lib/followups move a row; the weekly series from stored rows.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { setFollowUpStatus } from "@/lib/followups/followups";
import { makeActor } from "@/lib/testing/integration";
import { getFollowUpTrend, listTrackedFollowUps } from "./followup-tracker";
import { parseFollowUpTrackerQuery, type TFollowUpTrackerQuery } from "./schemas";

const NOW = new Date("2026-06-15T12:00:00Z");
const tok = randomUUID().slice(0, 8);

let amy: TActor;
let zed: TActor;
let commander: TActor;
let incidentKey: string;
const ids: Record<string, string> = {};
const nameOf: Record<string, string> = {};

function q(over: Record<string, string> = {}): TFollowUpTrackerQuery {
  const parsed = parseFollowUpTrackerQuery(over);
  if (!parsed.ok) throw new Error(parsed.errors.join());
  return parsed.query;
}

/** Every page of a view, reduced to the follow-ups this file created, in order. */
async function names(viewer: TActor, over: Record<string, string> = {}): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const result = await listTrackedFollowUps(viewer, q({ ...over, page: String(page) }), { now: NOW, timeZone: "UTC" });
    out.push(...result.rows.map((r) => nameOf[r.id]).filter((n): n is string => Boolean(n)));
    if (page >= result.pageCount) break;
  }
  return out;
}

beforeAll(async () => {
  const prisma = getPrisma();
  const named = async (role: "VIEWER" | "COMMANDER", name: string) => {
    const actor = await makeActor(role);
    await prisma.user.update({ where: { id: actor.id }, data: { name } });
    return { ...actor, name };
  };
  amy = await named("VIEWER", `Amy A ${tok}`);
  zed = await named("COMMANDER", `Zed Z ${tok}`);
  commander = await makeActor("COMMANDER");
  const incident = await createIncidentRecord(commander, { title: `Tracker ${tok}`, severity: "SEV2", degradationStartedAt: new Date("2026-05-01T00:00:00Z") });
  incidentKey = incident.key;
  const rows: [string, { owner: TActor | string; due: string | null; status: "OPEN" | "IN_PROGRESS" | "DONE" | "WONT_DO"; completedAt?: string }][] = [
    ["f1", { owner: amy, due: "2026-06-20", status: "OPEN" }],
    ["f2", { owner: zed, due: "2026-06-10", status: "OPEN" }],
    ["f3", { owner: amy, due: "2026-06-01", status: "IN_PROGRESS" }],
    ["f4", { owner: zed, due: "2026-06-16", status: "IN_PROGRESS" }],
    ["f5", { owner: `Bob External ${tok}`, due: null, status: "OPEN" }],
    ["f6", { owner: amy, due: "2026-05-01", status: "DONE", completedAt: "2026-05-02T09:00:00Z" }],
    ["f7", { owner: zed, due: "2026-05-01", status: "WONT_DO" }],
  ];
  for (const [name, r] of rows) {
    const created = await prisma.followUp.create({
      data: {
        incidentId: incident.id,
        title: `${name} ${tok}`,
        ownerUserId: typeof r.owner === "string" ? null : r.owner.id,
        ownerExternalName: typeof r.owner === "string" ? r.owner : null,
        dueDate: r.due ? new Date(`${r.due}T00:00:00Z`) : null,
        status: r.status,
        completedAt: r.completedAt ? new Date(r.completedAt) : null,
        createdAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
    ids[name] = created.id;
    nameOf[created.id] = name;
  }
});

describe("follow-up tracker ordering", () => {
  it("puts overdue first, then by due date (none last); active only by default", async () => {
    expect(await names(amy)).toEqual(["f3", "f2", "f4", "f1", "f5"]);
  });
  it("puts overdue first, then by owner", async () => {
    expect(await names(amy, { by: "owner" })).toEqual(["f3", "f2", "f1", "f5", "f4"]);
  });
  it("lists done and won't do after the active ones when asked for all", async () => {
    expect(await names(amy, { show: "all" })).toEqual(["f3", "f2", "f4", "f1", "f5", "f6", "f7"]);
  });
  it("a follow-up due today is not overdue yet", async () => {
    const onDue = await listTrackedFollowUps(amy, q({ owner: "me" }), { now: new Date("2026-06-20T08:00:00Z"), timeZone: "UTC" });
    expect(onDue.rows.map((r) => [nameOf[r.id], r.overdue])).toEqual([
      ["f3", true],
      ["f1", false],
    ]);
  });
});

describe("my follow-ups", () => {
  it("shows only the viewer's own, with the incident, and counts the overdue ones", async () => {
    const mine = await listTrackedFollowUps(amy, q({ owner: "me" }), { now: NOW, timeZone: "UTC" });
    expect(mine.rows.map((r) => nameOf[r.id])).toEqual(["f3", "f1"]);
    expect(mine).toMatchObject({ total: 2, overdue: 1, today: "2026-06-15", timeZone: "UTC", pageCount: 1 });
    expect(mine.rows[0]).toMatchObject({ overdue: true, dueDate: "2026-06-01", status: "IN_PROGRESS", ownerName: amy.name, ownerIsExternal: false, incidentKey });
    expect(await names(amy, { owner: "me", show: "all" })).toEqual(["f3", "f1", "f6"]);
    expect(await names(zed, { owner: "me", by: "owner" })).toEqual(["f2", "f4"]);
  });

  it("moves a follow-up when its status changes (through lib/followups, with version check)", async () => {
    const before = await listTrackedFollowUps(amy, q({ owner: "me" }), { now: NOW, timeZone: "UTC" });
    const f3 = before.rows.find((r) => nameOf[r.id] === "f3")!;
    await setFollowUpStatus(commander, { incidentKey, id: f3.id, version: f3.version, status: "DONE" });
    expect(await names(amy, { owner: "me" })).toEqual(["f1"]);
    expect(await names(amy, { owner: "me", show: "all" })).toEqual(["f1", "f6", "f3"]); // done ones by due date too
    const audit = await getPrisma().auditLog.findMany({ where: { entityType: "FollowUp", entityId: f3.id } });
    expect(audit.map((a) => a.field)).toEqual(expect.arrayContaining(["status", "completedAt"]));
    // Back as it was for the other tests.
    const done = (await listTrackedFollowUps(amy, q({ owner: "me", show: "all" }), { now: NOW, timeZone: "UTC" })).rows.find((r) => r.id === f3.id)!;
    await setFollowUpStatus(commander, { incidentKey, id: f3.id, version: done.version, status: "IN_PROGRESS" });
  });
});

describe("follow-up series from stored rows", () => {
  it("matches the definition at the last week's end", async () => {
    const trend = await getFollowUpTrend(amy, { now: NOW, timeZone: "UTC", mine: true });
    expect(trend.weeks).toHaveLength(12);
    expect(trend.weeks[11]).toEqual({ weekEnd: "2026-06-15", done: 1, openDue: 1, completionRate: 0.5, overdue: 1 });
    // Before f6 was done (2026-05-02) and before anything was due: nothing in the rate.
    expect(trend.weeks[0]).toEqual({ weekEnd: "2026-03-30", done: 0, openDue: 0, completionRate: null, overdue: 0 });
  });
});
