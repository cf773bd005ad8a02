import "server-only";
import type { z } from "zod";
import { requirePermission, type TActor, type TPermission } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { logger } from "@/lib/log/logger";
import { AuthError, DATABASE_RETRY_AFTER_SECONDS, PayloadTooLargeError, toFailure, ValidationError, type TActionFailure } from "./errors";
import { toProblem } from "./problem";

/** The second argument Next passes to a route handler. */
export type TRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type TBodyLimit = { maxBytes: number; message: string };

export type TRouteDefinition<P extends z.ZodType, B, R> = {
  name: string;
  permission: TPermission;
  /** The route's [segments], parsed with zod first. */
  params: P;
  /**
   * Largest body accepted. Checked from Content-Length before reading (when
   * the header is there) and by counting bytes while reading (always).
   */
  bodyLimit?: () => Promise<TBodyLimit> | TBodyLimit;
  /** Parses the body, already read and size-checked, into the input of `run`. */
  body?: (raw: Uint8Array, request: Request) => Promise<B> | B;
  run: (input: { params: z.output<P>; body: B }, actor: TActor) => Promise<R>;
  /** Builds the success response; `{ ok: true, data }` as JSON by default. */
  respond?: (result: R) => Response;
  /** Status of the default JSON success response (200 unless told). */
  status?: number;
};

/** Every route handler, for the authorization matrix test: name → permission. */
export const ROUTE_REGISTRY = new Map<string, TPermission>();

/** An RFC 9457 problem document carrying the same fields as a failed action result, with a stable `type` per kind. */
export function problemResponse(failure: TActionFailure): Response {
  return new Response(JSON.stringify(toProblem(failure)), {
    status: failure.status,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": "no-store",
      // A 503 (database unreachable) is temporary: tell clients when to retry.
      ...(failure.status === 503 ? { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } : {}),
    },
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser always sends Origin on a cross-site POST: refuse writes whose
 * Origin is another site (defence in depth on top of SameSite cookies).
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new AuthError(403, "Cross-site requests are not allowed.");
}

/** Reads the body, refusing it as soon as it is known to exceed the limit. */
export async function readBodyWithinLimit(request: Request, limit: TBodyLimit): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit.maxBytes) {
    throw new PayloadTooLargeError(limit.message);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limit.message);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * The one wrapper for route handlers, mirroring defineAction: parse the
 * route params → authenticate (`getActor()`, fresh from the DB) → authorize
 * → read and parse the body within its size limit → call lib/. Success is
 * JSON (or what `respond` builds); failures are problem+json with the status.
 * The body is read only after authorization, so a refused caller never makes
 * the server buffer an upload.
 */
export function defineRoute<P extends z.ZodType, B = undefined, R = unknown>(def: TRouteDefinition<P, B, R>) {
  ROUTE_REGISTRY.set(def.name, def.permission);
  return async (request: Request, context: TRouteContext): Promise<Response> => {
    try {
      const parsed = def.params.safeParse(await context.params);
      if (!parsed.success) throw ValidationError.fromZod(parsed.error, "The address is not valid.");
      assertSameOrigin(request);
      const actor = requirePermission(await getActor(), def.permission);
      let body = undefined as B;
      if (def.body) {
        const limit = def.bodyLimit ? await def.bodyLimit() : { maxBytes: 1024 * 1024, message: "The request body is too large." };
        const raw = await readBodyWithinLimit(request, limit);
        body = await def.body(raw, request);
      }
      const result = await def.run({ params: parsed.data, body }, actor);
      if (def.respond) return def.respond(result);
      return Response.json({ ok: true, data: result }, { status: def.status ?? 200, headers: { "cache-control": "no-store" } });
    } catch (error) {
      const failure = toFailure(error);
      if (failure.status >= 500) logger.error({ err: error, route: def.name }, "route failed");
      return problemResponse(failure);
    }
  };
}
