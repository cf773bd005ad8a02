// Driver adapter for Prisma's CLI (WASM schema engine over node-postgres).
// It wraps @prisma/adapter-pg 6.19.3 to fix three upstream bugs measured here:
//  1. catalog columns of type `name` (OID 19) and `"char"` (OID 18) are not
//     mapped and fail deserialization: report them as text (OID 25);
//  2. executeScript splits a migration on ";" ($$ bodies, strings break and the
//     first half stays applied): send the script whole, as one simple-protocol
//     query, so each migration is all-or-nothing;
//  3. PostgreSQL 18 records NOT NULL as pg_constraint rows (contype 'n'),
//     which the engine's check-constraint introspection does not know and
//     panics on ("unreachable"): leave them out of that query;
//  4. connectToShadowDb connects to the MAIN database when a connectionString is
//     used and drops the shadow DB while its pool is open: create a uniquely
//     named database, point the connection string at it, drop it after the pool ends.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const TEXT_OID = 25;
const UNMAPPED_CATALOG_OIDS = new Set([18, 19]);

type TQueryResultLike = { fields?: { dataTypeID: number }[] };

function remapCatalogFieldTypes(result: unknown): unknown {
  const fields = (result as TQueryResultLike | undefined)?.fields;
  if (Array.isArray(fields)) {
    for (const field of fields) {
      if (UNMAPPED_CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

type TQueryable = { query: (...args: unknown[]) => unknown };

function patchQuery<T extends TQueryable>(target: T): T {
  const original = target.query.bind(target);
  target.query = ((...args: unknown[]) => {
    const out = original(...args);
    if (out && typeof (out as Promise<unknown>).then === "function") {
      return (out as Promise<unknown>).then(remapCatalogFieldTypes);
    }
    return out;
  }) as T["query"];
  return target;
}

/** A pool whose query results (also on checked-out clients) map OIDs 18/19 to text. */
export function createPatchedPool(config: pg.PoolConfig): pg.Pool {
  const pool = patchQuery(new pg.Pool(config) as unknown as TQueryable) as unknown as pg.Pool;
  pool.on("connect", (client) => {
    patchQuery(client as unknown as TQueryable);
  });
  return pool;
}

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

type TAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

const CHECK_CONSTRAINT_FILTER = "contype NOT IN ('p', 'u', 'f')";

/** Rewrites the engine's constraint introspection so PG 18 NOT NULL rows are skipped. */
export function rewriteIntrospectionSql(sql: string): string {
  return sql.includes(CHECK_CONSTRAINT_FILTER) ? sql.replace(CHECK_CONSTRAINT_FILTER, "contype NOT IN ('p', 'u', 'f', 'n')") : sql;
}

function fixExecuteScript(adapter: TAdapter, pool: pg.Pool): TAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = (query) => queryRaw({ ...query, sql: rewriteIntrospectionSql(query.sql) });
  adapter.executeScript = async (script: string) => {
    try {
      // No parameters → pg uses the simple query protocol: one implicit transaction.
      await pool.query(script);
    } catch (error) {
      // Reuse the adapter's own error conversion for consistent CLI messages.
      (adapter as unknown as { onError: (e: unknown) => never }).onError(error);
    }
  };
  return adapter;
}

export function createMigrationAdapterFactory(connectionString: string) {
  const poolConfig = (cs: string): pg.PoolConfig => ({
    connectionString: cs,
    max: 4,
    // Short idle timeout lets CLI processes exit promptly.
    idleTimeoutMillis: 500,
  });

  const open = async (cs: string) => {
    const pool = createPatchedPool(poolConfig(cs));
    const factory = new PrismaPg(pool, { disposeExternalPool: true });
    const adapter = await factory.connect();
    return fixExecuteScript(adapter, pool);
  };

  return {
    provider: "postgres" as const,
    adapterName: "@prisma/adapter-pg",
    connect: () => open(connectionString),
    async connectToShadowDb() {
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      const database = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
      try {
        await admin.query(`CREATE DATABASE "${database}"`);
      } finally {
        await admin.end();
      }
      const adapter = await open(withDatabase(connectionString, database));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const dropper = new pg.Client({ connectionString });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      };
      return adapter;
    },
  };
}
