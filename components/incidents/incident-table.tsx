import Link from "next/link";
import { Badge, severityTone } from "@/components/ui/card";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TIncidentListItem } from "@/lib/incidents/incidents";
import { formatDuration } from "@/lib/time/zone";
import { LocalTime } from "@/components/ui/local-time";

export function IncidentTable({ incidents }: { incidents: TIncidentListItem[] }) {
  if (incidents.length === 0) {
    return <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">No incidents yet.</p>;
  }
  return (
    <TableWrap>
      <Table>
        <caption className="sr-only">Incidents</caption>
        <thead>
          <tr>
            <Th scope="col">Key</Th>
            <Th scope="col">Title</Th>
            <Th scope="col">Severity</Th>
            <Th scope="col">Status</Th>
            <Th scope="col">Started</Th>
            <Th scope="col">Duration</Th>
            <Th scope="col">Commander</Th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <Td className="font-mono whitespace-nowrap">
                <Link className="text-accent underline-offset-2 hover:underline" href={`/incidents/${i.key}`}>
                  {i.key}
                </Link>
              </Td>
              <Td className="min-w-48">{i.title}</Td>
              <Td>
                <Badge tone={severityTone(i.severity)}>{i.severity}</Badge>
              </Td>
              <Td className="whitespace-nowrap">{i.status.toLowerCase()}</Td>
              <Td className="whitespace-nowrap">
                <LocalTime iso={i.degradationStartedAt.toISOString()} />
              </Td>
              <Td className="whitespace-nowrap">{i.endedAt ? formatDuration(i.endedAt.getTime() - i.degradationStartedAt.getTime()) : "ongoing"}</Td>
              <Td>{i.commanderName ?? "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableWrap>
  );
}
