// Every computed figure that appears in an export, with its definition: the
// window figures from lib/incidents/metrics plus the rates, percentiles and
// verdicts the export derives. Rendered as the "Definitions" section.
import { METRIC_DEFINITIONS } from "@/lib/incidents/metrics";
import { DEFAULT_MATERIAL_FACTOR } from "@/lib/fallback/thresholds";
import { DEFAULT_BASELINE_MULTIPLIER, DEFAULT_STILL_HIGH_FRACTION } from "@/lib/fallback/impact";

export type TDefinition = { key: string; label: string; definition: string };

export const EXPORT_DEFINITIONS: readonly TDefinition[] = Object.freeze([
  ...(Object.entries(METRIC_DEFINITIONS) as [string, { label: string; definition: string }][]).map(([key, d]) => ({
    key,
    label: d.label,
    definition: d.definition,
  })),
  {
    key: "errorRate",
    label: "Error rate",
    definition: "Errors ÷ requests in an observation window, per path (primary or fallback). Not computed for a window without requests.",
  },
  {
    key: "timeoutRate",
    label: "Timeout rate",
    definition: "Timeouts ÷ requests in an observation window, per path.",
  },
  {
    key: "validationFailureRate",
    label: "Validation-failure rate",
    definition: "Output (schema) validation failures ÷ requests in an observation window, per path.",
  },
  {
    key: "latencyPercentiles",
    label: "Latency p50 / p95 / p99",
    definition:
      "The latency below which 50 %, 95 % and 99 % of the window's requests completed, in milliseconds, as recorded with the window (computed by the log import for imported windows).",
  },
  {
    key: "materiallyAbove",
    label: "Materially above baseline",
    definition: `A primary timeout rate above the incident's baseline timeout rate × ${DEFAULT_MATERIAL_FACTOR}, in two or more adjacent windows (Step 4's "consider fallback" rule).`,
  },
  {
    key: "histogram",
    label: "Error-class histogram",
    definition:
      "Requests per failure class and path, summed over the incident's buckets. Imported buckets are used when a log import exists, otherwise the manually entered ones.",
  },
  {
    key: "verdict",
    label: "Fallback verdict",
    definition:
      "ALLOWED, LIMITED or BLOCKED, recomputed from the §3 criteria answers, the failure classes, task-specific validation and the fallback smoke runs; the most restrictive applicable rule wins. An override by the commander, with its reason, replaces it as the effective verdict.",
  },
  {
    key: "smokePassed",
    label: "Smoke run passed",
    definition: "Every one of the five Step 2 validation criteria is recorded as pass; unknown is not a pass.",
  },
  {
    key: "approvalStatus",
    label: "Approval status",
    definition:
      "ACTIVE, EXPIRED, REVOKED or INVALID for a manual fallback approval, evaluated at the generated-at time: invalid without a change ticket, when the approver is neither the commander nor an admin, or when it expires before it was given.",
  },
  {
    key: "impactChange",
    label: "Impact change",
    definition: `Each Step 5 measure compared after vs during the incident in the direction that counts as better for it. Customer-visible errors are still high when the after value is at least ${DEFAULT_STILL_HIGH_FRACTION} × the during value or above ${DEFAULT_BASELINE_MULTIPLIER} × the before value.`,
  },
  {
    key: "overdue",
    label: "Overdue follow-up",
    definition: "Open or in progress, with a due date before the generated-at date (UTC).",
  },
]);
