"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Controller, useForm, useWatch, type FieldErrors } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField, TextareaField } from "@/components/ui/field";
import { useTimeZone } from "@/components/ui/local-time";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { ChipsInput } from "./chips-input";
import { updateIncidentWindowAction } from "@/lib/incidents/actions";
import {
  FALLBACK_MODE_LABELS,
  FALLBACK_MODES,
  INCIDENT_STATUSES,
  needsAliasWarning,
  SCOPE_FIELDS,
  SCOPE_LABELS,
  SEVERITIES,
  ZIncidentWindow,
  type TIncidentWindow,
  type TIncidentWindowInput,
} from "@/lib/incidents/schemas";
import { windowViewToInput, type TIncidentWindowView } from "@/lib/incidents/window-view";
import type { TCommanderOption, TScopeSuggestions } from "@/lib/incidents/window";
import { runbook } from "@/lib/runbook/runbook";
import { showFieldErrors } from "@/components/ui/field-errors";

type TField = keyof TIncidentWindowInput;

/** Labels of the edited fields, for the form and the conflict notice. */
export const WINDOW_FIELD_LABELS: Partial<Record<TField, string>> = {
  title: "Title",
  severity: "Severity",
  status: "Status",
  commanderId: "Incident commander",
  degradationStartedAtLocal: "Start of degradation",
  detectionSource: "Detection source",
  detectedAtLocal: "Detected at",
  mitigatedAtLocal: "Mitigated at",
  endedAtLocal: "End time",
  currentStatusNote: "Current status",
  ...Object.fromEntries(SCOPE_FIELDS.map((f) => [f, SCOPE_LABELS[f].plural])),
  primaryModelAlias: "Primary model alias",
  primaryModelResolvedId: "Resolved model identifier",
  fallbackMode: "Fallback",
  primarySymptom: "Primary symptom",
  fallbackAction: "Fallback action",
  rollbackCondition: "Rollback condition",
};

const note = (id: string) => runbook.incidentWindow.exampleNote.find((n) => n.id === id)!;
const recordText = (id: string) => runbook.incidentWindow.record.find((r) => r.id === id)!.text;

function messageOf(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { message?: unknown; root?: { message?: unknown } } & Record<string, unknown>;
  if (typeof e.message === "string" && e.message) return e.message;
  if (typeof e.root?.message === "string") return e.root.message;
  for (const v of Object.values(e)) {
    const inner = messageOf(v);
    if (inner) return inner;
  }
  return undefined;
}

function displayValue(field: TField, value: unknown, commanders: readonly TCommanderOption[]): string {
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (value === "" || value === null || value === undefined) return "—";
  if (field === "commanderId") return commanders.find((c) => c.id === value)?.name ?? String(value);
  if (field === "detectionSource") return runbook.incidentWindow.detectionSources.find((s) => s.id === value)?.label ?? String(value);
  if (field === "fallbackMode") return FALLBACK_MODE_LABELS[value as keyof typeof FALLBACK_MODE_LABELS] ?? String(value);
  if (typeof value === "string" && field.endsWith("Local")) return value.replace("T", " ");
  return String(value);
}

function ValuesList({ fields, values, commanders }: { fields: TField[]; values: TIncidentWindowInput; commanders: readonly TCommanderOption[] }) {
  if (fields.length === 0) return <p>Same values as yours.</p>;
  return (
    <dl className="grid gap-1">
      {fields.map((f) => (
        <div key={f}>
          <dt className="font-medium">{WINDOW_FIELD_LABELS[f]}</dt>
          <dd>{displayValue(f, values[f], commanders)}</dd>
        </div>
      ))}
    </dl>
  );
}

type TConflict = { theirs: TIncidentWindowView; currentVersion: number; yours: TIncidentWindowInput };

