// Step 2's five validation criteria, judged from a recorded smoke request.
// A criterion the record cannot decide is "unknown", never a silent pass:
// the runbook asks for evidence, not for the absence of counter-evidence.
import { runbook, type TSmokeCriterionId } from "@/lib/runbook/runbook";

export type TSmokeRecord = {
  readonly status?: number | null;
  /** Client-side exception class or message when no HTTP response arrived. */
  readonly exception?: string | null;
  readonly latencyMs?: number | null;
  readonly bodyText?: string | null;
  /** When given, the output must equal this value as JSON (key order ignored). */
  readonly expectedJson?: unknown;
  readonly latencyToleranceMs: number;
  readonly routeLoggedClearly?: boolean | null;
  readonly promptSafe: boolean;
  readonly model: string;
  readonly requestIdSent: string;
  readonly requestIdEchoed?: string | null;
};

/** Lower-case to match the stored criteria JSON of smoke runs. */
export type TCriterionResult = "pass" | "fail" | "unknown";

export type TSmokeCriterionEvaluation = {
  readonly id: TSmokeCriterionId;
  /** The runbook's wording of the criterion. */
  readonly label: string;
  readonly result: TCriterionResult;
  readonly reasons: readonly string[];
};

export type TTokenUsage = {
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
};

export type TSmokeEvaluation = {
  /** The five criteria in runbook order. */
  readonly criteria: readonly TSmokeCriterionEvaluation[];
  /** fail if any criterion fails, else unknown if any is unknown, else pass. */
  readonly overall: TCriterionResult;
  readonly responseShape: string | null;
  readonly content: string | null;
  readonly outputParses: boolean | null;
  readonly matchesExpected: boolean | null;
  readonly respondedModel: string | null;
  readonly usage: TTokenUsage | null;
  readonly requestIdEchoedMatches: boolean | null;
};

// ─── JSON helpers ──────────────────────────────────────────────────────────

type TParsed = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): TParsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

const SIMPLE_KEY = /^[A-Za-z0-9_$-]+$/;

/**
 * A compact shape of a JSON value for comparing response bodies: keys sorted,
 * values dropped, arrays described by their first element, nesting beyond
 * `maxDepth` shown as {…} or […].
 * Example: {choices[{index,message{content,role}}],id,usage{…}}
 */
export function describeResponseShape(json: unknown, maxDepth = 4): string {
  const shape = (value: unknown, depth: number): string => {
    if (Array.isArray(value)) {
      if (depth >= maxDepth) return "[…]";
      return value.length === 0 ? "[]" : `[${shape(value[0], depth + 1)}]`;
    }
    if (isRecord(value)) {
      if (depth >= maxDepth) return "{…}";
      const keys = Object.keys(value).sort();
      const parts = keys.map((key) => {
        const name = SIMPLE_KEY.test(key) ? key : JSON.stringify(key);
        const inner = value[key];
        return Array.isArray(inner) || isRecord(inner) ? `${name}${shape(inner, depth + 1)}` : name;
      });
      return `{${parts.join(",")}}`;
    }
    return value === null ? "null" : typeof value;
  };
  return shape(json, 0);
}

// ─── Response reading ──────────────────────────────────────────────────────

function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === "number" ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

const count = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function usageOf(body: unknown): TTokenUsage | null {
  const usage = at(body, "usage");
  if (!isRecord(usage)) return null;
  return {
    promptTokens: count(usage["prompt_tokens"]),
    completionTokens: count(usage["completion_tokens"]),
    totalTokens: count(usage["total_tokens"]),
  };
}

// ─── Evaluation ────────────────────────────────────────────────────────────

const label = (id: TSmokeCriterionId) => runbook.steps.smokeRequest.criteria.find((c) => c.id === id)!.text;

const criterion = (id: TSmokeCriterionId, result: TCriterionResult, ...reasons: string[]): TSmokeCriterionEvaluation => ({
  id,
  label: label(id),
  result,
  reasons,
});

