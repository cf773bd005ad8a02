import "server-only";
import { randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db/prisma";
import type { TPrivacyPolicy } from "@/lib/privacy";

export type TImportSettings = {
  privacy: TPrivacyPolicy;
  maxImportBytes: number;
  maxLineBytes: number;
};

const SETTINGS_ID = 1;

/**
 * The installation's import limits and privacy policy. The singleton settings
 * row is created on first use with a fresh random HMAC secret (32 bytes).
 */
export async function loadImportSettings(): Promise<TImportSettings> {
  const prisma = getPrisma();
  const select = { hmacSecret: true, pseudonymizeIdentifiers: true, maxImportBytes: true, maxLineBytes: true } as const;
  let row = await prisma.installationSetting.findUnique({ where: { id: SETTINGS_ID }, select });
  if (!row) {
    const secret = randomBytes(32).toString("hex");
    await prisma.$executeRaw`
      INSERT INTO "InstallationSetting" ("id", "hmacSecret", "updatedAt") VALUES (${SETTINGS_ID}, ${secret}, now())
      ON CONFLICT ("id") DO NOTHING`;
    row = await prisma.installationSetting.findUniqueOrThrow({ where: { id: SETTINGS_ID }, select });
  }
  return {
    privacy: { hmacSecret: row.hmacSecret, pseudonymizeIdentifiers: row.pseudonymizeIdentifiers },
    maxImportBytes: Number(row.maxImportBytes),
    maxLineBytes: row.maxLineBytes,
  };
}

export function formatByteSize(n: number): string {
  if (n >= 1024 ** 3) return `${Math.round((n / 1024 ** 3) * 10) / 10} GiB`;
  if (n >= 1024 ** 2) return `${Math.round((n / 1024 ** 2) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

export function importTooLargeMessage(maxBytes: number): string {
  return `The file is larger than the ${formatByteSize(maxBytes)} import limit; nothing was imported. Split it or ask an admin to raise the limit.`;
}
