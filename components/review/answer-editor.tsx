"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Markdown } from "@/components/ui/markdown";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { saveAnswerAction } from "@/lib/review/actions";
import {
  AUTOSAVE_DELAY_MS,
  autosaveReducer,
  autosaveStatusText,
  hasUnsavedText,
  initialAutosaveState,
  needsSave,
  type TAutosaveEvent,
  type TAutosaveState,
} from "@/lib/review/autosave";
import { ZSaveAnswer, type TSaveAnswer, type TSaveAnswerInput } from "@/lib/review/schemas";
import type { TQuestion } from "@/lib/runbook/runbook";

export type TAnswerReport = { saved: string; unsaved: boolean };

const control =
  "min-h-28 w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-text placeholder:text-muted aria-[invalid=true]:border-danger";

/** The other person's body from a conflict result (null when the answer no longer exists). */
function theirBody(current: unknown): string {
  const body = (current as { body?: unknown } | null)?.body;
  return typeof body === "string" ? body : "";
}

/**
 * One review answer: a markdown textarea named by the question, Write/Preview,
 * and autosave (after a typing pause and on blur) based on the answer's version.
 */
export function AnswerEditor({
  incidentId,
  question,
  initialBody,
  initialVersion,
  onReport,
}: {
  incidentId: string;
  question: TQuestion;
  initialBody: string;
  initialVersion: number;
  onReport: (questionId: string, report: TAnswerReport) => void;
}) {
  const fid = `answer-${question.id.replace(/[^a-z0-9-]/gi, "-")}`;
  const [mode, setMode] = useState<"write" | "preview">("write");
  const form = useForm<TSaveAnswerInput, unknown, TSaveAnswer>({
    resolver: zodResolver(ZSaveAnswer),
    defaultValues: { incidentId, questionId: question.id, body: initialBody, version: initialVersion },
  });

  // The reducer's latest state is also kept in a ref so timers and the save
  // in flight always act on what the user has typed by then.
  const [state, setState] = useState<TAutosaveState>(() => initialAutosaveState(initialBody, initialVersion));
  const stateRef = useRef(state);
  const dispatch = useCallback((event: TAutosaveEvent) => {
    stateRef.current = autosaveReducer(stateRef.current, event);
    setState(stateRef.current);
  }, []);

  const save = useCallback(async () => {
    const current = stateRef.current;
    if (!needsSave(current)) return;
    form.setValue("version", current.version);
    // The same raw input the form validated; the action parses it again.
    const input: TSaveAnswerInput = { ...form.getValues(), body: current.text, version: current.version };
    dispatch({ type: "saveStarted", body: input.body });
    if (!(await form.trigger())) {
      dispatch({ type: "saveFailed", error: form.getFieldState("body").error?.message ?? "Check this answer." });
      return;
    }
    try {
      const result = await saveAnswerAction(input);
      if (result.ok) {
        dispatch({ type: "saveSucceeded", body: result.data.body, version: result.data.version });
      } else if (result.status === 409 && result.conflict) {
        dispatch({ type: "saveConflicted", theirs: theirBody(result.conflict.current), version: result.conflict.currentVersion });
      } else {
        dispatch({ type: "saveFailed", error: result.fieldErrors?.body?.join(" ") ?? result.error });
      }
    } catch {
      dispatch({ type: "saveFailed", error: "The server could not be reached. Your text is kept here." });
    }
  }, [dispatch, form]);

  // Debounce: a save is due AUTOSAVE_DELAY_MS after the last keystroke. After a
  // failure it waits for Retry or more typing.
  useEffect(() => {
    if (!needsSave(state) || state.status === "failed") return;
    const timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state, save]);

  // Leaving the section or page: send what is pending instead of dropping it.
  useEffect(
    () => () => {
      if (needsSave(stateRef.current) && stateRef.current.status !== "failed") void save();
    },
    [save],
  );

  const unsaved = hasUnsavedText(state);
  useEffect(() => onReport(question.id, { saved: state.saved, unsaved }), [onReport, question.id, state.saved, unsaved]);

  const reapplyMine = () => {
    dispatch({ type: "reapplyMine" });
    void save();
  };
  const keepTheirs = () => {
    const theirs = stateRef.current.conflict?.theirs ?? "";
    dispatch({ type: "keepTheirs" });
    form.setValue("body", theirs);
    form.clearErrors("body");
  };

  const error = state.status === "failed" ? state.error : null;
  const statusText = autosaveStatusText(state);
  const { onChange: onFieldChange, onBlur: onFieldBlur, ...field } = form.register("body");

  return (
    <div data-testid={`answer-${question.id}`} className="flex flex-col gap-2 rounded-md border border-border bg-surface p-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h4 className="text-sm font-medium break-words">
          <label htmlFor={fid}>{question.text}</label>
        </h4>
        <span id={`${fid}-req`}>
          <Badge tone={question.required ? "accent" : "neutral"}>{question.required ? "Required" : "Optional"}</Badge>
        </span>
      </div>
      <div className="flex gap-1 text-sm">
        <Button size="sm" variant={mode === "write" ? "secondary" : "ghost"} aria-pressed={mode === "write"} aria-controls={fid} onClick={() => setMode("write")}>
          Write
        </Button>
        <Button size="sm" variant={mode === "preview" ? "secondary" : "ghost"} aria-pressed={mode === "preview"} onClick={() => setMode("preview")}>
          Preview
        </Button>
      </div>
      {/* Kept mounted in preview so the typed text and its pending save stay put. */}
      <textarea
        id={fid}
        hidden={mode !== "write"}
        aria-describedby={cn(`${fid}-req ${fid}-hint ${fid}-status`, error && `${fid}-error`)}
        aria-invalid={error ? true : undefined}
        aria-required={question.required || undefined}
        className={control}
        {...field}
        onChange={(e) => {
          void onFieldChange(e);
          dispatch({ type: "edit", text: e.target.value });
        }}
        onBlur={(e) => {
          void onFieldBlur(e);
          void save();
        }}
      />
      {mode === "preview" ? (
        <div className="min-h-28 rounded-md border border-border bg-surface px-3 py-2 text-sm" data-testid="answer-preview">
          {state.text.trim() ? <Markdown>{state.text}</Markdown> : <p className="text-muted">Nothing written yet.</p>}
        </div>
      ) : null}
      <p id={`${fid}-hint`} className="text-xs text-muted">
        Markdown. Saved automatically as you type.
      </p>
      <div className="flex min-h-7 flex-wrap items-center gap-2 text-sm">
        <p id={`${fid}-status`} role="status" aria-live="polite" className={cn(state.status === "failed" ? "text-danger" : "text-muted")}>
          {statusText}
        </p>
        {state.status === "failed" ? (
          <Button size="sm" variant="secondary" onClick={() => void save()}>
            Retry
          </Button>
        ) : null}
      </div>
      {error ? (
        <p id={`${fid}-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      {state.conflict ? (
        <ConflictNotice
          theirs={state.conflict.theirs || "(empty)"}
          yours={state.text || "(empty)"}
          onReapply={reapplyMine}
          onUseTheirs={keepTheirs}
        />
      ) : null}
    </div>
  );
}
