import type { Metadata } from "next";
import { redirect } from "next/navigation";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { UserTable } from "@/components/admin/user-table";
import { CreateUserForm, InviteUserForm } from "@/components/admin/user-forms";
import { RequireReadinessCard } from "@/components/export/require-readiness-card";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/users";
import { getExportAdminSettings } from "@/lib/export/settings";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  if (!can(actor, "users:manage")) redirect("/incidents");
  const users = await listUsers(actor);
  const exportSettings = can(actor, "settings:manage") ? await getExportAdminSettings(actor) : null;
  return (
    <>
      <PageHeader
        title="Admin"
        description="Users, roles and access. Changes apply on the user's next request."
        actions={
          <Link href="/admin/settings" className={buttonClass("secondary")}>
            Outbound hosts for smoke runs
          </Link>
        }
      />
      <div className="flex flex-col gap-4">
        <Card aria-labelledby="users-title">
          <CardTitle>
            <span id="users-title">Users</span>
          </CardTitle>
          <UserTable users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))} selfId={actor.id} />
        </Card>
        <div className="grid gap-4 lg:grid-cols-2">
          <Card aria-labelledby="create-title">
            <CardTitle>
              <span id="create-title">Create a user</span>
            </CardTitle>
            <CreateUserForm />
          </Card>
          <Card aria-labelledby="invite-title">
            <CardTitle>
              <span id="invite-title">Invite a user</span>
            </CardTitle>
            <InviteUserForm />
          </Card>
        </div>
        {exportSettings ? <RequireReadinessCard initial={exportSettings.requireReadinessForExport} /> : null}
      </div>
    </>
  );
}
