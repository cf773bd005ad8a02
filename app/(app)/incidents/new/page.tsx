import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { NewIncidentForm } from "@/components/incidents/new-incident-form";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New incident" };
export const dynamic = "force-dynamic";

export default async function NewIncidentPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  if (!can(actor, "incident:write")) redirect("/incidents");
  return (
    <>
      <PageHeader title="New incident" description="Open a review for a degraded chat-completions path." />
      <NewIncidentForm />
    </>
  );
}
