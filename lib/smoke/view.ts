// Reading stored smoke runs back: the criteria JSON in runbook order with the
// runbook's wording, and an overall result by the same rule as evaluation.
import { runbook, type TSmokeCriterionId } from "@/lib/runbook/runbook";
import type { TCriterionResult } from "@/lib/fallback/smoke-evaluate";

export type TStoredCriterion = {
  id: TSmokeCriterionId;
  label: string;
  result: TCriterionResult;
  note: string;
};

const isResult = (v: unknown): v is TCriterionResult => v === "pass" || v === "fail" || v === "unknown";

/** Stored `{ [id]: { result, note } }` → the five criteria; a missing or malformed entry reads as unknown. */
export function criteriaFromJson(json: unknown): TStoredCriterion[] {
  const record = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  return runbook.steps.smokeRequest.criteria.map(({ id, text }) => {
    const entry = record[id] as { result?: unknown; note?: unknown } | undefined;
    return {
      id,
      label: text,
      result: isResult(entry?.result) ? entry.result : "unknown",
      note: typeof entry?.note === "string" ? entry.note : "",
    };
  });
}

/** fail if any fails, else unknown if any is unknown, else pass. */
export function overallResult(criteria: readonly { result: TCriterionResult }[]): TCriterionResult {
  if (criteria.some((c) => c.result === "fail")) return "fail";
  if (criteria.some((c) => c.result === "unknown")) return "unknown";
  return "pass";
}

export const RESULT_TEXT: Readonly<Record<TCriterionResult, string>> = Object.freeze({
  pass: "Pass",
  fail: "Fail",
  unknown: "Unknown",
});

/** Status code, or the exception class when no response came. */
export function statusOrException(run: { statusCode: number | null; exceptionClass: string | null }): string | null {
  if (run.exceptionClass) return run.exceptionClass;
  return run.statusCode === null ? null : String(run.statusCode);
}

/** Replaces the secret wherever it occurs in strings of a JSON-like value. */
export function scrubDeep<T>(value: T, secret: string): T {
  if (secret === "") return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return v.split(secret).join("[REDACTED]");
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Date) return v;
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [walk(k) as string, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
