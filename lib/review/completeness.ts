// How far the post-incident review questions are answered: per section and
// overall, counting only non-blank answers to questions of the runbook.
import { runbook, type TSectionId } from "@/lib/runbook/runbook";

export type TAnswerBody = { questionId: string; body: string };

export type TCompletenessCounts = {
  answered: number;
  total: number;
  requiredAnswered: number;
  requiredTotal: number;
};

export type TSectionCompleteness = TCompletenessCounts & { sectionId: TSectionId; title: string };

export type TCompleteness = {
  sections: TSectionCompleteness[];
  overall: TCompletenessCounts;
  /** Every required question has a non-blank answer. */
  requiredComplete: boolean;
};

/** An answer counts only when it has something other than whitespace. */
export function isAnswered(body: string | null | undefined): boolean {
  return typeof body === "string" && body.trim().length > 0;
}

/** Counts answered questions; answers to questions not in the runbook are ignored. */
export function computeCompleteness(answers: Iterable<TAnswerBody>): TCompleteness {
  const answered = new Set<string>();
  for (const a of answers) if (isAnswered(a.body)) answered.add(a.questionId);
  const overall: TCompletenessCounts = { answered: 0, total: 0, requiredAnswered: 0, requiredTotal: 0 };
  const sections = runbook.review.sections.map((section): TSectionCompleteness => {
    const counts: TCompletenessCounts = { answered: 0, total: 0, requiredAnswered: 0, requiredTotal: 0 };
    for (const q of section.questions) {
      const done = answered.has(q.id);
      counts.total += 1;
      if (done) counts.answered += 1;
      if (q.required) {
        counts.requiredTotal += 1;
        if (done) counts.requiredAnswered += 1;
      }
    }
    overall.answered += counts.answered;
    overall.total += counts.total;
    overall.requiredAnswered += counts.requiredAnswered;
    overall.requiredTotal += counts.requiredTotal;
    return { sectionId: section.id, title: section.title, ...counts };
  });
  return { sections, overall, requiredComplete: overall.requiredAnswered === overall.requiredTotal };
}

// ─── Sections in the URL (?section=diagnosis) ───────────────────────────────

export function sectionSlug(id: TSectionId): string {
  return id.toLowerCase();
}

/** The section a `?section=` value names; the first section when missing or unknown. */
export function parseSectionSlug(value: unknown): TSectionId {
  const slug = Array.isArray(value) ? value[0] : value;
  const found = runbook.review.sections.find((s) => typeof slug === "string" && sectionSlug(s.id) === slug.toLowerCase());
  return (found ?? runbook.review.sections[0]).id;
}
