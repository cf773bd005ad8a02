// Usage: tsx scripts/with-db.ts <command...>
// Runs a command with DATABASE_URL pointing at a migrated database: the one
// given in DATABASE_URL, or the embedded test cluster (fresh database each run).
import { spawn } from "node:child_process";
import { migrate, provideDatabase, stopOnSignals } from "./database";

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error("usage: tsx scripts/with-db.ts <command> [args...]");
    process.exit(2);
  }
  const kind = process.env.WITH_DB_KIND === "app" ? "app" : "test";
  const db = await provideDatabase(kind);
  stopOnSignals(db.stop);
  let code = 1;
  try {
    if (process.env.WITH_DB_SKIP_MIGRATE !== "1") await migrate(db.url);
    code = await new Promise<number>((resolve) => {
      const child = spawn(command, args, {
        stdio: "inherit",
        env: { ...process.env, DATABASE_URL: db.url },
        shell: false,
      });
      child.on("close", (c) => resolve(c ?? 1));
      child.on("error", (e) => {
        console.error(e.message);
        resolve(1);
      });
    });
  } finally {
    await db.stop();
  }
  process.exit(code);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
