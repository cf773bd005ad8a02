"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { compareManuallyAction, compareSmokeRunsAction } from "@/lib/comparison/actions";
import {
  EMPTY_SIDE,
  ZCompareManual,
  ZCompareRuns,
  type TCompareManual,
  type TCompareManualInput,
  type TCompareRuns,
  type TCompareRunsInput,
} from "@/lib/comparison/schemas";
import { runbook } from "@/lib/runbook/runbook";
import { showFieldErrors } from "@/components/ui/field-errors";

export type TRunChoice = { id: string; path: "PRIMARY" | "FALLBACK"; label: string };

const DEFAULT_PROMPT_LABEL = "Runbook smoke prompt";

function useResultMessage() {
  return useState<{ tone: "ok" | "danger"; text: string } | null>(null);
}

export function CompareRunsForm({ incidentKey, runs }: { incidentKey: string; runs: TRunChoice[] }) {
  const router = useRouter();
  const [message, setMessage] = useResultMessage();
  const [pending, startTransition] = useTransition();
  const primary = runs.filter((r) => r.path === "PRIMARY");
  const fallback = runs.filter((r) => r.path === "FALLBACK");
  const form = useForm<TCompareRunsInput, unknown, TCompareRuns>({
    resolver: zodResolver(ZCompareRuns) as never,
    defaultValues: { incidentKey, promptLabel: DEFAULT_PROMPT_LABEL, primaryRunId: primary[0]?.id ?? "", fallbackRunId: fallback[0]?.id ?? "" },
  });
  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setMessage(null);
      const r = await compareSmokeRunsAction(form.getValues());
      if (r.ok) {
        setMessage({ tone: "ok", text: "Comparison saved." });
        router.refresh();
        return;
      }
      setMessage({ tone: "danger", text: r.error });
      showFieldErrors(form.setError, r.fieldErrors);
    }),
  );
  if (primary.length === 0 || fallback.length === 0) {
    return <p className="text-sm text-muted">Record at least one primary and one fallback smoke request to compare them.</p>;
  }
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Compare two smoke runs">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <InputField label="Prompt" required error={e.promptLabel?.message} {...form.register("promptLabel")} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Primary run"
          required
          options={primary.map((r) => ({ value: r.id, label: r.label }))}
          error={e.primaryRunId?.message}
          {...form.register("primaryRunId")}
        />
        <SelectField
          label="Fallback run"
          required
          options={fallback.map((r) => ({ value: r.id, label: r.label }))}
          error={e.fallbackRunId?.message}
          {...form.register("fallbackRunId")}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Comparing…" : "Compare runs"}
        </Button>
      </div>
    </form>
  );
}

const YES_NO = [
  { value: "UNKNOWN", label: "Not recorded" },
  { value: "YES", label: "Yes" },
  { value: "NO", label: "No" },
];

export function CompareManualForm({ incidentKey }: { incidentKey: string }) {
  const router = useRouter();
  const [message, setMessage] = useResultMessage();
  const [pending, startTransition] = useTransition();
  const form = useForm<TCompareManualInput, unknown, TCompareManual>({
    resolver: zodResolver(ZCompareManual) as never,
    defaultValues: { incidentKey, promptLabel: DEFAULT_PROMPT_LABEL, primary: { ...EMPTY_SIDE }, fallback: { ...EMPTY_SIDE } },
  });
  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setMessage(null);
      const r = await compareManuallyAction(form.getValues());
      if (r.ok) {
        setMessage({ tone: "ok", text: "Comparison saved." });
        form.reset();
        router.refresh();
        return;
      }
      setMessage({ tone: "danger", text: r.error });
    }),
  );
  const e = form.formState.errors;
  const dims = runbook.steps.comparison.dimensions;
  const side = (which: "primary" | "fallback", title: string) => {
    const err = e[which];
    return (
      <fieldset className="flex flex-col gap-2 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-semibold">{title}</legend>
        <InputField label={`${title}: ${dims[0].label}`} error={err?.statusOrException?.message} {...form.register(`${which}.statusOrException`)} />
        <InputField label={`${title}: ${dims[1].label} (ms)`} inputMode="numeric" error={err?.latencyMs?.message} {...form.register(`${which}.latencyMs`)} />
        <InputField label={`${title}: ${dims[2].label}`} className="font-mono" error={err?.bodyShape?.message} {...form.register(`${which}.bodyShape`)} />
        <SelectField label={`${title}: ${dims[3].label}`} options={YES_NO} {...form.register(`${which}.parseable`)} />
        <InputField label={`${title}: ${dims[4].label}`} inputMode="numeric" error={err?.totalTokens?.message} {...form.register(`${which}.totalTokens`)} />
        <InputField label={`${title}: ${dims[5].label}`} inputMode="numeric" error={err?.retryCount?.message} {...form.register(`${which}.retryCount`)} />
        <SelectField label={`${title}: ${dims[6].label}`} options={YES_NO} {...form.register(`${which}.requestIdPropagated`)} />
      </fieldset>
    );
  };
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Enter a comparison by hand">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <InputField label="Prompt compared" required error={e.promptLabel?.message} {...form.register("promptLabel")} />
      <div className="grid gap-3 md:grid-cols-2">
        {side("primary", "Primary")}
        {side("fallback", "Fallback")}
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save comparison"}
        </Button>
      </div>
    </form>
  );
}
