"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { useTimeZone } from "@/components/ui/local-time";
import { createIncidentAction } from "@/lib/incidents/actions";
import { SEVERITIES, ZCreateIncident, type TCreateIncident, type TCreateIncidentInput } from "@/lib/incidents/schemas";
import { utcToZonedLocal } from "@/lib/time/zone";
import { showFieldErrors } from "@/components/ui/field-errors";

export function NewIncidentForm() {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TCreateIncidentInput, unknown, TCreateIncident>({
    resolver: zodResolver(ZCreateIncident),
    defaultValues: { title: "", severity: "SEV2", startedAtLocal: "", timeZone: "UTC" },
  });
  useEffect(() => {
    form.setValue("timeZone", timeZone);
    if (!form.getValues("startedAtLocal")) form.setValue("startedAtLocal", utcToZonedLocal(new Date(), timeZone));
  }, [form, timeZone]);

  const onSubmit = form.handleSubmit(() => {
    setError(null);
    startTransition(async () => {
      // The server parses the raw input with the same schema.
      const result = await createIncidentAction(form.getValues());
      if (result.ok) {
        router.push(`/incidents/${result.data.key}`);
        return;
      }
      setError(result.error);
      showFieldErrors(form.setError, result.fieldErrors);
    });
  });

  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex max-w-xl flex-col gap-4" noValidate>
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      <InputField label="Title" required error={errors.title?.message} {...form.register("title")} />
      <SelectField
        label="Severity"
        required
        error={errors.severity?.message}
        options={SEVERITIES.map((s) => ({ value: s, label: s }))}
        {...form.register("severity")}
      />
      <InputField
        label="Start of degradation"
        type="datetime-local"
        required
        hint={`Your time zone: ${timeZone}. Stored in UTC.`}
        error={errors.startedAtLocal?.message}
        {...form.register("startedAtLocal")}
      />
      <input type="hidden" {...form.register("timeZone")} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create incident"}
        </Button>
      </div>
    </form>
  );
}
