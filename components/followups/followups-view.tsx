"use client";

import { Fragment, useState, useSyncExternalStore, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Badge, Notice } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { deleteFollowUpAction, setFollowUpStatusAction } from "@/lib/followups/actions";
import type { TFollowUpItem } from "@/lib/followups/followups";
import { isOverdue, sortFollowUps, todayInZone } from "@/lib/followups/overdue";
import { describeFollowUpSource, FOLLOW_UP_STATUS_LABELS, FOLLOW_UP_STATUSES, type TFollowUpStatus } from "@/lib/followups/schemas";
import { isHttpUrl } from "@/lib/http/url";
import { FollowUpForm, type TOwnerOption } from "./follow-up-form";
import { FollowUpSummary } from "./follow-up-summary";

const subscribe = () => () => undefined;

/** Today's date in the browser's time zone ("UTC" while rendering on the server). */
function useToday(): { today: string; timeZone: string } {
  const timeZone = useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "UTC",
  );
  const today = useSyncExternalStore(
    subscribe,
    () => todayInZone(new Date(), timeZone),
    () => todayInZone(new Date(), "UTC"),
  );
  return { today, timeZone };
}

const statusTone = (s: TFollowUpStatus) => (s === "DONE" ? "ok" : s === "WONT_DO" ? "neutral" : s === "IN_PROGRESS" ? "accent" : "neutral");

type TRowConflict = { id: string; theirs: TFollowUpItem | null; currentVersion: number; yours: TFollowUpStatus | "delete" };

