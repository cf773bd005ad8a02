import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FollowUpsView } from "@/components/followups/followups-view";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { listFollowUps } from "@/lib/followups/followups";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { listUsers } from "@/lib/users/users";

export const metadata: Metadata = { title: "Follow-ups" };
export const dynamic = "force-dynamic";

export default async function FollowUpsPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const canEdit = can(actor, "incident:write");
  const [items, users] = await Promise.all([listFollowUps(actor, incident.id), canEdit ? listUsers(actor) : Promise.resolve([])]);
  return (
    <FollowUpsView
      incidentKey={incident.key}
      items={items}
      users={users.map((u) => ({ id: u.id, name: u.name, email: u.email, disabled: u.disabled }))}
      canEdit={canEdit}
    />
  );
}
