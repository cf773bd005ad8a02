"use client";

// The manual error-class histogram as an editable grid: one row per time
// window (start and end in the user's zone), one count per class × path.
// Saving replaces the whole manual set.
import { useEffect, useMemo, useState, useTransition } from "react";
import { useFieldArray, useForm, type FieldErrors } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { useTimeZone } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { PATHS, REQUEST_CLASSES, type TPath, type TRequestClass } from "@/lib/fallback/types";
import { PATH_FILTER_LABELS, requestClassLabel } from "@/lib/classes/histogram";
import { replaceManualHistogramAction } from "@/lib/classes/actions";
import { ZManualHistogram, type TManualHistogram, type TManualHistogramInput } from "@/lib/classes/schemas";
import { formatInZone, utcToZonedLocal, zonedLocalToUtc } from "@/lib/time/zone";

export type TManualWindowProps = {
  windowStart: string;
  windowEnd: string;
  counts: Record<TPath, Record<TRequestClass, number>>;
};

type TFormWindow = TManualHistogramInput["windows"][number];

const zeroCounts = () => Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0])) as Record<TRequestClass, number>;

function toFormWindows(windows: readonly TManualWindowProps[], timeZone: string): TFormWindow[] {
  return windows.map((w) => ({
    startLocal: utcToZonedLocal(new Date(w.windowStart), timeZone),
    endLocal: utcToZonedLocal(new Date(w.windowEnd), timeZone),
    counts: { PRIMARY: { ...w.counts.PRIMARY }, FALLBACK: { ...w.counts.FALLBACK } },
  }));
}

function summarize(windows: readonly TManualWindowProps[], timeZone: string): string {
  if (windows.length === 0) return "No manual windows.";
  return windows
    .map((w) => {
      const total = PATHS.reduce((sum, p) => sum + REQUEST_CLASSES.reduce((s, c) => s + w.counts[p][c], 0), 0);
      return `${formatInZone(new Date(w.windowStart), timeZone)} – ${formatInZone(new Date(w.windowEnd), timeZone)}: ${total} requests`;
    })
    .join("\n");
}

/** Every error message of the windows, with where it is, for a summary under the grid. */
function errorList(errors: FieldErrors<TManualHistogramInput>): string[] {
  const out: string[] = [];
  const windows = errors.windows;
  if (windows?.message) out.push(windows.message);
  if (windows?.root?.message) out.push(windows.root.message);
  if (Array.isArray(windows)) {
    windows.forEach((w, i) => {
      if (!w) return;
      if (w.startLocal?.message) out.push(`Window ${i + 1}, start: ${w.startLocal.message}`);
      if (w.endLocal?.message) out.push(`Window ${i + 1}, end: ${w.endLocal.message}`);
      for (const p of PATHS) {
        for (const c of REQUEST_CLASSES) {
          const m = w.counts?.[p]?.[c]?.message;
          if (m) out.push(`Window ${i + 1}, ${PATH_FILTER_LABELS[p].toLowerCase()}, ${requestClassLabel(c)}: ${m}`);
        }
      }
    });
  }
  return out;
}