export function evaluateSmokeResult(record: TSmokeRecord): TSmokeEvaluation {
  const bodyText = record.bodyText ?? null;
  const parsedBody = bodyText === null ? null : parseJson(bodyText);
  const body = parsedBody?.ok ? parsedBody.value : undefined;
  const rawContent = at(body, "choices", 0, "message", "content");
  const content = typeof rawContent === "string" ? rawContent : null;
  const status = typeof record.status === "number" ? record.status : null;
  const exception = record.exception?.trim() || null;

  // 1. Success per the client's criteria: a 2xx carrying a chat completion.
  let success: TSmokeCriterionEvaluation;
  if (exception !== null) success = criterion("RESPONSE_SUCCESS", "fail", `client exception: ${exception}`);
  else if (status === null) success = criterion("RESPONSE_SUCCESS", "unknown", "no status code recorded");
  else if (status < 200 || status > 299) success = criterion("RESPONSE_SUCCESS", "fail", `status ${status}`);
  else if (bodyText === null) success = criterion("RESPONSE_SUCCESS", "unknown", `status ${status}, body not recorded`);
  else if (!parsedBody?.ok) success = criterion("RESPONSE_SUCCESS", "fail", `status ${status}, body is not JSON`);
  else if (content === null) {
    success = criterion("RESPONSE_SUCCESS", "fail", `status ${status}, no choices[0].message.content`);
  } else success = criterion("RESPONSE_SUCCESS", "pass", `status ${status} with a message`);

  // 2. Output parses (the smoke prompt asks for JSON) and matches the expectation.
  let outputParses: boolean | null = null;
  let matchesExpected: boolean | null = null;
  let accepted: TSmokeCriterionEvaluation;
  if (content === null) {
    accepted = criterion("OUTPUT_ACCEPTED", "unknown", "no output to check");
  } else {
    const output = parseJson(content.trim());
    outputParses = output.ok;
    if (!output.ok) {
      accepted = criterion("OUTPUT_ACCEPTED", "fail", "output is not valid JSON");
    } else if (record.expectedJson === undefined) {
      accepted = criterion("OUTPUT_ACCEPTED", "pass", "output parses as JSON");
    } else {
      matchesExpected = jsonEqual(output.value, record.expectedJson);
      accepted = matchesExpected
        ? criterion("OUTPUT_ACCEPTED", "pass", "output matches the expected JSON")
        : criterion("OUTPUT_ACCEPTED", "fail", "output parses but differs from the expected JSON");
    }
  }

  // 3. Latency within the incident-specific tolerance (inclusive).
  const latency = count(record.latencyMs);
  const tolerance = record.latencyToleranceMs;
  const latencyResult =
    latency === null
      ? criterion("LATENCY_WITHIN_TOLERANCE", "unknown", "latency not recorded")
      : latency <= tolerance
        ? criterion("LATENCY_WITHIN_TOLERANCE", "pass", `${latency} ms ≤ ${tolerance} ms`)
        : criterion("LATENCY_WITHIN_TOLERANCE", "fail", `${latency} ms > ${tolerance} ms`);

  // 4. Logs show the route: the operator's confirmation plus the request id
  //    coming back unchanged, without which log lines cannot be tied to this request.
  const echoed = record.requestIdEchoed ?? null;
  const requestIdEchoedMatches = echoed === null ? null : echoed === record.requestIdSent;
  const respondedModel = typeof at(body, "model") === "string" ? (at(body, "model") as string) : null;
  const routeReasons: string[] = [];
  if (record.routeLoggedClearly === true) routeReasons.push("operator confirmed the logs show the route");
  if (record.routeLoggedClearly === false) routeReasons.push("operator could not find the route in the logs");
  if (record.routeLoggedClearly == null) routeReasons.push("log check not recorded");
  if (requestIdEchoedMatches === false) {
    routeReasons.push(`request id came back as "${echoed}", sent "${record.requestIdSent}"`);
  }
  // Providers may resolve an alias to a longer id, so a different name is a note, not a failure.
  if (respondedModel !== null && respondedModel !== record.model) {
    routeReasons.push(`response names model "${respondedModel}", requested "${record.model}"`);
  }
  const routeResult: TCriterionResult =
    record.routeLoggedClearly === false || requestIdEchoedMatches === false
      ? "fail"
      : record.routeLoggedClearly === true
        ? "pass"
        : "unknown";
  const route = criterion("ROUTE_LOGGED", routeResult, ...routeReasons);

  // 5. Nothing sensitive in the prompt.
  const sanitized = record.promptSafe
    ? criterion("PROMPT_SANITIZED", "pass", "prompt checked: no secrets or personal data found")
    : criterion("PROMPT_SANITIZED", "fail", "prompt contains secrets, user data or regulated data");

  const criteria = [success, accepted, latencyResult, route, sanitized];
  const overall: TCriterionResult = criteria.some((c) => c.result === "fail")
    ? "fail"
    : criteria.some((c) => c.result === "unknown")
      ? "unknown"
      : "pass";

  return {
    criteria,
    overall,
    responseShape: parsedBody?.ok ? describeResponseShape(body) : null,
    content,
    outputParses,
    matchesExpected,
    respondedModel,
    usage: usageOf(body),
    requestIdEchoedMatches,
  };
}

/** The stored form: `{ [criterionId]: { result, note } }`. */
export function criteriaRecord(
  evaluation: Pick<TSmokeEvaluation, "criteria">,
): Record<TSmokeCriterionId, { result: TCriterionResult; note: string }> {
  return Object.fromEntries(
    evaluation.criteria.map((c) => [c.id, { result: c.result, note: c.reasons.join("; ") }]),
  ) as Record<TSmokeCriterionId, { result: TCriterionResult; note: string }>;
}
