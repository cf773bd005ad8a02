// Is the review ready to attach to the ticket? A list of what is not, each
// item pointing at the review section that fixes it. Goes into the bundle as
// readiness.md / readiness.json and, when the installation requires it,
// blocks the export. Pure.
import { formatDateTime } from "./format";
import { mdText } from "./md-escape";
import type { TReviewExport } from "./schema";

export type TReadinessCode =
  | "QUESTION_UNANSWERED"
  | "ARTIFACT_MISSING"
  | "FALLBACK_WITHOUT_APPROVAL"
  | "FALLBACK_WITHOUT_SMOKE_EVIDENCE"
  | "FOLLOW_UP_WITHOUT_OWNER"
  | "FOLLOW_UP_WITHOUT_DUE_DATE"
  | "INCIDENT_WINDOW_OPEN";

export type TReadinessItem = {
  code: TReadinessCode;
  message: string;
  /** Review section slug (lib/incidents/sections) where this is fixed. */
  section: string;
  /** The question id, artifact kind or follow-up title concerned. */
  subject: string | null;
};

export type TReadinessReport = {
  ready: boolean;
  incidentKey: string;
  generatedAt: string;
  items: TReadinessItem[];
  /** Whether fallback counts as recorded, and why. */
  fallbackRecorded: { recorded: boolean; because: string[] };
};

const APPROVAL_IN_FORCE = new Set(["ACTIVE", "EXPIRED", "REVOKED"]);

/** Fallback is recorded when the mode says so, a timeline event changed it, or a rollout step exists. */
export function fallbackRecordedBecause(review: TReviewExport): string[] {
  const because: string[] = [];
  if (review.incident.fallbackMode !== "NOT_TRIGGERED") because.push(`fallback mode is ${review.incident.fallbackMode.toLowerCase()}`);
  const changes = review.timeline.filter((e) => e.kind === "FALLBACK_CHANGE").length;
  if (changes > 0) because.push(`${changes} fallback-change timeline event${changes === 1 ? "" : "s"}`);
  if (review.rollout.steps.length > 0) because.push(`${review.rollout.steps.length} rollout step${review.rollout.steps.length === 1 ? "" : "s"}`);
  return because;
}

export function checkReadiness(review: TReviewExport): TReadinessReport {
  const items: TReadinessItem[] = [];

  for (const q of review.questions) {
    if (q.required && !q.answer?.trim()) {
      items.push({ code: "QUESTION_UNANSWERED", message: `Required question not answered: ${q.text}`, section: "questions", subject: q.questionId });
    }
  }

  for (const a of review.artifacts) {
    if (a.state === "MISSING") {
      items.push({ code: "ARTIFACT_MISSING", message: `Artifact missing (attach, link or mark not applicable): ${a.label}`, section: "artifacts", subject: a.kind });
    }
  }

  const because = fallbackRecordedBecause(review);
  const recorded = because.length > 0;
  if (recorded) {
    // Manual operator-controlled fallback needs an approval that is or was in force.
    if (review.incident.fallbackMode === "MANUAL" && !review.patterns.approvals.some((a) => APPROVAL_IN_FORCE.has(a.status))) {
      items.push({
        code: "FALLBACK_WITHOUT_APPROVAL",
        message: "Manual fallback was recorded without a valid approval (incident commander or admin, change ticket, expiry time).",
        section: "patterns",
        subject: null,
      });
    }
    if (!review.smokeRuns.some((s) => s.path === "FALLBACK" && s.passed)) {
      items.push({
        code: "FALLBACK_WITHOUT_SMOKE_EVIDENCE",
        message: "Fallback was recorded but no fallback-path smoke run passed all five validation criteria.",
        section: "smoke",
        subject: null,
      });
    }
  }

  for (const f of review.followUps) {
    if (f.status === "WONT_DO") continue;
    if (!f.owner?.trim()) items.push({ code: "FOLLOW_UP_WITHOUT_OWNER", message: `Follow-up without an owner: ${f.title}`, section: "follow-ups", subject: f.title });
    if (!f.dueDate) items.push({ code: "FOLLOW_UP_WITHOUT_DUE_DATE", message: `Follow-up without a due date: ${f.title}`, section: "follow-ups", subject: f.title });
  }

  if (!review.incident.endedAt) {
    items.push({ code: "INCIDENT_WINDOW_OPEN", message: "The incident window is still open: record the end time.", section: "window", subject: null });
  }

  return {
    ready: items.length === 0,
    incidentKey: review.incident.key,
    generatedAt: review.generatedAt,
    items,
    fallbackRecorded: { recorded, because },
  };
}

export function renderReadinessMarkdown(report: TReadinessReport): string {
  const lines = [
    `# Readiness: ${mdText(report.incidentKey)}`,
    "",
    `- **Generated at:** ${formatDateTime(report.generatedAt)}`,
    `- **Ready to attach:** ${report.ready ? "yes" : `no, ${report.items.length} item${report.items.length === 1 ? "" : "s"} to finish`}`,
    `- **Fallback recorded:** ${report.fallbackRecorded.recorded ? `yes (${report.fallbackRecorded.because.map((b) => mdText(b)).join("; ")})` : "no"}`,
    "",
  ];
  if (report.items.length === 0) lines.push("Everything the readiness check looks at is complete.");
  else lines.push(...report.items.map((i) => `- ${mdText(i.message)} (section: ${mdText(i.section)})`));
  return `${lines.join("\n")}\n`;
}
