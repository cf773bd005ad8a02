// bench:autosave — review-answer autosave under concurrent editors.
//
// N simulated editors save answers through lib/review/answers.ts `saveAnswer`
// (in-process, the same function the server action calls) against
// DATABASE_URL, paced by one shared token bucket. Each editor owns a few
// answers and now and then edits one of a few shared answers; a refused
// (stale) save is re-applied on the version the conflict reports, as the UI's
// "Re-apply mine" does. Prints throughput, latency percentiles, conflicts and
// errors, then checks there are no lost updates: for every answer, the stored
// body is the last accepted save, the version equals the number of accepted
// saves, accepted versions are exactly 1..n, and history has one row per accepted save.
//
// Usage (DATABASE_URL must point at a migrated database; the bench creates its own users and incident):
//   npx tsx --conditions=react-server bench/autosave.ts [--seconds 60] [--editors 10] [--rate 50] [--shared 3] [--shared-share 0.1]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { disconnectPrisma, getPrisma } from "../lib/db/prisma";
import type { TActor } from "../lib/auth/permissions";
import { ConflictError } from "../lib/http/errors";
import { createIncidentRecord } from "../lib/incidents/incidents";
import { saveAnswer } from "../lib/review/answers";
import { QUESTION_IDS } from "../lib/runbook/runbook";

const GOAL_P95_MS = 100;
const MAX_REAPPLY = 10;

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    editors: { type: "string", default: "10" },
    rate: { type: "string", default: "50" },
    shared: { type: "string", default: "3" },
    "shared-share": { type: "string", default: "0.1" },
  },
});
const seconds = Number(args.seconds);
const editorCount = Number(args.editors);
const rate = Number(args.rate);
const sharedCount = Number(args.shared);
const sharedShare = Number(args["shared-share"]);

