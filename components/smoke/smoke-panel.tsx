"use client";

import { useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField, TextareaField } from "@/components/ui/field";
import { buildSmokeCurl, smokeRequestId } from "@/lib/fallback/curl";
import { checkSmokeMessageSafety } from "@/lib/fallback/sanitize";
import { recordSmokeRunAction, runLiveSmokeAction } from "@/lib/smoke/actions";
import { describeSafetyFindings, MAX_SMOKE_TOKENS, ZRecordSmokeRun, ZRunLiveSmoke, type TRecordSmokeRunInput } from "@/lib/smoke/schemas";
import { RESULT_TEXT } from "@/lib/smoke/view";
import { CopyButton } from "./copy-button";
import { showFieldErrors } from "@/components/ui/field-errors";

export type TSmokeSnapshotChoice = {
  id: string;
  versionNumber: number;
  labelText: string;
  baseUrl: string;
  apiKeyEnvVar: string | null;
  models: { PRIMARY: string | null; FALLBACK: string | null };
  defaultToleranceMs: number;
  live: { ok: boolean; reason: string | null };
};

type TValues = Omit<TRecordSmokeRunInput, "expectedSequence"> & { expectedSequence: number | null };

const TRISTATE_OPTIONS = [
  { value: "UNKNOWN", label: "Not checked yet" },
  { value: "YES", label: "Yes" },
  { value: "NO", label: "No" },
];

