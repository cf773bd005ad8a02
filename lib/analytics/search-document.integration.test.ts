// The per-incident search document against a real PostgreSQL: every writer of
// searchable text (incident creation, a title edit, an answer's first save and
// later saves) leaves the incident findable by its new words at once and no
// longer by removed ones; concurrent saves of different answers keep both;
// the migration's backfill builds the same documents as the application.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { ZIncidentWindow } from "@/lib/incidents/schemas";
import { updateIncidentWindow } from "@/lib/incidents/window";
import { toIncidentWindowView, windowViewToInput } from "@/lib/incidents/window-view";
import { saveAnswer } from "@/lib/review/answers";
import { QUESTION_IDS } from "@/lib/runbook/runbook";
import { makeActor } from "@/lib/testing/integration";
import { listIncidentPage } from "./incident-list";
import { parseIncidentListQuery } from "./schemas";
import { refreshIncidentSearchDocument } from "./search-document";

// Unique made-up words, so other tests' rows never match.
const word = (label: string) => `z${label}${randomUUID().replace(/-/g, "").slice(0, 10)}`;

let commander: TActor;
let viewer: TActor;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
});

/** Keys of the incidents the list's search finds for `q`. */
async function found(q: string): Promise<string[]> {
  const parsed = parseIncidentListQuery({ q, size: "100" });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const page = await listIncidentPage(viewer, parsed.query);
  return page.rows.map((r) => r.key).sort();
}

async function newIncident(title: string) {
  return createIncidentRecord(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
}

async function renameIncident(id: string, title: string) {
  const row = await getPrisma().incident.findUniqueOrThrow({ where: { id } });
  const input = windowViewToInput(toIncidentWindowView(row), "UTC");
  return updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, title }));
}

async function documentText(incidentId: string): Promise<string | null> {
  const rows = await getPrisma().$queryRaw<{ d: string }[]>`
    SELECT "document"::text AS "d" FROM "IncidentSearchDocument" WHERE "incidentId" = ${incidentId}`;
  return rows[0]?.d ?? null;
}

