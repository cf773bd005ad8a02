// §2 and §3 of the runbook as a decision: may fallback be used for this
// incident? The verdict is advisory input for the incident commander, who may
// override it with a recorded reason (applyVerdictOverride).
import { z } from "zod";
import {
  PAUSE_CRITERION_IDS,
  SAFER_CRITERION_IDS,
  getCriterion,
  getFailureClass,
  runbook,
  type TCriterionId,
  type TFailureClassId,
  type TPauseCriterionId,
} from "@/lib/runbook/runbook";
import { VERDICTS, type TClassRole, type TVerdict } from "./types";

// ─── Input and output ──────────────────────────────────────────────────────

export type TCriterionAnswer = {
  /** true = the statement holds, false = it does not, null = not answered yet. */
  readonly value: boolean | null;
  readonly evidence?: string | null;
};

export type TIncidentFailureClass = { readonly classId: TFailureClassId; readonly role: TClassRole };

export type TVerdictInput = {
  /** Answers keyed by criterion id; a missing key counts as unanswered. */
  readonly criteria: Readonly<Partial<Record<TCriterionId, TCriterionAnswer>>>;
  readonly failureClasses: readonly TIncidentFailureClass[];
  /** §2 quality regressions: "Fallback only after task-specific validation". */
  readonly taskSpecificValidationPassed?: boolean | null;
  /**
   * §2 5xx: "Consider bounded fallback after smoke test". When omitted, the
   * §3 answer "the fallback model has passed recent smoke tests" is used.
   */
  readonly fallbackSmokeTestPassed?: boolean | null;
};

export type TVerdictReasonCode =
  | "PAUSE_CRITERION_BLOCKS"
  | "PAUSE_CRITERION_MET"
  | "PAUSE_CRITERION_UNANSWERED"
  | "SAFER_CRITERION_NOT_MET"
  | "SAFER_CRITERION_UNANSWERED"
  | "CLASS_BLOCKS"
  | "CLASS_LIMITS"
  | "CLASS_NEEDS_TASK_VALIDATION"
  | "CLASS_NEEDS_SMOKE_TEST"
  | "FAILURE_MODE_UNCLASSIFIED";

/** Where in the runbook a reason comes from: the section heading and item id. */
export type TRunbookSource = { readonly section: string; readonly itemId: string };

export type TVerdictReason = {
  readonly code: TVerdictReasonCode;
  /** Runbook wording of the criterion or table cell behind the reason. */
  readonly message: string;
  readonly source: TRunbookSource;
  /** The most permissive verdict this reason still allows. */
  readonly imposes: Exclude<TVerdict, "ALLOWED">;
  readonly evidence?: string;
};

export type TClassGuidance = {
  readonly classId: TFailureClassId;
  readonly role: TClassRole;
  readonly label: string;
  readonly whatToCheck: string;
  readonly likelyAction: string;
  /** The most permissive verdict this class allows given the inputs. */
  readonly cap: TVerdict;
};

export type TVerdictResult = {
  readonly verdict: TVerdict;
  /** Every constraint that kept the verdict from ALLOWED, most restrictive first. */
  readonly reasons: readonly TVerdictReason[];
  readonly classGuidance: readonly TClassGuidance[];
};

// ─── Rules ─────────────────────────────────────────────────────────────────

/**
 * The rules computeFallbackVerdict applies, for display next to the verdict.
 * The most restrictive applicable rule wins (BLOCKED > LIMITED > ALLOWED).
 */
