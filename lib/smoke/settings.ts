import "server-only";
import { randomBytes } from "node:crypto";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/diff";
import { ConflictError } from "@/lib/http/errors";
import { CONFLICT_MESSAGE } from "@/lib/review/concurrency";
import { ZSaveAllowedHosts, type TSaveAllowedHosts } from "./hosts";

const SETTINGS_ID = 1;

export type TOutboundSettings = { allowedOutboundHosts: string[] };

/** The singleton row exists after this (created with a fresh HMAC key if missing). */
async function ensureSettingsRow(tx: Prisma.TransactionClient): Promise<void> {
  const secret = randomBytes(32).toString("base64url");
  await tx.$executeRaw`
    INSERT INTO "InstallationSetting" ("id", "hmacSecret", "updatedAt")
    VALUES (${SETTINGS_ID}, ${secret}, now())
    ON CONFLICT ("id") DO NOTHING`;
}

/** For the admin settings card. */
export async function getOutboundSettings(actor: TActor): Promise<TOutboundSettings> {
  requirePermission(actor, "settings:manage");
  return { allowedOutboundHosts: await readAllowedOutboundHosts(actor) };
}

/** The allow-list as stored, for the live-run check and its explanation on the smoke page. */
export async function readAllowedOutboundHosts(actor: TActor): Promise<string[]> {
  requirePermission(actor, "incident:read");
  const row = await getPrisma().installationSetting.findUnique({
    where: { id: SETTINGS_ID },
    select: { allowedOutboundHosts: true },
  });
  return row?.allowedOutboundHosts ?? [];
}

/**
 * Replaces the allow-list (admins only). The save names the list it was based
 * on (the row's other settings change independently); if the list changed
 * meanwhile, it is refused with the current one.
 */
export async function saveAllowedOutboundHosts(actor: TActor, input: TSaveAllowedHosts): Promise<TOutboundSettings> {
  requirePermission(actor, "settings:manage");
  const data = ZSaveAllowedHosts.parse({ hosts: input.hosts.join("\n"), basedOn: input.basedOn });
  return getPrisma().$transaction(async (tx) => {
    await ensureSettingsRow(tx);
    const locked = await tx.$queryRaw<{ allowedOutboundHosts: string[] }[]>`
      SELECT "allowedOutboundHosts" FROM "InstallationSetting" WHERE "id" = ${SETTINGS_ID} FOR UPDATE`;
    const current = locked[0]!;
    if (JSON.stringify(current.allowedOutboundHosts) !== JSON.stringify(data.basedOn)) {
      throw new ConflictError(CONFLICT_MESSAGE, { allowedOutboundHosts: current.allowedOutboundHosts }, 0);
    }
    const row = await tx.installationSetting.update({
      where: { id: SETTINGS_ID },
      data: { allowedOutboundHosts: data.hosts },
      select: { allowedOutboundHosts: true },
    });
    await recordAudit(tx, {
      actor,
      incidentId: null,
      action: "UPDATE",
      entityType: "InstallationSetting",
      entityId: String(SETTINGS_ID),
      changes: diffFields({ allowedOutboundHosts: current.allowedOutboundHosts }, { allowedOutboundHosts: data.hosts }),
    });
    return { allowedOutboundHosts: row.allowedOutboundHosts };
  });
}
