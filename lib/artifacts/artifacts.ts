import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { assertVersion, CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import type { TArtifactKindId } from "@/lib/runbook/runbook";
import { detectFileType, sanitizeFileName } from "./file-type";
import {
  formatBytes,
  type TArtifactState,
  type TLinkKind,
  type ZAddArtifactLink,
  type ZClearNotApplicable,
  type ZDeleteArtifactLink,
  type ZDeleteAttachment,
  type ZMarkNotApplicable,
  type ZSaveCustomerImpactStatement,
} from "./schemas";
import { deriveArtifactState, deriveArtifactStates, STATEMENT_KIND, type TArtifactStateView } from "./state";

type TTx = Prisma.TransactionClient;

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

// ─── Installation limit ─────────────────────────────────────────────────────

/**
 * The installation's upload limit. The settings singleton (id 1) is created
 * on first use with a random HMAC secret; concurrent first uses are safe.
 */
export async function getUploadLimitBytes(): Promise<number> {
  const prisma = getPrisma();
  let settings = await prisma.installationSetting.findUnique({ where: { id: 1 }, select: { maxUploadBytes: true } });
  if (!settings) {
    const secret = randomBytes(32).toString("hex");
    await prisma.$executeRaw`
      INSERT INTO "InstallationSetting" ("id", "hmacSecret", "updatedAt") VALUES (1, ${secret}, now())
      ON CONFLICT ("id") DO NOTHING`;
    settings = await prisma.installationSetting.findUnique({ where: { id: 1 }, select: { maxUploadBytes: true } });
  }
  const limit = settings?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  return limit > 0 ? limit : DEFAULT_MAX_UPLOAD_BYTES;
}

export function tooLargeMessage(limit: number): string {
  return `The file is larger than the upload limit of ${formatBytes(limit)}. Nothing was uploaded.`;
}

// ─── Views ──────────────────────────────────────────────────────────────────

export type TAttachmentMeta = {
  id: string;
  artifactKind: TArtifactKindId | null;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedByName: string | null;
  createdAt: string;
};

export type TLinkItem = {
  id: string;
  artifactKind: TArtifactKindId | null;
  kind: TLinkKind;
  url: string;
  label: string;
  createdAt: string;
};

export type TArtifactEntry = TArtifactStateView & { attachments: TAttachmentMeta[]; links: TLinkItem[] };

export type TArtifactsOverview = {
  incidentKey: string;
  incidentVersion: number;
  customerImpactStatement: string;
  maxUploadBytes: number;
  artifacts: TArtifactEntry[];
};

/** Everything but the bytes: the list never loads file content. */
const ATTACHMENT_META = {
  id: true,
  artifactKind: true,
  fileName: true,
  mimeType: true,
  sizeBytes: true,
  sha256: true,
  createdAt: true,
  uploadedBy: { select: { name: true } },
} as const;
type TAttachmentMetaRow = Prisma.AttachmentGetPayload<{ select: typeof ATTACHMENT_META }>;

function toAttachmentMeta(a: TAttachmentMetaRow): TAttachmentMeta {
  return {
    id: a.id,
    artifactKind: a.artifactKind,
    fileName: a.fileName,
    mimeType: a.mimeType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    uploadedByName: a.uploadedBy?.name ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

function toLinkItem(l: { id: string; artifactKind: TArtifactKindId | null; kind: TLinkKind; url: string; label: string; createdAt: Date }): TLinkItem {
  return { id: l.id, artifactKind: l.artifactKind, kind: l.kind, url: l.url, label: l.label, createdAt: l.createdAt.toISOString() };
}

/** What an audit row says about a file: metadata only, never the bytes. */
function attachmentAuditSnapshot(a: { artifactKind: string | null; fileName: string; mimeType: string; sizeBytes: number; sha256: string }) {
  return { artifactKind: a.artifactKind, fileName: a.fileName, mimeType: a.mimeType, sizeBytes: a.sizeBytes, sha256: a.sha256 };
}

export async function getArtifactsOverview(actor: TActor, incidentKey: string): Promise<TArtifactsOverview> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({
    where: { key: incidentKey },
    select: { id: true, key: true, version: true, customerImpactStatement: true },
  });
  if (!incident) throw new NotFoundError(`Incident ${incidentKey} was not found.`);
  const [rows, attachments, links, maxUploadBytes] = await Promise.all([
    prisma.artifact.findMany({ where: { incidentId: incident.id } }),
    prisma.attachment.findMany({ where: { incidentId: incident.id }, select: ATTACHMENT_META, orderBy: { createdAt: "asc" } }),
    prisma.artifactLink.findMany({ where: { incidentId: incident.id }, orderBy: { createdAt: "asc" } }),
    getUploadLimitBytes(),
  ]);
  const states = deriveArtifactStates(rows, attachments, links, incident.customerImpactStatement);
  return {
    incidentKey: incident.key,
    incidentVersion: incident.version,
    customerImpactStatement: incident.customerImpactStatement ?? "",
    maxUploadBytes,
    artifacts: states.map((s) => ({
      ...s,
      attachments: attachments.filter((a) => a.artifactKind === s.kind).map(toAttachmentMeta),
      links: links.filter((l) => l.artifactKind === s.kind).map(toLinkItem),
    })),
  };
}

// ─── State bookkeeping ──────────────────────────────────────────────────────

/**
 * Locks the incident row for this transaction and returns it, so changes to
 * one incident's artifacts apply one after another and each recomputed state
 * sees the others' committed files and links.
 */
async function lockIncident(tx: TTx, key: string): Promise<{ id: string; version: number; customerImpactStatement: string | null }> {
  const rows = await tx.$queryRaw<{ id: string; version: number; customerImpactStatement: string | null }[]>`
    SELECT "id", "version", "customerImpactStatement" FROM "Incident" WHERE "key" = ${key} FOR NO KEY UPDATE`;
  const incident = rows[0];
  if (!incident) throw new NotFoundError(`Incident ${key} was not found.`);
  return incident;
}

type TArtifactRow = { id: string; kind: TArtifactKindId; state: TArtifactState; notApplicableReason: string | null; version: number };

function presentArtifact(row: TArtifactRow) {
  return { state: row.state, notApplicableReason: row.notApplicableReason };
}

/** Writes a new state/reason for an artifact row (creating it if needed), audited in the same transaction. */
async function writeArtifactState(
  tx: TTx,
  actor: TActor,
  incidentId: string,
  kind: TArtifactKindId,
  row: TArtifactRow | null,
  next: { state: TArtifactState; notApplicableReason: string | null },
): Promise<void> {
  if (!row) {
    if (next.state === "MISSING") return; // "missing" is what no row means already
    const created = await tx.artifact.create({ data: { incidentId, kind, ...next } });
    await recordAudit(tx, {
      actor,
      incidentId,
      action: "CREATE",
      entityType: "Artifact",
      entityId: created.id,
      snapshot: { kind, ...next },
    });
    return;
  }
  const changes = diffFields(presentArtifact(row), next, ["state", "notApplicableReason"]);
  if (changes.length === 0) return;
  const { count } = await tx.artifact.updateMany({ where: { id: row.id, version: row.version }, data: { ...next, version: { increment: 1 } } });
  if (count === 0) {
    const now = await tx.artifact.findUnique({ where: { id: row.id } });
    throw new ConflictError(CONFLICT_MESSAGE, now ? presentArtifact(now) : null, now?.version ?? 0);
  }
  await recordAudit(tx, { actor, incidentId, action: "UPDATE", entityType: "Artifact", entityId: row.id, changes });
}

/**
 * Recomputes one kind's state from its files, links and (for the statement
 * kind) the statement. New evidence clears "not applicable"; removing
 * evidence never does.
 */
async function syncArtifactState(
  tx: TTx,
  actor: TActor,
  incident: { id: string; customerImpactStatement: string | null },
  kind: TArtifactKindId,
  { clearNotApplicable }: { clearNotApplicable: boolean },
): Promise<void> {
  const row = await tx.artifact.findUnique({ where: { incidentId_kind: { incidentId: incident.id, kind } } });
  const [attachmentCount, linkCount] = await Promise.all([
    tx.attachment.count({ where: { incidentId: incident.id, artifactKind: kind } }),
    tx.artifactLink.count({ where: { incidentId: incident.id, artifactKind: kind } }),
  ]);
  const notApplicable = row?.state === "NOT_APPLICABLE" && !clearNotApplicable;
  const state = deriveArtifactState({
    notApplicable,
    attachmentCount,
    linkCount,
    hasStatement: kind === STATEMENT_KIND && Boolean(incident.customerImpactStatement?.trim()),
  });
  await writeArtifactState(tx, actor, incident.id, kind, row, {
    state,
    notApplicableReason: state === "NOT_APPLICABLE" ? (row?.notApplicableReason ?? null) : null,
  });
}

// ─── Files ──────────────────────────────────────────────────────────────────

export type TUploadInput = { incidentKey: string; artifactKind: TArtifactKindId; fileName: string; bytes: Uint8Array };

/**
 * Stores one file for an artifact kind. Size and type (from the content) are
 * checked before anything is written: a refused file leaves no row and no history.
 */
export async function uploadAttachment(actor: TActor, input: TUploadInput): Promise<TAttachmentMeta> {
  requirePermission(actor, "incident:write");
  const limit = await getUploadLimitBytes();
  if (input.bytes.byteLength > limit) throw new PayloadTooLargeError(tooLargeMessage(limit));
  const fileName = sanitizeFileName(input.fileName);
  const type = detectFileType(fileName, input.bytes);
  if (!type.ok) throw new ValidationError(type.message, { file: [type.message] });
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    const created = await tx.attachment.create({
      data: {
        incidentId: incident.id,
        artifactKind: input.artifactKind,
        fileName,
        mimeType: type.mimeType,
        sizeBytes: input.bytes.byteLength,
        sha256,
        content: input.bytes as Uint8Array<ArrayBuffer>,
        uploadedById: actor.id,
      },
      select: ATTACHMENT_META,
    });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "CREATE",
      entityType: "Attachment",
      entityId: created.id,
      snapshot: attachmentAuditSnapshot(created),
    });
    await syncArtifactState(tx, actor, incident, input.artifactKind, { clearNotApplicable: true });
    return toAttachmentMeta(created);
  });
}

