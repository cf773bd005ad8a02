import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AllowedHostsForm } from "@/components/settings/allowed-hosts-form";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getOutboundSettings } from "@/lib/smoke/settings";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function AdminSettingsPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  if (!can(actor, "settings:manage")) redirect("/incidents");
  const settings = await getOutboundSettings(actor);
  return (
    <>
      <PageHeader title="Settings" description="Installation-wide settings. Only admins can see and change them." />
      <Card aria-labelledby="outbound-title" className="max-w-2xl">
        <CardTitle>
          <span id="outbound-title">Outbound hosts for live smoke requests</span>
        </CardTitle>
        <p className="mb-3 text-sm text-muted">
          A live smoke request is sent by the server, with the API key from the environment variable a configuration
          version names. It only goes to hosts listed here; every other host is refused.
        </p>
        <AllowedHostsForm hosts={settings.allowedOutboundHosts} />
      </Card>
    </>
  );
}
