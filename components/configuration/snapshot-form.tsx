"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { saveConfigSnapshotAction } from "@/lib/configuration/actions";
import { aliasWarningsFor } from "@/lib/configuration/diff-view";
import {
  FLAG_TYPES,
  SNAPSHOT_LABEL_TEXT,
  SNAPSHOT_LABELS,
  ZSaveConfigSnapshot,
  type TSaveConfigSnapshot,
  type TSnapshotFormValues,
} from "@/lib/configuration/schemas";
import { runbook } from "@/lib/runbook/runbook";
import { showFieldErrors } from "@/components/ui/field-errors";

const FLAG_TYPE_TEXT = { text: "Text", boolean: "True/false", number: "Number" } as const;

export function SnapshotForm({ defaultValues, prefilledFrom }: { defaultValues: TSnapshotFormValues; prefilledFrom: number | null }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TSnapshotFormValues, unknown, TSaveConfigSnapshot>({
    resolver: zodResolver(ZSaveConfigSnapshot) as never,
    defaultValues,
  });
  const flags = useFieldArray({ control: form.control, name: "featureFlags" });
  const watched = useWatch({ control: form.control });
  const label = watched.label;
  const aliasWarnings = aliasWarningsFor({
    primaryModelAlias: watched.primaryModelAlias ?? "",
    primaryModelResolvedId: watched.primaryModelResolvedId ?? "",
    fallbackModelAlias: watched.fallbackModelAlias ?? "",
    fallbackModelResolvedId: watched.fallbackModelResolvedId ?? "",
  });

  const onSubmit = form.handleSubmit(() => {
    setMessage(null);
    startTransition(async () => {
      const result = await saveConfigSnapshotAction(form.getValues());
      if (result.ok) {
        setMessage({ tone: "ok", text: `Saved as version ${result.data.versionNumber}.` });
        form.reset({ ...form.getValues(), labelNote: "" });
        router.refresh();
        return;
      }
      setMessage({ tone: "danger", text: result.error });
      showFieldErrors(form.setError, result.fieldErrors);
    });
  });

  const e = form.formState.errors;
  const warningFor = (which: "primary" | "fallback") =>
    aliasWarnings.some((w) => w.field === `${which}ModelResolvedId`) ? (
      <Notice tone="warn" role="status">
        {aliasWarnings[0]!.message}
      </Notice>
    ) : null;

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate aria-label="New configuration version">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <p className="text-sm text-muted">
        {prefilledFrom === null
          ? "The first version of this incident's configuration."
          : `Prefilled from version ${prefilledFrom}. Saving creates a new version; earlier versions are kept unchanged.`}
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="When was this taken?"
          required
          options={SNAPSHOT_LABELS.map((l) => ({ value: l, label: SNAPSHOT_LABEL_TEXT[l] }))}
          error={e.label?.message}
          {...form.register("label")}
        />
        <InputField
          label={label === "OTHER" ? "Describe when" : "Note (optional)"}
          required={label === "OTHER"}
          error={e.labelNote?.message}
          {...form.register("labelNote")}
        />
      </div>

      <fieldset className="flex flex-col gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-semibold">Endpoint and key</legend>
        <InputField
          label="Base URL"
          required
          placeholder="https://api.cometapi.com"
          hint={runbook.steps.configuration.items[0].text}
          error={e.baseUrl?.message}
          {...form.register("baseUrl")}
        />
        <InputField
          label="API key environment variable (name only)"
          placeholder="COMETAPI_API_KEY"
          hint="The NAME of the server environment variable that holds the key. Never paste the key itself."
          autoComplete="off"
          spellCheck={false}
          error={e.apiKeyEnvVar?.message}
          {...form.register("apiKeyEnvVar")}
        />
      </fieldset>

      <fieldset className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-semibold">Models</legend>
        <InputField label="Primary model alias" error={e.primaryModelAlias?.message} {...form.register("primaryModelAlias")} />
        <InputField
          label="Primary model resolved id"
          error={e.primaryModelResolvedId?.message}
          {...form.register("primaryModelResolvedId")}
        />
        <div className="sm:col-span-2">{warningFor("primary")}</div>
        <InputField label="Fallback model alias" error={e.fallbackModelAlias?.message} {...form.register("fallbackModelAlias")} />
        <InputField
          label="Fallback model resolved id"
          error={e.fallbackModelResolvedId?.message}
          {...form.register("fallbackModelResolvedId")}
        />
        <div className="sm:col-span-2">{warningFor("fallback")}</div>
      </fieldset>

      <fieldset className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-semibold">Timeouts, retries and budget</legend>
        <InputField label="Client timeout (ms)" inputMode="numeric" error={e.clientTimeoutMs?.message} {...form.register("clientTimeoutMs")} />
        <InputField label="Max tokens" inputMode="numeric" error={e.maxTokens?.message} {...form.register("maxTokens")} />
        <InputField label="Retry count" inputMode="numeric" error={e.retryCount?.message} {...form.register("retryCount")} />
        <InputField
          label="Retry backoff"
          placeholder="exponential, 250 ms base, full jitter"
          error={e.retryBackoff?.message}
          {...form.register("retryBackoff")}
        />
      </fieldset>

      <fieldset className="flex flex-col gap-2 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-semibold">{runbook.steps.configuration.items[6].text}</legend>
        {flags.fields.length === 0 ? <p className="text-sm text-muted">No feature flags recorded.</p> : null}
        {flags.fields.map((field, i) => (
          <div key={field.id} className="grid items-end gap-2 sm:grid-cols-[2fr_1fr_2fr_auto]">
            <InputField
              label={`Flag ${i + 1} name`}
              error={e.featureFlags?.[i]?.name?.message}
              {...form.register(`featureFlags.${i}.name` as const)}
            />
            <SelectField
              label={`Flag ${i + 1} type`}
              options={FLAG_TYPES.map((t) => ({ value: t, label: FLAG_TYPE_TEXT[t] }))}
              {...form.register(`featureFlags.${i}.type` as const)}
            />
            <InputField
              label={`Flag ${i + 1} value`}
              error={e.featureFlags?.[i]?.value?.message}
              {...form.register(`featureFlags.${i}.value` as const)}
            />
            <Button variant="ghost" size="sm" onClick={() => flags.remove(i)} aria-label={`Remove flag ${i + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <div>
          <Button variant="secondary" size="sm" onClick={() => flags.append({ name: "", type: "text", value: "" })}>
            Add a flag
          </Button>
        </div>
      </fieldset>

      <fieldset className="rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-semibold">{runbook.logging.lead}</legend>
        <p className="mb-2 text-xs text-muted">{runbook.steps.configuration.items[7].text}</p>
        <div className="grid gap-1 sm:grid-cols-2">
          {runbook.logging.fields.map((f) => (
            <label key={f.id} className="flex items-start gap-2 text-sm">
              <input type="checkbox" value={f.id} className="mt-1" {...form.register("loggedFields")} />
              <span>{f.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save as new version"}
        </Button>
      </div>
    </form>
  );
}
