"use client";

// Inline status change on the tracker: the follow-ups action of the review
// (version check, audit row), then the page re-reads the list.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setFollowUpStatusAction } from "@/lib/followups/actions";
import { FOLLOW_UP_STATUS_LABELS, FOLLOW_UP_STATUSES, type TFollowUpStatus } from "@/lib/followups/schemas";

export function FollowUpStatusSelect({
  incidentKey,
  id,
  version,
  status,
  title,
}: {
  incidentKey: string;
  id: string;
  version: number;
  status: TFollowUpStatus;
  title: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [value, setValue] = useState(status);
  const [message, setMessage] = useState<string | null>(null);
  const [lastStatus, setLastStatus] = useState(status);
  if (status !== lastStatus) {
    setLastStatus(status);
    setValue(status);
  }

  const change = (next: TFollowUpStatus) => {
    setValue(next);
    setMessage(null);
    startTransition(async () => {
      const result = await setFollowUpStatusAction({ incidentKey, id, version, status: next });
      if (!result.ok) {
        setValue(status);
        setMessage(
          result.status === 409
            ? "Someone changed this follow-up meanwhile; the list now shows their version."
            : result.status === 404
              ? "This follow-up no longer exists."
              : result.error,
        );
      }
      router.refresh();
    });
  };

  return (
    <div className="flex flex-col gap-1">
      <select
        aria-label={`Status of “${title}”`}
        className="rounded-md border border-border bg-surface px-2 py-1 text-sm disabled:opacity-60"
        value={value}
        disabled={pending}
        onChange={(e) => change(e.target.value as TFollowUpStatus)}
      >
        {FOLLOW_UP_STATUSES.map((s) => (
          <option key={s} value={s}>
            {FOLLOW_UP_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <span role="status" aria-live="polite" className="text-xs text-danger">
        {message}
      </span>
    </div>
  );
}
