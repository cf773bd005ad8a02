"use client";

// A chart with the same data as a table: a toggle switches between them, so
// every figure is readable without the graphic (screen readers, print, copy).
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export function ChartFigure({
  title,
  description,
  chart,
  table,
  empty,
  testId,
}: {
  title: string;
  description?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  /** Shown instead of both when there is nothing to chart. */
  empty?: ReactNode;
  testId?: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <figure aria-labelledby={headingId} className="flex min-w-0 flex-col gap-3" data-testid={testId}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h3 id={headingId} className="font-semibold">
            {title}
          </h3>
          {description ? <div className="text-sm text-muted">{description}</div> : null}
        </div>
        {empty ? null : (
          <Button size="sm" variant="secondary" className="no-print shrink-0" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? "Show as chart" : "Show as table"}
          </Button>
        )}
      </div>
      {empty ? <p className="text-sm text-muted">{empty}</p> : asTable ? table : <div className="h-72 w-full min-w-0 text-muted">{chart}</div>}
    </figure>
  );
}

/** Tooltip colours that follow the theme. */
export const TOOLTIP_STYLE = { background: "var(--surface)", borderColor: "var(--border)", color: "var(--text)" } as const;
export const AXIS_TICK = { fill: "currentColor", fontSize: 12 } as const;

// Okabe–Ito: distinguishable with common colour-vision deficiencies.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#999999"] as const;
