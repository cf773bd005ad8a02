"use client";

// One incident figure (detection lag, time to mitigate, time to resolve):
// its distribution as histogram buckets with p50/p90, and its monthly median.
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartDataTable } from "@/components/charts/chart-data-table";
import type { TDistribution, TTrendPoint } from "@/lib/analytics/metrics";
import { formatDuration } from "@/lib/time/zone";
import { AXIS_TICK, ChartFigure, PALETTE, TOOLTIP_STYLE } from "./chart-figure";

export function FigureCharts({ distribution: d, trend, percentileNote }: { distribution: TDistribution; trend: TTrendPoint[]; percentileNote: string }) {
  const headingId = `figure-${d.metric}`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4" data-testid={`figure-${d.metric}`}>
      <div>
        <h2 id={headingId} className="text-lg font-semibold">
          {d.label}
        </h2>
        <p className="text-sm">
          <span className="font-medium">Definition:</span> {d.definition}
        </p>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
          <div>
            <dt className="text-muted">p50 (median)</dt>
            <dd className="font-semibold">{formatDuration(d.p50)}</dd>
          </div>
          <div>
            <dt className="text-muted">p90</dt>
            <dd className="font-semibold">{formatDuration(d.p90)}</dd>
          </div>
          <div>
            <dt className="text-muted">Incidents measured</dt>
            <dd className="font-semibold">{d.measured}</dd>
          </div>
          {d.metric === "timeToResolve" ? (
            <div>
              <dt className="text-muted">Still open (no time to resolve yet)</dt>
              <dd className="font-semibold">{d.open}</dd>
            </div>
          ) : null}
          <div>
            <dt className="text-muted">Not recorded</dt>
            <dd className="font-semibold">{d.notRecorded}</dd>
          </div>
        </dl>
        <p className="mt-1 text-xs text-muted">{percentileNote}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ChartFigure
          title={`${d.label}: distribution`}
          description="Incidents per duration bucket (lower bound included)."
          empty={d.measured === 0 ? "No incident has this figure yet." : undefined}
          chart={
            <BarChart responsive width="100%" height="100%" data={d.buckets} title={`${d.label}: distribution`} desc="Incidents per duration bucket. The same data is available as a table." margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
              <XAxis dataKey="label" tick={AXIS_TICK} stroke="currentColor" interval={0} angle={-30} textAnchor="end" height={50} />
              <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
              <Tooltip contentStyle={TOOLTIP_STYLE} />
              <Bar dataKey="count" name="Incidents" fill={PALETTE[2]} isAnimationActive={false} />
            </BarChart>
          }
          table={
            <ChartDataTable
              label={`${d.label}: distribution as a table`}
              caption={`${d.label}: incidents per duration bucket`}
              rowHeader="Duration"
              rowHeaderCell={(b) => b.label}
              columns={[{ key: "count", header: "Incidents", numeric: true, cell: (b) => b.count }]}
              rows={d.buckets}
              rowKey={(b) => b.label}
            />
          }
        />
        <ChartFigure
          title={`${d.label}: median per month`}
          description="The median of the incidents that started in each month and have this figure."
          empty={trend.every((p) => p.median === null) ? "No incident has this figure yet." : undefined}
          chart={
            <LineChart responsive width="100%" height="100%" data={trend} title={`${d.label}: median per month`} desc="Median per month. The same data is available as a table." margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
              <XAxis dataKey="label" tick={AXIS_TICK} stroke="currentColor" />
              <YAxis tick={AXIS_TICK} stroke="currentColor" width={70} tickFormatter={(v: number) => formatDuration(v)} />
              <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => formatDuration(typeof v === "number" ? v : null)} />
              <Line type="monotone" dataKey="median" name="Median" stroke={PALETTE[0]} strokeWidth={2} connectNulls isAnimationActive={false} />
            </LineChart>
          }
          table={
            <ChartDataTable
              label={`${d.label}: median per month as a table`}
              caption={`${d.label}: median per month`}
              rowHeader="Month"
              rowHeaderCell={(p) => p.label}
              columns={[
                { key: "median", header: "Median", numeric: true, cell: (p) => formatDuration(p.median) },
                { key: "measured", header: "Incidents measured", numeric: true, cell: (p) => p.measured },
              ]}
              rows={trend}
              rowKey={(p) => p.period}
            />
          }
        />
      </div>
    </section>
  );
}