export function FollowUpsView({
  incidentKey,
  items,
  users,
  canEdit,
}: {
  incidentKey: string;
  items: TFollowUpItem[];
  users: TOwnerOption[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const { today, timeZone } = useToday();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<TRowConflict | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  const sorted = sortFollowUps(items, today);
  const overdueCount = sorted.filter((f) => isOverdue(f, today)).length;

  const finishEdit = (text: string) => {
    setEditing(null);
    setMessage(text ? { tone: "ok", text } : null);
  };

  const changeStatus = (item: TFollowUpItem, status: TFollowUpStatus, basedOn = item.version) => {
    setMessage(null);
    setConflict(null);
    setPendingId(item.id);
    startTransition(async () => {
      const result = await setFollowUpStatusAction({ incidentKey, id: item.id, version: basedOn, status });
      setPendingId(null);
      if (result.ok) {
        setMessage({ tone: "ok", text: `Status of "${item.title}" set to ${FOLLOW_UP_STATUS_LABELS[status]}.` });
        router.refresh();
      } else if (result.conflict) {
        setConflict({ id: item.id, theirs: result.conflict.current as TFollowUpItem | null, currentVersion: result.conflict.currentVersion, yours: status });
      } else {
        setMessage({ tone: "danger", text: result.error });
      }
    });
  };

  const remove = (item: TFollowUpItem, basedOn = item.version) => {
    setMessage(null);
    setConflict(null);
    setPendingId(item.id);
    startTransition(async () => {
      const result = await deleteFollowUpAction({ incidentKey, id: item.id, version: basedOn });
      setPendingId(null);
      setConfirmDelete(null);
      if (result.ok) {
        setMessage({ tone: "ok", text: `Deleted "${item.title}".` });
        router.refresh();
      } else if (result.conflict) {
        setConflict({ id: item.id, theirs: result.conflict.current as TFollowUpItem | null, currentVersion: result.conflict.currentVersion, yours: "delete" });
      } else {
        setMessage({ tone: "danger", text: result.error });
      }
    });
  };

  return (
    <section aria-labelledby="follow-ups-title" className="flex flex-col gap-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="follow-ups-title" className="text-lg font-semibold">
            Follow-ups
          </h2>
          <p className="text-sm text-muted">
            Owners, due dates and tickets for the work this review found. Overdue means still open or in progress after its due date
            (today is {today} in {timeZone}).
          </p>
        </div>
        {canEdit && editing !== "new" ? (
          <Button className="shrink-0 whitespace-nowrap" onClick={() => setEditing("new")}>
            <Plus aria-hidden size={16} /> Add follow-up
          </Button>
        ) : null}
      </div>

      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      {overdueCount > 0 ? (
        <Notice tone="danger" title={`${overdueCount} overdue`}>
          Overdue follow-ups are listed first.
        </Notice>
      ) : null}

      {canEdit && editing === "new" ? (
        <div className="rounded-lg border border-border bg-surface p-4">
          <h3 className="mb-3 text-base font-semibold">New follow-up</h3>
          <FollowUpForm incidentKey={incidentKey} item={null} users={users} onDone={finishEdit} />
        </div>
      ) : null}

      {sorted.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">No follow-ups yet.</p>
      ) : (
        <TableWrap>
          <Table>
            <caption className="sr-only">Follow-ups, overdue first</caption>
            <thead>
              <tr>
                <Th scope="col">Follow-up</Th>
                <Th scope="col">Owner</Th>
                <Th scope="col">Due</Th>
                <Th scope="col">Status</Th>
                <Th scope="col">Ticket</Th>
                <Th scope="col">Came from</Th>
                {canEdit ? (
                  <Th scope="col">
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {sorted.map((item) => {
                const overdue = isOverdue(item, today);
                const columns = canEdit ? 7 : 6;
                return (
                  <Fragment key={item.id}>
                    <tr data-testid="follow-up-row" data-overdue={overdue || undefined} className={cn(overdue && "bg-danger-bg/60 [&>td:first-child]:border-l-4 [&>td:first-child]:border-l-danger")}>
                      <Td className="min-w-48">
                        <div className="flex flex-wrap items-center gap-2">
                          <span className="font-medium">{item.title}</span>
                          {overdue ? <Badge tone="danger">Overdue</Badge> : null}
                        </div>
                      </Td>
                      <Td>
                        {item.ownerUserName ?? item.ownerExternalName ?? "—"}
                        {item.ownerExternalName ? <span className="block text-xs text-muted">external</span> : null}
                      </Td>
                      <Td className={cn("whitespace-nowrap", overdue && "font-semibold text-danger")}>{item.dueDate ?? "—"}</Td>
                      <Td>
                        {canEdit ? (
                          <select
                            key={`${item.id}-${item.version}`}
                            aria-label={`Status of ${item.title}`}
                            defaultValue={item.status}
                            disabled={pendingId === item.id}
                            onChange={(e) => changeStatus(item, e.target.value as TFollowUpStatus)}
                            className="rounded-md border border-border bg-surface px-2 py-1 text-sm text-text"
                          >
                            {FOLLOW_UP_STATUSES.map((s) => (
                              <option key={s} value={s}>
                                {FOLLOW_UP_STATUS_LABELS[s]}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <Badge tone={statusTone(item.status)}>{FOLLOW_UP_STATUS_LABELS[item.status]}</Badge>
                        )}
                      </Td>
                      <Td className="max-w-56 break-all">
                        {item.ticketUrl && isHttpUrl(item.ticketUrl) ? (
                          <a href={item.ticketUrl} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline">
                            {item.ticketUrl}
                          </a>
                        ) : (
                          "—"
                        )}
                      </Td>
                      <Td className="min-w-40 text-xs">{describeFollowUpSource(item.sourceSectionId, item.sourceQuestionId)}</Td>
                      {canEdit ? (
                        <Td className="whitespace-nowrap">
                          {confirmDelete === item.id ? (
                            <div className="flex gap-1">
                              <Button size="sm" variant="danger" onClick={() => remove(item)} disabled={pendingId === item.id}>
                                Confirm delete<span className="sr-only"> {item.title}</span>
                              </Button>
                              <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(null)}>
                                Keep
                              </Button>
                            </div>
                          ) : (
                            <div className="flex gap-1">
                              <Button size="sm" variant="secondary" onClick={() => setEditing(item.id)}>
                                Edit<span className="sr-only"> {item.title}</span>
                              </Button>
                              <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(item.id)}>
                                Delete<span className="sr-only"> {item.title}</span>
                              </Button>
                            </div>
                          )}
                        </Td>
                      ) : null}
                    </tr>
                    {conflict?.id === item.id ? (
                      <tr>
                        <Td colSpan={columns}>
                          <ConflictNotice
                            theirs={conflict.theirs ? <FollowUpSummary item={conflict.theirs} /> : "It was deleted."}
                            yours={conflict.yours === "delete" ? "Delete this follow-up" : `Status: ${FOLLOW_UP_STATUS_LABELS[conflict.yours]}`}
                            onReapply={() => {
                              if (!conflict.theirs) return setConflict(null);
                              if (conflict.yours === "delete") remove(item, conflict.currentVersion);
                              else changeStatus(item, conflict.yours, conflict.currentVersion);
                            }}
                            onUseTheirs={() => {
                              setConflict(null);
                              router.refresh();
                            }}
                          />
                        </Td>
                      </tr>
                    ) : null}
                    {canEdit && editing === item.id ? (
                      <tr>
                        <Td colSpan={columns} className="bg-surface-2/40">
                          <FollowUpForm incidentKey={incidentKey} item={item} users={users} onDone={finishEdit} />
                        </Td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </Table>
        </TableWrap>
      )}
    </section>
  );
}
