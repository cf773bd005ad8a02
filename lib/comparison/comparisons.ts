import "server-only";
import { getPrisma, type Prisma } from "@/lib/db/prisma";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { ValidationError } from "@/lib/http/errors";
import { comparePaths, type TComparisonRow } from "@/lib/fallback/compare";
import { findIncidentIdByKey } from "@/lib/configuration/incident-lock";
import {
  observationOf,
  sideFromSmokeRun,
  ZCompareManual,
  ZCompareRuns,
  type TCompareManual,
  type TCompareRuns,
  type TComparisonSide,
} from "./schemas";

export type TComparisonView = {
  id: string;
  promptLabel: string;
  source: "MANUAL" | "IMPORT" | "LIVE";
  createdAt: Date;
  primary: (TComparisonSide & { smokeRunId: string | null; requestId: string | null }) | null;
  fallback: (TComparisonSide & { smokeRunId: string | null; requestId: string | null }) | null;
  rows: TComparisonRow[];
  differences: number;
};

const INCLUDE = { sides: true } as const satisfies Prisma.PathComparisonInclude;
type TRow = Prisma.PathComparisonGetPayload<{ include: typeof INCLUDE }>;
type TSideRow = TRow["sides"][number];

const sideOf = (side: TSideRow | undefined, requestIds: ReadonlyMap<string, string>) =>
  side
    ? {
        statusOrException: side.statusOrException,
        latencyMs: side.latencyMs,
        bodyShape: side.bodyShape,
        parseable: side.parseable,
        totalTokens: side.totalTokens,
        retryCount: side.retryCount,
        requestIdPropagated: side.requestIdPropagated,
        smokeRunId: side.smokeRunId,
        requestId: side.smokeRunId ? (requestIds.get(side.smokeRunId) ?? null) : null,
      }
    : null;

function toView(row: TRow, requestIds: ReadonlyMap<string, string>): TComparisonView {
  const primary = sideOf(row.sides.find((s) => s.path === "PRIMARY"), requestIds);
  const fallback = sideOf(row.sides.find((s) => s.path === "FALLBACK"), requestIds);
  const rows = comparePaths(observationOf(primary), observationOf(fallback));
  return {
    id: row.id,
    promptLabel: row.promptLabel,
    source: row.source,
    createdAt: row.createdAt,
    primary,
    fallback,
    rows,
    differences: rows.filter((r) => r.differs).length,
  };
}

/** The incident's comparisons, newest first, each with its seven rows. */
export async function listComparisons(actor: TActor, incidentKey: string): Promise<TComparisonView[]> {
  requirePermission(actor, "incident:read");
  const prisma = getPrisma();
  const incidentId = await findIncidentIdByKey(prisma, incidentKey);
  const rows = await prisma.pathComparison.findMany({ where: { incidentId }, orderBy: { createdAt: "desc" }, include: INCLUDE });
  const runIds = rows.flatMap((r) => r.sides.map((s) => s.smokeRunId)).filter((id): id is string => id !== null);
  const runs = runIds.length
    ? await prisma.smokeTestRun.findMany({ where: { id: { in: runIds } }, select: { id: true, requestId: true } })
    : [];
  const requestIds = new Map(runs.map((r) => [r.id, r.requestId]));
  return rows.map((r) => toView(r, requestIds));
}

async function createComparison(
  tx: Prisma.TransactionClient,
  actor: TActor,
  incidentId: string,
  promptLabel: string,
  source: "MANUAL" | "LIVE",
  sides: { path: "PRIMARY" | "FALLBACK"; side: TComparisonSide; smokeRunId: string | null }[],
): Promise<string> {
  const comparison = await tx.pathComparison.create({
    data: {
      incidentId,
      promptLabel,
      source,
      sides: { create: sides.map(({ path, side, smokeRunId }) => ({ path, smokeRunId, ...side })) },
    },
  });
  await recordAudit(tx, {
    actor,
    incidentId,
    action: "CREATE",
    entityType: "PathComparison",
    entityId: comparison.id,
    snapshot: { promptLabel, source, sides },
  });
  return comparison.id;
}

/**
 * Compares a PRIMARY and a FALLBACK smoke run of this incident. They must
 * have been given the same prompt: Step 3 compares "for the same sanitized prompt".
 */
export async function compareSmokeRuns(actor: TActor, input: TCompareRuns): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  const data = ZCompareRuns.parse(input);
  return getPrisma().$transaction(async (tx) => {
    const incidentId = await findIncidentIdByKey(tx, data.incidentKey);
    const runs = await tx.smokeTestRun.findMany({ where: { incidentId, id: { in: [data.primaryRunId, data.fallbackRunId] } } });
    const primary = runs.find((r) => r.id === data.primaryRunId);
    const fallback = runs.find((r) => r.id === data.fallbackRunId);
    const fieldErrors: Record<string, string[]> = {};
    if (!primary || primary.path !== "PRIMARY") fieldErrors.primaryRunId = ["Choose a primary-path smoke run of this incident."];
    if (!fallback || fallback.path !== "FALLBACK") fieldErrors.fallbackRunId = ["Choose a fallback-path smoke run of this incident."];
    if (Object.keys(fieldErrors).length > 0) throw new ValidationError("Choose one run per path.", fieldErrors);
    if (primary!.systemMessage !== fallback!.systemMessage || primary!.userMessage !== fallback!.userMessage) {
      throw new ValidationError("The two runs were given different prompts; compare runs of the same sanitized prompt.", {
        fallbackRunId: ["This run's prompt differs from the primary run's."],
      });
    }
    const source = primary!.source === "LIVE" && fallback!.source === "LIVE" ? "LIVE" : "MANUAL";
    const id = await createComparison(tx, actor, incidentId, data.promptLabel, source, [
      { path: "PRIMARY", side: sideFromSmokeRun(primary!), smokeRunId: primary!.id },
      { path: "FALLBACK", side: sideFromSmokeRun(fallback!), smokeRunId: fallback!.id },
    ]);
    return { id };
  });
}

/** A comparison entered by hand. */
export async function compareManually(actor: TActor, input: TCompareManual): Promise<{ id: string }> {
  requirePermission(actor, "incident:write");
  const data = ZCompareManual.parse(toRaw(input));
  return getPrisma().$transaction(async (tx) => {
    const incidentId = await findIncidentIdByKey(tx, data.incidentKey);
    const id = await createComparison(tx, actor, incidentId, data.promptLabel, "MANUAL", [
      { path: "PRIMARY", side: data.primary, smokeRunId: null },
      { path: "FALLBACK", side: data.fallback, smokeRunId: null },
    ]);
    return { id };
  });
}

/** Parsed sides back to form text, so the schema's checks run once more. */
function toRaw(input: TCompareManual) {
  const side = (s: TComparisonSide) => ({
    statusOrException: s.statusOrException ?? "",
    latencyMs: s.latencyMs === null ? "" : String(s.latencyMs),
    bodyShape: s.bodyShape ?? "",
    parseable: s.parseable === true ? "YES" : s.parseable === false ? "NO" : "UNKNOWN",
    totalTokens: s.totalTokens === null ? "" : String(s.totalTokens),
    retryCount: s.retryCount === null ? "" : String(s.retryCount),
    requestIdPropagated: s.requestIdPropagated === true ? "YES" : s.requestIdPropagated === false ? "NO" : "UNKNOWN",
  });
  return { incidentKey: input.incidentKey, promptLabel: input.promptLabel, primary: side(input.primary), fallback: side(input.fallback) };
}
