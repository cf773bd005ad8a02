// Stable RFC 9457 problem `type` URIs, one per kind of failure. Clients may
// switch on `type`; the URIs never change meaning (they identify, they are not
// fetched). Shared by every route handler and the OpenAPI document.

export const PROBLEM_BASE = "https://incident-review.dev/problems/";

export const PROBLEM_KINDS = {
  validation: { status: 400, title: "Bad Request" },
  unauthenticated: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not Found" },
  conflict: { status: 409, title: "Conflict" },
  "payload-too-large": { status: 413, title: "Content Too Large" },
  "unsupported-media-type": { status: 415, title: "Unsupported Media Type" },
  "rate-limited": { status: 429, title: "Too Many Requests" },
  internal: { status: 500, title: "Internal Server Error" },
  "database-unavailable": { status: 503, title: "Service Unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type TProblemKind = keyof typeof PROBLEM_KINDS;

const KIND_BY_STATUS = new Map<number, TProblemKind>(
  (Object.entries(PROBLEM_KINDS) as [TProblemKind, { status: number }][]).map(([kind, v]) => [v.status, kind]),
);

export function problemKind(status: number): TProblemKind {
  return KIND_BY_STATUS.get(status) ?? "internal";
}

export function problemTypeUri(kind: TProblemKind): string {
  return `${PROBLEM_BASE}${kind}`;
}

export type TProblem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  fieldErrors?: Record<string, string[]>;
  conflict?: { current: unknown; currentVersion: number };
};

/** A failure as the wrappers carry it (TActionFailure, or 415 which only API routes produce). */
export type TProblemSource = {
  status: number;
  error: string;
  fieldErrors?: Record<string, string[]>;
  conflict?: { current: unknown; currentVersion: number };
  retryAfterSeconds?: number;
};

/** The problem document for a failure: stable type, title, status, detail; never a stack trace. */
export function toProblem(failure: TProblemSource): TProblem {
  const kind = problemKind(failure.status);
  return {
    type: problemTypeUri(kind),
    title: PROBLEM_KINDS[kind].title,
    status: failure.status,
    detail: failure.error,
    ...(failure.fieldErrors ? { fieldErrors: failure.fieldErrors } : {}),
    ...(failure.conflict ? { conflict: failure.conflict } : {}),
  };
}
