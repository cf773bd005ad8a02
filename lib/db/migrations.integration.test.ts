import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMigrationDrift, deployMigrations, prismaCli } from "./migrate";
import { createScratchDatabase, tableNames } from "@/lib/testing/integration";

/** A copy of prisma/ and the config (paths resolve from the config's real location), the rest linked. */
function linkProject(root: string, dir: string) {
  cpSync(path.join(root, "prisma.config.ts"), path.join(dir, "prisma.config.ts"));
  for (const f of ["package.json", "scripts", "lib", "node_modules", "tsconfig.json"]) symlinkSync(path.join(root, f), path.join(dir, f));
}

describe("migrations", () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    db = await createScratchDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it("deploy on an empty database creates every table; re-deploy is a no-op", async () => {
    await deployMigrations(db.url);
    const tables = await tableNames(db.url);
    for (const t of ["User", "Incident", "AuditLog", "RequestLogRow", "QuestionAnswer", "_prisma_migrations"]) expect(tables).toContain(t);
    const again = await prismaCli(["migrate", "deploy"], db.url);
    expect(again.code).toBe(0);
    expect(`${again.stdout}${again.stderr}`).toMatch(/No pending migrations to apply/);
  });

  it("schema.prisma and the migrations agree, and the check runs outside the main database", async () => {
    const empty = await createScratchDatabase();
    try {
      const result = await checkMigrationDrift(empty.url);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      // The shadow database must not be the main one: the checked DB stays empty.
      expect(await tableNames(empty.url)).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it("the drift check fails when the schema is edited without a migration", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "drift-"));
    const root = process.cwd();
    try {
      cpSync(path.join(root, "prisma"), path.join(dir, "prisma"), { recursive: true });
      linkProject(root, dir);
      const schema = path.join(dir, "prisma/schema.prisma");
      writeFileSync(schema, `${readFileSync(schema, "utf8")}\nmodel DriftProbe {\n  id Int @id\n}\n`);
      const result = await prismaCli(
        ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
        db.url,
        dir,
      );
      expect(result.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a failing migration is rolled back whole", async () => {
    const scratch = await createScratchDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "atomic-"));
    const root = process.cwd();
    try {
      cpSync(path.join(root, "prisma"), path.join(dir, "prisma"), { recursive: true });
      linkProject(root, dir);
      const bad = path.join(dir, "prisma/migrations/29990101000000_bad");
      cpSync(path.join(dir, "prisma/migrations/20261124013300_audit_append_only"), bad, { recursive: true });
      writeFileSync(
        path.join(bad, "migration.sql"),
        `CREATE TABLE "AtomicProbe" (id int);\nCREATE FUNCTION f_probe() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 'a;b';\nSELECT * FROM "DoesNotExist";\n`,
      );
      const result = await prismaCli(["migrate", "deploy"], scratch.url, dir);
      expect(result.code).not.toBe(0);
      expect(await tableNames(scratch.url)).not.toContain("AtomicProbe");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  });
});
