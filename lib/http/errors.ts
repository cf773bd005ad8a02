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

export type TActionFailure = {
  ok: false;
  status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;
  error: string;
  fieldErrors?: TFieldErrors;
  conflict?: { current: unknown; currentVersion: number };
};

export type TActionResult<T> = { ok: true; data: T } | TActionFailure;

function isDatabaseUnavailable(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|connect ETIMEDOUT|DatabaseNotReachable|P1001|P1017/i.test(
    text,
  );
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
  if (error instanceof ConflictError) {
    return {
      ok: false,
      status: 409,
      error: error.message,
      conflict: { current: error.current, currentVersion: error.currentVersion },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return { ok: false, status: 503, error: "The database is unavailable right now. Nothing was saved; try again shortly." };
  }
  return { ok: false, status: 500, error: "Something went wrong on the server. Nothing was saved." };
}
