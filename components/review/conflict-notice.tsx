"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * Shown when a save was refused because someone else saved first: their value
 * next to yours, and a way to re-apply yours on top of their version.
 */
export function ConflictNotice({
  theirs,
  yours,
  onReapply,
  onUseTheirs,
}: {
  theirs: ReactNode;
  yours: ReactNode;
  onReapply: () => void;
  onUseTheirs: () => void;
}) {
  return (
    <div role="alert" className="rounded-md border border-warn/50 bg-warn-bg p-3 text-sm text-text">
      <p className="font-semibold text-warn">Someone else changed this since you opened it. Nothing of yours was saved.</p>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        <div>
          <p className="mb-1 font-medium">Their version (saved)</p>
          <div className="rounded border border-border bg-surface p-2 whitespace-pre-wrap break-words" data-testid="conflict-theirs">
            {theirs}
          </div>
        </div>
        <div>
          <p className="mb-1 font-medium">Your version (not saved)</p>
          <div className="rounded border border-border bg-surface p-2 whitespace-pre-wrap break-words" data-testid="conflict-yours">
            {yours}
          </div>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button size="sm" onClick={onReapply}>
          Re-apply mine
        </Button>
        <Button size="sm" variant="secondary" onClick={onUseTheirs}>
          Keep theirs
        </Button>
      </div>
    </div>
  );
}
