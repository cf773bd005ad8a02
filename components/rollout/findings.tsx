import { Badge } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { TRolloutEvaluation } from "@/lib/rollout/evaluate";

const SOURCE_TEXT = {
  IMPORT: "imported request-log windows (hand-entered windows are not used while imported ones exist)",
  MANUAL: "hand-entered windows (no imported windows yet)",
} as const;

const BASIS_TEXT = {
  ACTIVE_CLASS: "compared on errors of the active failure class",
  OVERALL: "compared on all errors (the windows do not split out the active class)",
  BASELINE: "no primary traffic in this window: compared with the baseline error rate",
} as const;

const EVIDENCE_LABELS: Record<string, (v: number) => string> = {
  baselineTimeoutRate: (v) => `baseline timeout rate ${pct(v)}`,
  materialFactor: (v) => `“materially above” = ×${v}`,
  thresholdRate: (v) => `threshold ${pct(v)}`,
  consecutiveWindows: (v) => `${v} consecutive windows`,
  lowestTimeoutRate: (v) => `lowest timeout rate ${pct(v)}`,
  highestTimeoutRate: (v) => `highest timeout rate ${pct(v)}`,
  fallbackValidationFailureRate: (v) => `fallback validation failures ${pct(v)}`,
  primaryValidationFailureRate: (v) => `primary validation failures ${pct(v)}`,
  fallbackRequests: (v) => `${v} fallback requests`,
  primaryRequests: (v) => `${v} primary requests`,
  fallbackErrorRate: (v) => `fallback error rate ${pct(v)}`,
  primaryErrorRate: (v) => `primary error rate ${pct(v)}`,
  baselineErrorRate: (v) => `baseline error rate ${pct(v)}`,
  fallbackP95LatencyMs: (v) => `fallback p95 ${v} ms`,
  userFacingTimeoutBudgetMs: (v) => `budget ${v} ms`,
};

function pct(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(4))}%`;
}

/** The four Step 4 rules as findings: severity in words, the runbook's wording, the windows cited. */
export function RolloutFindings({ evaluation }: { evaluation: TRolloutEvaluation }) {
  const e = evaluation;
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p role="status">
        {e.source === null
          ? "No observation windows yet: the rules have nothing to evaluate."
          : `Evaluated on ${e.windowCount} ${SOURCE_TEXT[e.source]}. ${e.findings.length === 0 ? "No rule is triggered." : `${e.findings.length} ${e.findings.length === 1 ? "finding" : "findings"}.`}`}
      </p>
      {e.findings.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="Rollout findings">
          {e.findings.map((f, i) => (
            <li
              key={`${f.rule}-${i}`}
              data-rule={f.rule}
              className={`rounded-md border p-3 ${f.severity === "CRITICAL" ? "border-danger/40 bg-danger-bg" : "border-warn/40 bg-warn-bg"}`}
            >
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={f.severity === "CRITICAL" ? "danger" : "warn"}>{f.severity === "CRITICAL" ? "Critical" : "Warning"}</Badge>
                <span className="font-semibold">{f.message}</span>
              </div>
              <p className="mt-1 text-xs">From the runbook: {f.section}</p>
              {f.basis ? <p className="mt-1 text-xs">{BASIS_TEXT[f.basis]}</p> : null}
              <p className="mt-1 text-xs">
                {Object.entries(f.evidence)
                  .map(([k, v]) => (EVIDENCE_LABELS[k] ? EVIDENCE_LABELS[k](v) : `${k} ${v}`))
                  .join(" · ")}
              </p>
              <p className="mt-1 text-xs font-medium">Windows cited:</p>
              <ul className="list-disc pl-5 text-xs">
                {f.windows.map((w) => (
                  <li key={w.id}>
                    {w.path.toLowerCase()} <LocalTime iso={w.windowStart.toISOString()} /> – <LocalTime iso={w.windowEnd.toISOString()} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {e.notEvaluated.length > 0 ? (
        <div>
          <p className="font-medium">Not evaluated (setting missing):</p>
          <ul className="list-disc pl-5">
            {e.notEvaluated.map((n) => (
              <li key={n.rule}>
                {n.message} <span className="text-muted">— set the {n.missing}.</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {e.skipped.length > 0 ? (
        <div>
          <p className="font-medium">Windows the rules ignored:</p>
          <ul className="list-disc pl-5">
            {e.skipped.map((s) => (
              <li key={s.window.id}>
                {s.window.path.toLowerCase()} <LocalTime iso={s.window.windowStart.toISOString()} />: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
