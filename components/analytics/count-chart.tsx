"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { ChartDataTable } from "@/components/charts/chart-data-table";
import type { TCount } from "@/lib/analytics/metrics";
import { AXIS_TICK, ChartFigure, PALETTE, TOOLTIP_STYLE } from "./chart-figure";

/** Incidents per value (model, provider) as horizontal bars, top 15 charted, all in the table. */
export function CountChart({ counts, title, definition, valueLabel }: { counts: TCount[]; title: string; definition: string; valueLabel: string }) {
  const top = counts.slice(0, 15);
  return (
    <ChartFigure
      title={title}
      description={definition}
      empty={counts.length === 0 ? "No incidents match these filters." : undefined}
      chart={
        <BarChart responsive width="100%" height="100%" layout="vertical" data={top} title={title} desc={`${definition} The same data is available as a table.`} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
          <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
          <YAxis type="category" dataKey="value" width={140} tick={AXIS_TICK} stroke="currentColor" />
          <Tooltip contentStyle={TOOLTIP_STYLE} />
          <Bar dataKey="count" name="Incidents" fill={PALETTE[0]} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <ChartDataTable
          label={`${title} as a table`}
          caption={title}
          rowHeader={valueLabel}
          rowHeaderClassName="break-all"
          rowHeaderCell={(c) => c.value}
          columns={[{ key: "count", header: "Incidents", numeric: true, cell: (c) => c.count }]}
          rows={counts}
          rowKey={(c) => c.value}
        />
      }
    />
  );
}
