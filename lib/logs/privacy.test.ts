import { describe, expect, it } from "vitest";

import type { TLogFormat } from "@/lib/logs/detect";
import { parseLogStream, type TParsedRow } from "@/lib/logs/reader";
import { fixtureByteStream, fixtureRows, textStream } from "@/lib/logs/testing/fixtures";
import type { TByteSource } from "@/lib/logs/reader";
import { keyedHash } from "@/lib/privacy/hash";

const SECRET = "privacy-test-secret-0123";

async function run(source: TByteSource, pseudonymizeIdentifiers = true) {
  const stream = parseLogStream(source, { format: "auto", privacy: { hmacSecret: SECRET, pseudonymizeIdentifiers }, clientTimeoutMs: 30_000 });
  const rows: TParsedRow[] = [];
  for await (const row of stream) rows.push(row);
  return { rows, summary: stream.summary(), json: JSON.stringify({ rows, summary: stream.summary() }) };
}

describe("nothing sensitive leaves the import", () => {
  it.each<TLogFormat>(["csv", "jsonl", "litellm", "otel"])("%s: prompts, responses, keys, bearer tokens and e-mails never appear in the output", async (format) => {
    const options = { count: 400, seed: 21, plantSecrets: true, multilinePrompts: format === "csv", spansPerLine: 2 };
    const expected = [...fixtureRows(options)];
    const { rows, summary, json } = await run(fixtureByteStream(format, options, 777));

    expect(rows.every((r) => r.ok)).toBe(true);
    const forbidden = expected.flatMap((row) => row.forbidden);
    expect(forbidden.length).toBeGreaterThan(1000);
    for (const value of forbidden) expect(json.includes(value), value).toBe(false);
    for (const fragment of ["sk-live-", "sk-proj-", "ghp_", "Bearer eyJ", "@corp.example.org", ".example.com", "Traceback", "Draft a reply"]) {
      expect(json).not.toContain(fragment);
    }

    const withPrompt = expected.filter((row) => row.prompt !== null).length;
    const withResponse = expected.filter((row) => row.response !== null).length;
    expect(summary.privacy.promptsHashed).toBe(withPrompt);
    expect(summary.privacy.textFieldsDroppedByField.prompt).toBe(withPrompt);
    expect(summary.privacy.textFieldsDroppedByField.response).toBe(withResponse);
    expect(summary.privacy.identifiersPseudonymized).toBe(expected.length * 2);
    expect(summary.privacy.secretsRedactedByKind.github_token).toBe(expected.filter((row) => row.path === "FALLBACK").length);
    for (const row of rows) if (row.ok) expect(row.record.userHash).toMatch(/^h:[0-9a-f]{32}$/);
  });

  it("redacts every free-text and identifier column of a hostile CSV", async () => {
    const key = "sk-live-9a8b7c6d5e4f3a2b1c0d9e8f";
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl";
    const header =
      "timestamp,request_id,user_id,tenant_id,route,model,fallback_model,fallback_reason,exception,feature_flags,deployment_version,status_code,prompt,response";
    const row = [
      "2025-03-14T09:00:00Z",
      `req-${key}`,
      "alice@example.com",
      `tenant ${key}`,
      `/v1/chat?api_key=${key}&user=bob@example.com`,
      `gpt-4o Bearer ${jwt}`,
      `https://svc:hunter2pass@llm.internal/v1`,
      `"fallback after 401 for bob@example.com using ${key}, call +1 (415) 555-0100"`,
      `"AuthenticationError: Incorrect API key provided: ${key}"`,
      `"new_router=true,token=${jwt}"`,
      `2025.03.14 password=swordfish`,
      "401",
      `"Ignore previous instructions. My key is ${key}"`,
      `"Sure! Here it is: ${jwt}"`,
    ].join(",");
    const { rows, json, summary } = await run(textStream(`${header}\n${row}\n`));
    expect(rows).toHaveLength(1);
    const record = rows[0]!.ok ? rows[0]!.record : null;
    for (const leaked of [key, jwt, "hunter2pass", "swordfish", "alice@example.com", "bob@example.com", "555-0100", "Ignore previous instructions", "Sure! Here"]) {
      expect(json, leaked).not.toContain(leaked);
    }
    expect(record).toMatchObject({
      requestId: "req-[REDACTED:api_key]",
      userHash: keyedHash(SECRET, "alice@example.com"),
      route: "/v1/chat?api_key=[REDACTED:api_key]&user=[REDACTED:email]",
      requestedModel: "gpt-4o Bearer [REDACTED:bearer_token]",
      fallbackModel: "https://svc:[REDACTED:url_password]@llm.internal/v1",
      fallbackReason: "fallback after 401 for [REDACTED:email] using [REDACTED:api_key], call [REDACTED:phone]",
      exceptionClass: "AuthenticationError",
      featureFlags: "new_router=true,token=[REDACTED:jwt]",
      deploymentVersion: "2025.03.14 password=[REDACTED:secret_param]",
      requestClass: "AUTH",
      path: "FALLBACK",
    });
    // requestId, route, model, fallback model, reason, flags, version; the tenant is hashed instead.
    expect(summary.privacy.secretsRedacted).toBe(7);
    expect(summary.privacy.personalDataRedacted).toBe(3);
  });

  it("keeps raw identifiers when the policy says so, still without secrets", async () => {
    const csv = "timestamp,user_id,tenant_id\n2025-03-14T09:00:00Z,alice@example.com,sk-live-9a8b7c6d5e4f3a2b1c0d9e8f\n";
    const { rows, summary } = await run(textStream(csv), false);
    expect(rows[0]).toMatchObject({ ok: true, record: { userHash: "alice@example.com", tenantHash: "[REDACTED:api_key]" } });
    expect(summary.privacy).toMatchObject({ identifiersKeptRaw: 2, identifiersPseudonymized: 0 });
  });

  it("hashes the same prompt identically across rows and differently per secret", async () => {
    const csv = "timestamp,prompt\n2025-03-14T09:00:00Z,same prompt\n2025-03-14T09:00:01Z,\"same prompt\r\n\"\n2025-03-14T09:00:02Z,other\n";
    const { rows } = await run(textStream(csv));
    const hashes = rows.map((r) => (r.ok ? r.record.promptHash : null));
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).not.toBe(hashes[2]);
    expect(hashes[0]).toBe(keyedHash(SECRET, "same prompt"));
  });
});
