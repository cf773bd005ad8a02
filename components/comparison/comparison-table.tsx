import { Badge } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TComparisonView } from "@/lib/comparison/comparisons";

const SOURCE_TEXT = { LIVE: "from live runs", MANUAL: "entered by hand", IMPORT: "from imported logs" } as const;

/** The seven runbook dimensions side by side; a difference is marked in words, not only by color. */
export function ComparisonTable({ comparison }: { comparison: TComparisonView }) {
  const c = comparison;
  return (
    <section aria-label={`Comparison: ${c.promptLabel}`} className="flex flex-col gap-2" data-comparison-id={c.id}>
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-semibold">{c.promptLabel}</h3>
        <span className="text-sm text-muted">
          {SOURCE_TEXT[c.source]}, <LocalTime iso={c.createdAt.toISOString()} />
        </span>
        <Badge tone={c.differences > 0 ? "warn" : "ok"}>
          {c.differences === 0 ? "No differences" : `${c.differences} ${c.differences === 1 ? "difference" : "differences"}`}
        </Badge>
      </div>
      <TableWrap role="region" aria-label={`${c.promptLabel} comparison table, scrollable`} tabIndex={0}>
        <Table>
          <caption className="sr-only">Primary and fallback compared for {c.promptLabel}</caption>
          <thead>
            <tr>
              <Th scope="col">Dimension</Th>
              <Th scope="col">
                Primary
                {c.primary?.requestId ? <span className="block text-xs font-normal text-muted">{c.primary.requestId}</span> : null}
              </Th>
              <Th scope="col">
                Fallback
                {c.fallback?.requestId ? <span className="block text-xs font-normal text-muted">{c.fallback.requestId}</span> : null}
              </Th>
              <Th scope="col">Same or different</Th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r) => (
              <tr key={r.dimensionId} className={cn(r.differs && "bg-warn-bg")} data-differs={r.differs ? "true" : "false"}>
                <Th scope="row" className={cn("bg-transparent whitespace-normal", r.differs ? "font-semibold" : "font-normal")}>
                  {r.label}
                </Th>
                <Td className="font-mono break-all">{r.primary}</Td>
                <Td className="font-mono break-all">{r.fallback}</Td>
                <Td>{r.differs ? <Badge tone="warn">≠ Differs</Badge> : <span className="text-muted">Same</span>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableWrap>
    </section>
  );
}
