"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { OVER_TIME_SERIES, UNCLASSIFIED, type TOverTimeRow } from "@/lib/analytics/metrics";
import { failureClassLabel } from "@/lib/analytics/schemas";
import { AXIS_TICK, ChartFigure, PALETTE, TOOLTIP_STYLE } from "./chart-figure";

const seriesLabel = (s: string) => (s === UNCLASSIFIED ? "Unclassified" : failureClassLabel(s));

export function OverTimeChart({ rows, title, definition }: { rows: TOverTimeRow[]; title: string; definition: string }) {
  const used = OVER_TIME_SERIES.filter((s) => rows.some((r) => (r.counts[s] ?? 0) > 0));
  const data = rows.map((r) => ({ label: r.label, ...r.counts }));
  return (
    <ChartFigure
      title={title}
      description={definition}
      testId="chart-over-time"
      empty={rows.length === 0 ? "No incidents match these filters." : undefined}
      chart={
        <BarChart responsive width="100%" height="100%" data={data} title={title} desc={`${definition} The same data is available as a table.`} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
          <XAxis dataKey="label" tick={AXIS_TICK} stroke="currentColor" />
          <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
          <Tooltip contentStyle={TOOLTIP_STYLE} />
          <Legend wrapperStyle={{ color: "var(--text)", fontSize: 12 }} />
          {used.map((s) => (
            <Bar key={s} dataKey={s} name={seriesLabel(s)} stackId="classes" fill={PALETTE[OVER_TIME_SERIES.indexOf(s) % PALETTE.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      }
      table={
        <TableWrap tabIndex={0} role="region" aria-label={`${title} as a table`}>
          <Table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <Th scope="col">Period</Th>
                {OVER_TIME_SERIES.map((s) => (
                  <Th key={s} scope="col" className="text-right">
                    {seriesLabel(s)}
                  </Th>
                ))}
                <Th scope="col" className="text-right">
                  Total
                </Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.period}>
                  <Th scope="row" className="bg-transparent font-normal whitespace-nowrap">
                    {r.label}
                  </Th>
                  {OVER_TIME_SERIES.map((s) => (
                    <Td key={s} className="text-right tabular-nums">
                      {r.counts[s] ?? 0}
                    </Td>
                  ))}
                  <Td className="text-right font-semibold tabular-nums">{r.total}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      }
    />
  );
}
