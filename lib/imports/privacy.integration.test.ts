// Nothing private survives an import: prompts, responses, API keys, bearer
// tokens and e-mail addresses are absent from every table and every log line.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { fixtureRows, fixtureText, type TFixtureOptions } from "@/lib/logs/testing/fixtures";
import { makeActor, requireDatabaseUrl } from "@/lib/testing/integration";
import { createIncidentRecord } from "@/lib/incidents/incidents";

const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("@/lib/log/logger", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/log/logger")>();
  process.env.LOG_LEVEL = "trace";
  const logger = original.createLogger({ write: (line: string) => void captured.lines.push(line) });
  return { ...original, logger };
});

const { importLogStream } = await import("./import");
const { bytesOf, ALL_FORMATS } = await import("./testing");
const { listLogImports } = await import("./analytics");

const T0 = Date.UTC(2026, 4, 8, 9, 0, 0);

/**
 * Every row of every table in the public schema, as JSON text — except that
 * request-log rows are limited to this incident's: the planted strings exist
 * only in this test's files, so only its own imports could carry them, and
 * other suites leave hundreds of thousands of rows there.
 */
async function dumpDatabase(incidentId: string): Promise<string> {
  const client = new pg.Client({ connectionString: requireDatabaseUrl() });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const parts: string[] = [];
    for (const { tablename } of tables.rows) {
      const quoted = `"${tablename.replace(/"/g, '""')}"`;
      const rows =
        tablename === "RequestLogRow"
          ? await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${quoted} AS t WHERE t."incidentId" = $1`, [incidentId])
          : await client.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${quoted} AS t`);
      for (const r of rows.rows) parts.push(r.j);
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

describe("privacy of imported logs", () => {
  const forbidden = new Set<string>();
  let incidentId: string;

  beforeAll(async () => {
    const commander = await makeActor("COMMANDER");
    incidentId = (await createIncidentRecord(commander, { title: "Privacy", severity: "SEV1", degradationStartedAt: new Date(T0) })).id;
    for (const [i, format] of ALL_FORMATS.entries()) {
      const options: TFixtureOptions = { count: 300, seed: 100 + i, startMs: T0 + i * 3_600_000, plantSecrets: true, prompts: true, multilinePrompts: format === "csv" };
      for (const row of fixtureRows(options)) for (const s of row.forbidden) forbidden.add(s);
      const text = fixtureText(format, options);
      const result = await importLogStream(commander, { incidentId, fileName: `secrets.${format}`, source: bytesOf(text, 8192), format: "auto", skipInvalid: false });
      expect(result.accepted).toBe(300);
      expect(result.privacyReport.secretsRedacted + result.privacyReport.personalDataRedacted).toBeGreaterThan(0);
      expect(result.privacyReport.promptsHashed).toBe(300);
    }
    // A refused file (invalid line carrying a secret) must not leak through its rejection report either.
    const leaky = fixtureText("jsonl", { count: 20, seed: 999, startMs: T0, plantSecrets: true });
    const secretLine = `{"timestamp": "not a time sk-live-REFUSEDLINE0123456789abcdefghij", "prompt": "refused prompt jane.refused@corp.example.org"}`;
    forbidden.add("sk-live-REFUSEDLINE0123456789abcdefghij");
    forbidden.add("jane.refused@corp.example.org");
    forbidden.add("refused prompt");
    for (const row of fixtureRows({ count: 20, seed: 999, startMs: T0, plantSecrets: true })) for (const s of row.forbidden) forbidden.add(s);
    await expect(
      importLogStream(commander, { incidentId, fileName: "refused.jsonl", source: bytesOf(`${leaky}${secretLine}\n`), format: "jsonl", skipInvalid: false }),
    ).rejects.toThrow(/invalid/);
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("planted the kinds of secrets the test is about", () => {
    const all = [...forbidden];
    expect(all.some((s) => s.startsWith("sk-live-"))).toBe(true);
    expect(all.some((s) => s.startsWith("eyJ"))).toBe(true);
    expect(all.some((s) => /@corp\.example\.org$/.test(s))).toBe(true);
    expect(all.some((s) => s.startsWith("Customer "))).toBe(true);
    expect(all.some((s) => s.startsWith("Hello "))).toBe(true);
    expect(forbidden.size).toBeGreaterThan(2000);
  });

  it("no table holds a prompt, a response, a key, a token or an e-mail address", async () => {
    const dump = await dumpDatabase(incidentId);
    expect(dump).toContain(incidentId);
    const leaked = [...forbidden].filter((s) => dump.includes(s));
    expect(leaked).toEqual([]);
    // Also no fragments in this incident's rows (other suites plant raw secrets
    // in their own rows on purpose, e.g. to prove export redaction).
    const own = dump
      .split("\n")
      .filter((line) => line.includes(incidentId))
      .join("\n");
    expect(own).not.toMatch(/sk-(live|proj)-[A-Za-z0-9]{8}/);
    expect(own).not.toMatch(/ghp_[A-Za-z0-9]{8}/);
    expect(own).not.toMatch(/Bearer eyJ/);
    expect(own).not.toMatch(/jane\.doe\d+@corp\.example\.org/);
  }, 180_000);

  it("no log line holds them either (pino output captured at trace level)", async () => {
    expect(captured.lines.length).toBeGreaterThan(0);
    expect(captured.lines.some((l) => l.includes("log import completed"))).toBe(true);
    const logs = captured.lines.join("");
    const leaked = [...forbidden].filter((s) => logs.includes(s));
    expect(leaked).toEqual([]);
    expect(logs).not.toMatch(/sk-(live|proj)-[A-Za-z0-9]{8}/);
  });

  it("the imports list shows the privacy report", async () => {
    const commander = await makeActor("VIEWER");
    const imports = await listLogImports(commander, incidentId);
    const completed = imports.filter((i) => i.status === "COMPLETED");
    expect(completed).toHaveLength(4);
    for (const imp of completed) {
      expect(imp.privacy.promptsHashed).toBe(300);
      expect(imp.privacy.identifiersPseudonymized).toBeGreaterThan(0);
      expect(imp.privacy.secretsRedacted + imp.privacy.personalDataRedacted).toBeGreaterThan(0);
    }
  });
});
