"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Badge, Card, CardTitle, Notice } from "@/components/ui/card";
import { InputField, SelectField, TextareaField } from "@/components/ui/field";
import { LocalTime, useTimeZone } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ConflictNotice } from "./conflict-notice";
import { createTimelineEventAction, deleteTimelineEventAction, updateTimelineEventAction } from "@/lib/timeline/actions";
import {
  TIMELINE_EVENT_KINDS,
  TIMELINE_KIND_LABELS,
  ZTimelineEvent,
  ZUpdateTimelineEvent,
  type TTimelineEventKind,
} from "@/lib/timeline/schemas";
import type { TTimelineEntryJson } from "@/lib/timeline/build";
import type { TTimelineEventView } from "@/lib/timeline/timeline";
import { formatInZone, utcToZonedLocal, zonedLocalToUtc } from "@/lib/time/zone";
import { showFieldErrors } from "@/components/ui/field-errors";

type TEventFormValues = {
  incidentId: string;
  id: string;
  version: number;
  kind: TTimelineEventKind;
  occurredAtLocal: string;
  timeZone: string;
  description: string;
  trafficPercent: string;
};

type TEditable = { id: string; version: number; at: string; kind: TTimelineEventKind; description: string; trafficPercent: number | null };

const kindOptions = TIMELINE_EVENT_KINDS.map((k) => ({ value: k, label: TIMELINE_KIND_LABELS[k] }));

function valuesOf(event: TEditable, timeZone: string): TEventFormValues {
  return {
    incidentId: "",
    id: event.id,
    version: event.version,
    kind: event.kind,
    occurredAtLocal: utcToZonedLocal(new Date(event.at), timeZone),
    timeZone,
    description: event.description,
    trafficPercent: event.trafficPercent === null ? "" : String(event.trafficPercent),
  };
}

function EventSummary({ kind, at, description, trafficPercent, timeZone }: { kind: string; at: string; description: string; trafficPercent: string; timeZone: string }) {
  return (
    <dl className="grid gap-1">
      <div>
        <dt className="font-medium">Time</dt>
        <dd>{at ? formatInZone(new Date(at), timeZone) : "—"}</dd>
      </div>
      <div>
        <dt className="font-medium">Kind</dt>
        <dd>
          {TIMELINE_KIND_LABELS[kind as TTimelineEventKind] ?? kind}
          {trafficPercent !== "" ? ` (${trafficPercent} %)` : ""}
        </dd>
      </div>
      <div>
        <dt className="font-medium">Description</dt>
        <dd>{description}</dd>
      </div>
    </dl>
  );
}

