// Calling a server action over HTTP as the browser does (POST with the
// Next-Action header, arguments as a JSON array), for bench:load and the e2e
// fault spec: the action's id comes from the build's manifest, the result from
// the React Flight rows of the response.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The id Next gave `exportedName` of `filename` in the build under `distDir`. */
export function serverActionId(distDir: string, filename: string, exportedName: string): string {
  const file = path.resolve(distDir, "server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const entry = Object.entries(manifest.node).find(([, v]) => v.filename === filename && v.exportedName === exportedName);
  if (!entry) throw new Error(`${exportedName} (${filename}) not found in ${file} (is that the build the app runs?)`);
  return entry[0];
}

/** The action's return value from a server-action response (row 0 points at the result's row). */
export function actionResult(flight: string): unknown {
  const rows = new Map<string, string>();
  for (const line of flight.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
  const ref = root?.a;
  if (typeof ref === "string" && ref.startsWith("$@")) return JSON.parse(rows.get(ref.slice(2)) ?? "null");
  return ref;
}

/** POSTs one server action the way the browser does; resolves with the HTTP status and the action's result. */
export async function callServerAction(pageUrl: string, actionId: string, cookie: string, args: unknown[]): Promise<{ status: number; result: unknown }> {
  const origin = new URL(pageUrl).origin;
  const response = await fetch(pageUrl, {
    method: "POST",
    headers: { accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", "next-action": actionId, origin, cookie },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  return { status: response.status, result: response.status === 200 ? actionResult(text) : null };
}
