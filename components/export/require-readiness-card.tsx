"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { setRequireReadinessAction } from "@/lib/export/actions";

/** Admin toggle: refuse exports of reviews that are not ready (the refusal carries the readiness report). */
export function RequireReadinessCard({ initial }: { initial: boolean }) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const toggle = (next: boolean) =>
    startTransition(async () => {
      setMessage(null);
      const r = await setRequireReadinessAction({ requireReadinessForExport: next, basedOn: value });
      if (r.ok) {
        setValue(r.data.requireReadinessForExport);
        setMessage({ tone: "ok", text: r.data.requireReadinessForExport ? "Saved: exports now require a ready review." : "Saved: any review can be exported." });
        router.refresh();
        return;
      }
      if (r.conflict) {
        const current = (r.conflict.current as { requireReadinessForExport: boolean }).requireReadinessForExport;
        setValue(current);
        setMessage({ tone: "danger", text: `Someone else changed this setting; it is now ${current ? "on" : "off"}. Nothing was saved.` });
        return;
      }
      setMessage({ tone: "danger", text: r.error });
    });

  return (
    <Card aria-labelledby="export-readiness-title">
      <CardTitle>
        <span id="export-readiness-title">Exports</span>
      </CardTitle>
      <div className="flex flex-col gap-3 text-sm">
        <label className="flex items-start gap-2">
          <input
            type="checkbox"
            className="mt-1 size-4"
            checked={value}
            disabled={pending}
            onChange={(e) => toggle(e.currentTarget.checked)}
            aria-describedby="export-readiness-hint"
          />
          <span>Require a ready review before it can be exported</span>
        </label>
        <p id="export-readiness-hint" className="text-muted">
          When on, the bundle, review.md and review.pdf are refused while the readiness check lists anything to finish
          (unanswered required questions, missing artifacts, fallback without approval or smoke evidence, follow-ups
          without owner or due date, an open incident window). The refusal shows the report.
        </p>
        {message ? (
          <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
            {message.text}
          </Notice>
        ) : null}
      </div>
    </Card>
  );
}