/** Add (no `event`) or edit an event; both forms use the server's schema. */
function EventForm({
  incidentId,
  event,
  onSaved,
  onCancel,
}: {
  incidentId: string;
  event?: TEditable;
  onSaved: (text: string) => void;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const editing = Boolean(event);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ theirs: TTimelineEventView; currentVersion: number; yours: TEventFormValues } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TEventFormValues>({
    // The add and edit schemas each keep only their own keys of these values.
    resolver: zodResolver(editing ? ZUpdateTimelineEvent : ZTimelineEvent) as never,
    defaultValues: event
      ? valuesOf(event, timeZone)
      : { incidentId, id: "", version: 0, kind: "NOTE", occurredAtLocal: "", timeZone, description: "", trafficPercent: "" },
  });
  useEffect(() => {
    form.setValue("timeZone", timeZone);
  }, [form, timeZone]);
  const firstField = useRef<HTMLSelectElement | null>(null);
  useEffect(() => {
    if (editing) firstField.current?.focus();
  }, [editing]);

  const kind = useWatch({ control: form.control, name: "kind" });

  const save = (values: TEventFormValues) => {
    setError(null);
    startTransition(async () => {
      const fields = {
        kind: values.kind,
        occurredAtLocal: values.occurredAtLocal,
        timeZone: values.timeZone,
        description: values.description,
        trafficPercent: values.trafficPercent,
      };
      const result = editing
        ? await updateTimelineEventAction({ id: values.id, version: values.version, ...fields })
        : await createTimelineEventAction({ incidentId: values.incidentId, ...fields });
      if (result.ok) {
        setConflict(null);
        if (!editing) form.reset({ ...values, occurredAtLocal: "", description: "", trafficPercent: "", kind: values.kind });
        onSaved(editing ? "Event updated." : "Event added.");
        router.refresh();
        return;
      }
      if (result.conflict?.current) {
        setConflict({ theirs: result.conflict.current as TTimelineEventView, currentVersion: result.conflict.currentVersion, yours: values });
        return;
      }
      setError(result.error);
      showFieldErrors(form.setError, result.fieldErrors);
    });
  };
  const onSubmit = form.handleSubmit(() => save(form.getValues()));
  const e = form.formState.errors;
  const kindField = form.register("kind", {
    onChange: (ev: { target: { value: string } }) => {
      if (ev.target.value !== "FALLBACK_CHANGE") form.setValue("trafficPercent", "");
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={editing ? "Edit event" : "Add an event"} className="flex flex-col gap-3">
      {conflict ? (
        <ConflictNotice
          theirs={
            <EventSummary
              kind={conflict.theirs.kind}
              at={conflict.theirs.occurredAt}
              description={conflict.theirs.description}
              trafficPercent={conflict.theirs.trafficPercent === null ? "" : String(conflict.theirs.trafficPercent)}
              timeZone={timeZone}
            />
          }
          yours={
            <EventSummary
              kind={conflict.yours.kind}
              at={zonedLocalToUtc(conflict.yours.occurredAtLocal, conflict.yours.timeZone)?.toISOString() ?? ""}
              description={conflict.yours.description}
              trafficPercent={conflict.yours.trafficPercent}
              timeZone={timeZone}
            />
          }
          onReapply={() => save({ ...conflict.yours, version: conflict.currentVersion })}
          onUseTheirs={() => {
            form.reset(
              valuesOf(
                {
                  id: conflict.theirs.id,
                  version: conflict.theirs.version,
                  at: conflict.theirs.occurredAt,
                  kind: conflict.theirs.kind,
                  description: conflict.theirs.description,
                  trafficPercent: conflict.theirs.trafficPercent,
                },
                timeZone,
              ),
            );
            setConflict(null);
            router.refresh();
          }}
        />
      ) : null}
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Kind"
          required
          options={kindOptions}
          error={e.kind?.message}
          {...kindField}
          ref={(el) => {
            kindField.ref(el);
            firstField.current = el;
          }}
        />
        <InputField
          label="Time"
          type="datetime-local"
          required
          hint={`Your time zone: ${timeZone}. Stored in UTC.`}
          error={e.occurredAtLocal?.message}
          {...form.register("occurredAtLocal")}
        />
        {kind === "FALLBACK_CHANGE" ? (
          <InputField
            label="Fallback traffic %"
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step="any"
            required
            hint="Share of eligible requests sent to the fallback path, 0–100."
            error={e.trafficPercent?.message}
            {...form.register("trafficPercent")}
          />
        ) : null}
      </div>
      <TextareaField label="Description" required error={e.description?.message} {...form.register("description")} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save event" : "Add event"}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

export function TimelineEditor({
  incidentId,
  incidentKey,
  entries,
  canWrite,
}: {
  incidentId: string;
  incidentKey: string;
  entries: readonly TTimelineEntryJson[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [editing, setEditing] = useState<TEditable | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const remove = (id: string, version: number) =>
    startTransition(async () => {
      const result = await deleteTimelineEventAction({ id, version });
      setConfirming(null);
      setMessage(result.ok ? { tone: "ok", text: "Event deleted. The history keeps a copy." } : { tone: "danger", text: result.error });
      if (result.ok && editing?.id === id) setEditing(null);
      router.refresh();
    });

  const summary = (e: TTimelineEntryJson) => `${formatInZone(new Date(e.at), timeZone)} ${e.label}`;

  return (
    <div className="flex flex-col gap-4">
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      {canWrite ? (
        <Card>
          <CardTitle>{editing ? "Edit event" : "Add an event"}</CardTitle>
          {editing ? (
            <EventForm
              key={`${editing.id}-${editing.version}`}
              incidentId={incidentId}
              event={editing}
              onSaved={(text) => {
                setEditing(null);
                setMessage({ tone: "ok", text });
              }}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <EventForm incidentId={incidentId} onSaved={(text) => setMessage({ tone: "ok", text })} />
          )}
        </Card>
      ) : null}

      <TableWrap className="relative" tabIndex={0} role="region" aria-label="Timeline events (scrolls sideways on small screens)">
        <Table>
          <caption className="sr-only">Timeline of the incident, oldest first. Times in {timeZone}.</caption>
          <thead>
            <tr>
              <Th scope="col">Time</Th>
              <Th scope="col">Kind</Th>
              <Th scope="col">Description</Th>
              <Th scope="col">Traffic %</Th>
              <Th scope="col">Author</Th>
              {canWrite ? <Th scope="col">Actions</Th> : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.key} data-testid="timeline-row" className={e.origin === "window" ? "bg-surface-2/60" : undefined}>
                <Td className="whitespace-nowrap">
                  <LocalTime iso={e.at} />
                </Td>
                <Td>
                  <div className="flex flex-col items-start gap-1">
                    <span className="whitespace-nowrap">{e.label}</span>
                    {e.origin === "window" ? <Badge tone="accent">from incident window</Badge> : null}
                  </div>
                </Td>
                <Td className="min-w-48 break-words">{e.description}</Td>
                <Td className="whitespace-nowrap">{e.trafficPercent != null ? `${e.trafficPercent} %` : "—"}</Td>
                <Td>{e.origin === "event" ? (e.authorName ?? "—") : "—"}</Td>
                {canWrite ? (
                  <Td>
                    {e.origin === "window" ? (
                      <Link href={`/incidents/${incidentKey}/window`} className="text-accent underline whitespace-nowrap">
                        Edit in incident window<span className="sr-only">: {e.label}</span>
                      </Link>
                    ) : confirming === e.id ? (
                      <div role="group" aria-label={`Confirm deleting ${summary(e)}`} className="flex flex-col gap-1">
                        <span className="text-xs">Delete this event? The history keeps a copy.</span>
                        <div className="flex gap-2">
                          <Button size="sm" variant="danger" disabled={pending} onClick={() => remove(e.id!, e.version!)}>
                            Confirm delete
                          </Button>
                          <Button size="sm" variant="secondary" onClick={() => setConfirming(null)}>
                            Cancel
                          </Button>
                        </div>
                      </div>
                    ) : (
                      <div className="flex gap-2">
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => {
                            setMessage(null);
                            setEditing({ id: e.id!, version: e.version!, at: e.at, kind: e.kind!, description: e.description, trafficPercent: e.trafficPercent ?? null });
                          }}
                        >
                          Edit<span className="sr-only"> {summary(e)}</span>
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setConfirming(e.id!)}>
                          Delete<span className="sr-only"> {summary(e)}</span>
                        </Button>
                      </div>
                    )}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      </TableWrap>
    </div>
  );
}
