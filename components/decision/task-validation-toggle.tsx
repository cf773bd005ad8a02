"use client";

import { useState, useTransition } from "react";
import { Notice } from "@/components/ui/card";
import { setTaskSpecificValidationAction } from "@/lib/decision/actions";

/** §2 quality regressions need task-specific validation before fallback; this records that it was done. */
export function TaskValidationToggle({ incidentId, done, version }: { incidentId: string; done: boolean; version: number }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-2">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={done}
          disabled={pending}
          onChange={(e) => {
            const next = e.target.checked;
            startTransition(async () => {
              setError(null);
              const result = await setTaskSpecificValidationAction({ incidentId, done: next, version });
              if (!result.ok) setError(result.error);
            });
          }}
        />
        Task-specific validation done
      </label>
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
    </div>
  );
}
