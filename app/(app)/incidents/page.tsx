import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Plus } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { Notice, PageHeader } from "@/components/ui/card";
import { IncidentTable } from "@/components/incidents/incident-table";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentFilterOptions, listIncidentPage } from "@/lib/analytics/incident-list";
import { parseIncidentListQuery, type TSearchParams } from "@/lib/analytics/schemas";

export const metadata: Metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const parsed = parseIncidentListQuery(await searchParams);
  const createLink = (
    <Link href="/incidents/new" className={buttonClass("primary", "sm")}>
      <Plus aria-hidden size={16} /> New incident
    </Link>
  );
  if (!parsed.ok) {
    return (
      <>
        <PageHeader title="Incidents" />
        <div className="flex flex-col items-start gap-3">
          <Notice tone="danger" title="This link's list settings are not valid." role="alert">
            <ul className="list-disc pl-5">
              {parsed.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </Notice>
          <Link href="/incidents" className="text-accent underline">
            Show all incidents
          </Link>
        </div>
      </>
    );
  }
  const [page, options] = await Promise.all([listIncidentPage(actor, parsed.query), getIncidentFilterOptions(actor)]);
  return (
    <>
      <PageHeader title="Incidents" description="Reviews of degraded chat-completions paths. Sort, filter and search; the address keeps the view, so a copied link shows the same rows." />
      <IncidentTable page={page} query={parsed.query} options={options} canCreate={can(actor, "incident:write")} createLink={createLink} />
    </>
  );
}
