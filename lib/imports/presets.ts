import "server-only";
import { requirePermission, type TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { NotFoundError } from "@/lib/http/errors";
import { inspectLogSample, ZColumnMapping, type TColumnMapping, type TFormatDetection } from "@/lib/logs";

export type TMappingSuggestion = {
  detection: TFormatDetection;
  csv: {
    headers: string[];
    delimiter: string;
    signature: string;
    mapping: TColumnMapping;
    /** The mapping comes from an earlier import of the team with the same headers. */
    remembered: boolean;
  } | null;
};

/**
 * Format detection for the first lines of an upload and, for CSV, the column
 * mapping: the one the incident's team used last time for the same headers,
 * else the suggestion from the header names.
 */
export async function suggestMapping(actor: TActor, incidentId: string, firstLines: readonly string[]): Promise<TMappingSuggestion> {
  requirePermission(actor, "incident:write");
  const prisma = getPrisma();
  const incident = await prisma.incident.findUnique({ where: { id: incidentId }, select: { teamId: true } });
  if (!incident) throw new NotFoundError("This incident no longer exists.");
  const inspection = inspectLogSample(firstLines);
  if (!inspection.csv) return { detection: inspection.detection, csv: null };
  const { headers, delimiter, signature, suggestedMapping } = inspection.csv;
  const preset = await prisma.columnMappingPreset.findFirst({
    where: { teamId: incident.teamId, signature },
    orderBy: { updatedAt: "desc" },
    select: { mapping: true },
  });
  const remembered = preset ? ZColumnMapping.safeParse(preset.mapping) : null;
  // A remembered mapping only names headers of this file (same signature), but check anyway.
  const usable = remembered?.success && Object.values(remembered.data).every((h) => h === null || headers.includes(h));
  return {
    detection: inspection.detection,
    csv: { headers, delimiter, signature, mapping: usable ? remembered.data : suggestedMapping, remembered: Boolean(usable) },
  };
}
