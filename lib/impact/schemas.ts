// Step 5: the runbook's seven user-impact measures before, during and after
// the mitigation. Shared by the form (client) and the action (server).
import { z } from "zod";
import { ZIncidentKey } from "@/lib/incidents/schemas";
import { IMPACT_MEASURE_IDS, getImpactMeasure, type TImpactMeasureId } from "@/lib/runbook/runbook";

export const IMPACT_PHASES = ["BEFORE", "DURING", "AFTER"] as const;
export type TImpactPhase = (typeof IMPACT_PHASES)[number];
export const PHASE_KEYS = { BEFORE: "before", DURING: "during", AFTER: "after" } as const;
export const PHASE_TEXT: Readonly<Record<TImpactPhase, string>> = {
  BEFORE: "Before the incident",
  DURING: "During (before mitigation)",
  AFTER: "After mitigation",
};

const value = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{1,12}(\.\d{1,6})?$/.test(v) && Number.isFinite(Number(v))), {
    error: "Enter a number of 0 or more, or leave it blank.",
  })
  .transform((v) => (v === "" ? null : Number(v)));

export const ZImpactMeasureRow = z.object({
  before: value,
  during: value,
  after: value,
  unit: z
    .string()
    .trim()
    .min(1, { error: "Give the unit." })
    .max(40, { error: "Use at most 40 characters." }),
});
export type TImpactMeasureRowInput = z.input<typeof ZImpactMeasureRow>;
export type TImpactMeasureRow = z.output<typeof ZImpactMeasureRow>;

export const ZImpactMeasures = z.object({
  incidentKey: ZIncidentKey,
  /** The measures' version token the form was based on (see impactVersionToken). */
  basedOn: z.string().max(100),
  /** The incident's version, for the business-metric label saved on the incident. */
  incidentVersion: z.number().int().min(0),
  businessMetricLabel: z
    .string()
    .trim()
    .max(200, { error: "Use at most 200 characters." })
    .transform((v) => (v === "" ? null : v)),
  measures: z.record(z.enum(IMPACT_MEASURE_IDS), ZImpactMeasureRow),
});
export type TImpactMeasuresInput = z.input<typeof ZImpactMeasures>;
export type TImpactMeasuresData = z.output<typeof ZImpactMeasures>;

/**
 * A version token for the set of measure rows (they have no version column):
 * how many there are and when the newest changed. Any save, insert or
 * delete changes it.
 */
export function impactVersionToken(rows: readonly { updatedAt: Date }[]): string {
  const newest = rows.reduce((max, r) => Math.max(max, r.updatedAt.getTime()), 0);
  return `${rows.length}:${newest}`;
}

export type TStoredMeasure = { measure: string; phase: TImpactPhase; value: number; unit: string };

/** Stored rows → the form's seven rows (runbook units when a measure has none yet). */
export function measuresToForm(rows: readonly TStoredMeasure[]): Record<TImpactMeasureId, TImpactMeasureRowInput> {
  const out = {} as Record<TImpactMeasureId, TImpactMeasureRowInput>;
  for (const id of IMPACT_MEASURE_IDS) {
    const mine = rows.filter((r) => r.measure === id);
    const at = (phase: TImpactPhase) => {
      const row = mine.find((r) => r.phase === phase);
      return row === undefined ? "" : String(row.value);
    };
    out[id] = { before: at("BEFORE"), during: at("DURING"), after: at("AFTER"), unit: mine[0]?.unit ?? getImpactMeasure(id).unit };
  }
  return out;
}