export type TAttachmentDownload = { fileName: string; mimeType: string; sizeBytes: number; sha256: string; content: Uint8Array };

/** A file's bytes for download; any signed-in role may read. */
export async function getAttachmentDownload(actor: TActor, input: { incidentKey: string; id: string }): Promise<TAttachmentDownload> {
  requirePermission(actor, "incident:read");
  const row = await getPrisma().attachment.findFirst({
    where: { id: input.id, incident: { key: input.incidentKey } },
    select: { fileName: true, mimeType: true, sizeBytes: true, sha256: true, content: true },
  });
  if (!row) throw new NotFoundError("This file was not found; it may have been removed.");
  return { fileName: row.fileName, mimeType: row.mimeType, sizeBytes: row.sizeBytes, sha256: row.sha256, content: row.content };
}

export async function deleteAttachment(actor: TActor, input: z.output<typeof ZDeleteAttachment>): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    const row = await tx.attachment.findFirst({ where: { id: input.id, incidentId: incident.id }, select: ATTACHMENT_META });
    if (!row) throw new NotFoundError("This file was already removed.");
    await tx.attachment.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "DELETE",
      entityType: "Attachment",
      entityId: row.id,
      snapshot: attachmentAuditSnapshot(row),
    });
    if (row.artifactKind) await syncArtifactState(tx, actor, incident, row.artifactKind, { clearNotApplicable: false });
    return { id: row.id };
  });
}

