// Resolves the database a script runs against: DATABASE_URL when set,
// otherwise the embedded PostgreSQL under .data/ (started and owned here).
import path from "node:path";
import pg from "pg";
import {
  DEFAULT_APP_PORT,
  DEFAULT_TEST_PORT,
  defaultDataDir,
  EmbeddedDatabaseInUseError,
  embeddedUrl,
  startEmbeddedPostgres,
  type TEmbeddedHandle,
} from "../lib/db/embedded";
import { deployMigrations } from "../lib/db/migrate";

export const projectRoot = path.resolve(import.meta.dirname, "..");

export type TProvidedDatabase = {
  url: string;
  embedded: TEmbeddedHandle | null;
  stop: () => Promise<void>;
};

export async function provideDatabase(
  kind: "app" | "test",
  log: (m: string) => void = (m) => console.log(m),
): Promise<TProvidedDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, embedded: null, stop: async () => undefined };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? (kind === "app" ? DEFAULT_APP_PORT : DEFAULT_TEST_PORT));
  const database = kind === "app" ? "incident_review" : "incident_review_test";
  const handle = await startEmbeddedPostgres({ dataDir: defaultDataDir(projectRoot, kind), port, database, log });
  if (kind === "test") await recreateDatabase(handle.url);
  return { url: handle.url, embedded: handle, stop: handle.stop };
}

/**
 * For command-line tools: the database the app uses by default. When the app
 * is running it owns the embedded server, so connect to that server instead
 * of starting one.
 */
export async function attachToAppDatabase(log: (m: string) => void = () => undefined): Promise<TProvidedDatabase> {
  try {
    return await provideDatabase("app", log);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
    const port = Number(process.env.EMBEDDED_PG_PORT ?? DEFAULT_APP_PORT);
    const url = embeddedUrl(port, "incident_review");
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch {
      throw new Error(`${error.message} (and its server does not answer on port ${port})`);
    } finally {
      await client.end().catch(() => undefined);
    }
    return { url, embedded: null, stop: async () => undefined };
  }
}

/**
 * A fresh, empty database next to `url` on the same server (name + suffix),
 * so e2e runs do not inherit integration-test data (e.g. the demo seed only
 * runs on a database without users).
 */
export async function freshSiblingDatabase(url: string, suffix: string): Promise<string> {
  const sibling = new URL(url);
  sibling.pathname = `/${decodeURIComponent(sibling.pathname.slice(1))}${suffix}`;
  await recreateDatabase(sibling.toString());
  return sibling.toString();
}

/** Tests start from an empty database every run. */
async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function migrate(url: string): Promise<void> {
  await deployMigrations(url, projectRoot);
}

/** Stops the embedded server on Ctrl-C / SIGTERM before exiting. */
export function stopOnSignals(stop: () => Promise<void>, beforeStop?: () => void): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      beforeStop?.();
      stop()
        .catch((e) => console.error(e))
        .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}
