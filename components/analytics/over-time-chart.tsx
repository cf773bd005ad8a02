"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartDataTable } from "@/components/charts/chart-data-table";
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
        <ChartDataTable
          label={`${title} as a table`}
          caption={title}
          rowHeader="Period"
          rowHeaderClassName="whitespace-nowrap"
          rowHeaderCell={(r) => r.label}
          columns={[
            ...OVER_TIME_SERIES.map((s) => ({ key: s, header: seriesLabel(s), numeric: true, cell: (r: (typeof rows)[number]) => r.counts[s] ?? 0 })),
            { key: "total", header: "Total", total: true, cell: (r) => r.total },
          ]}
          rows={rows}
          rowKey={(r) => r.period}
        />
      }
    />
  );
}