describe("search document: every edit is findable right after", () => {
  it("a new incident by its title", async () => {
    const w = word("new");
    const { key } = await newIncident(`Timeouts on the ${w} path`);
    expect(await found(w)).toEqual([key]);
    expect(await found(`${w} timeout`)).toEqual([key]); // stemmed like any search
  });

  it("a title edit: the new words find it, the removed ones no longer do; other window edits keep it", async () => {
    const before = word("before");
    const after = word("after");
    const { id, key } = await newIncident(`Latency on ${before}`);
    const saved = await renameIncident(id, `Latency on ${after}`);
    expect(saved.changedFields).toEqual(["title"]);
    expect(await found(after)).toEqual([key]);
    expect(await found(before)).toEqual([]);

    // A save that leaves the title alone keeps the document as it was.
    const row = await getPrisma().incident.findUniqueOrThrow({ where: { id } });
    const input = windowViewToInput(toIncidentWindowView(row), "UTC");
    await updateIncidentWindow(commander, ZIncidentWindow.parse({ ...input, primaryModelAlias: "assistant-fast" }));
    expect(await found(after)).toEqual([key]);
  });

  it("an answer's first save, a later save, and a save that empties it", async () => {
    const first = word("first");
    const second = word("second");
    const { id, key } = await newIncident(`Answer edits ${word("t")}`);
    const questionId = QUESTION_IDS[3]!;
    const v1 = await saveAnswer(commander, { incidentId: id, questionId, body: `Detected by the ${first} alert.`, version: 0 });
    expect(await found(first)).toEqual([key]);

    const v2 = await saveAnswer(commander, { incidentId: id, questionId, body: `Detected by the ${second} alert.`, version: v1.version });
    expect(await found(second)).toEqual([key]);
    expect(await found(first)).toEqual([]);

    await saveAnswer(commander, { incidentId: id, questionId, body: "", version: v2.version });
    expect(await found(second)).toEqual([]);
  });

  it("words spread over the title and several answers; a quoted phrase only within one field", async () => {
    const t = word("title");
    const a = word("ans");
    const b = word("bns");
    const { id, key } = await newIncident(`Queue growth ${t}`);
    await saveAnswer(commander, { incidentId: id, questionId: QUESTION_IDS[0]!, body: `${a} retry storm`, version: 0 });
    await saveAnswer(commander, { incidentId: id, questionId: QUESTION_IDS[1]!, body: `client budget ${b}`, version: 0 });
    expect(await found(`${t} ${a} ${b}`)).toEqual([key]);
    expect(await found(`"retry storm" ${t}`)).toEqual([key]);
    // Adjacent across fields: the title's last word and the first answer's first word; two answers.
    expect(await found(`"${t} ${a}"`)).toEqual([]);
    expect(await found(`"storm client" ${t}`)).toEqual([]);
    expect(await found(`${t} -${b}`)).toEqual([]);
  });

  it("a deleted incident's document goes with it", async () => {
    const w = word("gone");
    const { id } = await newIncident(`Deleted ${w}`);
    expect(await documentText(id)).not.toBeNull();
    await getPrisma().incident.delete({ where: { id } });
    expect(await documentText(id)).toBeNull();
    expect(await found(w)).toEqual([]);
  });

  it("a write that rolls back leaves the document as it was", async () => {
    const kept = word("kept");
    const lost = word("lost");
    const { id, key } = await newIncident(`Rollback ${kept}`);
    await expect(
      getPrisma().$transaction(async (tx) => {
        await tx.incident.update({ where: { id }, data: { title: `Rollback ${lost}` } });
        await refreshIncidentSearchDocument(tx, id);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await found(kept)).toEqual([key]);
    expect(await found(lost)).toEqual([]);
  });
});

describe("search document: concurrent saves of different answers", () => {
  it("keeps both answers' words (the second rebuild waits for the first commit and sees it)", async () => {
    const one = word("one");
    const two = word("two");
    const { id, key } = await newIncident(`Concurrent ${word("c")}`);
    const prisma = getPrisma();
    await prisma.questionAnswer.createMany({
      data: [0, 1].map((i) => ({ incidentId: id, questionId: QUESTION_IDS[i]!, body: "placeholder", runbookVersion: "2026-05-08" })),
    });
    await refreshIncidentSearchDocument(prisma, id);

    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstRefreshed!: () => void;
    const firstHasRefreshed = new Promise<void>((resolve) => (firstRefreshed = resolve));
    const write = (questionId: string, body: string, hold?: Promise<void>, refreshed?: () => void) =>
      prisma.$transaction(
        async (tx) => {
          await tx.questionAnswer.update({ where: { incidentId_questionId: { incidentId: id, questionId } }, data: { body } });
          await refreshIncidentSearchDocument(tx, id);
          refreshed?.();
          await hold;
        },
        { timeout: 20_000 },
      );
    const first = write(QUESTION_IDS[0]!, `first ${one}`, firstMayCommit, firstRefreshed);
    await firstHasRefreshed;
    const second = write(QUESTION_IDS[1]!, `second ${two}`);
    // Let the second transaction reach its rebuild (it waits on the first's lock), then commit the first.
    const deadline = Date.now() + 10_000;
    let blocked = false;
    while (!blocked && Date.now() < deadline) {
      const waiting = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS "n" FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
         WHERE NOT l.granted AND s.datname = current_database()`;
      blocked = waiting[0]!.n > 0;
      if (!blocked) await new Promise((r) => setTimeout(r, 20));
    }
    releaseFirst();
    expect(blocked).toBe(true);
    await Promise.all([first, second]);
    expect(await found(one)).toEqual([key]);
    expect(await found(two)).toEqual([key]);
  });
});

describe("search document: the migration's backfill", () => {
  const migration = readFileSync(path.join(process.cwd(), "prisma/migrations/20261124101000_incident_search_document/migration.sql"), "utf8");
  const backfill = /-- backfill:begin\n([\s\S]*?)-- backfill:end/.exec(migration)?.[1];

  it("builds, for incidents without one, the document the application builds, and they are findable", async () => {
    expect(backfill).toMatch(/^INSERT INTO "IncidentSearchDocument"/);
    const w = word("backfill");
    const a = word("answer");
    const withAnswers = await newIncident(`Backfilled ${w}`);
    await saveAnswer(commander, { incidentId: withAnswers.id, questionId: QUESTION_IDS[5]!, body: `The ${a} answer.`, version: 0 });
    await saveAnswer(commander, { incidentId: withAnswers.id, questionId: QUESTION_IDS[2]!, body: "Another answer, earlier in order.", version: 0 });
    const titleOnly = await newIncident(`Backfilled too ${w}`);
    const ids = [withAnswers.id, titleOnly.id];
    const built = await Promise.all(ids.map(documentText));
    expect(built[0]).toContain("answer");

    // As before the migration: incidents with text and no document.
    const prisma = getPrisma();
    await prisma.$executeRaw`DELETE FROM "IncidentSearchDocument" WHERE "incidentId" = ANY(${ids}::text[])`;
    expect(await found(w)).toEqual([]);

    await prisma.$executeRawUnsafe(backfill!);
    expect(await Promise.all(ids.map(documentText))).toEqual(built);
    expect(await found(w)).toEqual([withAnswers.key, titleOnly.key].sort());
    expect(await found(a)).toEqual([withAnswers.key]);
  });
});