export function IncidentWindowForm({
  view,
  suggestions,
  commanders,
}: {
  view: TIncidentWindowView;
  suggestions: TScopeSuggestions;
  commanders: readonly TCommanderOption[];
}) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<TConflict | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TIncidentWindowInput, unknown, TIncidentWindow>({
    resolver: zodResolver(ZIncidentWindow),
    defaultValues: windowViewToInput(view, timeZone),
  });
  const dirty = form.formState.isDirty;
  // Show the saved window in the browser's zone (known only after hydration), and
  // take the server's values after a save, unless the user is editing.
  useEffect(() => {
    if (!dirty) form.reset(windowViewToInput(view, timeZone));
  }, [form, view, timeZone, dirty]);

  const [alias, resolvedId] = useWatch({ control: form.control, name: ["primaryModelAlias", "primaryModelResolvedId"] });

  const save = (values: TIncidentWindowInput) => {
    setMessage(null);
    startTransition(async () => {
      // The server parses the raw input again with the same schema.
      const result = await updateIncidentWindowAction(values);
      if (result.ok) {
        setConflict(null);
        form.reset({ ...values, version: result.data.version });
        setMessage({
          tone: "ok",
          text: result.data.changedFields.length ? `Saved ${result.data.changedFields.length} change(s).` : "Nothing had changed; nothing was saved.",
        });
        router.refresh();
        return;
      }
      if (result.conflict?.current) {
        setConflict({ theirs: result.conflict.current as TIncidentWindowView, currentVersion: result.conflict.currentVersion, yours: values });
        return;
      }
      setMessage({ tone: "danger", text: result.error });
      showFieldErrors(form.setError, result.fieldErrors);
    });
  };
  const onSubmit = form.handleSubmit(() => save(form.getValues()));

  const e: FieldErrors<TIncidentWindowInput> = form.formState.errors;
  const err = (f: TField) => messageOf(e[f]);
  const timeHint = `Your time zone: ${timeZone}. Stored in UTC.`;
  const commanderOptions = [
    { value: "", label: "No commander" },
    ...commanders.map((c) => ({ value: c.id, label: c.eligible ? c.name : `${c.name} (no longer a commander)` })),
  ];

  let conflictView: React.ReactNode = null;
  if (conflict) {
    const theirs = windowViewToInput(conflict.theirs, timeZone);
    const differing = (Object.keys(WINDOW_FIELD_LABELS) as TField[]).filter(
      (f) => JSON.stringify(theirs[f]) !== JSON.stringify(conflict.yours[f]),
    );
    conflictView = (
      <ConflictNotice
        theirs={<ValuesList fields={differing} values={theirs} commanders={commanders} />}
        yours={<ValuesList fields={differing} values={conflict.yours} commanders={commanders} />}
        onReapply={() => save({ ...conflict.yours, version: conflict.currentVersion })}
        onUseTheirs={() => {
          form.reset(theirs);
          setConflict(null);
          router.refresh();
        }}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5" noValidate aria-label="Incident window">
      {conflictView}
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Summary</legend>
        <div className="sm:col-span-2">
          <InputField label="Title" required error={err("title")} {...form.register("title")} />
        </div>
        <SelectField label="Severity" required error={err("severity")} options={SEVERITIES.map((s) => ({ value: s, label: s }))} {...form.register("severity")} />
        <SelectField
          label="Status"
          required
          error={err("status")}
          options={INCIDENT_STATUSES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() }))}
          {...form.register("status")}
        />
        <SelectField label="Incident commander" error={err("commanderId")} options={commanderOptions} {...form.register("commanderId")} />
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">When</legend>
        <InputField
          label="Start of degradation"
          type="datetime-local"
          required
          hint={timeHint}
          error={err("degradationStartedAtLocal")}
          {...form.register("degradationStartedAtLocal")}
        />
        <SelectField
          label="Detection source"
          hint={recordText("detection-source")}
          error={err("detectionSource")}
          options={[{ value: "", label: "Not recorded" }, ...runbook.incidentWindow.detectionSources.map((s) => ({ value: s.id, label: s.label }))]}
          {...form.register("detectionSource")}
        />
        <InputField label="Detected at" type="datetime-local" hint={timeHint} error={err("detectedAtLocal")} {...form.register("detectedAtLocal")} />
        <InputField label="Mitigated at" type="datetime-local" hint={timeHint} error={err("mitigatedAtLocal")} {...form.register("mitigatedAtLocal")} />
        <InputField
          label="End time"
          type="datetime-local"
          hint={`${timeHint} Leave empty while the incident is ongoing.`}
          error={err("endedAtLocal")}
          {...form.register("endedAtLocal")}
        />
        <TextareaField
          label="Current status"
          hint={`${recordText("end-time")} Describe where it stands while there is no end time.`}
          error={err("currentStatusNote")}
          {...form.register("currentStatusNote")}
        />
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Affected scope</legend>
        <p className="text-xs text-muted sm:col-span-2">
          {recordText("affected-scope")} Type a value and press Enter or Add; earlier incidents&apos; values are suggested.
        </p>
        {SCOPE_FIELDS.map((field) => (
          <Controller
            key={field}
            control={form.control}
            name={field}
            render={({ field: f }) => (
              <ChipsInput
                label={SCOPE_LABELS[field].plural}
                singular={SCOPE_LABELS[field].singular}
                values={f.value}
                onChange={f.onChange}
                suggestions={suggestions[field]}
                error={err(field)}
              />
            )}
          />
        ))}
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Model and fallback</legend>
        <p className="text-xs text-muted sm:col-span-2">{recordText("primary-model")}</p>
        <InputField label="Primary model alias" error={err("primaryModelAlias")} {...form.register("primaryModelAlias")} />
        <InputField label="Resolved model identifier" error={err("primaryModelResolvedId")} {...form.register("primaryModelResolvedId")} />
        {needsAliasWarning(alias, resolvedId) ? (
          <div className="sm:col-span-2">
            <Notice tone="warn" role="status">
              {runbook.steps.configuration.aliasWarning}
            </Notice>
          </div>
        ) : null}
        <fieldset className="flex flex-col gap-1 sm:col-span-2" aria-describedby={err("fallbackMode") ? "fallback-mode-error" : undefined}>
          <legend className="text-sm font-medium">Fallback</legend>
          <p className="text-xs text-muted">{recordText("fallback-mode")}</p>
          <div className="flex flex-wrap gap-x-5 gap-y-1">
            {FALLBACK_MODES.map((m) => (
              <label key={m} className="inline-flex items-center gap-2 text-sm">
                <input type="radio" value={m} className="accent-accent" {...form.register("fallbackMode")} />
                {FALLBACK_MODE_LABELS[m]}
              </label>
            ))}
          </div>
          {err("fallbackMode") ? (
            <p id="fallback-mode-error" className="text-sm text-danger">
              {err("fallbackMode")}
            </p>
          ) : null}
        </fieldset>
      </fieldset>

      <fieldset className="grid gap-4">
        <legend className="mb-2 text-base font-semibold">Incident note</legend>
        <div className="rounded-md border border-border bg-surface-2 p-3 text-xs">
          <p className="font-medium">{runbook.incidentWindow.exampleNoteLead}</p>
          <ul className="mt-1 list-disc pl-5">
            {runbook.incidentWindow.exampleNote.map((n) => (
              <li key={n.id}>
                {n.field}: {n.value}
              </li>
            ))}
          </ul>
        </div>
        <TextareaField
          label={note("primary-symptom").field}
          hint={`Example: ${note("primary-symptom").value}`}
          error={err("primarySymptom")}
          {...form.register("primarySymptom")}
        />
        <TextareaField
          label={note("fallback-action").field}
          hint={`Example: ${note("fallback-action").value}`}
          error={err("fallbackAction")}
          {...form.register("fallbackAction")}
        />
        <TextareaField
          label={note("rollback-condition").field}
          hint={`Example: ${note("rollback-condition").value}`}
          error={err("rollbackCondition")}
          {...form.register("rollbackCondition")}
        />
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save incident window"}
        </Button>
        <span className="text-xs text-muted">Each changed field is recorded in the history.</span>
      </div>
    </form>
  );
}
