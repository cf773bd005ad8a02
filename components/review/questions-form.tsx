"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { useSearchParams } from "next/navigation";
import { Check } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { AnswerEditor, type TAnswerReport } from "@/components/review/answer-editor";
import { ReviewProgress } from "@/components/review/review-progress";
import { computeCompleteness, parseSectionSlug, sectionSlug } from "@/lib/review/completeness";
import { runbook, type TSectionId } from "@/lib/runbook/runbook";

type TInitialAnswer = { body: string; version: number };

/**
 * The guided review: one runbook section at a time (kept in `?section=`),
 * a step list with each section's completeness, and overall progress.
 * Every section stays mounted (hidden when not shown) so pending saves of
 * the section being left are not dropped.
 */
export function QuestionsForm({ incidentId, answers }: { incidentId: string; answers: Record<string, TInitialAnswer> }) {
  const searchParams = useSearchParams();
  const section = parseSectionSlug(searchParams.get("section"));
  const sections = runbook.review.sections;
  const index = sections.findIndex((s) => s.id === section);

  const [saved, setSaved] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a.body])),
  );
  const unsaved = useRef(new Set<string>());
  const onReport = useCallback((questionId: string, report: TAnswerReport) => {
    if (report.unsaved) unsaved.current.add(questionId);
    else unsaved.current.delete(questionId);
    setSaved((prev) => (prev[questionId] === report.saved ? prev : { ...prev, [questionId]: report.saved }));
  }, []);
  const completeness = useMemo(
    () => computeCompleteness(Object.entries(saved).map(([questionId, body]) => ({ questionId, body }))),
    [saved],
  );

  // Closing or reloading the tab with unsaved text asks first.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (unsaved.current.size > 0) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const headingRefs = useRef(new Map<TSectionId, HTMLHeadingElement>());
  const moveFocus = useRef(false);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    headingRefs.current.get(section)?.focus();
  }, [section]);

  const go = (id: TSectionId) => {
    if (id === section) return;
    moveFocus.current = true;
    // Shallow URL change: the page is not re-rendered on the server, editors keep their state.
    window.history.pushState(null, "", `?section=${sectionSlug(id)}`);
  };
  const onStepClick = (id: TSectionId) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    go(id);
  };

  const previous = index > 0 ? sections[index - 1] : undefined;
  const next = index < sections.length - 1 ? sections[index + 1] : undefined;

  return (
    <div className="flex flex-col gap-4">
      <ReviewProgress counts={completeness.overall} />
      <nav aria-label="Question sections">
        <ol className="flex flex-wrap gap-2 text-sm">
          {completeness.sections.map((s, i) => {
            const current = s.sectionId === section;
            const requiredDone = s.requiredAnswered === s.requiredTotal;
            return (
              <li key={s.sectionId}>
                <a
                  href={`?section=${sectionSlug(s.sectionId)}`}
                  onClick={onStepClick(s.sectionId)}
                  aria-current={current ? "step" : undefined}
                  className={cn(
                    "inline-flex items-center gap-1.5 rounded-md border px-2.5 py-1",
                    current ? "border-accent bg-surface-2 font-semibold text-accent" : "border-border bg-surface text-text hover:bg-surface-2",
                  )}
                >
                  <span className="text-muted" aria-hidden>
                    {i + 1}.
                  </span>
                  <span>
                    {s.title} {s.answered}/{s.total}
                  </span>
                  {requiredDone ? (
                    <>
                      <Check aria-hidden size={14} className="text-ok" />
                      <span className="sr-only">, required questions answered</span>
                    </>
                  ) : null}
                </a>
              </li>
            );
          })}
        </ol>
      </nav>

      {sections.map((s, i) => {
        const counts = completeness.sections[i]!;
        return (
          <section key={s.id} hidden={s.id !== section} aria-labelledby={`section-${s.id}`} className="flex flex-col gap-3">
            <div>
              <h3
                id={`section-${s.id}`}
                tabIndex={-1}
                ref={(el) => {
                  if (el) headingRefs.current.set(s.id, el);
                  else headingRefs.current.delete(s.id);
                }}
                className="text-lg font-semibold"
              >
                {s.title}
              </h3>
              <p className="text-sm text-muted">
                Section {i + 1} of {sections.length} · {counts.answered}/{counts.total} answered · {counts.requiredAnswered}/
                {counts.requiredTotal} required answered
              </p>
            </div>
            {s.questions.map((q) => (
              <AnswerEditor
                key={q.id}
                incidentId={incidentId}
                question={{ ...q, sectionId: s.id }}
                initialBody={answers[q.id]?.body ?? ""}
                initialVersion={answers[q.id]?.version ?? 0}
                onReport={onReport}
              />
            ))}
          </section>
        );
      })}

      <div className="flex flex-wrap justify-between gap-2 border-t border-border pt-3">
        {previous ? (
          <Button variant="secondary" onClick={() => go(previous.id)}>
            Previous: {previous.title}
          </Button>
        ) : (
          <span />
        )}
        {next ? <Button onClick={() => go(next.id)}>Next: {next.title}</Button> : null}
      </div>
    </div>
  );
}
