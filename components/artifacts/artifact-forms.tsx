"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField, TextareaField } from "@/components/ui/field";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { addArtifactLinkAction, markNotApplicableAction, saveCustomerImpactStatementAction } from "@/lib/artifacts/actions";
import { ACCEPTED_TYPES_TEXT, UPLOAD_ACCEPT } from "@/lib/artifacts/file-type";
import {
  ARTIFACT_STATE_LABELS,
  formatBytes,
  LINK_KIND_LABELS,
  LINK_KINDS,
  ZArtifactLink,
  ZCustomerImpactStatement,
  ZNotApplicableReason,
  type TArtifactLink,
  type TArtifactLinkInput,
  type TArtifactState,
  type TCustomerImpactStatementInput,
  type TLinkKind,
  type TNotApplicableReasonInput,
} from "@/lib/artifacts/schemas";
import type { TArtifactKindId } from "@/lib/runbook/runbook";

type TMessage = { tone: "ok" | "danger"; text: string } | null;

function Message({ message }: { message: TMessage }) {
  if (!message) return null;
  return (
    <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
      {message.text}
    </Notice>
  );
}

/** Sends one file to the upload route (multipart); the server checks size and content type. */
export function UploadForm({ incidentKey, kind, maxUploadBytes }: { incidentKey: string; kind: TArtifactKindId; maxUploadBytes: number }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<TMessage>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const file = input.current?.files?.[0];
    if (!file) return setMessage({ tone: "danger", text: "Choose a file first." });
    if (file.size > maxUploadBytes) {
      return setMessage({ tone: "danger", text: `The file is larger than the upload limit of ${formatBytes(maxUploadBytes)}. Nothing was uploaded.` });
    }
    const body = new FormData();
    body.set("artifactKind", kind);
    body.set("file", file, file.name);
    setPending(true);
    try {
      const response = await fetch(`/api/incidents/${encodeURIComponent(incidentKey)}/attachments`, { method: "POST", body });
      if (response.ok) {
        setMessage({ tone: "ok", text: `Uploaded ${file.name}.` });
        if (input.current) input.current.value = "";
        router.refresh();
      } else {
        const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
        setMessage({ tone: "danger", text: problem?.detail ?? `The upload was refused (${response.status}). Nothing was uploaded.` });
      }
    } catch {
      setMessage({ tone: "danger", text: "The upload did not reach the server. Check the connection and try again." });
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-2" noValidate>
      <Message message={message} />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <InputField
            ref={input}
            type="file"
            name="file"
            label="Upload a file"
            accept={UPLOAD_ACCEPT}
            hint={`${ACCEPTED_TYPES_TEXT[0]!.toUpperCase()}${ACCEPTED_TYPES_TEXT.slice(1)}; up to ${formatBytes(maxUploadBytes)}. The type is checked from the content.`}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending} className="sm:mb-5">
          {pending ? "Uploading…" : "Upload"}
        </Button>
      </div>
    </form>
  );
}

const defaultLinkKind = (kind: TArtifactKindId): TLinkKind => (kind === "GRAPHS" ? "DASHBOARD" : kind === "SUPPORT_CONTACTS" ? "SUPPORT" : "OTHER");

