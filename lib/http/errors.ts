// Domain errors that every wrapper (server action, route handler) turns into
// the same user-facing results. Nothing here carries a stack trace outward.
import { z } from "zod";
import { AuthError } from "@/lib/auth/permissions";

export { AuthError };

export type TFieldErrors = Record<string, string[]>;

export class ValidationError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: TFieldErrors = {},
  ) {
    super(message);
    this.name = "ValidationError";
  }
  static fromZod(error: z.ZodError, message = "Some fields need attention."): ValidationError {
    const flat = z.flattenError(error);
    const fieldErrors: TFieldErrors = {};
    for (const [k, v] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) {
      if (v?.length) fieldErrors[k] = v;
    }
    if (flat.formErrors.length) fieldErrors._form = flat.formErrors;
    return new ValidationError(message, fieldErrors);
  }
}

/** A save based on a stale version: carries the current value so the user can compare and re-apply. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly current: unknown,
    readonly currentVersion: number,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

export class NotFoundError extends Error {
  constructor(message = "Not found.") {
    super(message);
    this.name = "NotFoundError";
  }
}

/** A request body or upload over the configured size limit (413); nothing was stored. */
export class PayloadTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadTooLargeError";
  }
}

/** Too many requests from one caller (429); `retryAfterSeconds` goes out as Retry-After. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

export type TActionFailure = {
  ok: false;
  status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;
  error: string;
  fieldErrors?: TFieldErrors;
  conflict?: { current: unknown; currentVersion: number };
  /** 429: seconds before a retry can succeed. */
  retryAfterSeconds?: number;
};

export type TActionResult<T> = { ok: true; data: T } | TActionFailure;

/** Seconds a client should wait before retrying after a 503 (sent as Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable right now. Nothing was saved; try again shortly.";

// What pg and @prisma/adapter-pg actually throw while the server is down or
// restarting (observed against a stopped/restarting PostgreSQL 18): Prisma
// P2010/P1001 wrapping a DriverAdapterError whose cause.kind is
// DatabaseNotReachable (ECONNREFUSED), ConnectionClosed (ECONNRESET) or
// SocketTimeout; postgres codes 57P01 admin_shutdown, 57P02 crash_shutdown,
// 57P03 cannot_connect_now ("the database system is starting up") and class
// 08 connection exceptions; pg's own "Connection terminated unexpectedly" and
// its connect timeout.
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|57P0[123]|\b08(000|001|003|004|006)\b|Connection terminated|timeout exceeded when trying to connect|Can't reach database server|database system is (starting up|shutting down|in recovery)|DatabaseNotReachable|ConnectionClosed|SocketTimeout|\bP1001\b|\bP1002\b|\bP1017\b/i;
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);

/** True for errors meaning "the database cannot be reached right now" (→ 503, retry later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Walk the error, its Prisma meta.driverAdapterError and cause chain (bounded).
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as { code?: unknown; errorCode?: unknown; message?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
    const text = [e.code, e.errorCode, e.originalCode, e.message].filter((v) => typeof v === "string").join(" ");
    if (UNAVAILABLE_TEXT.test(text)) return true;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return false;
}

export function toFailure(error: unknown): TActionFailure {
  if (error instanceof ValidationError) {
    return { ok: false, status: 400, error: error.message, fieldErrors: error.fieldErrors };
  }
  if (error instanceof z.ZodError) {
    const v = ValidationError.fromZod(error);
    return { ok: false, status: 400, error: v.message, fieldErrors: v.fieldErrors };
  }
  if (error instanceof AuthError) return { ok: false, status: error.status, error: error.message };
  if (error instanceof NotFoundError) return { ok: false, status: 404, error: error.message };
  if (error instanceof PayloadTooLargeError) return { ok: false, status: 413, error: error.message };
  if (error instanceof RateLimitedError) return { ok: false, status: 429, error: error.message, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof ConflictError) {
    return {
      ok: false,
      status: 409,
      error: error.message,
      conflict: { current: error.current, currentVersion: error.currentVersion },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return { ok: false, status: 503, error: DATABASE_UNAVAILABLE_MESSAGE };
  }
  return { ok: false, status: 500, error: "Something went wrong on the server. Nothing was saved." };
}
