"use client";

import { useState, useTransition } from "react";
import { Badge, Notice } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TApprovalStatus } from "@/lib/fallback/approval";
import { revokeFallbackApprovalAction } from "@/lib/patterns/actions";

export type TApprovalItem = {
  id: string;
  approverName: string;
  changeTicket: string;
  approvedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  note: string | null;
  status: TApprovalStatus;
  reasons: string[];
};

const STATUS = {
  ACTIVE: { tone: "ok", label: "Active" },
  EXPIRED: { tone: "warn", label: "Expired" },
  REVOKED: { tone: "neutral", label: "Revoked" },
  INVALID: { tone: "danger", label: "Invalid" },
} as const;

export function ApprovalList({ incidentId, approvals, canRevoke }: { incidentId: string; approvals: TApprovalItem[]; canRevoke: boolean }) {
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  if (approvals.length === 0) return <p className="text-sm text-muted">No approval recorded.</p>;
  const revoke = (a: TApprovalItem) =>
    startTransition(async () => {
      const result = await revokeFallbackApprovalAction({ incidentId, approvalId: a.id });
      setMessage(result.ok ? { tone: "ok", text: `Approval ${a.changeTicket} revoked.` } : { tone: "danger", text: result.error });
    });
  return (
    <div className="flex flex-col gap-2">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <TableWrap>
        <Table>
          <caption className="sr-only">Approvals of the manual operator-controlled fallback</caption>
          <thead>
            <tr>
              <Th scope="col">Change ticket</Th>
              <Th scope="col">Status</Th>
              <Th scope="col">Approver</Th>
              <Th scope="col">Approved</Th>
              <Th scope="col">Expires</Th>
              <Th scope="col">Note</Th>
              {canRevoke ? (
                <Th scope="col">
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {approvals.map((a) => (
              <tr key={a.id} data-testid="approval-row">
                <Th scope="row" className="bg-transparent font-medium">
                  {a.changeTicket}
                </Th>
                <Td>
                  <Badge tone={STATUS[a.status].tone}>{STATUS[a.status].label}</Badge>
                  {a.status === "INVALID" || a.status === "REVOKED" ? (
                    <p className="mt-1 text-xs text-muted">
                      {a.status === "REVOKED" && a.revokedAt ? <LocalTime iso={a.revokedAt} /> : a.reasons.join("; ")}
                    </p>
                  ) : null}
                </Td>
                <Td>{a.approverName}</Td>
                <Td className="whitespace-nowrap">
                  <LocalTime iso={a.approvedAt} />
                </Td>
                <Td className="whitespace-nowrap">
                  <LocalTime iso={a.expiresAt} />
                </Td>
                <Td className="break-words">{a.note ?? "—"}</Td>
                {canRevoke ? (
                  <Td>
                    {a.status === "ACTIVE" ? (
                      <Button size="sm" variant="secondary" disabled={pending} onClick={() => revoke(a)}>
                        Revoke<span className="sr-only"> approval {a.changeTicket}</span>
                      </Button>
                    ) : null}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      </TableWrap>
    </div>
  );
}
