import "server-only";
// The admin setting "require readiness for export" (InstallationSetting
// .requireReadinessForExport): read and toggled by admins, audited.
import { randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError } from "@/lib/http/errors";
import { ZRequireReadinessSetting, type TRequireReadinessSetting } from "./schemas";

export type TExportAdminSettings = { requireReadinessForExport: boolean };

export async function getExportAdminSettings(actor: TActor): Promise<TExportAdminSettings> {
  requirePermission(actor, "settings:manage");
  const row = await getPrisma().installationSetting.findUnique({ where: { id: 1 }, select: { requireReadinessForExport: true } });
  return { requireReadinessForExport: row?.requireReadinessForExport ?? false };
}

export async function setRequireReadinessForExport(actor: TActor, input: TRequireReadinessSetting): Promise<TExportAdminSettings> {
  requirePermission(actor, "settings:manage");
  const data = ZRequireReadinessSetting.parse(input);
  return getPrisma().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "InstallationSetting" ("id", "hmacSecret", "updatedAt") VALUES (1, ${randomBytes(32).toString("hex")}, now())
      ON CONFLICT ("id") DO NOTHING`;
    const locked = await tx.$queryRaw<{ requireReadinessForExport: boolean }[]>`
      SELECT "requireReadinessForExport" FROM "InstallationSetting" WHERE "id" = 1 FOR UPDATE`;
    const current = locked[0]!.requireReadinessForExport;
    if (current !== data.basedOn) {
      throw new ConflictError("Someone else changed this setting since you opened the page.", { requireReadinessForExport: current }, 0);
    }
    if (current === data.requireReadinessForExport) return { requireReadinessForExport: current };
    await tx.installationSetting.update({ where: { id: 1 }, data: { requireReadinessForExport: data.requireReadinessForExport } });
    await recordAudit(tx, {
      actor,
      incidentId: null,
      action: "UPDATE",
      entityType: "InstallationSetting",
      entityId: "1",
      changes: diffFields({ requireReadinessForExport: current }, { requireReadinessForExport: data.requireReadinessForExport }),
    });
    return { requireReadinessForExport: data.requireReadinessForExport };
  });
}
