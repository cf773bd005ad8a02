"use client";

// A runbook checklist answered item by item: yes / no / unanswered (or a
// single checkbox), a note, optionally when it happened and who did it.
// Only changed items are sent; each carries the version it was based on.
import { useEffect, useMemo, useState, useTransition, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Badge, Notice } from "@/components/ui/card";
import { LocalTime, useTimeZone } from "@/components/ui/local-time";
import { ConflictNotice } from "@/components/review/conflict-notice";
import type { TActionResult } from "@/lib/http/errors";
import { ZChecklistAnswers, toTriState, type TChecklistAnswers, type TChecklistAnswersInput, type TTriState } from "@/lib/decision/schemas";
import { formatInZone, utcToZonedLocal } from "@/lib/time/zone";

export type TChecklistItemAnswer = {
  checked: boolean | null;
  note: string | null;
  /** ISO instant. */
  occurredAt: string | null;
  byUserName: string | null;
  version: number;
};

export type TChecklistItem = {
  checklistId: string;
  itemId: string;
  /** Runbook wording of the item. */
  text: string;
  answer: TChecklistItemAnswer | null;
};

export type TChecklistGroup = {
  id: string;
  /** Runbook lead sentence, e.g. "Rollback steps:". */
  lead?: string;
  items: TChecklistItem[];
  /** "tristate": yes / no / not answered; "checkbox": one box labelled `checkboxLabel`. */
  mode: "tristate" | "checkbox";
  checkboxLabel?: string;
  showWhen?: boolean;
  showBy?: boolean;
};

type TFormAnswer = TChecklistAnswersInput["answers"][number];
type TConflictItem = { checklistId: string; itemId: string; checked: boolean | null; note: string | null; occurredAt: string | null; version: number };

const TRI_LABELS: Record<TTriState, string> = { yes: "Yes", no: "No", unanswered: "Not answered" };

function formAnswer(group: TChecklistGroup, item: TChecklistItem, timeZone: string): TFormAnswer {
  const a = item.answer;
  return {
    checklistId: item.checklistId,
    itemId: item.itemId,
    checked: group.mode === "checkbox" ? a?.checked === true : toTriState(a?.checked),
    note: a?.note ?? "",
    occurredAtLocal: a?.occurredAt ? utcToZonedLocal(new Date(a.occurredAt), timeZone) : "",
    version: a?.version ?? 0,
  };
}

const same = (a: TFormAnswer, b: TFormAnswer) =>
  a.checked === b.checked && (a.note ?? "").trim() === (b.note ?? "").trim() && (a.occurredAtLocal ?? "") === (b.occurredAtLocal ?? "");

function answerText(checked: boolean | null, note: string | null, occurredAt: string | null, timeZone: string): string {
  const parts = [checked === true ? "Yes" : checked === false ? "No" : "Not answered"];
  if (occurredAt) parts.push(`at ${formatInZone(new Date(occurredAt), timeZone)}`);
  if (note) parts.push(`— ${note}`);
  return parts.join(" ");
}

