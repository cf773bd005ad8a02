"use client";

import { useState, useTransition } from "react";
import { Badge, Notice } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ROLES, type TRole } from "@/lib/auth/permissions";
import { revokeUserSessionsAction, setUserDisabledAction, setUserRoleAction } from "@/lib/users/actions";

type TUser = { id: string; email: string; name: string; role: TRole; disabled: boolean; createdAt: string };

export function UserTable({ users, selfId }: { users: TUser[]; selfId: string }) {
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, success: string) =>
    startTransition(async () => {
      const r = await fn();
      setMessage(r.ok ? { tone: "ok", text: success } : { tone: "danger", text: r.error ?? "Failed." });
    });
  return (
    <div className="flex flex-col gap-3">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <TableWrap>
        <Table>
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <Th scope="col">Name</Th>
              <Th scope="col">E-mail</Th>
              <Th scope="col">Role</Th>
              <Th scope="col">Status</Th>
              <Th scope="col">Actions</Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <Td>{u.name}</Td>
                <Td className="break-all">{u.email}</Td>
                <Td>
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    className="rounded border border-border bg-surface px-2 py-1"
                    defaultValue={u.role}
                    disabled={pending}
                    onChange={(e) =>
                      run(() => setUserRoleAction({ userId: u.id, role: e.target.value }), `${u.email} is now ${e.target.value}.`)
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </Td>
                <Td>{u.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="ok">active</Badge>}</Td>
                <Td>
                  <div className="flex flex-wrap gap-2">
                    <Button
                      size="sm"
                      variant={u.disabled ? "secondary" : "danger"}
                      disabled={pending || u.id === selfId}
                      onClick={() =>
                        run(
                          () => setUserDisabledAction({ userId: u.id, disabled: !u.disabled }),
                          `${u.email} is now ${u.disabled ? "enabled" : "disabled"}.`,
                        )
                      }
                    >
                      {u.disabled ? "Enable" : "Disable"}
                      <span className="sr-only"> {u.email}</span>
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      disabled={pending}
                      onClick={() => run(() => revokeUserSessionsAction({ userId: u.id }), `Every session of ${u.email} was signed out.`)}
                    >
                      Sign out everywhere<span className="sr-only"> {u.email}</span>
                    </Button>
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableWrap>
    </div>
  );
}