export function SmokePanel({
  incidentKey,
  incidentDateIso,
  nextSequence,
  snapshots,
  defaults,
}: {
  incidentKey: string;
  incidentDateIso: string;
  nextSequence: number;
  snapshots: TSmokeSnapshotChoice[];
  defaults: { systemMessage: string; userMessage: string; expectedJson: string; maxTokens: number };
}) {
  const router = useRouter();
  const mode = useRef<"live" | "manual">("live");
  const [running, setRunning] = useState<"live" | "manual">("live");
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "danger" | "warn"; text: string } | null>(null);
  const first = snapshots[0]!;
  const resolver: Resolver<TValues> = (values, context, options) =>
    (zodResolver(mode.current === "live" ? ZRunLiveSmoke : ZRecordSmokeRun) as unknown as Resolver<TValues>)(values, context, options);
  const form = useForm<TValues>({
    resolver,
    defaultValues: {
      incidentKey,
      snapshotId: first.id,
      path: "FALLBACK",
      systemMessage: defaults.systemMessage,
      userMessage: defaults.userMessage,
      expectedJson: defaults.expectedJson,
      maxTokens: String(defaults.maxTokens),
      latencyToleranceMs: String(first.defaultToleranceMs),
      routeLogged: "UNKNOWN",
      expectedSequence: nextSequence,
      statusCode: "",
      exceptionClass: "",
      latencyMs: "",
      responseBody: "",
      promptTokens: "",
      completionTokens: "",
      totalTokens: "",
      requestIdEchoed: "UNKNOWN",
    },
  });
  const values = useWatch({ control: form.control });
  const snapshot = snapshots.find((s) => s.id === values.snapshotId) ?? first;
  const path = values.path === "PRIMARY" ? "PRIMARY" : "FALLBACK";
  const model = snapshot.models[path];
  const requestId = smokeRequestId(new Date(incidentDateIso), nextSequence);

  const systemSafety = checkSmokeMessageSafety(values.systemMessage ?? "");
  const userSafety = checkSmokeMessageSafety(values.userMessage ?? "");
  const flagged = !systemSafety.safe || !userSafety.safe;

  let curl: string | null = null;
  try {
    if (model && !flagged) {
      curl = buildSmokeCurl({
        apiKeyEnvVar: snapshot.apiKeyEnvVar ?? undefined,
        requestId,
        model,
        systemMessage: values.systemMessage ? values.systemMessage : undefined,
        userMessage: values.userMessage ?? "",
        temperature: 0,
        maxTokens: Number(values.maxTokens),
      });
    }
  } catch {
    curl = null;
  }

  const submit = (which: "live" | "manual") => {
    mode.current = which;
    setRunning(which);
    return form.handleSubmit(() => {
      setMessage(null);
      startTransition(async () => {
        const raw = { ...form.getValues(), expectedSequence: nextSequence };
        const result = which === "live" ? await runLiveSmokeAction(raw) : await recordSmokeRunAction(raw);
        if (result.ok) {
          const run = result.data;
          const outcome = run.exceptionClass ?? (run.statusCode === null ? "no result" : `status ${run.statusCode}`);
          setMessage({
            tone: run.overall === "pass" ? "ok" : run.overall === "fail" ? "danger" : "warn",
            text: `Recorded ${run.requestId} (${run.path.toLowerCase()}): ${outcome}${run.latencyMs === null ? "" : ` after ${run.latencyMs} ms`}. Criteria overall: ${RESULT_TEXT[run.overall]}.`,
          });
          form.setValue("expectedSequence", run.sequence + 1);
          router.refresh();
          return;
        }
        setMessage({ tone: "danger", text: result.error });
        showFieldErrors(form.setError, result.fieldErrors);
      });
    })();
  };

  const e = form.formState.errors;
  const errorOf = (field: keyof TValues, safety?: typeof systemSafety) =>
    safety && !safety.safe ? describeSafetyFindings(safety) : (e[field]?.message as string | undefined);

  return (
    <form className="flex flex-col gap-4" noValidate aria-label="Smoke request" onSubmit={(ev) => ev.preventDefault()}>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Configuration version"
          required
          options={snapshots.map((s) => ({ value: s.id, label: `Version ${s.versionNumber} (${s.labelText})` }))}
          error={errorOf("snapshotId")}
          {...form.register("snapshotId", {
            onChange: (ev: { target: { value: string } }) => {
              const s = snapshots.find((x) => x.id === ev.target.value);
              if (s) form.setValue("latencyToleranceMs", String(s.defaultToleranceMs));
            },
          })}
        />
        <SelectField
          label="Path"
          required
          options={[
            { value: "PRIMARY", label: "Primary" },
            { value: "FALLBACK", label: "Fallback" },
          ]}
          error={errorOf("path")}
          {...form.register("path")}
        />
      </div>
      <p className="text-sm">
        Model: <span className="font-mono">{model ?? "— (this version names no model for this path)"}</span>
      </p>
      <TextareaField
        label="System message"
        className="min-h-16 font-mono"
        error={errorOf("systemMessage", systemSafety)}
        {...form.register("systemMessage")}
      />
      <TextareaField
        label="User message"
        required
        className="min-h-16 font-mono"
        hint="Sanitized content only: no production secrets, user data or regulated data."
        error={errorOf("userMessage", userSafety)}
        {...form.register("userMessage")}
      />
      {flagged ? (
        <Notice tone="danger" role="alert">
          The messages look like they contain secrets or personal data. Running and recording are disabled until you remove them.
        </Notice>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <InputField
          label="Expected output (JSON)"
          className="font-mono"
          hint="Compared with the model's output, key order ignored."
          error={errorOf("expectedJson")}
          {...form.register("expectedJson")}
        />
        <InputField
          label="max_tokens"
          inputMode="numeric"
          hint={`Temperature is always 0. At most ${MAX_SMOKE_TOKENS}.`}
          error={errorOf("maxTokens")}
          {...form.register("maxTokens")}
        />
        <InputField
          label="Latency tolerance (ms)"
          inputMode="numeric"
          hint="Your incident-specific tolerance."
          error={errorOf("latencyToleranceMs")}
          {...form.register("latencyToleranceMs")}
        />
      </div>
      <SelectField
        label="Do your logs show this path's model or route clearly?"
        options={TRISTATE_OPTIONS}
        {...form.register("routeLogged")}
      />

      <section aria-labelledby="curl-title" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 id="curl-title" className="text-sm font-semibold">
            Command for request {requestId}
          </h3>
          {curl ? <CopyButton text={curl} label="Copy command" /> : null}
        </div>
        {curl ? (
          <>
            <pre
              role="region"
              aria-label="Generated curl command"
              tabIndex={0}
              className="overflow-x-auto rounded-md border border-border bg-surface-2 p-3 text-xs"
            >
              {curl}
            </pre>
            <p className="text-xs text-muted">
              Set <code>COMETAPI_BASE_URL</code> to <code className="break-all">{snapshot.baseUrl}</code> and{" "}
              <code>{snapshot.apiKeyEnvVar ?? "COMETAPI_API_KEY"}</code> from your secret store before running it. The command
              never contains the key.
            </p>
          </>
        ) : (
          <p className="text-sm text-muted">Complete the form (model, sanitized messages, max_tokens) to see the command.</p>
        )}
      </section>

      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}

      <div className="flex flex-col gap-2 rounded-md border border-border p-3">
        <h3 className="text-sm font-semibold">Live run from the server</h3>
        {snapshot.live.ok ? (
          <p className="text-sm text-muted">
            The server sends this request to {hostOf(snapshot.baseUrl)} with the key from{" "}
            <code>{snapshot.apiKeyEnvVar}</code> and records the result. The key never leaves the server.
          </p>
        ) : (
          <Notice tone="warn">{snapshot.live.reason}</Notice>
        )}
        <div>
          <Button onClick={() => submit("live")} disabled={pending || flagged || !model || !snapshot.live.ok}>
            {pending && running === "live" ? "Running…" : "Run live request"}
          </Button>
        </div>
      </div>

      <details className="rounded-md border border-border p-3">
        <summary className="cursor-pointer text-sm font-semibold">Record a result by hand</summary>
        <div className="mt-3 flex flex-col gap-3">
          <p className="text-sm text-muted">
            For a request you sent yourself with the command above (request id {requestId}). The response body is only
            read to judge the criteria; it is not stored.
          </p>
          <div className="grid gap-3 sm:grid-cols-3">
            <InputField label="Status code" inputMode="numeric" error={errorOf("statusCode")} {...form.register("statusCode")} />
            <InputField
              label="Exception (if no response)"
              placeholder="TimeoutError"
              error={errorOf("exceptionClass")}
              {...form.register("exceptionClass")}
            />
            <InputField label="Latency (ms)" inputMode="numeric" error={errorOf("latencyMs")} {...form.register("latencyMs")} />
          </div>
          <TextareaField label="Response body (optional)" className="font-mono" error={errorOf("responseBody")} {...form.register("responseBody")} />
          <div className="grid gap-3 sm:grid-cols-4">
            <InputField label="Prompt tokens" inputMode="numeric" error={errorOf("promptTokens")} {...form.register("promptTokens")} />
            <InputField
              label="Completion tokens"
              inputMode="numeric"
              error={errorOf("completionTokens")}
              {...form.register("completionTokens")}
            />
            <InputField label="Total tokens" inputMode="numeric" error={errorOf("totalTokens")} {...form.register("totalTokens")} />
            <SelectField label="Request id echoed back?" options={TRISTATE_OPTIONS} {...form.register("requestIdEchoed")} />
          </div>
          <div>
            <Button variant="secondary" onClick={() => submit("manual")} disabled={pending || flagged || !model}>
              {pending && running === "manual" ? "Recording…" : "Record result"}
            </Button>
          </div>
        </div>
      </details>
    </form>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