export function ChecklistForm({
  incidentId,
  groups,
  canEdit,
  action,
  saveLabel,
  noteLabel = "Note",
  ariaLabel,
  children,
}: {
  incidentId: string;
  groups: TChecklistGroup[];
  canEdit: boolean;
  action: (raw: unknown) => Promise<TActionResult<unknown>>;
  saveLabel: string;
  noteLabel?: string;
  /** Accessible name of the form. */
  ariaLabel: string;
  /** Shown between the items and the save button (e.g. warnings). */
  children?: ReactNode;
}) {
  const timeZone = useTimeZone();
  const flat = useMemo(() => groups.flatMap((g) => g.items.map((item) => ({ group: g, item }))), [groups]);
  const defaults = useMemo<TChecklistAnswersInput>(
    () => ({ incidentId, timeZone, answers: flat.map(({ group, item }) => formAnswer(group, item, timeZone)) }),
    [incidentId, timeZone, flat],
  );
  const form = useForm<TChecklistAnswersInput, unknown, TChecklistAnswers>({ resolver: zodResolver(ZChecklistAnswers), defaultValues: defaults });
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<{ theirs: TConflictItem[]; yours: TFormAnswer[] } | null>(null);
  const [pending, startTransition] = useTransition();
  // What the stored answers look like in the form: a save sends only items that differ.
  const [base, setBase] = useState({ from: defaults, answers: defaults.answers });
  if (base.from !== defaults) setBase({ from: defaults, answers: defaults.answers });
  useEffect(() => form.reset(defaults), [form, defaults]);

  const textOf = (checklistId: string, itemId: string) =>
    flat.find(({ item }) => item.checklistId === checklistId && item.itemId === itemId)?.item.text ?? itemId;

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const values = form.getValues();
      const changed = values.answers.filter((a, i) => !same(a, base.answers[i]!));
      if (changed.length === 0) {
        setMessage({ tone: "ok", text: "Nothing changed." });
        return;
      }
      const result = await action({ ...values, answers: changed });
      if (result.ok) {
        setConflict(null);
        setMessage({ tone: "ok", text: `Saved ${changed.length} ${changed.length === 1 ? "answer" : "answers"}.` });
        return;
      }
      if (result.conflict) {
        const theirs = result.conflict.current as TConflictItem[];
        setConflict({ theirs, yours: changed.filter((a) => theirs.some((t) => t.checklistId === a.checklistId && t.itemId === a.itemId)) });
        return;
      }
      setMessage({ tone: "danger", text: [result.error, ...Object.values(result.fieldErrors ?? {}).flat()].join(" ") });
    });
  const onSubmit = form.handleSubmit(save);

  const indexOf = (checklistId: string, itemId: string) =>
    flat.findIndex(({ item }) => item.checklistId === checklistId && item.itemId === itemId);

  /** Adopt their saved answers (and versions) for the conflicting items. */
  const adoptTheirs = (theirs: TConflictItem[], keepMine: boolean) => {
    for (const t of theirs) {
      const i = indexOf(t.checklistId, t.itemId);
      if (i < 0) continue;
      const group = flat[i]!.group;
      const theirsInForm = formAnswer(group, { ...flat[i]!.item, answer: { ...t, byUserName: null } }, timeZone);
      // Their answer is the new base that changes are found against.
      setBase((b) => ({ ...b, answers: b.answers.map((x, j) => (j === i ? theirsInForm : x)) }));
      form.setValue(`answers.${i}.version`, t.version);
      if (!keepMine) {
        form.setValue(`answers.${i}.checked`, theirsInForm.checked);
        form.setValue(`answers.${i}.note`, theirsInForm.note);
        form.setValue(`answers.${i}.occurredAtLocal`, theirsInForm.occurredAtLocal);
      }
    }
  };

  const answerErrors = form.formState.errors.answers;
  const itemError = (i: number) => {
    const e = Array.isArray(answerErrors) ? answerErrors[i] : undefined;
    return e?.occurredAtLocal?.message ?? e?.note?.message ?? e?.checked?.message ?? e?.itemId?.message;
  };

  const renderItem = (group: TChecklistGroup, item: TChecklistItem) => {
    const i = indexOf(item.checklistId, item.itemId);
    const a = item.answer;
    const idBase = `${item.checklistId}-${item.itemId}`;
    if (!canEdit) {
      return (
        <li key={item.itemId} className="rounded-md border border-border p-3">
          <p className="font-medium">{item.text}</p>
          <p className="mt-1 text-sm">
            {group.mode === "checkbox" ? (
              a?.checked ? (
                <Badge tone="ok">{group.checkboxLabel ?? "Yes"}</Badge>
              ) : (
                <Badge>Not {(group.checkboxLabel ?? "checked").toLowerCase()}</Badge>
              )
            ) : (
              <Badge tone={a?.checked === true ? "ok" : a?.checked === false ? "warn" : "neutral"}>{TRI_LABELS[toTriState(a?.checked)]}</Badge>
            )}
            {group.showWhen && a?.occurredAt ? (
              <span className="ml-2 text-muted">
                When: <LocalTime iso={a.occurredAt} />
              </span>
            ) : null}
            {group.showBy && a?.byUserName ? <span className="ml-2 text-muted">By: {a.byUserName}</span> : null}
          </p>
          {a?.note ? <p className="mt-1 text-sm break-words whitespace-pre-wrap">{a.note}</p> : null}
        </li>
      );
    }
    const error = itemError(i);
    return (
      <li key={item.itemId}>
        <fieldset className="rounded-md border border-border p-3" aria-describedby={error ? `${idBase}-error` : undefined}>
          <legend className="px-1 font-medium">{item.text}</legend>
          <div className="flex flex-col gap-2">
            {group.mode === "tristate" ? (
              <div className="flex flex-wrap gap-4 text-sm">
                {(Object.keys(TRI_LABELS) as TTriState[]).map((v) => (
                  <label key={v} className="flex items-center gap-1">
                    <input type="radio" value={v} {...form.register(`answers.${i}.checked`)} />
                    {TRI_LABELS[v]}
                  </label>
                ))}
              </div>
            ) : (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" {...form.register(`answers.${i}.checked`)} />
                {group.checkboxLabel ?? "Checked"}
              </label>
            )}
            <div className="grid gap-2 sm:grid-cols-[1fr_auto]">
              <div className="flex flex-col gap-1">
                <label htmlFor={`${idBase}-note`} className="text-xs font-medium text-muted">
                  {noteLabel}
                </label>
                <textarea
                  id={`${idBase}-note`}
                  rows={1}
                  className="min-h-9 rounded-md border border-border bg-surface px-2 py-1 text-sm"
                  {...form.register(`answers.${i}.note`)}
                />
              </div>
              {group.showWhen ? (
                <div className="flex flex-col gap-1">
                  <label htmlFor={`${idBase}-when`} className="text-xs font-medium text-muted">
                    When ({timeZone})
                  </label>
                  <input
                    id={`${idBase}-when`}
                    type="datetime-local"
                    aria-invalid={error ? true : undefined}
                    className="rounded-md border border-border bg-surface px-2 py-1 text-sm aria-[invalid=true]:border-danger"
                    {...form.register(`answers.${i}.occurredAtLocal`)}
                  />
                </div>
              ) : null}
            </div>
            {group.showBy && a?.checked && a.byUserName ? <p className="text-xs text-muted">By: {a.byUserName}</p> : null}
            {error ? (
              <p id={`${idBase}-error`} className="text-sm text-danger">
                {error}
              </p>
            ) : null}
          </div>
        </fieldset>
      </li>
    );
  };

  const body = groups.map((group) => (
    <div key={group.id} className="flex flex-col gap-2">
      {group.lead ? <p className="font-medium">{group.lead}</p> : null}
      <ul className="flex flex-col gap-2">{group.items.map((item) => renderItem(group, item))}</ul>
    </div>
  ));

  if (!canEdit) return <div className="flex flex-col gap-4">{body}{children}</div>;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label={ariaLabel}>
      {body}
      {children}
      {conflict ? (
        <ConflictNotice
          theirs={conflict.theirs.map((t) => `${textOf(t.checklistId, t.itemId)}: ${answerText(t.checked, t.note, t.occurredAt, timeZone)}`).join("\n")}
          yours={conflict.yours
            .map((y) => {
              const checked = typeof y.checked === "boolean" || y.checked === null ? y.checked : y.checked === "yes" ? true : y.checked === "no" ? false : null;
              return `${textOf(y.checklistId, y.itemId)}: ${answerText(checked, y.note ?? null, null, timeZone)}`;
            })
            .join("\n")}
          onReapply={() => {
            adoptTheirs(conflict.theirs, true);
            setConflict(null);
            void onSubmit();
          }}
          onUseTheirs={() => {
            adoptTheirs(conflict.theirs, false);
            setConflict(null);
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
          {pending ? "Saving…" : saveLabel}
        </Button>
      </div>
    </form>
  );
}
