// The one PrismaClient of a process (driver adapter over node-postgres; no
// engine binary). Reused across hot reloads in development.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

type TGlobalWithPrisma = typeof globalThis & { __incidentReviewPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start` (embedded database) or set DATABASE_URL.");
  }
  const adapter = new PrismaPg({
    connectionString,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
  });
  return new PrismaClient({ adapter });
}

export function getPrisma(): PrismaClient {
  const g = globalThis as TGlobalWithPrisma;
  g.__incidentReviewPrisma ??= createClient();
  return g.__incidentReviewPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const g = globalThis as TGlobalWithPrisma;
  if (g.__incidentReviewPrisma) {
    await g.__incidentReviewPrisma.$disconnect();
    g.__incidentReviewPrisma = undefined;
  }
}

export type { PrismaClient };
export { Prisma } from "@/lib/generated/prisma/client";
