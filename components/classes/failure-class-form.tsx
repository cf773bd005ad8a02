"use client";

// §2 as a table with the runbook's columns, plus the incident's role for each
// class. Read-only for viewers. At most one primary class.
import { useEffect, useMemo, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Badge, Notice } from "@/components/ui/card";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { runbook, getFailureClass, type TFailureClassId } from "@/lib/runbook/runbook";
import { saveFailureClassesAction } from "@/lib/classes/actions";
import { ZFailureClasses, type TClassRoleChoice, type TFailureClasses, type TFailureClassesInput } from "@/lib/classes/schemas";

type TEntry = { classId: TFailureClassId; role: TClassRoleChoice; note: string };

const ROLE_LABELS: Record<TClassRoleChoice, string> = { NONE: "Not shown", PRIMARY: "Primary", SECONDARY: "Secondary" };

function describe(entries: readonly TEntry[]): string {
  const shown = entries.filter((e) => e.role !== "NONE");
  if (shown.length === 0) return "No classes marked.";
  return shown.map((e) => `${getFailureClass(e.classId).label}: ${ROLE_LABELS[e.role].toLowerCase()}${e.note ? ` (${e.note})` : ""}`).join("\n");
}

export function FailureClassForm({
  incidentId,
  classes,
  basedOn,
  canEdit,
}: {
  incidentId: string;
  classes: TEntry[];
  basedOn: string;
  canEdit: boolean;
}) {
  const cols = runbook.failureModes.columns;
  const defaults = useMemo<TFailureClassesInput>(() => ({ incidentId, basedOn, classes }), [incidentId, basedOn, classes]);
  const form = useForm<TFailureClassesInput, unknown, TFailureClasses>({ resolver: zodResolver(ZFailureClasses), defaultValues: defaults });
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<{ theirs: TEntry[]; theirBase: string; yours: TEntry[] } | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => form.reset(defaults), [form, defaults]);

  const submit = (values: TFailureClassesInput) =>
    startTransition(async () => {
      setMessage(null);
      const result = await saveFailureClassesAction(values);
      if (result.ok) {
        setConflict(null);
        setMessage({ tone: "ok", text: "Classification saved." });
        return;
      }
      if (result.conflict) {
        const current = result.conflict.current as { classes: TEntry[]; basedOn: string };
        setConflict({ theirs: current.classes, theirBase: current.basedOn, yours: values.classes as TEntry[] });
        return;
      }
      setMessage({ tone: "danger", text: [result.error, ...(result.fieldErrors?.classes ?? [])].join(" ") });
    });

  const onSubmit = form.handleSubmit(() => submit(form.getValues()));
  const classesError = form.formState.errors.classes?.message ?? form.formState.errors.classes?.root?.message;

  const table = (
    <TableWrap>
      <Table>
        <caption className="sr-only">
          {runbook.failureModes.tableLead} {cols.whatToCheck} and {cols.likelyAction.toLowerCase()} for each class, and its role in this incident
        </caption>
        <thead>
          <tr>
            <Th scope="col">{cols.label}</Th>
            <Th scope="col">{cols.whatToCheck}</Th>
            <Th scope="col">{cols.likelyAction}</Th>
            <Th scope="col">In this incident</Th>
          </tr>
        </thead>
        <tbody>
          {classes.map((entry, i) => {
            const info = getFailureClass(entry.classId);
            return (
              <tr key={entry.classId}>
                <Th scope="row" className="bg-transparent font-medium whitespace-normal">
                  {info.label}
                </Th>
                <Td>{info.whatToCheck}</Td>
                <Td>{info.likelyAction}</Td>
                <Td className="min-w-56">
                  {canEdit ? (
                    <div className="flex flex-col gap-2">
                      <label className="sr-only" htmlFor={`role-${entry.classId}`}>
                        Role of {info.label}
                      </label>
                      <select
                        id={`role-${entry.classId}`}
                        className="rounded-md border border-border bg-surface px-2 py-1 text-sm"
                        {...form.register(`classes.${i}.role`)}
                      >
                        {(Object.keys(ROLE_LABELS) as TClassRoleChoice[]).map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                      <label className="sr-only" htmlFor={`note-${entry.classId}`}>
                        Note on {info.label}
                      </label>
                      <input
                        id={`note-${entry.classId}`}
                        placeholder="Note (optional)"
                        className="rounded-md border border-border bg-surface px-2 py-1 text-sm placeholder:text-muted"
                        {...form.register(`classes.${i}.note`)}
                      />
                    </div>
                  ) : entry.role === "NONE" ? (
                    <span className="text-muted">Not shown</span>
                  ) : (
                    <div className="flex flex-col items-start gap-1">
                      <Badge tone={entry.role === "PRIMARY" ? "accent" : "neutral"}>{ROLE_LABELS[entry.role]}</Badge>
                      {entry.note ? <span className="text-sm">{entry.note}</span> : null}
                    </div>
                  )}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </TableWrap>
  );

  if (!canEdit) return table;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      {table}
      {classesError ? (
        <Notice tone="danger" role="alert">
          {classesError}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={describe(conflict.theirs)}
          yours={describe(conflict.yours)}
          onReapply={() => {
            setConflict(null);
            // Their classification is now the base; save mine on top of it.
            form.setValue("basedOn", conflict.theirBase);
            void onSubmit();
          }}
          onUseTheirs={() => {
            setConflict(null);
            form.reset({ incidentId, basedOn: conflict.theirBase, classes: conflict.theirs });
          }}
        />
      ) : null}
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save classification"}
        </Button>
      </div>
    </form>
  );
}
