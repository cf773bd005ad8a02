import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { createIncident } from "@/lib/incidents/incidents";
import { RUNBOOK_VERSION } from "@/lib/runbook/runbook";
import { makeActor } from "@/lib/testing/integration";
import { listAnswers, saveAnswer } from "./answers";

let commander: TActor;
let other: TActor;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  other = await makeActor("ADMIN");
});

async function newIncident(): Promise<string> {
  const { id } = await createIncident(commander, {
    title: "Answers under test",
    severity: "SEV2",
    degradationStartedAt: new Date("2026-05-08T09:12:00Z"),
  });
  return id;
}

const answerAudit = (incidentId: string) =>
  getPrisma().auditLog.findMany({ where: { incidentId, entityType: "QuestionAnswer" }, orderBy: { id: "asc" } });

async function expectConflict(promise: Promise<unknown>): Promise<ConflictError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return error as ConflictError;
}

describe("saveAnswer", () => {
  it("creates at version 1, updates with the current version, and records one history row per accepted save", async () => {
    const incidentId = await newIncident();
    const questionId = "detection.first-alert";
    const first = await saveAnswer(commander, { incidentId, questionId, body: "The p95 latency alert.", version: 0 });
    expect(first).toEqual({ questionId, body: "The p95 latency alert.", version: 1 });
    const second = await saveAnswer(other, { incidentId, questionId, body: "The timeout-rate alert, 6 min in.", version: 1 });
    expect(second.version).toBe(2);

    const row = await getPrisma().questionAnswer.findUniqueOrThrow({ where: { incidentId_questionId: { incidentId, questionId } } });
    expect(row).toMatchObject({ body: "The timeout-rate alert, 6 min in.", version: 2, runbookVersion: RUNBOOK_VERSION, updatedById: other.id });

    const audit = await answerAudit(incidentId);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action: "CREATE", entityId: row.id, actorId: commander.id, after: { questionId, body: "The p95 latency alert." } });
    expect(audit[1]).toMatchObject({
      action: "UPDATE",
      entityId: row.id,
      actorId: other.id,
      field: "body",
      before: "The p95 latency alert.",
      after: "The timeout-rate alert, 6 min in.",
    });

    const listed = await listAnswers(commander, incidentId);
    expect(listed).toEqual([expect.objectContaining({ questionId, body: "The timeout-rate alert, 6 min in.", version: 2, updatedByName: other.name })]);
  });

  it("saving the same body again writes nothing and keeps the version", async () => {
    const incidentId = await newIncident();
    const questionId = "diagnosis.error-classes";
    await saveAnswer(commander, { incidentId, questionId, body: "TIMEOUT", version: 0 });
    const again = await saveAnswer(commander, { incidentId, questionId, body: "TIMEOUT", version: 1 });
    expect(again.version).toBe(1);
    expect(await answerAudit(incidentId)).toHaveLength(1);
  });

  it("a stale version is a conflict carrying the current body; nothing is written, no history row", async () => {
    const incidentId = await newIncident();
    const questionId = "mitigation.approver";
    await saveAnswer(commander, { incidentId, questionId, body: "Casey", version: 0 });
    await saveAnswer(other, { incidentId, questionId, body: "Casey and Ada", version: 1 });
    const auditBefore = await answerAudit(incidentId);

    const conflict = await expectConflict(saveAnswer(commander, { incidentId, questionId, body: "Only Casey", version: 1 }));
    expect(conflict.current).toEqual({ body: "Casey and Ada" });
    expect(conflict.currentVersion).toBe(2);
    // A first save (version 0) of an answer that exists is a conflict too.
    const first = await expectConflict(saveAnswer(commander, { incidentId, questionId, body: "Mine", version: 0 }));
    expect(first.currentVersion).toBe(2);

    const row = await getPrisma().questionAnswer.findFirstOrThrow({ where: { incidentId, questionId } });
    expect(row).toMatchObject({ body: "Casey and Ada", version: 2 });
    expect(await answerAudit(incidentId)).toEqual(auditBefore);

    // Re-applying mine on top of their version succeeds.
    const reapplied = await saveAnswer(commander, { incidentId, questionId, body: "Only Casey", version: conflict.currentVersion });
    expect(reapplied.version).toBe(3);
  });

  it("a save based on a version that never existed is a conflict with no current value", async () => {
    const incidentId = await newIncident();
    const conflict = await expectConflict(saveAnswer(commander, { incidentId, questionId: "recovery.gradual-restore", body: "Yes", version: 4 }));
    expect(conflict.current).toBeNull();
    expect(conflict.currentVersion).toBe(0);
    expect(await getPrisma().questionAnswer.count({ where: { incidentId } })).toBe(0);
  });

  it("different answers saved concurrently from the same base never conflict", async () => {
    const incidentId = await newIncident();
    const ids = ["detection.first-alert", "detection.user-impact-tie", "detection.synthetic-before-users", "detection.dashboards-separated"];
    for (const questionId of ids) await saveAnswer(commander, { incidentId, questionId, body: `base ${questionId}`, version: 0 });
    const results = await Promise.allSettled(
      ids.map((questionId) => saveAnswer(other, { incidentId, questionId, body: `edited ${questionId}`, version: 1 })),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => "fulfilled"));
    const rows = await getPrisma().questionAnswer.findMany({ where: { incidentId } });
    expect(rows.every((r) => r.version === 2 && r.body === `edited ${r.questionId}`)).toBe(true);
  });

  it("concurrent first saves of the same answer: exactly one wins, the others get a conflict with the winner's body", async () => {
    const incidentId = await newIncident();
    const questionId = "prevention.earlier-test";
    const bodies = Array.from({ length: 6 }, (_, i) => `first save ${i}`);
    const results = await Promise.allSettled(
      bodies.map((body, n) => saveAnswer(n % 2 ? commander : other, { incidentId, questionId, body, version: 0 })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    const row = await getPrisma().questionAnswer.findFirstOrThrow({ where: { incidentId, questionId } });
    expect(row.version).toBe(1);
    expect(won[0]!.status === "fulfilled" && won[0]!.value.body).toBe(row.body);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as ConflictError).current).toEqual({ body: row.body });
      expect((r.reason as ConflictError).currentVersion).toBe(1);
    }
    expect(await answerAudit(incidentId)).toHaveLength(1);
  });

  it("concurrent updates from the same version: exactly one is accepted; history matches the accepted saves", async () => {
    const incidentId = await newIncident();
    const questionId = "recovery.recovery-signal";
    await saveAnswer(commander, { incidentId, questionId, body: "base", version: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, n) => saveAnswer(commander, { incidentId, questionId, body: `update ${n}`, version: 1 })),
    );
    const accepted = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(accepted).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
    const audit = await answerAudit(incidentId);
    expect(audit.map((a) => [a.action, a.after])).toEqual([
      ["CREATE", { questionId, body: "base" }],
      ["UPDATE", accepted[0]!.body],
    ]);
  });

  it("refuses viewers (nothing written), unknown question ids, over-long bodies and unknown incidents", async () => {
    const incidentId = await newIncident();
    const viewer = await makeActor("VIEWER");
    const base = { incidentId, questionId: "detection.first-alert", body: "x", version: 0 };
    await expect(saveAnswer(viewer, base)).rejects.toBeInstanceOf(AuthError);
    await expect(saveAnswer({ ...commander, tokenScope: "READ" }, base)).rejects.toBeInstanceOf(AuthError);
    await expect(saveAnswer(commander, { ...base, questionId: "detection.invented" })).rejects.toBeInstanceOf(ValidationError);
    await expect(saveAnswer(commander, { ...base, body: "y".repeat(20_001) })).rejects.toBeInstanceOf(ValidationError);
    await expect(saveAnswer(commander, { ...base, incidentId: "no-such-incident" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await getPrisma().questionAnswer.count({ where: { incidentId } })).toBe(0);
    expect(await answerAudit(incidentId)).toHaveLength(0);
    // Viewers can read.
    await expect(listAnswers(viewer, incidentId)).resolves.toEqual([]);
  });
});
