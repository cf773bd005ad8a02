import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, type TActor } from "@/lib/auth/permissions";
import { createIncident } from "@/lib/incidents/incidents";
import { snapshotToForm, ZSaveConfigSnapshot } from "@/lib/configuration/schemas";
import { createConfigSnapshot } from "@/lib/configuration/snapshots";
import { recordSmokeRun } from "@/lib/smoke/smoke";
import { ZRecordSmokeRun, type TRecordSmokeRunInput } from "@/lib/smoke/schemas";
import { makeActor } from "@/lib/testing/integration";
import { compareManually, compareSmokeRuns, listComparisons } from "./comparisons";
import { EMPTY_SIDE, ZCompareManual, ZCompareRuns } from "./schemas";

let commander: TActor;
let viewer: TActor;

beforeAll(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
});

async function setup(title: string) {
  const incident = await createIncident(commander, { title, severity: "SEV2", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  await createConfigSnapshot(
    commander,
    ZSaveConfigSnapshot.parse({
      ...snapshotToForm(incident.key, null),
      baseUrl: "https://api.cometapi.com",
      primaryModelResolvedId: "primary-1",
      fallbackModelResolvedId: "fallback-1",
    }),
  );
  const snapshot = await getPrisma().configSnapshot.findFirstOrThrow({ where: { incidentId: incident.id } });
  const run = (over: Partial<TRecordSmokeRunInput>) =>
    recordSmokeRun(
      commander,
      ZRecordSmokeRun.parse({
        incidentKey: incident.key,
        snapshotId: snapshot.id,
        path: "FALLBACK",
        systemMessage: "Return only a compact JSON object.",
        userMessage: 'Health check. Reply with {"ok":true,"path":"fallback"}.',
        expectedJson: "",
        maxTokens: "32",
        latencyToleranceMs: "2000",
        routeLogged: "YES",
        expectedSequence: null,
        statusCode: "200",
        exceptionClass: "",
        latencyMs: "700",
        responseBody: JSON.stringify({ choices: [{ message: { content: '{"ok":true}' } }], usage: { total_tokens: 30 } }),
        promptTokens: "",
        completionTokens: "",
        totalTokens: "",
        requestIdEchoed: "YES",
        ...over,
      }),
    );
  return { ...incident, run };
}

describe("path comparisons", () => {
  it("builds the seven-dimension comparison from a primary and a fallback run", async () => {
    const s = await setup("compare runs");
    const primary = await s.run({ path: "PRIMARY", statusCode: "", exceptionClass: "TimeoutError", latencyMs: "30000", responseBody: "", requestIdEchoed: "NO" });
    const fallback = await s.run({});
    await compareSmokeRuns(commander, ZCompareRuns.parse({ incidentKey: s.key, promptLabel: "Runbook smoke prompt", primaryRunId: primary.id, fallbackRunId: fallback.id }));
    const [c] = await listComparisons(viewer, s.key);
    expect(c).toMatchObject({ promptLabel: "Runbook smoke prompt", source: "MANUAL" });
    expect(c!.primary).toMatchObject({ statusOrException: "TimeoutError", latencyMs: 30000, requestId: primary.requestId, smokeRunId: primary.id });
    expect(c!.fallback).toMatchObject({ statusOrException: "200", parseable: true, totalTokens: 30, requestIdPropagated: true });
    expect(c!.rows.map((r) => [r.dimensionId, r.primary, r.fallback, r.differs])).toEqual([
      ["STATUS_OR_EXCEPTION", "TimeoutError", "200", true],
      ["LATENCY", "30000 ms", "700 ms", true],
      ["BODY_SHAPE", "not recorded", "{choices[{message{content}}],usage{total_tokens}}", true],
      ["PARSEABILITY", "not recorded", "parses", true],
      ["TOKEN_USAGE", "not recorded", "30 tokens", true],
      ["RETRY_COUNT", "not recorded", "not recorded", false],
      ["REQUEST_ID_PROPAGATION", "not propagated", "propagated", true],
    ]);
    expect(c!.differences).toBe(6);
    expect(await getPrisma().auditLog.count({ where: { incidentId: s.id, entityType: "PathComparison" } })).toBe(1);
  });

  it("refuses runs of the wrong path or with different prompts", async () => {
    const s = await setup("compare refused");
    const a = await s.run({ path: "PRIMARY" });
    const b = await s.run({ userMessage: "Health check. Reply with OK." });
    const c = await s.run({});
    await expect(compareSmokeRuns(commander, { incidentKey: s.key, promptLabel: "p", primaryRunId: c.id, fallbackRunId: c.id })).rejects.toMatchObject({
      name: "ValidationError",
      fieldErrors: { primaryRunId: [expect.any(String)] },
    });
    await expect(compareSmokeRuns(commander, { incidentKey: s.key, promptLabel: "p", primaryRunId: a.id, fallbackRunId: b.id })).rejects.toThrow(
      /different prompts/,
    );
    const other = await setup("other incident");
    const foreign = await other.run({});
    await expect(compareSmokeRuns(commander, { incidentKey: s.key, promptLabel: "p", primaryRunId: a.id, fallbackRunId: foreign.id })).rejects.toMatchObject({
      fieldErrors: { fallbackRunId: [expect.any(String)] },
    });
    expect(await listComparisons(commander, s.key)).toEqual([]);
  });

  it("stores a comparison entered by hand, and refuses a viewer", async () => {
    const s = await setup("compare manual");
    const input = ZCompareManual.parse({
      incidentKey: s.key,
      promptLabel: "Same prompt in staging",
      primary: { ...EMPTY_SIDE, statusOrException: "503", latencyMs: "1200" },
      fallback: { ...EMPTY_SIDE, statusOrException: "200", latencyMs: "1200" },
    });
    await expect(compareManually(viewer, input)).rejects.toBeInstanceOf(AuthError);
    await compareManually(commander, input);
    const [c] = await listComparisons(commander, s.key);
    expect(c!.source).toBe("MANUAL");
    expect(c!.rows.filter((r) => r.differs).map((r) => r.dimensionId)).toEqual(["STATUS_OR_EXCEPTION"]);
  });
});
