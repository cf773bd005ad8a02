import { Badge } from "@/components/ui/card";
import { Markdown } from "@/components/ui/markdown";
import { ReviewProgress } from "@/components/review/review-progress";
import type { TCompleteness } from "@/lib/review/completeness";
import { isAnswered } from "@/lib/review/completeness";
import { runbook } from "@/lib/runbook/runbook";

type TViewAnswer = { body: string; updatedByName: string | null };

/** Read-only review (viewers): every question with its answer rendered as markdown. */
export function AnswersView({ answers, completeness }: { answers: Record<string, TViewAnswer>; completeness: TCompleteness }) {
  return (
    <div className="flex flex-col gap-5">
      <ReviewProgress counts={completeness.overall} />
      {runbook.review.sections.map((section, i) => {
        const counts = completeness.sections[i]!;
        return (
          <section key={section.id} aria-labelledby={`section-${section.id}`} className="flex flex-col gap-3">
            <div>
              <h3 id={`section-${section.id}`} className="text-lg font-semibold">
                {section.title}
              </h3>
              <p className="text-sm text-muted">
                {counts.answered}/{counts.total} answered · {counts.requiredAnswered}/{counts.requiredTotal} required answered
              </p>
            </div>
            {section.questions.map((q) => {
              const answer = answers[q.id];
              return (
                <article key={q.id} data-testid={`answer-${q.id}`} className="rounded-md border border-border bg-surface p-3">
                  <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
                    <h4 className="text-sm font-medium break-words">{q.text}</h4>
                    <Badge tone={q.required ? "accent" : "neutral"}>{q.required ? "Required" : "Optional"}</Badge>
                  </div>
                  {answer && isAnswered(answer.body) ? (
                    <>
                      <div className="text-sm">
                        <Markdown>{answer.body}</Markdown>
                      </div>
                      {answer.updatedByName ? <p className="mt-2 text-xs text-muted">Last edited by {answer.updatedByName}</p> : null}
                    </>
                  ) : (
                    <p className="text-sm text-muted">Not answered yet.</p>
                  )}
                </article>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}
