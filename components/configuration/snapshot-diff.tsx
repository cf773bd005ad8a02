import { Badge } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TDiffRow } from "@/lib/configuration/diff-view";

/** Two versions side by side; changed rows carry a "Changed" marker, not only a color. */
export function SnapshotDiff({ rows, a, b }: { rows: TDiffRow[]; a: number; b: number }) {
  const changed = rows.filter((r) => r.changed).length;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm" role="status">
        {changed === 0 ? `Versions ${a} and ${b} are identical.` : `${changed} ${changed === 1 ? "field differs" : "fields differ"} between version ${a} and version ${b}.`}
      </p>
      <TableWrap role="region" aria-label={`Version ${a} and version ${b}, scrollable`} tabIndex={0}>
        <Table>
          <caption className="sr-only">
            Version {a} compared with version {b}
          </caption>
          <thead>
            <tr>
              <Th scope="col">Field</Th>
              <Th scope="col">Version {a}</Th>
              <Th scope="col">Version {b}</Th>
              <Th scope="col">Difference</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={cn(r.changed && "bg-warn-bg")} data-changed={r.changed ? "true" : undefined}>
                <Th scope="row" className={cn("bg-transparent font-normal whitespace-normal", r.changed && "font-semibold")}>
                  {r.label}
                  <span className="block text-xs text-muted">{r.item}</span>
                </Th>
                <Td className="break-all">{r.a}</Td>
                <Td className={cn("break-all", r.changed && "font-semibold")}>{r.b}</Td>
                <Td>{r.changed ? <Badge tone="warn">Changed</Badge> : <span className="text-muted">Same</span>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableWrap>
    </div>
  );
}
