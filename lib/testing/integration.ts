// Helpers for *.integration.test.ts: a real Postgres from DATABASE_URL.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { getPrisma } from "@/lib/db/prisma";
import type { TActor, TRole } from "@/lib/auth/permissions";

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Integration tests need DATABASE_URL: run `npm run test:integration`.");
  return url;
}

export async function makeActor(role: TRole, extra: { passwordHash?: string } = {}): Promise<TActor> {
  const id = randomUUID().slice(0, 8);
  const user = await getPrisma().user.create({
    data: { email: `${role.toLowerCase()}-${id}@it.test`, name: `${role} ${id}`, role, passwordHash: extra.passwordHash },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** A new empty database on the same server, dropped by the returned function. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = requireDatabaseUrl();
  const name = `it_scratch_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function tableNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return r.rows.map((x) => x.tablename);
  } finally {
    await client.end();
  }
}
