// Runs the Prisma CLI (migrate deploy / diff) as a child process with the
// long-timer preload, against an explicit DATABASE_URL.
import { spawn } from "node:child_process";
import path from "node:path";

export type TCliResult = { code: number; stdout: string; stderr: string };

export function prismaCli(args: string[], databaseUrl: string, cwd = process.cwd()): Promise<TCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["-r", path.join(cwd, "scripts/prisma-preload.cjs"), path.join(cwd, "node_modules/prisma/build/index.js"), ...args],
      { cwd, env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function deployMigrations(databaseUrl: string, cwd = process.cwd()): Promise<void> {
  const result = await prismaCli(["migrate", "deploy"], databaseUrl, cwd);
  if (result.code !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** 0 = schema and migrations agree, 2 = schema edited without a migration. */
export async function checkMigrationDrift(databaseUrl: string, cwd = process.cwd()): Promise<TCliResult> {
  return prismaCli(
    [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--exit-code",
    ],
    databaseUrl,
    cwd,
  );
}
