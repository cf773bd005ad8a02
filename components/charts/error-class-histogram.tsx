"use client";

// Error-class histogram: stacked bars per time window, one series per request
// class, with a path filter and the same data as a table. Reusable: pass every
// bucket of the incident; imported logs are charted when present, else the
// manual entry, and the charted source is named.
import { useId, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartDataTable } from "@/components/charts/chart-data-table";
import { REQUEST_CLASS_COLORS } from "@/components/charts/class-colors";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/local-time";
import { REQUEST_CLASSES, type TRequestClass } from "@/lib/fallback/types";
import {
  HISTOGRAM_SOURCE_LABELS,
  PATH_FILTERS,
  PATH_FILTER_LABELS,
  chooseHistogramSource,
  histogramRows,
  requestClassLabel,
  type THistogramBucket,
  type TPathFilter,
} from "@/lib/classes/histogram";
import { formatInZone } from "@/lib/time/zone";

function shortTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

export function ErrorClassHistogram({ buckets, title = "Error classes per time window" }: { buckets: THistogramBucket[]; title?: string }) {
  const timeZone = useTimeZone();
  const [path, setPath] = useState<TPathFilter>("ALL");
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const source = chooseHistogramSource(buckets);
  const rows = useMemo(() => histogramRows(buckets, path, source), [buckets, path, source]);
  const data = rows.map((r) => ({ ...r, label: shortTime(r.windowStart, timeZone) }));

  return (
    <figure aria-labelledby={headingId} className="flex flex-col gap-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h3 id={headingId} className="font-semibold">
            {title}
          </h3>
          <p className="text-sm text-muted" data-testid="histogram-source">
            {source ? `Charted: ${HISTOGRAM_SOURCE_LABELS[source]}.` : "No histogram data yet."} Times in {timeZone}.
          </p>
        </div>
        {source ? (
          <div className="flex flex-wrap items-center gap-3">
            <fieldset className="flex flex-wrap items-center gap-2 text-sm">
              <legend className="sr-only">Path</legend>
              {PATH_FILTERS.map((p) => (
                <label key={p} className="flex items-center gap-1">
                  <input type="radio" name={`${headingId}-path`} value={p} checked={path === p} onChange={() => setPath(p)} />
                  {PATH_FILTER_LABELS[p]}
                </label>
              ))}
            </fieldset>
            <Button size="sm" variant="secondary" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
              {asTable ? "Show as chart" : "Show as table"}
            </Button>
          </div>
        ) : null}
      </div>
      {source && rows.length === 0 ? <p className="text-sm text-muted">No requests on this path.</p> : null}
      {source && rows.length > 0 && !asTable ? (
        <div className="h-80 w-full text-muted" data-testid="histogram-chart">
          <BarChart
            responsive
            width="100%"
            height="100%"
            data={data}
            title={`${title} (${PATH_FILTER_LABELS[path]})`}
            desc={`Stacked request counts per class for each time window, from ${source ? HISTOGRAM_SOURCE_LABELS[source] : ""}. The same data is available as a table.`}
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" />
            <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" />
            <Tooltip
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)", color: "var(--text)" }}
              labelFormatter={(_label, payload) => {
                const row = payload?.[0]?.payload as { windowStart?: string; windowEnd?: string } | undefined;
                return row?.windowStart && row.windowEnd
                  ? `${formatInZone(new Date(row.windowStart), timeZone)} – ${shortTime(row.windowEnd, timeZone)}`
                  : "";
              }}
            />
            <Legend
              wrapperStyle={{ color: "var(--text)", fontSize: 12 }}
              // Stack order (OK, then the runbook's classes in order), not alphabetical.
              itemSorter={(item) => REQUEST_CLASSES.indexOf(item.dataKey as TRequestClass)}
            />
            {REQUEST_CLASSES.map((c) => (
              <Bar key={c} dataKey={c} name={requestClassLabel(c)} stackId="classes" fill={REQUEST_CLASS_COLORS[c]} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
      ) : null}
      {source && rows.length > 0 && asTable ? (
        <ChartDataTable
          label={`${title}: table`}
          className="relative"
          caption={
            <>
              {title}, {PATH_FILTER_LABELS[path]}, from {HISTOGRAM_SOURCE_LABELS[source]}
            </>
          }
          rowHeader="Window start"
          rowHeaderCell={(r) => formatInZone(new Date(r.windowStart), timeZone)}
          columns={[
            { key: "end", header: "Window end", cell: (r) => formatInZone(new Date(r.windowEnd), timeZone), className: "whitespace-nowrap" },
            ...REQUEST_CLASSES.map((c) => ({ key: c, header: requestClassLabel(c), numeric: true, cell: (r: (typeof rows)[number]) => r[c].toLocaleString("en-US") })),
            { key: "total", header: "Total", total: true, cell: (r) => r.total.toLocaleString("en-US") },
          ]}
          rows={rows}
          rowKey={(r) => `${r.windowStart}|${r.windowEnd}`}
        />
      ) : null}
    </figure>
  );
}
