import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError } from "@/lib/auth/permissions";
import { ConflictError, PayloadTooLargeError, ValidationError } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import {
  addArtifactLink,
  clearArtifactNotApplicable,
  deleteArtifactLink,
  deleteAttachment,
  getArtifactsOverview,
  getAttachmentDownload,
  getUploadLimitBytes,
  markArtifactNotApplicable,
  saveCustomerImpactStatement,
  uploadAttachment,
} from "./artifacts";
import { ZAddArtifactLink, ZClearNotApplicable, ZMarkNotApplicable, ZSaveCustomerImpactStatement } from "./schemas";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function setup() {
  const commander = await makeActor("COMMANDER");
  const viewer = await makeActor("VIEWER");
  const incident = await createIncident(commander, { title: "Artifact tests", severity: "SEV3", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  return { commander, viewer, incident };
}

async function counts(incidentId: string) {
  const prisma = getPrisma();
  return {
    attachments: await prisma.attachment.count({ where: { incidentId } }),
    links: await prisma.artifactLink.count({ where: { incidentId } }),
    artifacts: await prisma.artifact.count({ where: { incidentId } }),
    audit: await prisma.auditLog.count({ where: { incidentId } }),
  };
}

async function stateOf(actor: Awaited<ReturnType<typeof makeActor>>, key: string, kind: string) {
  const overview = await getArtifactsOverview(actor, key);
  return overview.artifacts.find((a) => a.kind === kind)!;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await getPrisma().installationSetting.updateMany({ data: { maxUploadBytes: 10 * 1024 * 1024 } });
});

describe("installation upload limit", () => {
  it("creates the settings row lazily with a random secret and the 10 MiB default", async () => {
    await getPrisma().installationSetting.deleteMany();
    const limits = await Promise.all([getUploadLimitBytes(), getUploadLimitBytes(), getUploadLimitBytes()]);
    expect(limits).toEqual([10485760, 10485760, 10485760]);
    const rows = await getPrisma().installationSetting.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hmacSecret).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("attachments", () => {
  it("stores a file with its sha256, audits metadata only, and marks the kind attached", async () => {
    const { commander, viewer, incident } = await setup();
    const meta = await uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "graph.png", bytes: PNG });
    expect(meta).toMatchObject({ fileName: "graph.png", mimeType: "image/png", sizeBytes: PNG.length, artifactKind: "GRAPHS", uploadedByName: commander.name });
    expect(meta.sha256).toBe(createHash("sha256").update(PNG).digest("hex"));
    expect((await stateOf(viewer, incident.key, "GRAPHS")).state).toBe("ATTACHED");

    const audit = await getPrisma().auditLog.findMany({ where: { incidentId: incident.id, entityType: { in: ["Attachment", "Artifact"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.entityType])).toEqual([
      ["CREATE", "Attachment"],
      ["CREATE", "Artifact"],
    ]);
    expect(audit[0]!.after).toEqual({ artifactKind: "GRAPHS", fileName: "graph.png", mimeType: "image/png", sizeBytes: PNG.length, sha256: meta.sha256 });
    // No bytes in history: not as a field, not as base64 or a byte array.
    expect(JSON.stringify([audit[0]!.before, audit[0]!.after])).not.toMatch(/content|iVBOR|137,80,78,71/);

    const download = await getAttachmentDownload(viewer, { incidentKey: incident.key, id: meta.id });
    expect(Buffer.from(download.content).equals(Buffer.from(PNG))).toBe(true);
    expect(download.mimeType).toBe("image/png");
  });

  it("refuses a file over the limit and stores nothing", async () => {
    const { commander, incident } = await setup();
    await getUploadLimitBytes();
    await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxUploadBytes: 1024 } });
    const before = await counts(incident.id);
    const big = new Uint8Array(1025).fill(0x41);
    const attempt = uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "TIMELINE", fileName: "notes.txt", bytes: big });
    await expect(attempt).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(attempt).rejects.toThrow("The file is larger than the upload limit of 1 KiB. Nothing was uploaded.");
    expect(await counts(incident.id)).toEqual(before);
    // Exactly at the limit is fine.
    await uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "TIMELINE", fileName: "notes.txt", bytes: big.slice(0, 1024) });
    expect((await counts(incident.id)).attachments).toBe(before.attachments + 1);
  });

  it("refuses forbidden types and spoofed extensions and stores nothing", async () => {
    const { commander, incident } = await setup();
    const before = await counts(incident.id);
    const text = new TextEncoder().encode("definitely not a picture");
    await expect(uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "x.png", bytes: text })).rejects.toThrow(
      '"x.png" is named as a PNG image, but its content is plain text. Nothing was uploaded.',
    );
    await expect(uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "tool.exe", bytes: PNG })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "a.txt", bytes: new Uint8Array([0x61, 0, 0x62]) }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "e.txt", bytes: new Uint8Array(0) })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await counts(incident.id)).toEqual(before);
  });

  it("removing the last file returns the kind to missing, unless links remain", async () => {
    const { commander, incident } = await setup();
    const a = await uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "MODEL_IDS", fileName: "a.json", bytes: new TextEncoder().encode("{}") });
    const b = await uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "MODEL_IDS", fileName: "b.md", bytes: new TextEncoder().encode("# ids") });
    await deleteAttachment(commander, { incidentKey: incident.key, id: a.id });
    expect((await stateOf(commander, incident.key, "MODEL_IDS")).state).toBe("ATTACHED");
    const link = await addArtifactLink(commander, ZAddArtifactLink.parse({ incidentKey: incident.key, link: { artifactKind: "MODEL_IDS", kind: "OTHER", url: "https://cfg.example.com/models", label: "Model config" } }));
    await deleteAttachment(commander, { incidentKey: incident.key, id: b.id });
    expect((await stateOf(commander, incident.key, "MODEL_IDS")).state).toBe("LINKED");
    await deleteArtifactLink(commander, { incidentKey: incident.key, id: link.id });
    expect((await stateOf(commander, incident.key, "MODEL_IDS")).state).toBe("MISSING");
    const row = await getPrisma().artifact.findUniqueOrThrow({ where: { incidentId_kind: { incidentId: incident.id, kind: "MODEL_IDS" } } });
    expect(row.state).toBe("MISSING");
    const stateChanges = await getPrisma().auditLog.findMany({ where: { incidentId: incident.id, entityType: "Artifact", field: "state" }, orderBy: { id: "asc" } });
    expect(stateChanges.map((c) => [c.before, c.after])).toEqual([
      ["ATTACHED", "LINKED"],
      ["LINKED", "MISSING"],
    ]);
    expect(await getPrisma().auditLog.count({ where: { incidentId: incident.id, entityType: "Attachment", action: "DELETE" } })).toBe(2);
    expect(await getPrisma().auditLog.count({ where: { incidentId: incident.id, entityType: "ArtifactLink" } })).toBe(2);
  });
});

