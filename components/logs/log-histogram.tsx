"use client";

// Imported requests per class over time: stacked bars with a path filter and
// a bucket-size choice (both in the URL), and the same numbers as a table.
import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/local-time";
import { ChartDataTable } from "@/components/charts/chart-data-table";
import { REQUEST_CLASS_COLORS } from "@/components/charts/class-colors";
import { requestClassLabel } from "@/lib/classes/histogram";
import { BUCKET_SIZE_LABELS, BUCKET_SIZES, type TBucketSize } from "@/lib/imports/buckets";
import { PATH_FILTER_IDS, REQUEST_CLASS_IDS, type TBucketChoice, type THistogramPath } from "@/lib/imports/schemas";
import { formatInZone } from "@/lib/time/zone";
import { useUrlState } from "./url-state";


const PATH_LABELS: Record<THistogramPath, string> = { ALL: "Both paths", PRIMARY: "Primary path", FALLBACK: "Fallback path" };

export type THistogramRowView = { windowStart: string; windowEnd: string; total: number } & Record<(typeof REQUEST_CLASS_IDS)[number], number>;

function tick(iso: string, timeZone: string, size: TBucketSize): string {
  const opts: Intl.DateTimeFormatOptions =
    size === "1d" || size === "6h"
      ? { timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }
      : { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return new Intl.DateTimeFormat("en-GB", opts).format(new Date(iso));
}

export function LogHistogram({
  rows,
  size,
  autoSize,
  chosen,
  path,
  adjusted,
}: {
  rows: THistogramRowView[];
  size: TBucketSize;
  autoSize: TBucketSize;
  chosen: TBucketChoice;
  path: THistogramPath;
  adjusted: boolean;
}) {
  const timeZone = useTimeZone();
  const setUrl = useUrlState();
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  const data = rows.map((r) => ({ ...r, label: tick(r.windowStart, timeZone, size) }));
  const title = "Requests per class over time";

  return (
    <figure aria-labelledby={`${id}-title`} className="flex flex-col gap-3" data-testid="log-histogram">
      <div className="flex flex-col gap-2 lg:flex-row lg:items-end lg:justify-between">
        <div>
          <h3 id={`${id}-title`} className="font-semibold">
            {title}
          </h3>
          <p className="text-sm text-muted">
            {BUCKET_SIZE_LABELS[size]} buckets{chosen === "auto" ? " (chosen from the span)" : ""}, {PATH_LABELS[path].toLowerCase()}. Times in {timeZone}.
            {adjusted ? " That bucket size would draw too many bars for this span; a larger one is shown." : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-bucket`} className="text-sm font-medium">
              Bucket size
            </label>
            <select
              id={`${id}-bucket`}
              value={chosen}
              onChange={(e) => setUrl({ bucket: e.target.value === "auto" ? null : e.target.value })}
              className="rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-text"
            >
              <option value="auto">Automatic ({BUCKET_SIZE_LABELS[autoSize]})</option>
              {BUCKET_SIZES.map((s) => (
                <option key={s} value={s}>
                  {BUCKET_SIZE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="flex flex-wrap items-center gap-2 text-sm">
            <legend className="sr-only">Path</legend>
            {PATH_FILTER_IDS.map((p) => (
              <label key={p} className="flex items-center gap-1">
                <input type="radio" name={`${id}-path`} value={p} checked={path === p} onChange={() => setUrl({ hpath: p === "ALL" ? null : p })} />
                {PATH_LABELS[p]}
              </label>
            ))}
          </fieldset>
          <Button size="sm" variant="secondary" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? "Show as chart" : "Show as table"}
          </Button>
        </div>
      </div>
      {rows.length === 0 ? <p className="text-sm text-muted">No requests on this path.</p> : null}
      {rows.length > 0 && !asTable ? (
        <div className="h-80 w-full text-muted" data-testid="log-histogram-chart">
          <BarChart
            responsive
            width="100%"
            height="100%"
            data={data}
            title={`${title} (${PATH_LABELS[path]})`}
            desc="Stacked request counts per class for each time bucket. The same data is available as a table."
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" />
            <Tooltip
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)", color: "var(--text)" }}
              labelFormatter={(_label, payload) => {
                const row = payload?.[0]?.payload as { windowStart?: string } | undefined;
                return row?.windowStart ? formatInZone(new Date(row.windowStart), timeZone) : "";
              }}
            />
            <Legend wrapperStyle={{ color: "var(--text)", fontSize: 12 }} />
            {REQUEST_CLASS_IDS.map((c) => (
              <Bar key={c} dataKey={c} name={requestClassLabel(c)} stackId="classes" fill={REQUEST_CLASS_COLORS[c]} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
      ) : null}
      {rows.length > 0 && asTable ? (
        <ChartDataTable
          label={`${title} as a table`}
          className="max-h-96 overflow-y-auto"
          caption={
            <>
              {title}, {PATH_LABELS[path]}
            </>
          }
          rowHeader="Bucket start"
          rowHeaderCell={(r) => formatInZone(new Date(r.windowStart), timeZone)}
          columns={[
            ...REQUEST_CLASS_IDS.map((c) => ({ key: c, header: requestClassLabel(c), numeric: true, cell: (r: (typeof rows)[number]) => r[c].toLocaleString("en-US") })),
            { key: "total", header: "Total", total: true, cell: (r) => r.total.toLocaleString("en-US") },
          ]}
          rows={rows}
          rowKey={(r) => r.windowStart}
        />
      ) : null}
    </figure>
  );
}
