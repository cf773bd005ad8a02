"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { normalizeScopeValues } from "@/lib/incidents/schemas";

/**
 * Several values for one field: type and press Enter (or Add); each value has
 * a remove button. Suggestions come from a <datalist>. Text left in the box is
 * added when focus leaves the field, so nothing typed is lost on save.
 */
export function ChipsInput({
  label,
  singular,
  values,
  onChange,
  suggestions = [],
  error,
  hint,
}: {
  label: string;
  singular: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  suggestions?: readonly string[];
  error?: string;
  hint?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const listId = `${id}-suggestions`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

  const commit = () => {
    if (!draft.trim()) return;
    onChange(normalizeScopeValues([...values, draft]));
    setDraft("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit();
    }
  };
  const present = new Set(values.map((v) => v.toLowerCase()));

  return (
    <div
      className="flex min-w-0 flex-col gap-1"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) commit();
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {values.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={`${label}: values`}>
          {values.map((v) => (
            <li key={v} className="inline-flex max-w-full items-center gap-1 rounded-full border border-border bg-surface-2 py-0.5 pr-1 pl-2.5 text-sm">
              <span className="break-all">{v}</span>
              <button
                type="button"
                className="rounded-full p-0.5 text-muted hover:bg-surface hover:text-text"
                aria-label={`Remove ${singular} ${v}`}
                onClick={() => onChange(values.filter((x) => x !== v))}
              >
                <X aria-hidden size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex gap-2">
        <input
          id={id}
          list={listId}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          className="w-full min-w-0 rounded-md border border-border bg-surface px-3 py-2 text-sm text-text placeholder:text-muted aria-[invalid=true]:border-danger"
        />
        <Button variant="secondary" onClick={commit} disabled={!draft.trim()}>
          Add<span className="sr-only"> {singular}</span>
        </Button>
      </div>
      <datalist id={listId}>
        {suggestions
          .filter((s) => !present.has(s.toLowerCase()))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
