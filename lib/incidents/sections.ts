// The review's sections in runbook order; the incident page's navigation.
export type TReviewSection = { slug: string; label: string };

export const REVIEW_SECTIONS: readonly TReviewSection[] = [
  { slug: "", label: "Overview" },
  { slug: "window", label: "Incident window" },
  { slug: "timeline", label: "Timeline" },
  { slug: "questions", label: "Review questions" },
  { slug: "follow-ups", label: "Follow-ups" },
  { slug: "artifacts", label: "Artifacts" },
  { slug: "history", label: "History" },
];