describe("links", () => {
  it("a link makes the kind linked and is audited; javascript: is refused by the schema", async () => {
    const { commander, incident } = await setup();
    expect(ZAddArtifactLink.safeParse({ incidentKey: incident.key, link: { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "javascript:alert(1)", label: "x" } }).success).toBe(false);
    const link = await addArtifactLink(
      commander,
      ZAddArtifactLink.parse({ incidentKey: incident.key, link: { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://grafana.example.com/d/1", label: "Latency" } }),
    );
    expect(link).toMatchObject({ kind: "DASHBOARD", url: "https://grafana.example.com/d/1", label: "Latency" });
    expect((await stateOf(commander, incident.key, "GRAPHS")).state).toBe("LINKED");
    const audit = await getPrisma().auditLog.findFirstOrThrow({ where: { incidentId: incident.id, entityType: "ArtifactLink" } });
    expect(audit).toMatchObject({ action: "CREATE", entityId: link.id });
  });
});

describe("not applicable", () => {
  it("needs a reason, carries the row version, and evidence added later replaces it", async () => {
    const { commander, incident } = await setup();
    expect(ZMarkNotApplicable.safeParse({ incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", version: 0, reason: "" }).success).toBe(false);
    await expect(
      markArtifactNotApplicable(commander, { incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", version: 0, reason: "   " }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await getPrisma().artifact.count({ where: { incidentId: incident.id } })).toBe(0);

    const { version } = await markArtifactNotApplicable(
      commander,
      ZMarkNotApplicable.parse({ incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", version: 0, reason: "No failures were classified." }),
    );
    expect(version).toBe(1);
    expect(await stateOf(commander, incident.key, "ERROR_HISTOGRAM")).toMatchObject({ state: "NOT_APPLICABLE", notApplicableReason: "No failures were classified.", version: 1 });

    // A second person working from the old "no row yet" view gets a conflict.
    await expect(
      markArtifactNotApplicable(commander, ZMarkNotApplicable.parse({ incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", version: 0, reason: "Other reason" })),
    ).rejects.toBeInstanceOf(ConflictError);

    // Clearing goes back to what is on file (nothing → missing).
    await clearArtifactNotApplicable(commander, ZClearNotApplicable.parse({ incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", version: 1 }));
    expect((await stateOf(commander, incident.key, "ERROR_HISTOGRAM")).state).toBe("MISSING");

    // N/A again, then an upload for that kind makes it attached.
    await markArtifactNotApplicable(commander, { incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", version: 2, reason: "Not needed" });
    const file = await uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "ERROR_HISTOGRAM", fileName: "h.csv", bytes: new TextEncoder().encode("class,count\nTIMEOUT,3\n") });
    expect(await stateOf(commander, incident.key, "ERROR_HISTOGRAM")).toMatchObject({ state: "ATTACHED", notApplicableReason: null });
    // Removing that file does not bring back "not applicable": it is missing.
    await deleteAttachment(commander, { incidentKey: incident.key, id: file.id });
    expect((await stateOf(commander, incident.key, "ERROR_HISTOGRAM")).state).toBe("MISSING");
  });

  it("an N/A kind stays N/A when one of its links is removed", async () => {
    const { commander, incident } = await setup();
    const link = await addArtifactLink(commander, ZAddArtifactLink.parse({ incidentKey: incident.key, link: { artifactKind: "SUPPORT_CONTACTS", kind: "HELP_CENTER", url: "https://apidoc.cometapi.com/help-center", label: "Help center" } }));
    const row = await getPrisma().artifact.findUniqueOrThrow({ where: { incidentId_kind: { incidentId: incident.id, kind: "SUPPORT_CONTACTS" } } });
    await markArtifactNotApplicable(commander, { incidentKey: incident.key, artifactKind: "SUPPORT_CONTACTS", version: row.version, reason: "Support was not contacted." });
    await deleteArtifactLink(commander, { incidentKey: incident.key, id: link.id });
    expect((await stateOf(commander, incident.key, "SUPPORT_CONTACTS")).state).toBe("NOT_APPLICABLE");
  });
});

describe("customer-impact statement", () => {
  it("saves with the incident version, marks the kind attached, and conflicts on a stale version", async () => {
    const { commander, incident } = await setup();
    const saved = await saveCustomerImpactStatement(
      commander,
      ZSaveCustomerImpactStatement.parse({ incidentKey: incident.key, version: 1, statement: " Some users waited up to 10 s for answers. " }),
    );
    expect(saved).toEqual({ version: 2, statement: "Some users waited up to 10 s for answers." });
    const overview = await getArtifactsOverview(commander, incident.key);
    expect(overview).toMatchObject({ incidentVersion: 2, customerImpactStatement: "Some users waited up to 10 s for answers." });
    expect(overview.artifacts.find((a) => a.kind === "CUSTOMER_IMPACT_STATEMENT")!.state).toBe("ATTACHED");
    const audit = await getPrisma().auditLog.findFirstOrThrow({ where: { incidentId: incident.id, entityType: "Incident", field: "customerImpactStatement" } });
    expect(audit).toMatchObject({ before: null, after: "Some users waited up to 10 s for answers." });

    const before = await counts(incident.id);
    const stale = saveCustomerImpactStatement(commander, ZSaveCustomerImpactStatement.parse({ incidentKey: incident.key, version: 1, statement: "Mine" }));
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect(((await stale.catch((e: unknown) => e)) as ConflictError).current).toEqual({ statement: "Some users waited up to 10 s for answers." });
    expect(await counts(incident.id)).toEqual(before);

    await saveCustomerImpactStatement(commander, ZSaveCustomerImpactStatement.parse({ incidentKey: incident.key, version: 2, statement: "" }));
    expect((await stateOf(commander, incident.key, "CUSTOMER_IMPACT_STATEMENT")).state).toBe("MISSING");
  });
});

describe("authorization", () => {
  it("a viewer reads and downloads, but every write is refused and nothing is stored", async () => {
    const { commander, viewer, incident } = await setup();
    const file = await uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "g.png", bytes: PNG });
    const link = await addArtifactLink(commander, ZAddArtifactLink.parse({ incidentKey: incident.key, link: { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://d.example.com", label: "D" } }));
    const before = await counts(incident.id);
    const writes: Promise<unknown>[] = [
      uploadAttachment(viewer, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "v.png", bytes: PNG }),
      deleteAttachment(viewer, { incidentKey: incident.key, id: file.id }),
      addArtifactLink(viewer, ZAddArtifactLink.parse({ incidentKey: incident.key, link: { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://v.example.com", label: "V" } })),
      deleteArtifactLink(viewer, { incidentKey: incident.key, id: link.id }),
      markArtifactNotApplicable(viewer, { incidentKey: incident.key, artifactKind: "TIMELINE", version: 0, reason: "viewer says so" }),
      clearArtifactNotApplicable(viewer, { incidentKey: incident.key, artifactKind: "TIMELINE", version: 0 }),
      saveCustomerImpactStatement(viewer, { incidentKey: incident.key, version: 1, statement: "viewer statement" }),
    ];
    for (const write of writes) await expect(write).rejects.toBeInstanceOf(AuthError);
    expect(await counts(incident.id)).toEqual(before);
    expect((await getArtifactsOverview(viewer, incident.key)).artifacts).toHaveLength(10);
    expect((await getAttachmentDownload(viewer, { incidentKey: incident.key, id: file.id })).content.byteLength).toBe(PNG.length);
  });

  it("a change that fails after writing leaves neither the file nor its history", async () => {
    const { commander, incident } = await setup();
    const before = await counts(incident.id);
    const prisma = getPrisma();
    const original = prisma.$transaction.bind(prisma) as (fn: (tx: unknown) => Promise<unknown>) => Promise<unknown>;
    vi.spyOn(prisma, "$transaction").mockImplementationOnce(((fn: (tx: unknown) => Promise<unknown>) =>
      original(async (tx) => {
        await fn(tx);
        throw new Error("simulated failure before commit");
      })) as never);
    await expect(uploadAttachment(commander, { incidentKey: incident.key, artifactKind: "GRAPHS", fileName: "g.png", bytes: PNG })).rejects.toThrow(
      "simulated failure before commit",
    );
    expect(await counts(incident.id)).toEqual(before);
  });
});