// ─── Links ──────────────────────────────────────────────────────────────────

export async function addArtifactLink(actor: TActor, input: z.output<typeof ZAddArtifactLink>): Promise<TLinkItem> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    const created = await tx.artifactLink.create({ data: { incidentId: incident.id, ...input.link } });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "CREATE",
      entityType: "ArtifactLink",
      entityId: created.id,
      snapshot: input.link,
    });
    await syncArtifactState(tx, actor, incident, input.link.artifactKind, { clearNotApplicable: true });
    return toLinkItem(created);
  });
}

export async function deleteArtifactLink(actor: TActor, input: z.output<typeof ZDeleteArtifactLink>): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    const row = await tx.artifactLink.findFirst({ where: { id: input.id, incidentId: incident.id } });
    if (!row) throw new NotFoundError("This link was already removed.");
    await tx.artifactLink.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "DELETE",
      entityType: "ArtifactLink",
      entityId: row.id,
      snapshot: { artifactKind: row.artifactKind, kind: row.kind, url: row.url, label: row.label },
    });
    if (row.artifactKind) await syncArtifactState(tx, actor, incident, row.artifactKind, { clearNotApplicable: false });
    return { id: row.id };
  });
}

// ─── Not applicable ─────────────────────────────────────────────────────────

export async function markArtifactNotApplicable(
  actor: TActor,
  input: z.output<typeof ZMarkNotApplicable>,
): Promise<{ version: number }> {
  requirePermission(actor, "incident:write");
  if (!input.reason.trim()) {
    throw new ValidationError("Some fields need attention.", { reason: ["Say why this artifact does not apply."] });
  }
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    const row = await tx.artifact.findUnique({ where: { incidentId_kind: { incidentId: incident.id, kind: input.artifactKind } } });
    assertVersion(row, input.version, presentArtifact);
    await writeArtifactState(tx, actor, incident.id, input.artifactKind, row, { state: "NOT_APPLICABLE", notApplicableReason: input.reason });
    const saved = await tx.artifact.findUnique({ where: { incidentId_kind: { incidentId: incident.id, kind: input.artifactKind } } });
    return { version: saved?.version ?? 0 };
  });
}

