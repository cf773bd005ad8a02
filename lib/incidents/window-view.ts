// The incident window as plain data (ISO strings) for forms and conflict
// notices, and its conversion to the form's wall-time input. Client-safe.
import { utcToZonedLocal } from "@/lib/time/zone";
import type { TFallbackMode, TIncidentStatus, TIncidentWindowInput, TScopeField, TSeverity } from "./schemas";
import type { TDetectionSourceId } from "@/lib/runbook/runbook";

export type TIncidentWindowView = {
  incidentId: string;
  version: number;
  title: string;
  severity: TSeverity;
  status: TIncidentStatus;
  commanderId: string | null;
  degradationStartedAt: string;
  detectionSource: TDetectionSourceId | null;
  detectedAt: string | null;
  mitigatedAt: string | null;
  endedAt: string | null;
  currentStatusNote: string | null;
  primaryModelAlias: string | null;
  primaryModelResolvedId: string | null;
  fallbackMode: TFallbackMode;
  primarySymptom: string | null;
  fallbackAction: string | null;
  rollbackCondition: string | null;
} & Record<TScopeField, string[]>;

type TWindowRow = Omit<TIncidentWindowView, "incidentId" | "degradationStartedAt" | "detectedAt" | "mitigatedAt" | "endedAt"> & {
  id: string;
  degradationStartedAt: Date;
  detectedAt: Date | null;
  mitigatedAt: Date | null;
  endedAt: Date | null;
};

export function toIncidentWindowView(row: TWindowRow): TIncidentWindowView {
  return {
    incidentId: row.id,
    version: row.version,
    title: row.title,
    severity: row.severity,
    status: row.status,
    commanderId: row.commanderId,
    degradationStartedAt: row.degradationStartedAt.toISOString(),
    detectionSource: row.detectionSource,
    detectedAt: row.detectedAt?.toISOString() ?? null,
    mitigatedAt: row.mitigatedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    currentStatusNote: row.currentStatusNote,
    affectedRoutes: [...row.affectedRoutes],
    affectedServices: [...row.affectedServices],
    affectedTenants: [...row.affectedTenants],
    affectedRegions: [...row.affectedRegions],
    affectedFeatures: [...row.affectedFeatures],
    primaryModelAlias: row.primaryModelAlias,
    primaryModelResolvedId: row.primaryModelResolvedId,
    fallbackMode: row.fallbackMode,
    primarySymptom: row.primarySymptom,
    fallbackAction: row.fallbackAction,
    rollbackCondition: row.rollbackCondition,
  };
}

/** The form's raw input for a saved window, with wall times in `timeZone`. */
export function windowViewToInput(view: TIncidentWindowView, timeZone: string): TIncidentWindowInput {
  const local = (iso: string | null) => (iso ? utcToZonedLocal(new Date(iso), timeZone) : "");
  return {
    incidentId: view.incidentId,
    version: view.version,
    timeZone,
    title: view.title,
    severity: view.severity,
    status: view.status,
    commanderId: view.commanderId ?? "",
    degradationStartedAtLocal: local(view.degradationStartedAt),
    detectionSource: view.detectionSource ?? "",
    detectedAtLocal: local(view.detectedAt),
    mitigatedAtLocal: local(view.mitigatedAt),
    endedAtLocal: local(view.endedAt),
    currentStatusNote: view.currentStatusNote ?? "",
    affectedRoutes: [...view.affectedRoutes],
    affectedServices: [...view.affectedServices],
    affectedTenants: [...view.affectedTenants],
    affectedRegions: [...view.affectedRegions],
    affectedFeatures: [...view.affectedFeatures],
    primaryModelAlias: view.primaryModelAlias ?? "",
    primaryModelResolvedId: view.primaryModelResolvedId ?? "",
    fallbackMode: view.fallbackMode,
    primarySymptom: view.primarySymptom ?? "",
    fallbackAction: view.fallbackAction ?? "",
    rollbackCondition: view.rollbackCondition ?? "",
  };
}
