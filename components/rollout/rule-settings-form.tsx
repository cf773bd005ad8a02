"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField } from "@/components/ui/field";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { saveRuleSettingsAction } from "@/lib/rollout/actions";
import {
  fractionToPercentText,
  ruleSettingsToForm,
  ZRuleSettings,
  type TRuleSettings,
  type TRuleSettingsData,
  type TRuleSettingsInput,
} from "@/lib/rollout/schemas";
import { showFieldErrors } from "@/components/ui/field-errors";

const describe = (s: TRuleSettings) =>
  [
    `Baseline timeout rate: ${s.baselineTimeoutRate === null ? "not set" : `${fractionToPercentText(s.baselineTimeoutRate)}%`}`,
    `Baseline error rate: ${s.baselineErrorRate === null ? "not set" : `${fractionToPercentText(s.baselineErrorRate)}%`}`,
    `Observation window: ${s.observationWindowMinutes} min`,
    `User-facing timeout budget: ${s.userFacingTimeoutBudgetMs === null ? "not set" : `${s.userFacingTimeoutBudgetMs} ms`}`,
  ].join("\n");

const describeForm = (v: TRuleSettingsInput) =>
  [
    `Baseline timeout rate: ${v.baselineTimeoutRatePercent || "not set"}${v.baselineTimeoutRatePercent ? "%" : ""}`,
    `Baseline error rate: ${v.baselineErrorRatePercent || "not set"}${v.baselineErrorRatePercent ? "%" : ""}`,
    `Observation window: ${v.observationWindowMinutes} min`,
    `User-facing timeout budget: ${v.userFacingTimeoutBudgetMs ? `${v.userFacingTimeoutBudgetMs} ms` : "not set"}`,
  ].join("\n");

/** The incident's Step 4 rule settings, saved with the incident's version. */
export function RuleSettingsForm({ incidentKey, version, settings }: { incidentKey: string; version: number; settings: TRuleSettings }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<{ theirs: TRuleSettings; version: number } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TRuleSettingsInput, unknown, TRuleSettingsData>({
    resolver: zodResolver(ZRuleSettings) as never,
    defaultValues: ruleSettingsToForm(incidentKey, version, settings),
  });

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const r = await saveRuleSettingsAction(form.getValues());
      if (r.ok) {
        setConflict(null);
        form.reset({ ...form.getValues(), version: r.data.version });
        setMessage({ tone: "ok", text: "Rule settings saved. Findings below use them." });
        router.refresh();
        return;
      }
      if (r.conflict) {
        setConflict({ theirs: r.conflict.current as TRuleSettings, version: r.conflict.currentVersion });
        return;
      }
      setMessage({ tone: "danger", text: r.error });
      showFieldErrors(form.setError, r.fieldErrors);
    });

  const e = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit(save)} className="flex flex-col gap-3" noValidate aria-label="Rule settings">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={describe(conflict.theirs)}
          yours={describeForm(form.getValues())}
          onReapply={() => {
            form.setValue("version", conflict.version);
            setConflict(null);
            save();
          }}
          onUseTheirs={() => {
            form.reset(ruleSettingsToForm(incidentKey, conflict.version, conflict.theirs));
            setConflict(null);
          }}
        />
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <InputField
          label="Baseline timeout rate (%)"
          inputMode="decimal"
          hint="Normal primary timeout rate. Blank: the “consider fallback” rule is not evaluated."
          error={e.baselineTimeoutRatePercent?.message}
          {...form.register("baselineTimeoutRatePercent")}
        />
        <InputField
          label="Baseline error rate (%)"
          inputMode="decimal"
          hint="Stands in for the primary when a fallback window has no primary traffic."
          error={e.baselineErrorRatePercent?.message}
          {...form.register("baselineErrorRatePercent")}
        />
        <InputField
          label="Observation window (minutes)"
          inputMode="numeric"
          required
          hint="Windows of another length are not evaluated."
          error={e.observationWindowMinutes?.message}
          {...form.register("observationWindowMinutes")}
        />
        <InputField
          label="User-facing timeout budget (ms)"
          inputMode="numeric"
          hint="Blank: the p95 latency rule is not evaluated."
          error={e.userFacingTimeoutBudgetMs?.message}
          {...form.register("userFacingTimeoutBudgetMs")}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save rule settings"}
        </Button>
      </div>
    </form>
  );
}