export function ManualHistogramForm({
  incidentId,
  windows,
  basedOn,
  firstWindowStart,
  windowMinutes,
}: {
  incidentId: string;
  windows: TManualWindowProps[];
  basedOn: string;
  /** Where a first window starts: the start of degradation. */
  firstWindowStart: string;
  windowMinutes: number;
}) {
  const timeZone = useTimeZone();
  const defaults = useMemo<TManualHistogramInput>(
    () => ({ incidentId, timeZone, basedOn, windows: toFormWindows(windows, timeZone) }),
    [incidentId, timeZone, basedOn, windows],
  );
  const form = useForm<TManualHistogramInput, unknown, TManualHistogram>({ resolver: zodResolver(ZManualHistogram), defaultValues: defaults });
  const rows = useFieldArray({ control: form.control, name: "windows" });
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<{ theirs: TManualWindowProps[]; theirBase: string; yours: TManualWindowProps[] } | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => form.reset(defaults), [form, defaults]);

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const values = form.getValues();
      const result = await replaceManualHistogramAction(values);
      if (result.ok) {
        setConflict(null);
        setMessage({ tone: "ok", text: `Manual histogram saved (${result.data.windows} ${result.data.windows === 1 ? "window" : "windows"}).` });
        return;
      }
      if (result.conflict) {
        const current = result.conflict.current as { windows: TManualWindowProps[]; basedOn: string };
        const yours = ZManualHistogram.safeParse(values);
        setConflict({
          theirs: current.windows,
          theirBase: current.basedOn,
          yours: yours.success
            ? yours.data.windows.map((w) => ({ windowStart: w.windowStart.toISOString(), windowEnd: w.windowEnd.toISOString(), counts: w.counts }))
            : [],
        });
        return;
      }
      setMessage({ tone: "danger", text: [result.error, ...Object.values(result.fieldErrors ?? {}).flat()].join(" ") });
    });
  const onSubmit = form.handleSubmit(save);

  const addWindow = () => {
    const all = form.getValues("windows");
    const last = all[all.length - 1];
    const lastEnd = last?.endLocal ? zonedLocalToUtc(last.endLocal, timeZone) : null;
    const start = lastEnd ?? new Date(firstWindowStart);
    const end = new Date(start.getTime() + windowMinutes * 60_000);
    rows.append({
      startLocal: utcToZonedLocal(start, timeZone),
      endLocal: utcToZonedLocal(end, timeZone),
      counts: { PRIMARY: zeroCounts(), FALLBACK: zeroCounts() },
    });
  };

  const errors = errorList(form.formState.errors);
  const windowErrors = form.formState.errors.windows;
  const cellError = (i: number, p: TPath, c: TRequestClass) =>
    Array.isArray(windowErrors) ? Boolean(windowErrors[i]?.counts?.[p]?.[c]) : false;
  const timeError = (i: number, f: "startLocal" | "endLocal") =>
    Array.isArray(windowErrors) ? windowErrors[i]?.[f]?.message : undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Manual histogram">
      <p className="text-sm text-muted">
        Times are in your time zone ({timeZone}) and stored in UTC. Windows may touch but not overlap. Blank counts are zero.
      </p>
      {rows.fields.length === 0 ? <p className="text-sm">No manual windows yet.</p> : null}
      {rows.fields.length > 0 ? (
        // relative: the visually hidden labels are positioned inside the scroller, not past the page edge.
        <TableWrap className="relative">
          <Table className="text-xs">
            <caption className="sr-only">Request counts per time window, class and path</caption>
            <thead>
              <tr>
                <Th scope="col" rowSpan={2}>
                  Start
                </Th>
                <Th scope="col" rowSpan={2}>
                  End
                </Th>
                {PATHS.map((p) => (
                  <Th key={p} scope="colgroup" colSpan={REQUEST_CLASSES.length} className="text-center">
                    {PATH_FILTER_LABELS[p]}
                  </Th>
                ))}
                <Th scope="col" rowSpan={2}>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
              <tr>
                {PATHS.flatMap((p) =>
                  REQUEST_CLASSES.map((c) => (
                    <Th key={`${p}-${c}`} scope="col" className="min-w-20 align-bottom font-medium whitespace-normal">
                      {requestClassLabel(c)}
                    </Th>
                  )),
                )}
              </tr>
            </thead>
            <tbody>
              {rows.fields.map((field, i) => (
                <tr key={field.id}>
                  {(["startLocal", "endLocal"] as const).map((f) => (
                    <Td key={f}>
                      <label className="sr-only" htmlFor={`${field.id}-${f}`}>
                        Window {i + 1} {f === "startLocal" ? "start" : "end"}
                      </label>
                      <input
                        id={`${field.id}-${f}`}
                        type="datetime-local"
                        aria-invalid={timeError(i, f) ? true : undefined}
                        className="rounded border border-border bg-surface px-1 py-1 aria-[invalid=true]:border-danger"
                        {...form.register(`windows.${i}.${f}`)}
                      />
                    </Td>
                  ))}
                  {PATHS.flatMap((p) =>
                    REQUEST_CLASSES.map((c) => (
                      <Td key={`${p}-${c}`}>
                        <input
                          type="number"
                          min={0}
                          step={1}
                          inputMode="numeric"
                          aria-label={`Window ${i + 1}, ${PATH_FILTER_LABELS[p].toLowerCase()}, ${requestClassLabel(c)}`}
                          aria-invalid={cellError(i, p, c) ? true : undefined}
                          className="w-20 rounded border border-border bg-surface px-1 py-1 text-right tabular-nums aria-[invalid=true]:border-danger"
                          {...form.register(`windows.${i}.counts.${p}.${c}`)}
                        />
                      </Td>
                    )),
                  )}
                  <Td>
                    <Button size="sm" variant="ghost" onClick={() => rows.remove(i)}>
                      Remove<span className="sr-only"> window {i + 1}</span>
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      ) : null}
      {errors.length > 0 ? (
        <Notice tone="danger" role="alert" title="Some counts or times need attention.">
          <ul className="list-disc pl-5">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={summarize(conflict.theirs, timeZone)}
          yours={summarize(conflict.yours, timeZone)}
          onReapply={() => {
            form.setValue("basedOn", conflict.theirBase);
            setConflict(null);
            void onSubmit();
          }}
          onUseTheirs={() => {
            form.reset({ incidentId, timeZone, basedOn: conflict.theirBase, windows: toFormWindows(conflict.theirs, timeZone) });
            setConflict(null);
          }}
        />
      ) : null}
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={addWindow}>
          Add window
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save manual histogram"}
        </Button>
      </div>
    </form>
  );
}