/** Back from "not applicable" to what the files and links say. */
export async function clearArtifactNotApplicable(
  actor: TActor,
  input: z.output<typeof ZClearNotApplicable>,
): Promise<{ version: number }> {
  requirePermission(actor, "incident:write");
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    const row = await tx.artifact.findUnique({ where: { incidentId_kind: { incidentId: incident.id, kind: input.artifactKind } } });
    assertVersion(row, input.version, presentArtifact);
    await syncArtifactState(tx, actor, incident, input.artifactKind, { clearNotApplicable: true });
    const saved = await tx.artifact.findUnique({ where: { incidentId_kind: { incidentId: incident.id, kind: input.artifactKind } } });
    return { version: saved?.version ?? 0 };
  });
}

// ─── Customer-impact statement ──────────────────────────────────────────────

/**
 * Saves Incident.customerImpactStatement against the incident's version;
 * a non-empty statement marks the customer-impact artifact attached.
 */
export async function saveCustomerImpactStatement(
  actor: TActor,
  input: z.output<typeof ZSaveCustomerImpactStatement>,
): Promise<{ version: number; statement: string }> {
  requirePermission(actor, "incident:write");
  const statement = input.statement.trim() || null;
  return getPrisma().$transaction(async (tx) => {
    const incident = await lockIncident(tx, input.incidentKey);
    assertVersion(incident, input.version, (c) => ({ statement: c.customerImpactStatement ?? "" }));
    const { count } = await tx.incident.updateMany({
      where: { id: incident.id, version: input.version },
      data: { customerImpactStatement: statement, version: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError(CONFLICT_MESSAGE, { statement: incident.customerImpactStatement ?? "" }, incident.version);
    await recordAudit(tx, {
      actor,
      incidentId: incident.id,
      action: "UPDATE",
      entityType: "Incident",
      entityId: incident.id,
      changes: diffFields({ customerImpactStatement: incident.customerImpactStatement }, { customerImpactStatement: statement }),
    });
    await syncArtifactState(tx, actor, { id: incident.id, customerImpactStatement: statement }, STATEMENT_KIND, {
      clearNotApplicable: statement !== null,
    });
    return { version: incident.version + 1, statement: statement ?? "" };
  });
}
