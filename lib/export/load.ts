import "server-only";
// Reads everything an export needs straight from the schema (no other
// domain's lib module: their shapes are still moving), checks the read
// permission, and assembles the plain TReviewExport. Attachment bytes are not
// loaded here: readAttachmentChunks streams one file at a time.
import { randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/http/errors";
import { assembleReview, type TReviewRows } from "./assemble";
import type { TExportPolicy } from "./sanitize";
import type { TReviewExport } from "./schema";

const name = { select: { name: true } } as const;

export type TExportSettings = TExportPolicy & { requireReadinessForExport: boolean };

/** The installation's export policy; the settings row (id 1) is created on first use, as elsewhere. */
export async function loadExportSettings(): Promise<TExportSettings> {
  const prisma = getPrisma();
  const select = { pseudonymizeIdentifiers: true, hmacSecret: true, requireReadinessForExport: true } as const;
  let row = await prisma.installationSetting.findUnique({ where: { id: 1 }, select });
  if (!row) {
    await prisma.$executeRaw`
      INSERT INTO "InstallationSetting" ("id", "hmacSecret", "updatedAt") VALUES (1, ${randomBytes(32).toString("hex")}, now())
      ON CONFLICT ("id") DO NOTHING`;
    row = await prisma.installationSetting.findUnique({ where: { id: 1 }, select });
  }
  return {
    pseudonymizeIdentifiers: row?.pseudonymizeIdentifiers ?? true,
    hmacSecret: row?.hmacSecret ?? null,
    redactPersonalData: true,
    requireReadinessForExport: row?.requireReadinessForExport ?? false,
  };
}

/** Promise.all over an object: the same keys, each holding its awaited value. */
async function allKeyed<T extends Record<string, PromiseLike<unknown>>>(queries: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(queries);
  const values = await Promise.all(keys.map((key) => queries[key]));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as { [K in keyof T]: Awaited<T[K]> };
}

/** Every row of the review, for assembleReview. Throws NotFoundError for an unknown key. */
export async function loadReviewRows(incidentKey: string): Promise<{ incidentId: string; rows: TReviewRows }> {
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({
    where: { key: incidentKey },
    include: { team: name, commander: name },
  });
  if (!incident) throw new NotFoundError("This incident was not found.");
  const incidentId = incident.id;
  const where = { incidentId };
  // Keyed rather than positional: each query stands next to the name it fills.
  const rows = await allKeyed({
    failureClasses: prisma.incidentFailureClass.findMany({ where, select: { failureClass: true, role: true, note: true } }),
    histogramBuckets: prisma.histogramBucket.findMany({
      where,
      select: { source: true, windowStart: true, windowEnd: true, path: true, requestClass: true, count: true },
    }),
    decision: prisma.fallbackDecision.findUnique({
      where,
      select: { computedVerdict: true, overrideVerdict: true, overrideReason: true, overriddenAt: true, overriddenBy: name },
    }),
    checklistAnswers: prisma.checklistAnswer.findMany({
      where,
      select: { checklistId: true, itemId: true, checked: true, note: true, occurredAt: true, byUser: name },
    }),
    configSnapshots: prisma.configSnapshot.findMany({ where, include: { createdBy: name } }),
    smokeRuns: prisma.smokeTestRun.findMany({
      where,
      include: { ranBy: name, snapshot: { select: { versionNumber: true, apiKeyEnvVar: true } } },
    }),
    comparisons: prisma.pathComparison.findMany({ where, include: { sides: true } }),
    rolloutSteps: prisma.rolloutStep.findMany({ where, select: { occurredAt: true, trafficPercent: true, scope: true, approverName: true, note: true } }),
    windows: prisma.observationWindow.findMany({ where }),
    approvals: prisma.fallbackApproval.findMany({ where, include: { approver: { select: { name: true, role: true } } } }),
    impactMeasures: prisma.impactMeasure.findMany({ where, select: { measure: true, phase: true, value: true, unit: true, note: true } }),
    answers: prisma.questionAnswer.findMany({
      where,
      select: { questionId: true, body: true, runbookVersion: true, updatedAt: true, updatedBy: name },
    }),
    timelineEvents: prisma.timelineEvent.findMany({
      where,
      select: { occurredAt: true, createdAt: true, kind: true, description: true, trafficPercent: true, author: name },
    }),
    followUps: prisma.followUp.findMany({ where, include: { ownerUser: name } }),
    artifacts: prisma.artifact.findMany({ where, select: { kind: true, state: true, notApplicableReason: true } }),
    // Metadata only: the bytes are streamed per file by readAttachmentChunks.
    attachments: prisma.attachment.findMany({
      where,
      select: { id: true, artifactKind: true, fileName: true, mimeType: true, sizeBytes: true, sha256: true, createdAt: true, uploadedBy: name },
    }),
    links: prisma.artifactLink.findMany({ where, select: { artifactKind: true, kind: true, url: true, label: true, createdAt: true } }),
    logImports: prisma.logImport.findMany({
      where,
      select: {
        fileName: true,
        sha256: true,
        format: true,
        status: true,
        rows: true,
        accepted: true,
        rejected: true,
        byClass: true,
        byPath: true,
        privacyReport: true,
        rejectedLines: true,
        error: true,
        startedAt: true,
        finishedAt: true,
        createdBy: name,
      },
    }),
  });

  return { incidentId, rows: { incident, ...rows } };
}

/**
 * The review as a plain typed object with every computed figure, as it is stored now (not yet sanitized:
 * pass it through sanitizeReview before it leaves the server). Requires read permission.
 */
export async function loadReviewForExport(actor: TActor, incidentKey: string, now: Date = new Date()): Promise<TReviewExport> {
  requirePermission(actor, "incident:read");
  const { rows } = await loadReviewRows(incidentKey);
  return assembleReview(rows, { generatedAt: now, generatedBy: { name: actor.name, role: actor.role } });
}

/** Reads one attachment's bytes in slices straight from the database, so a large file is never held whole. */
export async function* readAttachmentChunks(attachmentId: string, sliceBytes = 1024 * 1024): AsyncGenerator<Uint8Array> {
  const prisma = getPrisma();
  for (let offset = 1; ; offset += sliceBytes) {
    // substring on bytea is 1-based; an empty slice means the end.
    const rows = await prisma.$queryRaw<{ chunk: Uint8Array | null }[]>`
      SELECT substring("content" FROM ${offset}::int FOR ${sliceBytes}::int) AS chunk FROM "Attachment" WHERE "id" = ${attachmentId}`;
    const chunk = rows[0]?.chunk;
    if (!chunk || chunk.byteLength === 0) return;
    yield chunk;
    if (chunk.byteLength < sliceBytes) return;
  }
}
