import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapterFactory } from "./lib/db/migration-adapter";

// `prisma generate` needs a URL but never connects; scripts/with-db.ts and
// scripts/start.ts set the real one (embedded Postgres or DATABASE_URL).
const PLACEHOLDER_URL = "postgresql://placeholder@127.0.0.1:5/placeholder";
process.env.DATABASE_URL ??= PLACEHOLDER_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => createMigrationAdapterFactory(process.env.DATABASE_URL ?? PLACEHOLDER_URL),
});
