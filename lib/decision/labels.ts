// How the verdict's reasons read in the UI. The reason messages themselves
// are runbook wording (from lib/fallback/verdict); these only say what
// happened to the item.
import type { TVerdictReasonCode } from "@/lib/fallback/verdict";

export const REASON_LABELS: Readonly<Record<TVerdictReasonCode, string>> = Object.freeze({
  PAUSE_CRITERION_BLOCKS: "Holds, and blocks fallback",
  PAUSE_CRITERION_MET: "Holds",
  PAUSE_CRITERION_UNANSWERED: "Not answered",
  SAFER_CRITERION_NOT_MET: "Does not hold",
  SAFER_CRITERION_UNANSWERED: "Not answered",
  CLASS_BLOCKS: "Primary failure class",
  CLASS_LIMITS: "Failure class",
  CLASS_NEEDS_TASK_VALIDATION: "Task-specific validation not done",
  CLASS_NEEDS_SMOKE_TEST: "No passing fallback smoke test",
  FAILURE_MODE_UNCLASSIFIED: "No failure class recorded",
});
