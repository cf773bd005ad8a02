// The review's sections in runbook order; the incident page's navigation.
export type TReviewSection = { slug: string; label: string };

export const REVIEW_SECTIONS: readonly TReviewSection[] = [
  { slug: "", label: "Overview" },
  { slug: "summary", label: "Summary" },
  { slug: "window", label: "Incident window" },
  { slug: "timeline", label: "Timeline" },
  { slug: "classes", label: "Failure classes" },
  { slug: "decision", label: "Fallback decision" },
  { slug: "configuration", label: "Configuration" },
  { slug: "smoke", label: "Smoke tests" },
  { slug: "comparison", label: "Comparison" },
  { slug: "rollout", label: "Rollout" },
  { slug: "impact", label: "User impact" },
  { slug: "questions", label: "Review questions" },
  { slug: "logs", label: "Request logs" },
  { slug: "patterns", label: "Fallback patterns" },
  { slug: "rollback", label: "Rollback" },
  { slug: "follow-ups", label: "Follow-ups" },
  { slug: "artifacts", label: "Artifacts" },
  { slug: "export", label: "Export" },
  { slug: "history", label: "History" },
];