export const VERDICT_RULES = Object.freeze([
  {
    id: "pause-blocking",
    verdict: "BLOCKED",
    text: "Blocked when the request performs a high-impact action without confirmation, or the fallback model is not approved for the feature.",
  },
  {
    id: "pause-limits",
    verdict: "LIMITED",
    text: "Limited when any other “paused or limited when” criterion holds.",
  },
  {
    id: "pause-unanswered",
    verdict: "LIMITED",
    text: "Limited while any “paused or limited when” criterion is unanswered: an unknown risk is not a cleared one.",
  },
  {
    id: "safer-not-met",
    verdict: "LIMITED",
    text: "Limited while any “usually safer when” criterion is answered no or left unanswered.",
  },
  {
    id: "class-auth-validation",
    verdict: "BLOCKED",
    text: "Blocked when the primary failure class is authentication/authorization or 4xx request validation: fix credentials or roll back the client change instead. As a secondary class they limit fallback.",
  },
  {
    id: "class-quality",
    verdict: "LIMITED",
    text: "Limited for quality regressions until task-specific validation has passed.",
  },
  {
    id: "class-rate-limit",
    verdict: "LIMITED",
    text: "Limited for 429 or rate-limit-style responses: throttle, queue, shed load, or fall back selectively.",
  },
  {
    id: "class-upstream",
    verdict: "LIMITED",
    text: "Limited for 5xx upstream-style errors until the fallback smoke test has passed.",
  },
  {
    id: "class-timeout",
    verdict: "ALLOWED",
    text: "Timeouts add guidance (reduce timeout risk, fall back, or degrade optional features) without restricting the verdict.",
  },
  {
    id: "unclassified",
    verdict: "LIMITED",
    text: "Limited while no failure class is recorded: symptoms must be separated before taking action.",
  },
  {
    id: "allowed",
    verdict: "ALLOWED",
    text: "Allowed only when all five “usually safer when” criteria hold, none of the five “paused or limited when” criteria holds, and no failure class restricts fallback.",
  },
] as const satisfies readonly { id: string; verdict: TVerdict; text: string }[]);

// Of the "paused or limited when" criteria, these two make fallback unsafe at
// any traffic share: an unconfirmed high-impact action can run twice or
// differently, and an unapproved model is a compliance problem, not a risk to
// ramp carefully.
const BLOCKING_PAUSE_CRITERIA: ReadonlySet<TPauseCriterionId> = new Set([
  "high-impact-action-without-confirmation",
  "fallback-model-not-approved",
]);

const rank = (verdict: TVerdict): number => VERDICTS.indexOf(verdict);
const stricter = (a: TVerdict, b: TVerdict): TVerdict => (rank(a) >= rank(b) ? a : b);

function evidenceOf(answer: TCriterionAnswer | undefined): { evidence?: string } {
  const note = answer?.evidence?.trim();
  return note ? { evidence: note } : {};
}

function criterionReasons(criteria: TVerdictInput["criteria"]): TVerdictReason[] {
  const reasons: TVerdictReason[] = [];
  const section = runbook.fallbackDecision.heading;

  for (const id of SAFER_CRITERION_IDS) {
    const answer = criteria[id];
    const value = answer?.value ?? null;
    if (value === true) continue;
    reasons.push({
      code: value === null ? "SAFER_CRITERION_UNANSWERED" : "SAFER_CRITERION_NOT_MET",
      message: getCriterion(id).text,
      source: { section, itemId: id },
      imposes: "LIMITED",
      ...evidenceOf(answer),
    });
  }

  for (const id of PAUSE_CRITERION_IDS) {
    const answer = criteria[id];
    const value = answer?.value ?? null;
    if (value === false) continue;
    const blocking = value === true && BLOCKING_PAUSE_CRITERIA.has(id);
    reasons.push({
      code: value === null ? "PAUSE_CRITERION_UNANSWERED" : blocking ? "PAUSE_CRITERION_BLOCKS" : "PAUSE_CRITERION_MET",
      message: getCriterion(id).text,
      source: { section, itemId: id },
      imposes: blocking ? "BLOCKED" : "LIMITED",
      ...evidenceOf(answer),
    });
  }
  return reasons;
}

/** One entry per class; a class recorded both as PRIMARY and SECONDARY counts as PRIMARY. */
function normalizeClasses(classes: readonly TIncidentFailureClass[]): TIncidentFailureClass[] {
  const roles = new Map<TFailureClassId, TClassRole>();
  for (const { classId, role } of classes) {
    if (roles.get(classId) !== "PRIMARY") roles.set(classId, role);
  }
  const entries = [...roles.entries()].map(([classId, role]) => ({ classId, role }));
  const roleOrder = (role: TClassRole) => (role === "PRIMARY" ? 0 : 1);
  const classOrder = runbook.failureModes.classes.map((c) => c.id as TFailureClassId);
  return entries.sort(
    (a, b) => roleOrder(a.role) - roleOrder(b.role) || classOrder.indexOf(a.classId) - classOrder.indexOf(b.classId),
  );
}