/** Token bucket: `rate` tokens a second, at most `burst` saved up; takers queue in order. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  async take(): Promise<void> {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= 1;
    // Negative tokens are a debt: wait until it is paid back.
    if (this.tokens < 0) await new Promise((r) => setTimeout(r, (-this.tokens / this.rate) * 1000));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const WORDS = "the fallback timeout alert fired first on the primary path while p95 latency rose and retries drained".split(" ");
function answerText(prefix: string): string {
  const words = 20 + Math.floor(Math.random() * 280);
  const out: string[] = [prefix];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(Math.random() * WORDS.length)]!);
  return out.join(" ");
}

type TAccepted = { questionId: string; version: number; body: string; editor: number };

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to a migrated database.");
  if (!(editorCount >= 1 && seconds > 0 && rate > 0 && sharedCount >= 0 && sharedCount < QUESTION_IDS.length)) {
    throw new Error("Bad arguments.");
  }
  const prisma = getPrisma();
  const run = randomUUID().slice(0, 8);

  // Editors (commanders) and a fresh incident of our own.
  const editors: TActor[] = [];
  for (let i = 0; i < editorCount; i++) {
    const u = await prisma.user.create({
      data: { email: `bench-autosave-${run}-${i}@bench.test`, name: `Bench editor ${i}`, role: "COMMANDER" },
    });
    editors.push({ id: u.id, email: u.email, name: u.name, role: u.role });
  }
  const incident = await createIncidentRecord(editors[0]!, {
    title: `bench:autosave ${run}`,
    severity: "SEV3",
    degradationStartedAt: new Date(),
  });

  const sharedIds = QUESTION_IDS.slice(QUESTION_IDS.length - sharedCount);
  const ownedIds = QUESTION_IDS.slice(0, QUESTION_IDS.length - sharedCount);
  const owned = editors.map((_, i) => ownedIds.filter((_, j) => j % editorCount === i));

  const bucket = new TokenBucket(rate, Math.max(1, rate / 10));
  const latencies: number[] = [];
  const accepted: TAccepted[] = [];
  let attempts = 0;
  let conflicts = 0;
  let gaveUp = 0;
  let errors = 0;
  const errorSamples: string[] = [];

  await prisma.$queryRaw`SELECT 1`;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function editorLoop(index: number) {
    const actor = editors[index]!;
    const known = new Map<string, number>();
    const mine = owned[index]!;
    let seq = 0;
    while (performance.now() < deadline) {
      await bucket.take();
      if (performance.now() >= deadline) break;
      const useShared = sharedIds.length > 0 && (mine.length === 0 || Math.random() < sharedShare);
      const pool = useShared ? sharedIds : mine;
      const questionId = pool[Math.floor(Math.random() * pool.length)]!;
      const body = answerText(`editor ${index} save ${seq++}:`);
      let version = known.get(questionId) ?? 0;
      for (let attempt = 0; ; attempt++) {
        attempts++;
        const t0 = performance.now();
        try {
          const saved = await saveAnswer(actor, { incidentId: incident.id, questionId, body, version });
          latencies.push(performance.now() - t0);
          accepted.push({ questionId, version: saved.version, body, editor: index });
          known.set(questionId, saved.version);
          break;
        } catch (error) {
          latencies.push(performance.now() - t0);
          if (error instanceof ConflictError) {
            conflicts++;
            // Re-apply mine on top of their version, as the UI does.
            version = error.currentVersion;
            known.set(questionId, version);
            if (attempt + 1 >= MAX_REAPPLY) {
              gaveUp++;
              break;
            }
            await bucket.take();
            continue;
          }
          errors++;
          if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
          break;
        }
      }
    }
  }

  await Promise.all(editors.map((_, i) => editorLoop(i)));
  const elapsed = (performance.now() - started) / 1000;

  // ─── Verification: zero lost updates ──────────────────────────────────────
  const rows = await prisma.questionAnswer.findMany({ where: { incidentId: incident.id } });
  const audit = await prisma.auditLog.groupBy({
    by: ["entityId"],
    where: { incidentId: incident.id, entityType: "QuestionAnswer" },
    _count: { _all: true },
  });
  const auditCount = new Map(audit.map((a) => [a.entityId, a._count._all]));
  const problems: string[] = [];
  const byQuestion = new Map<string, TAccepted[]>();
  for (const a of accepted) byQuestion.set(a.questionId, [...(byQuestion.get(a.questionId) ?? []), a]);
  for (const questionId of QUESTION_IDS) {
    const saves = (byQuestion.get(questionId) ?? []).sort((x, y) => x.version - y.version);
    const row = rows.find((r) => r.questionId === questionId);
    if (saves.length === 0) {
      if (row) problems.push(`${questionId}: stored but no save was accepted`);
      continue;
    }
    if (!row) {
      problems.push(`${questionId}: ${saves.length} accepted saves but nothing stored`);
      continue;
    }
    if (saves.some((s, i) => s.version !== i + 1)) problems.push(`${questionId}: accepted versions are not exactly 1..${saves.length}`);
    const last = saves[saves.length - 1]!;
    if (row.body !== last.body) problems.push(`${questionId}: stored body is not the last accepted save (editor ${last.editor}, v${last.version})`);
    if (row.version !== saves.length) problems.push(`${questionId}: version ${row.version} but ${saves.length} accepted saves`);
    if ((auditCount.get(row.id) ?? 0) !== saves.length) {
      problems.push(`${questionId}: ${auditCount.get(row.id) ?? 0} history rows for ${saves.length} accepted saves`);
    }
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  const fmt = (n: number) => n.toFixed(1);
  const pass = p95 <= GOAL_P95_MS && errors === 0 && problems.length === 0 && gaveUp === 0;
  const lines = [
    `bench:autosave — ${editorCount} editors, ${seconds} s, target ${rate} saves/s (token bucket), ${sharedIds.length} shared answers (${Math.round(sharedShare * 100)}% of edits)`,
    `incident            ${incident.key}`,
    `saves attempted     ${attempts}`,
    `accepted            ${accepted.length}`,
    `conflicts           ${conflicts} (re-applied on the current version; gave up: ${gaveUp})`,
    `errors              ${errors}${errorSamples.length ? ` — ${errorSamples.join(" | ")}` : ""}`,
    `throughput          ${fmt(attempts / elapsed)} saves/s attempted, ${fmt(accepted.length / elapsed)} accepted/s over ${fmt(elapsed)} s`,
    `latency ms          p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(p95)}  p99 ${fmt(percentile(sorted, 99))}  max ${fmt(sorted[sorted.length - 1] ?? NaN)}`,
    `lost updates        ${problems.length}${problems.length ? `\n  ${problems.join("\n  ")}` : ` (${byQuestion.size} answers checked: body = last accepted save, version = accepted saves, history rows = accepted saves)`}`,
    `goal                p95 ≤ ${GOAL_P95_MS} ms at ${rate} saves/s, zero errors, zero lost updates: ${pass ? "PASS" : "FAIL"}`,
  ];
  console.log(lines.join("\n"));
  return pass;
}

main()
  .then(async (pass) => {
    await disconnectPrisma();
    process.exit(pass ? 0 : 1);
  })
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await disconnectPrisma();
    process.exit(1);
  });
