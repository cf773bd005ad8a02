"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { createFollowUpAction, updateFollowUpAction } from "@/lib/followups/actions";
import type { TFollowUpItem } from "@/lib/followups/followups";
import {
  FOLLOW_UP_SOURCE_OPTIONS,
  FOLLOW_UP_STATUS_LABELS,
  FOLLOW_UP_STATUSES,
  followUpSourceValue,
  ZFollowUp,
  type TFollowUp,
  type TFollowUpInput,
} from "@/lib/followups/schemas";
import { FollowUpSummary } from "./follow-up-summary";

export type TOwnerOption = { id: string; name: string; email: string; disabled: boolean };

export function toFormValues(item: TFollowUpItem | null): TFollowUpInput {
  return {
    title: item?.title ?? "",
    ownerUserId: item?.ownerUserId ?? "",
    ownerExternalName: item?.ownerExternalName ?? "",
    dueDate: item?.dueDate ?? "",
    status: item?.status ?? "OPEN",
    ticketUrl: item?.ticketUrl ?? "",
    source: item ? followUpSourceValue(item.sourceSectionId, item.sourceQuestionId) : "",
  };
}

type TConflict = { theirs: TFollowUpItem | null; currentVersion: number };

/** Add (item = null) or edit one follow-up. The owner is a user or a named external person, never both. */
export function FollowUpForm({
  incidentKey,
  item,
  users,
  onDone,
}: {
  incidentKey: string;
  item: TFollowUpItem | null;
  users: readonly TOwnerOption[];
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const ids = useId();
  const [version, setVersion] = useState(item?.version ?? 0);
  const [ownerKind, setOwnerKind] = useState<"user" | "external">(item?.ownerExternalName ? "external" : "user");
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<TConflict | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TFollowUpInput, unknown, TFollowUp>({
    resolver: zodResolver(ZFollowUp),
    defaultValues: toFormValues(item),
  });

  const userOptions = [
    { value: "", label: "Choose a user" },
    ...users
      .filter((u) => !u.disabled || u.id === item?.ownerUserId)
      .map((u) => ({ value: u.id, label: `${u.name} (${u.email})${u.disabled ? " — disabled" : ""}` })),
  ];

  const chooseOwnerKind = (kind: "user" | "external") => {
    setOwnerKind(kind);
    // Exactly one owner: switching clears the other field.
    if (kind === "user") form.setValue("ownerExternalName", "");
    else form.setValue("ownerUserId", "");
    form.clearErrors(["ownerUserId", "ownerExternalName"]);
  };

  const save = (basedOn: number) => {
    setError(null);
    setConflict(null);
    startTransition(async () => {
      const followUp = form.getValues();
      const result = item
        ? await updateFollowUpAction({ incidentKey, id: item.id, version: basedOn, followUp })
        : await createFollowUpAction({ incidentKey, followUp });
      if (result.ok) {
        router.refresh();
        onDone(item ? `Saved "${result.data.title}".` : `Added "${result.data.title}".`);
        return;
      }
      if (result.conflict) {
        setConflict({ theirs: result.conflict.current as TFollowUpItem | null, currentVersion: result.conflict.currentVersion });
        return;
      }
      setError(result.error);
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        const name = field.startsWith("followUp.") ? field.slice("followUp.".length) : field;
        if (name in form.getValues()) form.setError(name as keyof TFollowUpInput, { message: messages.join(" ") });
      }
    });
  };

  const onSubmit = form.handleSubmit(() => save(version));
  const errors = form.formState.errors;

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label={item ? `Edit follow-up: ${item.title}` : "New follow-up"}>
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={conflict.theirs ? <FollowUpSummary item={conflict.theirs} /> : "It was deleted."}
          yours={<FollowUpSummary values={form.getValues()} users={users} />}
          onReapply={() => {
            setVersion(conflict.currentVersion);
            save(conflict.currentVersion);
          }}
          onUseTheirs={() => {
            if (conflict.theirs) {
              form.reset(toFormValues(conflict.theirs));
              setOwnerKind(conflict.theirs.ownerExternalName ? "external" : "user");
              setVersion(conflict.currentVersion);
            }
            setConflict(null);
            router.refresh();
          }}
        />
      ) : null}
      <InputField label="Title" required error={errors.title?.message} {...form.register("title")} />
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">
          Owner<span className="text-danger"> *<span className="sr-only"> (required)</span></span>
        </legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="inline-flex items-center gap-2">
            <input type="radio" name={`${ids}-owner-kind`} className="accent-accent" checked={ownerKind === "user"} onChange={() => chooseOwnerKind("user")} />
            A user of this app
          </label>
          <label className="inline-flex items-center gap-2">
            <input
              type="radio"
              name={`${ids}-owner-kind`}
              className="accent-accent"
              checked={ownerKind === "external"}
              onChange={() => chooseOwnerKind("external")}
            />
            Someone outside the app
          </label>
        </div>
        {ownerKind === "user" ? (
          <SelectField
            label="Owner (user)"
            options={userOptions}
            error={errors.ownerUserId?.message ?? errors.ownerExternalName?.message}
            {...form.register("ownerUserId")}
          />
        ) : (
          <InputField
            label="Owner (name of an external person or team)"
            error={errors.ownerExternalName?.message ?? errors.ownerUserId?.message}
            {...form.register("ownerExternalName")}
          />
        )}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <InputField label="Due date" type="date" required error={errors.dueDate?.message} hint="A calendar date; overdue from the next day in your time zone." {...form.register("dueDate")} />
        <SelectField
          label="Status"
          required
          error={errors.status?.message}
          options={FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: FOLLOW_UP_STATUS_LABELS[s] }))}
          {...form.register("status")}
        />
      </div>
      <InputField
        label="Link to the external ticket"
        type="url"
        inputMode="url"
        placeholder="https://"
        error={errors.ticketUrl?.message}
        {...form.register("ticketUrl")}
      />
      <SelectField label="Came from" hint="The review section or question this follow-up came from." error={errors.source?.message} options={FOLLOW_UP_SOURCE_OPTIONS} {...form.register("source")} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : item ? "Save follow-up" : "Add follow-up"}
        </Button>
        <Button variant="secondary" onClick={() => onDone("")} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
