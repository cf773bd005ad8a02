"use client";

// Completion rate and overdue count at the end of each of the last 12 weeks,
// as two lines (rate on the left axis, count on the right) or as a table.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, ChartFigure, PALETTE, TOOLTIP_STYLE } from "@/components/analytics/chart-figure";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { FOLLOW_UP_METRIC_DEFINITIONS, type TFollowUpWeek } from "@/lib/analytics/followup-metrics";

const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)} %`);

export function FollowUpTrend({ weeks, timeZone }: { weeks: TFollowUpWeek[]; timeZone: string }) {
  const data = weeks.map((w) => ({ ...w, ratePercent: w.completionRate === null ? null : Math.round(w.completionRate * 1000) / 10 }));
  const title = "Completion rate and overdue follow-ups, last 12 weeks";
  return (
    <ChartFigure
      title={title}
      testId="follow-up-trend"
      description={
        <>
          <dl className="mt-1 flex flex-col gap-1">
            {Object.values(FOLLOW_UP_METRIC_DEFINITIONS).map((d) => (
              <div key={d.label}>
                <dt className="inline font-medium text-text">{d.label}: </dt>
                <dd className="inline">{d.definition}</dd>
              </div>
            ))}
          </dl>
          <p>Weeks end on the dates shown, in {timeZone}.</p>
        </>
      }
      chart={
        <LineChart responsive width="100%" height="100%" data={data} title={title} desc="Weekly completion rate (percent, left axis) and overdue count (right axis). The same data is available as a table." margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.25} />
          <XAxis dataKey="weekEnd" tick={AXIS_TICK} stroke="currentColor" />
          <YAxis yAxisId="rate" domain={[0, 100]} unit=" %" tick={AXIS_TICK} stroke="currentColor" />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
          <Tooltip contentStyle={TOOLTIP_STYLE} />
          <Legend wrapperStyle={{ color: "var(--text)", fontSize: 12 }} />
          <Line yAxisId="rate" type="monotone" dataKey="ratePercent" name="Completion rate (%)" stroke={PALETTE[0]} strokeWidth={2} isAnimationActive={false} />
          <Line yAxisId="count" type="monotone" dataKey="overdue" name="Overdue" stroke={PALETTE[4]} strokeWidth={2} strokeDasharray="6 3" isAnimationActive={false} />
        </LineChart>
      }
      table={
        <TableWrap tabIndex={0} role="region" aria-label={`${title} as a table`}>
          <Table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <Th scope="col">Week ending</Th>
                <Th scope="col" className="text-right">Done by then</Th>
                <Th scope="col" className="text-right">Open and due by then</Th>
                <Th scope="col" className="text-right">Completion rate</Th>
                <Th scope="col" className="text-right">Overdue</Th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.weekEnd}>
                  <Th scope="row" className="bg-transparent font-normal">{w.weekEnd}</Th>
                  <Td className="text-right tabular-nums">{w.done}</Td>
                  <Td className="text-right tabular-nums">{w.openDue}</Td>
                  <Td className="text-right tabular-nums">{percent(w.completionRate)}</Td>
                  <Td className="text-right tabular-nums">{w.overdue}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      }
    />
  );
}
