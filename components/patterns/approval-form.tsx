"use client";

import { useEffect, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, TextareaField } from "@/components/ui/field";
import { useTimeZone } from "@/components/ui/local-time";
import { recordFallbackApprovalAction } from "@/lib/patterns/actions";
import { ZRecordApproval, type TRecordApproval, type TRecordApprovalInput } from "@/lib/patterns/schemas";
import { showFieldErrors } from "@/components/ui/field-errors";

/** The acting user approves a manual operator-controlled fallback: change ticket, expiry, note. */
export function ApprovalForm({ incidentId, approverName }: { incidentId: string; approverName: string }) {
  const timeZone = useTimeZone();
  const form = useForm<TRecordApprovalInput, unknown, TRecordApproval>({
    resolver: zodResolver(ZRecordApproval),
    defaultValues: { incidentId, changeTicket: "", expiresAtLocal: "", timeZone: "UTC", note: "" },
  });
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => form.setValue("timeZone", timeZone), [form, timeZone]);

  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setMessage(null);
      const result = await recordFallbackApprovalAction(form.getValues());
      if (result.ok) {
        form.reset({ incidentId, changeTicket: "", expiresAtLocal: "", timeZone, note: "" });
        setMessage({ tone: "ok", text: "Approval recorded." });
        return;
      }
      showFieldErrors(form.setError, result.fieldErrors, ["changeTicket", "expiresAtLocal", "note"]);
      setMessage({ tone: "danger", text: result.error });
    }),
  );

  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-3" aria-label="Record an approval">
      <p className="text-sm">
        Approver: <strong>{approverName}</strong> (you)
      </p>
      <InputField label="Change ticket" required error={errors.changeTicket?.message} {...form.register("changeTicket")} />
      <InputField
        label="Expires at"
        type="datetime-local"
        required
        hint={`Your time zone: ${timeZone}. Must be in the future.`}
        error={errors.expiresAtLocal?.message}
        {...form.register("expiresAtLocal")}
      />
      <TextareaField label="Note" error={errors.note?.message} {...form.register("note")} />
      <input type="hidden" {...form.register("timeZone")} />
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Recording…" : "Record approval"}
        </Button>
      </div>
    </form>
  );
}