export function LinkForm({ incidentKey, kind, onDone }: { incidentKey: string; kind: TArtifactKindId; onDone: (message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TArtifactLinkInput, unknown, TArtifactLink>({
    resolver: zodResolver(ZArtifactLink),
    defaultValues: { artifactKind: kind, kind: defaultLinkKind(kind), url: "", label: "" },
  });
  const onSubmit = form.handleSubmit(() => {
    setError(null);
    startTransition(async () => {
      const link = form.getValues();
      const result = await addArtifactLinkAction({ incidentKey, link });
      if (result.ok) return onDone(`Added the link "${result.data.label}".`);
      setError(result.error);
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        if (field in link) form.setError(field as keyof TArtifactLinkInput, { message: messages.join(" ") });
      }
    });
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 rounded-md border border-border p-3" noValidate aria-label="Add a link">
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <SelectField label="Link type" options={LINK_KINDS.map((k) => ({ value: k, label: LINK_KIND_LABELS[k] }))} error={errors.kind?.message} {...form.register("kind")} />
        <InputField label="URL" type="url" inputMode="url" placeholder="https://" required error={errors.url?.message} {...form.register("url")} />
      </div>
      <InputField label="Label" required hint="What the link shows, e.g. “Latency dashboard, 09:00–11:00 UTC”." error={errors.label?.message} {...form.register("label")} />
      <input type="hidden" {...form.register("artifactKind")} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add link"}
        </Button>
        <Button variant="secondary" onClick={() => onDone("")} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

type TArtifactConflict = { theirs: { state: TArtifactState; notApplicableReason: string | null } | null; currentVersion: number };

export function NotApplicableForm({
  incidentKey,
  kind,
  version,
  onDone,
}: {
  incidentKey: string;
  kind: TArtifactKindId;
  version: number;
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<TArtifactConflict | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TNotApplicableReasonInput>({ resolver: zodResolver(ZNotApplicableReason), defaultValues: { reason: "" } });
  const save = (basedOn: number) => {
    setError(null);
    setConflict(null);
    startTransition(async () => {
      const result = await markNotApplicableAction({ incidentKey, artifactKind: kind, version: basedOn, reason: form.getValues("reason") });
      if (result.ok) return onDone("Marked not applicable.");
      if (result.conflict) {
        return setConflict({ theirs: result.conflict.current as TArtifactConflict["theirs"], currentVersion: result.conflict.currentVersion });
      }
      setError(result.error);
      if (result.fieldErrors?.reason) form.setError("reason", { message: result.fieldErrors.reason.join(" ") });
    });
  };
  const onSubmit = form.handleSubmit(() => save(version));
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 rounded-md border border-border p-3" noValidate aria-label="Mark not applicable">
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={
            conflict.theirs
              ? `${ARTIFACT_STATE_LABELS[conflict.theirs.state]}${conflict.theirs.notApplicableReason ? `: ${conflict.theirs.notApplicableReason}` : ""}`
              : "Missing"
          }
          yours={`Not applicable: ${form.getValues("reason")}`}
          onReapply={() => save(conflict.currentVersion)}
          onUseTheirs={() => {
            setConflict(null);
            onDone("");
            router.refresh();
          }}
        />
      ) : null}
      <TextareaField label="Why does this not apply?" required error={form.formState.errors.reason?.message} className="min-h-16" {...form.register("reason")} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save as not applicable"}
        </Button>
        <Button variant="secondary" onClick={() => onDone("")} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Incident.customerImpactStatement, saved against the incident's version. */
export function StatementForm({ incidentKey, statement, version }: { incidentKey: string; statement: string; version: number }) {
  const router = useRouter();
  const [basedOn, setBasedOn] = useState(version);
  const [message, setMessage] = useState<TMessage>(null);
  const [conflict, setConflict] = useState<{ theirs: string; currentVersion: number } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TCustomerImpactStatementInput>({ resolver: zodResolver(ZCustomerImpactStatement), defaultValues: { statement } });
  const save = (on: number) => {
    setMessage(null);
    setConflict(null);
    startTransition(async () => {
      const result = await saveCustomerImpactStatementAction({ incidentKey, version: on, statement: form.getValues("statement") });
      if (result.ok) {
        setBasedOn(result.data.version);
        form.reset({ statement: result.data.statement });
        setMessage({ tone: "ok", text: "Statement saved." });
        router.refresh();
        return;
      }
      if (result.conflict) {
        const theirs = (result.conflict.current as { statement?: string } | null)?.statement ?? "";
        return setConflict({ theirs, currentVersion: result.conflict.currentVersion });
      }
      setMessage({ tone: "danger", text: result.error });
      if (result.fieldErrors?.statement) form.setError("statement", { message: result.fieldErrors.statement.join(" ") });
    });
  };
  const onSubmit = form.handleSubmit(() => save(basedOn));
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      <Message message={message} />
      {conflict ? (
        <ConflictNotice
          theirs={conflict.theirs || "(empty)"}
          yours={form.getValues("statement") || "(empty)"}
          onReapply={() => {
            setBasedOn(conflict.currentVersion);
            save(conflict.currentVersion);
          }}
          onUseTheirs={() => {
            form.reset({ statement: conflict.theirs });
            setBasedOn(conflict.currentVersion);
            setConflict(null);
            router.refresh();
          }}
        />
      ) : null}
      <TextareaField
        label="Statement"
        hint="What customers experienced, for how long, and what was done. Saving a statement marks this artifact attached."
        error={form.formState.errors.statement?.message}
        {...form.register("statement")}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save statement"}
        </Button>
      </div>
    </form>
  );
}
