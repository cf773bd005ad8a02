"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { SelectField, TextareaField } from "@/components/ui/field";
import { VERDICTS } from "@/lib/fallback/types";
import { clearVerdictOverrideAction, setVerdictOverrideAction } from "@/lib/decision/actions";
import { ZSetVerdictOverride, type TSetVerdictOverride, type TSetVerdictOverrideInput } from "@/lib/decision/schemas";
import { showFieldErrors } from "@/components/ui/field-errors";

/** Override the computed verdict with a written reason; clearing it is recorded too. */
export function VerdictOverrideForm({
  incidentId,
  version,
  hasOverride,
  computed,
}: {
  incidentId: string;
  /** Decision version the save is based on (0 = none stored yet). */
  version: number;
  hasOverride: boolean;
  computed: string;
}) {
  const form = useForm<TSetVerdictOverrideInput, unknown, TSetVerdictOverride>({
    resolver: zodResolver(ZSetVerdictOverride),
    defaultValues: { incidentId, version, verdict: computed === "ALLOWED" ? "LIMITED" : "ALLOWED", reason: "" },
  });
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setMessage(null);
      // The version comes from the page as last rendered, not from when the form was opened.
      const result = await setVerdictOverrideAction({ ...form.getValues(), incidentId, version });
      if (result.ok) {
        form.reset({ incidentId, version, verdict: form.getValues("verdict"), reason: "" });
        setMessage({ tone: "ok", text: "Override recorded." });
        return;
      }
      showFieldErrors(form.setError, result.fieldErrors, ["reason", "verdict"]);
      setMessage({
        tone: "danger",
        text: result.conflict ? "The decision changed since this page was loaded; reload to see it, then override again." : result.error,
      });
    }),
  );

  const clear = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await clearVerdictOverrideAction({ incidentId, version });
      setMessage(result.ok ? { tone: "ok", text: "Override cleared." } : { tone: "danger", text: result.error });
    });

  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-3" aria-label="Override the verdict">
      <SelectField
        label="Overriding verdict"
        required
        error={errors.verdict?.message}
        options={VERDICTS.map((v) => ({ value: v, label: v }))}
        {...form.register("verdict")}
      />
      <TextareaField
        label="Reason for the override"
        required
        hint="Recorded with your name and the time, and kept in the history."
        error={errors.reason?.message}
        {...form.register("reason")}
      />
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Override verdict"}
        </Button>
        {hasOverride ? (
          <Button variant="secondary" disabled={pending} onClick={clear}>
            Clear override
          </Button>
        ) : null}
      </div>
    </form>
  );
}
