import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";

type TRow = {
  id: string;
  createdAt: string;
  actorLabel: string;
  action: string;
  entityType: string;
  field: string | null;
  before: unknown;
  after: unknown;
};

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function HistoryTable({ entries }: { entries: TRow[] }) {
  if (entries.length === 0) return <p className="text-sm text-muted">No changes recorded yet.</p>;
  return (
    <TableWrap className="relative" tabIndex={0} role="region" aria-label="History of changes (scrolls sideways when wide)">
      <Table>
        <caption className="sr-only">History of changes</caption>
        <thead>
          <tr>
            <Th scope="col">When</Th>
            <Th scope="col">Who</Th>
            <Th scope="col">Change</Th>
            <Th scope="col">Field</Th>
            <Th scope="col">Before</Th>
            <Th scope="col">After</Th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <Td className="whitespace-nowrap">
                <LocalTime iso={e.createdAt} />
              </Td>
              <Td>{e.actorLabel}</Td>
              <Td className="whitespace-nowrap">
                {e.action.toLowerCase()} {e.entityType}
              </Td>
              <Td>{e.field ?? "—"}</Td>
              <Td className="max-w-64 break-words font-mono text-xs">{show(e.before)}</Td>
              <Td className="max-w-64 break-words font-mono text-xs">{show(e.after)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableWrap>
  );
}
