// The review's sections in runbook order; the incident page's navigation.
export type TReviewSection = { slug: string; label: string };

export const REVIEW_SECTIONS: readonly TReviewSection[] = [
  { slug: "", label: "Overview" },
  { slug: "history", label: "History" },
];
