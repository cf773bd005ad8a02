"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { saveImpactMeasuresAction } from "@/lib/impact/actions";
import { ZImpactMeasures, type TImpactMeasureRowInput, type TImpactMeasuresData, type TImpactMeasuresInput } from "@/lib/impact/schemas";
import { runbook, type TImpactMeasureId } from "@/lib/runbook/runbook";

const control = "w-full min-w-20 rounded-md border border-border bg-surface px-2 py-1 text-sm aria-[invalid=true]:border-danger";

type TValues = Record<TImpactMeasureId, TImpactMeasureRowInput>;

const summarize = (values: Record<string, TImpactMeasureRowInput>) =>
  runbook.steps.impact.measures
    .map((m) => {
      const v = values[m.id];
      return v ? `${m.label}: ${v.before || "—"} / ${v.during || "—"} / ${v.after || "—"} ${v.unit}` : `${m.label}: —`;
    })
    .join("\n");

/** The seven measures × before / during / after, saved together. */
export function ImpactForm({
  incidentKey,
  incidentVersion,
  token,
  businessMetricLabel,
  values,
}: {
  incidentKey: string;
  incidentVersion: number;
  token: string;
  businessMetricLabel: string | null;
  values: TValues;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<{ values: TValues; token: string; version: number } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TImpactMeasuresInput, unknown, TImpactMeasuresData>({
    resolver: zodResolver(ZImpactMeasures) as never,
    defaultValues: { incidentKey, basedOn: token, incidentVersion, businessMetricLabel: businessMetricLabel ?? "", measures: values },
  });

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const r = await saveImpactMeasuresAction(form.getValues());
      if (r.ok) {
        setConflict(null);
        form.reset({ ...form.getValues(), basedOn: r.data.token, incidentVersion: r.data.incidentVersion });
        setMessage({ tone: "ok", text: "Measures saved. The evaluation below is updated." });
        router.refresh();
        return;
      }
      if (r.conflict) {
        const current = r.conflict.current as { values?: TValues; token?: string };
        setConflict({ values: current.values ?? (form.getValues("measures") as TValues), token: current.token ?? form.getValues("basedOn"), version: r.conflict.currentVersion });
        return;
      }
      setMessage({ tone: "danger", text: r.error });
    });

  const e = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit(save)} className="flex flex-col gap-3" noValidate aria-label="User-impact measures">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={summarize(conflict.values)}
          yours={summarize(form.getValues("measures") as TValues)}
          onReapply={() => {
            form.setValue("basedOn", conflict.token);
            form.setValue("incidentVersion", conflict.version);
            setConflict(null);
            save();
          }}
          onUseTheirs={() => {
            form.reset({ ...form.getValues(), measures: conflict.values, basedOn: conflict.token, incidentVersion: conflict.version });
            setConflict(null);
          }}
        />
      ) : null}
      <TableWrap role="region" aria-label="Measures to record, scrollable" tabIndex={0}>
        <Table>
          <caption className="sr-only">User-impact measures before, during and after mitigation</caption>
          <thead>
            <tr>
              <Th scope="col">Measure</Th>
              <Th scope="col">Before the incident</Th>
              <Th scope="col">During (before mitigation)</Th>
              <Th scope="col">After mitigation</Th>
              <Th scope="col">Unit</Th>
            </tr>
          </thead>
          <tbody>
            {runbook.steps.impact.measures.map((m) => {
              const err = e.measures?.[m.id];
              const cell = (phase: "before" | "during" | "after", text: string) => (
                <Td>
                  <input
                    aria-label={`${m.label}: ${text}`}
                    inputMode="decimal"
                    aria-invalid={err?.[phase] ? true : undefined}
                    className={control}
                    {...form.register(`measures.${m.id}.${phase}`)}
                  />
                  {err?.[phase] ? <span className="block text-xs text-danger">{err[phase]?.message}</span> : null}
                </Td>
              );
              return (
                <tr key={m.id} data-measure={m.id}>
                  <Th scope="row" className="bg-transparent font-normal whitespace-normal">
                    {m.label}
                    {m.id === "FEATURE_BUSINESS_METRIC" ? (
                      <span className="mt-1 block">
                        <label className="text-xs font-medium" htmlFor="business-metric-label">
                          This feature&apos;s metric
                        </label>
                        <input
                          id="business-metric-label"
                          className={control}
                          placeholder="completed drafts"
                          aria-invalid={e.businessMetricLabel ? true : undefined}
                          {...form.register("businessMetricLabel")}
                        />
                        {e.businessMetricLabel ? <span className="block text-xs text-danger">{e.businessMetricLabel.message}</span> : null}
                      </span>
                    ) : null}
                  </Th>
                  {cell("before", "before the incident")}
                  {cell("during", "during, before mitigation")}
                  {cell("after", "after mitigation")}
                  <Td>
                    <input aria-label={`${m.label}: unit`} className={control} aria-invalid={err?.unit ? true : undefined} {...form.register(`measures.${m.id}.unit`)} />
                    {err?.unit ? <span className="block text-xs text-danger">{err.unit.message}</span> : null}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </TableWrap>
      <p className="text-xs text-muted">Leave a cell blank when the value is not known; clearing a saved value removes it.</p>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save measures"}
        </Button>
      </div>
    </form>
  );
}
