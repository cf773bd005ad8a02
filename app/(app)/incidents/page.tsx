import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { IncidentTable } from "@/components/incidents/incident-table";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { listIncidents } from "@/lib/incidents/incidents";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

export default async function IncidentsPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incidents = await listIncidents(actor);
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Reviews of degraded chat-completions paths, newest first."
        actions={
          can(actor, "incident:write") ? (
            <Link href="/incidents/new" className={buttonClass("primary")}>
              <Plus aria-hidden size={16} /> New incident
            </Link>
          ) : null
        }
      />
      <IncidentTable incidents={incidents} />
    </>
  );
}
