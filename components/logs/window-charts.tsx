"use client";

// Per observation window and path: error and timeout rates, and p50/p95/p99
// latency. Each chart has a table view with the same numbers.
import { useId, useMemo, useState, type ReactNode } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { formatInZone } from "@/lib/time/zone";

export type TWindowPointView = {
  windowStart: string;
  windowEnd: string;
  path: "PRIMARY" | "FALLBACK";
  requests: number;
  errors: number;
  timeouts: number;
  validationFailures: number;
  errorRate: number;
  timeoutRate: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
};

const PATHS = ["PRIMARY", "FALLBACK"] as const;
const PATH_LABEL = { PRIMARY: "Primary", FALLBACK: "Fallback" } as const;
const pct = (r: number) => `${(Math.round(r * 1000) / 10).toLocaleString("en-US")} %`;
const ms = (v: number | null) => (v === null ? "—" : `${v.toLocaleString("en-US")} ms`);

function shortTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

function ChartFrame({
  title,
  description,
  controls,
  chart,
  table,
  testId,
}: {
  title: string;
  description: ReactNode;
  controls?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  return (
    <figure aria-labelledby={`${id}-title`} className="flex flex-col gap-3" data-testid={testId}>
      <div className="flex flex-col gap-2 lg:flex-row lg:items-end lg:justify-between">
        <div>
          <h3 id={`${id}-title`} className="font-semibold">
            {title}
          </h3>
          <p className="text-sm text-muted">{description}</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {controls}
          <Button size="sm" variant="secondary" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? "Show as chart" : "Show as table"}
          </Button>
        </div>
      </div>
      {asTable ? (
        <TableWrap className="max-h-96 overflow-y-auto" tabIndex={0} role="region" aria-label={`${title} as a table`}>
          {table}
        </TableWrap>
      ) : (
        <div className="h-72 w-full text-muted">{chart}</div>
      )}
    </figure>
  );
}

export function WindowCharts({ windows, windowMinutes }: { windows: TWindowPointView[]; windowMinutes: number }) {
  const timeZone = useTimeZone();
  const id = useId();
  const [latencyPath, setLatencyPath] = useState<"PRIMARY" | "FALLBACK">("PRIMARY");

  const rates = useMemo(() => {
    const byStart = new Map<string, Record<string, number | string>>();
    for (const w of windows) {
      const row = byStart.get(w.windowStart) ?? { windowStart: w.windowStart, label: shortTime(w.windowStart, timeZone) };
      row[`err_${w.path}`] = Math.round(w.errorRate * 1000) / 10;
      row[`to_${w.path}`] = Math.round(w.timeoutRate * 1000) / 10;
      byStart.set(w.windowStart, row);
    }
    return [...byStart.values()];
  }, [windows, timeZone]);
  const latency = useMemo(
    () =>
      windows
        .filter((w) => w.path === latencyPath)
        .map((w) => ({ label: shortTime(w.windowStart, timeZone), windowStart: w.windowStart, p50: w.p50LatencyMs, p95: w.p95LatencyMs, p99: w.p99LatencyMs })),
    [windows, latencyPath, timeZone],
  );
  const tooltip = {
    contentStyle: { background: "var(--surface)", borderColor: "var(--border)", color: "var(--text)" },
    labelFormatter: (_l: unknown, payload: readonly { payload?: { windowStart?: string } }[] | undefined) =>
      payload?.[0]?.payload?.windowStart ? formatInZone(new Date(payload[0].payload.windowStart), timeZone) : "",
  };

  const windowTable = (caption: string, cells: (w: TWindowPointView) => ReactNode[], headers: string[], rows: TWindowPointView[]) => (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <Th scope="col">Window start</Th>
          <Th scope="col">Path</Th>
          {headers.map((h) => (
            <Th key={h} scope="col" className="text-right">
              {h}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((w) => (
          <tr key={`${w.windowStart}-${w.path}`}>
            <Th scope="row" className="bg-transparent font-normal">
              {formatInZone(new Date(w.windowStart), timeZone)}
            </Th>
            <Td>{PATH_LABEL[w.path]}</Td>
            {cells(w).map((c, i) => (
              <Td key={headers[i]} className="text-right tabular-nums">
                {c}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );

  return (
    <div className="flex flex-col gap-6">
      <ChartFrame
        testId="rate-chart"
        title="Error and timeout rate per observation window"
        description={`Share of requests that were not OK, and of timeouts, per ${windowMinutes}-minute window and path. Times in ${timeZone}.`}
        chart={
          <LineChart responsive width="100%" height="100%" data={rates} title="Error and timeout rate per window" desc="Error rate and timeout rate in percent per window, primary and fallback path." margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" minTickGap={16} />
            <YAxis unit=" %" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" />
            <Tooltip {...tooltip} />
            <Legend wrapperStyle={{ color: "var(--text)", fontSize: 12 }} />
            <Line type="linear" dataKey="err_PRIMARY" name="Error rate, primary" stroke="#D55E00" dot={false} isAnimationActive={false} connectNulls />
            <Line type="linear" dataKey="err_FALLBACK" name="Error rate, fallback" stroke="#E69F00" strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
            <Line type="linear" dataKey="to_PRIMARY" name="Timeout rate, primary" stroke="#0072B2" dot={false} isAnimationActive={false} connectNulls />
            <Line type="linear" dataKey="to_FALLBACK" name="Timeout rate, fallback" stroke="#56B4E9" strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        }
        table={windowTable(
          "Error and timeout rate per window",
          (w) => [w.requests.toLocaleString("en-US"), w.errors.toLocaleString("en-US"), pct(w.errorRate), w.timeouts.toLocaleString("en-US"), pct(w.timeoutRate), w.validationFailures.toLocaleString("en-US")],
          ["Requests", "Errors", "Error rate", "Timeouts", "Timeout rate", "Validation failures"],
          windows,
        )}
      />
      <ChartFrame
        testId="latency-chart"
        title="Latency per observation window"
        description={`p50, p95 and p99 latency of the ${PATH_LABEL[latencyPath].toLowerCase()} path per ${windowMinutes}-minute window.`}
        controls={
          <fieldset className="flex items-center gap-2 text-sm">
            <legend className="sr-only">Path for the latency chart</legend>
            {PATHS.map((p) => (
              <label key={p} className="flex items-center gap-1">
                <input type="radio" name={`${id}-latency-path`} value={p} checked={latencyPath === p} onChange={() => setLatencyPath(p)} />
                {PATH_LABEL[p]}
              </label>
            ))}
          </fieldset>
        }
        chart={
          <LineChart responsive width="100%" height="100%" data={latency} title={`Latency, ${PATH_LABEL[latencyPath]} path`} desc="p50, p95 and p99 latency in milliseconds per window." margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" minTickGap={16} />
            <YAxis unit=" ms" tick={{ fill: "currentColor", fontSize: 12 }} stroke="currentColor" width={80} />
            <Tooltip {...tooltip} />
            <Legend wrapperStyle={{ color: "var(--text)", fontSize: 12 }} />
            <Line type="linear" dataKey="p50" name="p50" stroke="#009E73" dot={false} isAnimationActive={false} connectNulls />
            <Line type="linear" dataKey="p95" name="p95" stroke="#E69F00" strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />
            <Line type="linear" dataKey="p99" name="p99" stroke="#D55E00" strokeDasharray="2 2" dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        }
        table={windowTable("Latency per window", (w) => [ms(w.p50LatencyMs), ms(w.p95LatencyMs), ms(w.p99LatencyMs)], ["p50", "p95", "p99"], windows)}
      />
    </div>
  );
}
