import type { ReactNode } from "react";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";

/** One column after the row header: its heading and its cell per row. */
export type TChartTableColumn<R> = {
  key: string;
  header: ReactNode;
  cell: (row: R) => ReactNode;
  /** Right-aligned tabular figures (counts, durations). */
  numeric?: boolean;
  /** The row's total: bold. */
  total?: boolean;
  className?: string;
};

/**
 * The table view every chart offers (its accessible alternative): a caption,
 * one row header per row (a period, a bucket, a class), then figure columns.
 * Focusable so keyboard users can scroll a wide or tall table.
 */
export function ChartDataTable<R>({
  label,
  caption,
  rowHeader,
  rowHeaderClassName,
  rowHeaderCell,
  columns,
  rows,
  rowKey,
  className,
}: {
  /** The region's accessible name. */
  label: string;
  caption: ReactNode;
  rowHeader: ReactNode;
  rowHeaderClassName?: string;
  rowHeaderCell: (row: R) => ReactNode;
  columns: readonly TChartTableColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  className?: string;
}) {
  return (
    <TableWrap tabIndex={0} role="region" aria-label={label} className={className}>
      <Table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <Th scope="col">{rowHeader}</Th>
            {columns.map((c) => (
              <Th key={c.key} scope="col" className={c.numeric || c.total ? "text-right" : undefined}>
                {c.header}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              <Th scope="row" className={cn("bg-transparent font-normal", rowHeaderClassName)}>
                {rowHeaderCell(row)}
              </Th>
              {columns.map((c) => (
                <Td key={c.key} className={cn((c.numeric || c.total) && "text-right tabular-nums", c.total && "font-semibold", c.className)}>
                  {c.cell(row)}
                </Td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
    </TableWrap>
  );
}