function classConstraint(
  { classId, role }: TIncidentFailureClass,
  input: TVerdictInput,
): { cap: TVerdict; code?: TVerdictReasonCode } {
  switch (classId) {
    // A different model cannot fix bad credentials or a malformed request;
    // falling back would hide the real fault. Secondary: some traffic still
    // benefits, but only a limited share should move.
    case "AUTH":
    case "VALIDATION_4XX":
      return role === "PRIMARY" ? { cap: "BLOCKED", code: "CLASS_BLOCKS" } : { cap: "LIMITED", code: "CLASS_LIMITS" };
    case "QUALITY_REGRESSION":
      return input.taskSpecificValidationPassed === true
        ? { cap: "ALLOWED" }
        : { cap: "LIMITED", code: "CLASS_NEEDS_TASK_VALIDATION" };
    // Fallback "selectively": moving all traffic just relocates the overload.
    case "RATE_LIMIT_429":
      return { cap: "LIMITED", code: "CLASS_LIMITS" };
    case "UPSTREAM_5XX": {
      const smokePassed =
        input.fallbackSmokeTestPassed ?? input.criteria["fallback-passed-smoke-tests"]?.value ?? null;
      return smokePassed === true ? { cap: "ALLOWED" } : { cap: "LIMITED", code: "CLASS_NEEDS_SMOKE_TEST" };
    }
    case "TIMEOUT":
      return { cap: "ALLOWED" };
  }
}

// ─── Verdict ───────────────────────────────────────────────────────────────

export function computeFallbackVerdict(input: TVerdictInput): TVerdictResult {
  const reasons = criterionReasons(input.criteria);
  const classes = normalizeClasses(input.failureClasses);
  const classGuidance: TClassGuidance[] = [];

  for (const entry of classes) {
    const info = getFailureClass(entry.classId);
    const { cap, code } = classConstraint(entry, input);
    classGuidance.push({
      classId: entry.classId,
      role: entry.role,
      label: info.label,
      whatToCheck: info.whatToCheck,
      likelyAction: info.likelyAction,
      cap,
    });
    if (code !== undefined && cap !== "ALLOWED") {
      reasons.push({
        code,
        message: info.likelyAction,
        source: { section: runbook.failureModes.heading, itemId: entry.classId },
        imposes: cap,
      });
    }
  }

  if (classes.length === 0) {
    reasons.push({
      code: "FAILURE_MODE_UNCLASSIFIED",
      message: runbook.failureModes.intro,
      source: { section: runbook.failureModes.heading, itemId: "classes" },
      imposes: "LIMITED",
    });
  }

  const verdict = reasons.reduce<TVerdict>((acc, reason) => stricter(acc, reason.imposes), "ALLOWED");
  // Stable sort keeps runbook order inside each severity.
  const ordered = [...reasons].sort((a, b) => rank(b.imposes) - rank(a.imposes));
  return { verdict, reasons: ordered, classGuidance };
}

// ─── Override ──────────────────────────────────────────────────────────────

export const ZVerdictOverride = z.object({
  verdict: z.enum(VERDICTS, { error: "Choose ALLOWED, LIMITED or BLOCKED." }),
  reason: z
    .string({ error: "An override needs a reason." })
    .trim()
    .min(1, { error: "An override needs a reason." })
    .max(2000, { error: "Keep the override reason under 2000 characters." }),
});
export type TVerdictOverride = z.infer<typeof ZVerdictOverride>;

export type TEffectiveVerdict = {
  readonly computed: TVerdict;
  readonly effective: TVerdict;
  /** True when an override changed the verdict. */
  readonly overridden: boolean;
  readonly overrideReason: string | null;
};

/**
 * Applies the commander's override. Throws a ZodError when the override lacks
 * a reason: an unexplained override would make the review unauditable.
 * An override equal to the computed verdict keeps its reason but is not
 * counted as overriding.
 */
export function applyVerdictOverride(
  computed: TVerdict,
  override?: { verdict: TVerdict; reason: string } | null,
): TEffectiveVerdict {
  if (override === undefined || override === null) {
    return { computed, effective: computed, overridden: false, overrideReason: null };
  }
  const parsed = ZVerdictOverride.parse(override);
  return {
    computed,
    effective: parsed.verdict,
    overridden: parsed.verdict !== computed,
    overrideReason: parsed.reason,
  };
}
