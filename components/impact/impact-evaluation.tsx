import { Badge, Notice } from "@/components/ui/card";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TImpactEvaluation, TMeasureChange } from "@/lib/fallback/impact";
import { runbook } from "@/lib/runbook/runbook";

const CHANGE_TEXT: Record<TMeasureChange, string> = {
  IMPROVED: "Dropped (better)",
  WORSENED: "Got worse",
  UNCHANGED: "Unchanged",
  UNKNOWN: "Not enough data",
};
const CHANGE_TONE = { IMPROVED: "ok", WORSENED: "danger", UNCHANGED: "warn", UNKNOWN: "neutral" } as const;

const VERDICT_TEXT = {
  DROPPED: "User impact dropped.",
  NOT_DROPPED: "User impact has not dropped.",
  UNKNOWN: "Not enough data to tell whether user impact dropped.",
} as const;

function delta(during: number | null, after: number | null): string {
  if (during === null || after === null) return "—";
  const diff = after - during;
  const sign = diff > 0 ? "+" : diff < 0 ? "−" : "±";
  const pct = during === 0 ? "" : ` (${sign}${Number(Math.abs((diff / during) * 100).toPrecision(3))}%)`;
  return `${sign}${Number(Math.abs(diff).toPrecision(6))}${pct}`;
}

const show = (v: number | null, unit: string) => (v === null ? "—" : `${v} ${unit}`);

/** evaluateImpact's answer: overall, per measure (after vs during), and the runbook's warnings. */
export function ImpactEvaluation({
  evaluation,
  units,
  businessMetricLabel,
}: {
  evaluation: TImpactEvaluation;
  units: Record<string, string>;
  businessMetricLabel: string | null;
}) {
  const e = evaluation;
  const step = runbook.steps.impact;
  return (
    <div className="flex flex-col gap-3 text-sm">
      {e.customerVisibleErrorsStillHigh ? (
        <Notice tone="danger" role="alert" title="Customer-visible errors are still high">
          {step.warning}
        </Notice>
      ) : null}
      <div role="status" className="flex flex-wrap items-center gap-2">
        <Badge tone={e.verdict === "DROPPED" ? "ok" : e.verdict === "NOT_DROPPED" ? "danger" : "neutral"}>
          {e.verdict === "DROPPED" ? "Dropped" : e.verdict === "NOT_DROPPED" ? "Not dropped" : "Unknown"}
        </Badge>
        <span className="font-semibold">{VERDICT_TEXT[e.verdict]}</span>
        <span className="text-muted">({e.reasons.join("; ")})</span>
      </div>
      {e.verdict !== "DROPPED" ? <Notice tone="warn">{step.completion}</Notice> : null}
      <TableWrap role="region" aria-label="Change per measure, scrollable" tabIndex={0}>
        <Table>
          <caption className="sr-only">Change per measure, after mitigation compared with during</caption>
          <thead>
            <tr>
              <Th scope="col">Measure</Th>
              <Th scope="col">Before</Th>
              <Th scope="col">During</Th>
              <Th scope="col">After</Th>
              <Th scope="col">After vs during</Th>
              <Th scope="col">Verdict</Th>
            </tr>
          </thead>
          <tbody>
            {e.measures.map((m) => {
              const unit = units[m.measureId] ?? m.unit;
              return (
                <tr key={m.measureId} data-measure={m.measureId} data-change={m.change}>
                  <Th scope="row" className="bg-transparent font-normal whitespace-normal">
                    {m.measureId === "FEATURE_BUSINESS_METRIC" && businessMetricLabel ? `${businessMetricLabel} (${m.label})` : m.label}
                    <span className="block text-xs text-muted">{m.direction === "LOWER_IS_BETTER" ? "lower is better" : "higher is better"}</span>
                  </Th>
                  <Td className="whitespace-nowrap">{show(m.before, unit)}</Td>
                  <Td className="whitespace-nowrap">{show(m.during, unit)}</Td>
                  <Td className="whitespace-nowrap">{show(m.after, unit)}</Td>
                  <Td className="whitespace-nowrap">{delta(m.during, m.after)}</Td>
                  <Td>
                    <Badge tone={CHANGE_TONE[m.change]}>{CHANGE_TEXT[m.change]}</Badge>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </TableWrap>
    </div>
  );
}
