import type { ReactNode } from "react";
import { Notice } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { AffectedScope } from "./affected-scope";
import { FALLBACK_MODE_LABELS, needsAliasWarning } from "@/lib/incidents/schemas";
import type { TIncidentWindowView } from "@/lib/incidents/window-view";
import { getDetectionSource, runbook } from "@/lib/runbook/runbook";

/** The incident window, read-only (for roles that cannot edit). */
export function IncidentWindowDetails({ view, commanderName }: { view: TIncidentWindowView; commanderName: string | null }) {
  const note = (id: string) => runbook.incidentWindow.exampleNote.find((n) => n.id === id)!.field;
  const rows: [string, ReactNode][] = [
    ["Title", view.title],
    ["Severity", view.severity],
    ["Status", view.status.charAt(0) + view.status.slice(1).toLowerCase()],
    ["Incident commander", commanderName ?? "—"],
    ["Start of degradation", <LocalTime key="s" iso={view.degradationStartedAt} />],
    ["Detection source", view.detectionSource ? getDetectionSource(view.detectionSource).label : "—"],
    ["Detected at", <LocalTime key="d" iso={view.detectedAt} />],
    ["Mitigated at", <LocalTime key="m" iso={view.mitigatedAt} />],
    ["End time", view.endedAt ? <LocalTime key="e" iso={view.endedAt} /> : "ongoing"],
    ["Current status", view.currentStatusNote ?? "—"],
    ["Primary model alias", view.primaryModelAlias ?? "—"],
    ["Resolved model identifier", view.primaryModelResolvedId ?? "—"],
    ["Fallback", FALLBACK_MODE_LABELS[view.fallbackMode]],
    [note("primary-symptom"), view.primarySymptom ?? "—"],
    [note("fallback-action"), view.fallbackAction ?? "—"],
    [note("rollback-condition"), view.rollbackCondition ?? "—"],
  ];
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-muted">{label}</dt>
            <dd className="min-w-0 break-words whitespace-pre-wrap">{value}</dd>
          </div>
        ))}
      </dl>
      {needsAliasWarning(view.primaryModelAlias, view.primaryModelResolvedId) ? (
        <Notice tone="warn">{runbook.steps.configuration.aliasWarning}</Notice>
      ) : null}
      <div>
        <h3 className="mb-2 text-sm font-semibold">Affected scope</h3>
        <AffectedScope scope={view} />
      </div>
    </div>
  );
}
