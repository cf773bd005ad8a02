// PUT /api/incidents/[key]/imports below the HTTP server: the steps before
// streaming (problem+json with a status) and the NDJSON progress stream.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { fixtureText } from "@/lib/logs/testing/fixtures";
import { makeActor } from "@/lib/testing/integration";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { PUT } = await import("@/app/api/incidents/[key]/imports/route");

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);
const ctx = (key: string) => ({ params: Promise.resolve({ key }) });

function put(key: string, body: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const qs = new URLSearchParams({ fileName: "gateway.jsonl", ...query });
  return PUT(new Request(`http://localhost/api/incidents/${key}/imports?${qs}`, { method: "PUT", body, headers }), ctx(key));
}

async function ndjson(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

let commander: TActor;
let incident: { id: string; key: string };

beforeEach(async () => {
  commander = await makeActor("COMMANDER");
  incident = await createIncidentRecord(commander, { title: "Upload route", severity: "SEV3", degradationStartedAt: new Date(T0) });
  session.actor = commander;
});

describe("PUT /api/incidents/[key]/imports", () => {
  it("streams progress and the result as NDJSON", async () => {
    const text = fixtureText("jsonl", { count: 3000, seed: 12, startMs: T0 });
    const response = await put(incident.key, text, { format: "auto", skipInvalid: "false" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = await ndjson(response);
    expect(lines[0]).toMatchObject({ type: "started" });
    expect(lines.some((l) => l.type === "progress")).toBe(true);
    const done = lines.at(-1)!;
    expect(done).toMatchObject({ type: "done", format: "jsonl", accepted: 3000, rejected: 0 });
    expect(await getPrisma().requestLogRow.count({ where: { incidentId: incident.id } })).toBe(3000);
  });

  it("refuses before streaming: signed out 401, viewer 403, too large 413, duplicate 409, bad options 400", async () => {
    const text = fixtureText("jsonl", { count: 10, seed: 13, startMs: T0 });
    session.actor = null;
    expect((await put(incident.key, text)).status).toBe(401);
    session.actor = await makeActor("VIEWER");
    const forbidden = await put(incident.key, text);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toMatch(/problem\+json/);
    session.actor = commander;
    expect((await put(incident.key, text, { format: "xml" })).status).toBe(400);
    expect((await put(incident.key, text, { mapping: "{nope" })).status).toBe(400);
    expect((await put("INC-1999-9999", text)).status).toBe(404);
    expect((await put(incident.key, text, {}, { origin: "https://evil.example" })).status).toBe(403);

    await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxImportBytes: 100 } });
    try {
      const tooLarge = await put(incident.key, text, {}, { "content-length": String(Buffer.byteLength(text)) });
      expect(tooLarge.status).toBe(413);
      expect(((await tooLarge.json()) as { detail: string }).detail).toMatch(/import limit/);
    } finally {
      await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxImportBytes: 2147483648 } });
    }

    const done = (await ndjson(await put(incident.key, text))).at(-1)!;
    expect(done.type).toBe("done");
    const duplicate = await put(incident.key, text, { sha256: String(done.sha256) });
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as { detail: string }).detail).toMatch(/already imported as/);
  });

  it("reports invalid lines in the stream; skipInvalid imports the valid rows", async () => {
    const lines = fixtureText("jsonl", { count: 30, seed: 14, startMs: T0 }).trimEnd().split("\n");
    lines.splice(4, 0, "garbage");
    const text = lines.join("\n");
    const refused = (await ndjson(await put(incident.key, text))).at(-1)!;
    expect(refused).toMatchObject({ type: "error", status: 400, invalidTotal: 1, validRows: 30 });
    expect(refused.invalidLines).toEqual([{ line: 5, code: "INVALID_JSON", reason: "The line is not valid JSON." }]);
    expect(await getPrisma().requestLogRow.count({ where: { incidentId: incident.id } })).toBe(0);
    const accepted = (await ndjson(await put(incident.key, text, { skipInvalid: "true" }))).at(-1)!;
    expect(accepted).toMatchObject({ type: "done", accepted: 30, rejected: 1 });
  });

  it("an unrecognized file is a 400 in the stream, never a 500", async () => {
    const result = (await ndjson(await put(incident.key, "<html><body>not a log</body></html>\n"))).at(-1)!;
    expect(result).toMatchObject({ type: "error", status: 400 });
    expect(String(result.error)).toMatch(/HTML/);
  });
});
