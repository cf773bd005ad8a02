import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

/** Seeds or reads test data through lib/ in a subprocess against the test database. */
export function seed<T = unknown>(command: string, input: Record<string, unknown> = {}): T {
  const out = execFileSync(
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", path.join(root, "e2e/support/seed-cli.ts"), command, JSON.stringify(input)],
    { cwd: root, env: process.env, encoding: "utf8" },
  );
  return JSON.parse(out) as T;
}
