import { redirect } from "next/navigation";
import { HistoryTable } from "@/components/history/history-table";
import { getActor } from "@/lib/auth/session";
import { listIncidentHistory } from "@/lib/audit/history";
import { getIncidentByKey } from "@/lib/incidents/incidents";

export const dynamic = "force-dynamic";

export default async function IncidentHistoryPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const entries = await listIncidentHistory(actor, incident.id);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="mb-1 text-lg font-semibold">
        History
      </h2>
      <p className="mb-3 text-sm text-muted">Every change to this review: who, when, what, before and after. History cannot be edited or deleted.</p>
      <HistoryTable entries={entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }))} />
    </section>
  );
}
