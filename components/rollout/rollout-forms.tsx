"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField, TextareaField } from "@/components/ui/field";
import { useTimeZone } from "@/components/ui/local-time";
import {
  addObservationWindowAction,
  addRolloutStepAction,
  deleteObservationWindowAction,
  deleteRolloutStepAction,
} from "@/lib/rollout/actions";
import {
  ZObservationWindow,
  ZRolloutStep,
  type TObservationWindowData,
  type TObservationWindowInput,
  type TRolloutStep,
  type TRolloutStepInput,
} from "@/lib/rollout/schemas";
import { utcToZonedLocal, zonedLocalToUtc } from "@/lib/time/zone";
import { showFieldErrors } from "@/components/ui/field-errors";

type TMessage = { tone: "ok" | "danger"; text: string } | null;

function MessageNotice({ message }: { message: TMessage }) {
  if (!message) return null;
  return (
    <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
      {message.text}
    </Notice>
  );
}

export function RolloutStepForm({ incidentKey }: { incidentKey: string }) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [message, setMessage] = useState<TMessage>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TRolloutStepInput, unknown, TRolloutStep>({
    resolver: zodResolver(ZRolloutStep) as never,
    defaultValues: { incidentKey, timeZone: "UTC", occurredAtLocal: "", trafficPercent: "", scope: "", approverName: "", note: "" },
  });
  useEffect(() => {
    form.setValue("timeZone", timeZone);
  }, [form, timeZone]);

  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setMessage(null);
      const r = await addRolloutStepAction(form.getValues());
      if (r.ok) {
        setMessage({ tone: "ok", text: "Rollout step recorded." });
        form.reset({ incidentKey, timeZone, occurredAtLocal: "", trafficPercent: "", scope: form.getValues("scope"), approverName: form.getValues("approverName"), note: "" });
        router.refresh();
        return;
      }
      setMessage({ tone: "danger", text: r.error });
      showFieldErrors(form.setError, r.fieldErrors);
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Add a rollout step">
      <MessageNotice message={message} />
      <div className="grid gap-3 sm:grid-cols-2">
        <InputField
          label="Time"
          type="datetime-local"
          required
          hint={`Your time zone: ${timeZone}. Stored in UTC.`}
          error={e.occurredAtLocal?.message}
          {...form.register("occurredAtLocal")}
        />
        <InputField
          label="Eligible traffic on fallback (%)"
          inputMode="decimal"
          required
          error={e.trafficPercent?.message}
          {...form.register("trafficPercent")}
        />
        <InputField
          label="Scope"
          required
          placeholder="internal synthetic checks"
          error={e.scope?.message}
          {...form.register("scope")}
        />
        <InputField label="Approved by" error={e.approverName?.message} {...form.register("approverName")} />
      </div>
      <TextareaField label="Note" className="min-h-16" error={e.note?.message} {...form.register("note")} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Add step"}
        </Button>
      </div>
    </form>
  );
}

export function ObservationWindowForm({ incidentKey, windowMinutes }: { incidentKey: string; windowMinutes: number }) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [message, setMessage] = useState<TMessage>(null);
  const [pending, startTransition] = useTransition();
  const empty = (path: "PRIMARY" | "FALLBACK" = "PRIMARY"): TObservationWindowInput => ({
    incidentKey,
    timeZone,
    path,
    startLocal: "",
    endLocal: "",
    requests: "",
    errors: "",
    timeouts: "",
    validationFailures: "",
    p95LatencyMs: "",
    activeClassErrors: "",
  });
  const form = useForm<TObservationWindowInput, unknown, TObservationWindowData>({
    resolver: zodResolver(ZObservationWindow) as never,
    defaultValues: empty(),
  });
  useEffect(() => {
    form.setValue("timeZone", timeZone);
  }, [form, timeZone]);

  // A start without an end: the end follows from the configured window length.
  const onStartChange = (ev: { target: { value: string } }) => {
    const start = zonedLocalToUtc(ev.target.value, timeZone);
    if (start && !form.getValues("endLocal")) {
      form.setValue("endLocal", utcToZonedLocal(new Date(start.getTime() + windowMinutes * 60_000), timeZone));
    }
  };

  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setMessage(null);
      const r = await addObservationWindowAction(form.getValues());
      if (r.ok) {
        setMessage({ tone: "ok", text: "Window recorded." });
        form.reset(empty(form.getValues("path") as "PRIMARY" | "FALLBACK"));
        router.refresh();
        return;
      }
      setMessage({ tone: "danger", text: r.error });
      showFieldErrors(form.setError, r.fieldErrors);
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Add an observation window">
      <MessageNotice message={message} />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Path"
          required
          options={[
            { value: "PRIMARY", label: "Primary" },
            { value: "FALLBACK", label: "Fallback" },
          ]}
          error={e.path?.message}
          {...form.register("path")}
        />
        <InputField
          label="Window start"
          type="datetime-local"
          required
          hint={`Your time zone: ${timeZone}.`}
          error={e.startLocal?.message}
          {...form.register("startLocal", { onChange: onStartChange })}
        />
        <InputField
          label="Window end"
          type="datetime-local"
          required
          hint={`${windowMinutes}-minute windows are evaluated.`}
          error={e.endLocal?.message}
          {...form.register("endLocal")}
        />
        <InputField label="Requests" inputMode="numeric" required error={e.requests?.message} {...form.register("requests")} />
        <InputField label="Errors" inputMode="numeric" required error={e.errors?.message} {...form.register("errors")} />
        <InputField label="Timeouts" inputMode="numeric" required error={e.timeouts?.message} {...form.register("timeouts")} />
        <InputField
          label="Validation failures"
          inputMode="numeric"
          required
          error={e.validationFailures?.message}
          {...form.register("validationFailures")}
        />
        <InputField label="p95 latency (ms)" inputMode="numeric" error={e.p95LatencyMs?.message} {...form.register("p95LatencyMs")} />
        <InputField
          label="Active-class errors (optional)"
          inputMode="numeric"
          hint="Errors of the incident's active failure class, if your data splits them out."
          error={e.activeClassErrors?.message}
          {...form.register("activeClassErrors")}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Add window"}
        </Button>
      </div>
    </form>
  );
}

/** Removes a hand-entered rollout step or window (audited). */
export function DeleteRowButton({ incidentKey, id, kind, label }: { incidentKey: string; id: string; kind: "step" | "window"; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        variant="ghost"
        size="sm"
        aria-label={label}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            if (!window.confirm(`${label}?`)) return;
            const action = kind === "step" ? deleteRolloutStepAction : deleteObservationWindowAction;
            const r = await action({ incidentKey, id });
            if (r.ok) router.refresh();
            else setError(r.error);
          })
        }
      >
        Remove
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-danger">
          {error}
        </span>
      ) : null}
    </span>
  );
}
