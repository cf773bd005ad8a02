import "server-only";
import { z } from "zod";
import { AuthError, requirePermission, type TActor, type TPermission } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { logger } from "@/lib/log/logger";
import { authenticateToken } from "@/lib/tokens/tokens";
import { hasBearer } from "@/lib/tokens/format";
import { apiRateLimitPerMinute, TokenRateLimiter } from "@/lib/tokens/rate-limit";
import { DATABASE_RETRY_AFTER_SECONDS, RateLimitedError, toFailure, ValidationError } from "./errors";
import { toProblem, type TProblemSource } from "./problem";
import { readBodyWithinLimit, ROUTE_REGISTRY, type TRouteContext } from "./route";

// defineApiRoute: the one wrapper for /api/v1 handlers. Steps, in order:
//   1. parse the path params and the query string with zod (400),
//   2. authenticate: `Authorization: Bearer irt_…` through lib/tokens; without
//      one, the session cookie (getActor) — but only for GET: a write with a
//      cookie is refused (401) so a browser's ambient credentials never write
//      through the API (CSRF has nothing to ride on),
//   3. authorize (requirePermission; READ tokens never pass a write permission),
//   4. read the body (only now, so a refused caller never makes us buffer it):
//      JSON needs a JSON content type (415), fits the limit (413), parses (400),
//      and is validated with the SAME zod schema as the UI's form. Unknown
//      fields are ignored (zod strips them), documented in the OpenAPI text,
//   5. call the same lib/ function the UI's server action calls,
//   6. answer JSON `{ data }` (or what `respond` builds); every failure is an
//      RFC 9457 problem+json with a stable `type` and never a stack trace.

export type THttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A body in a media type the endpoint does not accept (415). Only API routes check content types. */
export class UnsupportedMediaTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedMediaTypeError";
  }
}

type TJsonBody<B extends z.ZodType> = {
  kind: "json";
  /** The form's schema; the body is parsed with it (after `prepare`). */
  schema: B;
  /**
   * Builds the object the schema parses from the client's JSON: adds what the
   * server knows from the address (the incident's id for a form schema that
   * carries it, overriding anything the client sent) or the current values a
   * partial update starts from.
   */
  prepare?: (input: { params: Record<string, unknown>; actor: TActor; json: Record<string, unknown> }) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Fields the server supplies: left out of the documented request schema. */
  hide?: readonly string[];
  /** Documented required fields when they differ from the schema's (partial updates). */
  docRequired?: readonly string[];
  maxBytes?: number;
};

type TRawBody = {
  kind: "raw";
  /** Media types documented for the raw upload (the handler reads request.body itself, streamed). */
  contentTypes: readonly string[];
  description: string;
};

export type TApiResponseDoc = {
  status?: number;
  description: string;
  /** JSON response: the schema of `data`. */
  schema?: z.ZodType;
  /** Non-JSON download: its media types. */
  contentTypes?: readonly string[];
};

export type TApiDefinition<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> = {
  /** "v1.<resource>.<verb>", also the ROUTE_REGISTRY key. */
  name: `v1.${string}`;
  method: THttpMethod;
  /** OpenAPI path template, e.g. "/api/v1/incidents/{key}". */
  path: `/api/v1/${string}`;
  tag: string;
  summary: string;
  description?: string;
  permission: TPermission;
  params?: P;
  query?: Q;
  body?: TJsonBody<B> | TRawBody;
  response: TApiResponseDoc;
  /** Failure statuses worth documenting besides the ones every route can give. */
  errors?: readonly number[];
  run: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; request: Request }, actor: TActor) => Promise<R>;
  /** Builds the success response; `{ data }` as JSON by default. */
  respond?: (result: R) => Response;
};

/** What the OpenAPI document is generated from: one entry per method and path. */
export type TApiRouteDoc = {
  name: string;
  method: THttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  permission: TPermission;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: { kind: "json"; schema: z.ZodType; hide: readonly string[]; docRequired?: readonly string[] } | { kind: "raw"; contentTypes: readonly string[]; description: string };
  response: TApiResponseDoc;
  errors: readonly number[];
};

export const API_REGISTRY = new Map<string, TApiRouteDoc>();

export const API_JSON_BODY_LIMIT = 1024 * 1024;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const COOKIE_WRITE_MESSAGE = "API writes need a personal access token (Authorization: Bearer …); a browser session cannot write through the API.";
export const BAD_TOKEN_MESSAGE = "The access token is not valid: it is unknown, revoked or expired, or its owner is disabled.";

/** Search params as a record: one value → string, repeated → array (what the list's schema expects). */
export function queryRecord(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? "") : all;
  }
  return out;
}

let tokenLimiter: TokenRateLimiter | null = null;

/** The process's per-token limiter, rebuilt when API_RATE_LIMIT_PER_MINUTE changes (tests change it). */
function tokenRateLimiter(): TokenRateLimiter {
  const perMinute = apiRateLimitPerMinute();
  if (tokenLimiter?.config.perMinute !== perMinute) tokenLimiter = new TokenRateLimiter({ perMinute });
  return tokenLimiter;
}

/** Takes one request from the token's bucket; over the limit → 429 with Retry-After. */
function limitTokenRequest(tokenId: string): void {
  const decision = tokenRateLimiter().take(tokenId, Date.now());
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  throw new RateLimitedError(`This access token made more than ${decision.limit} requests in the last minute; retry in ${seconds} s.`, seconds);
}

/** Bearer token first (rate-limited per token); a cookie session only for reads. */
export async function authenticateApiRequest(request: Request): Promise<TActor | null> {
  const header = request.headers.get("authorization");
  if (hasBearer(header)) {
    const actor = await authenticateToken(header);
    if (!actor) throw new AuthError(401, BAD_TOKEN_MESSAGE);
    if (actor.tokenId) limitTokenRequest(actor.tokenId);
    return actor;
  }
  if (!SAFE_METHODS.has(request.method)) throw new AuthError(401, COOKIE_WRITE_MESSAGE);
  return getActor();
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = (value.split(";")[0] ?? "").trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    // Drain nothing: refuse before reading.
    await request.body?.cancel().catch(() => undefined);
    throw new UnsupportedMediaTypeError("Send the body as application/json.");
  }
  const raw = await readBodyWithinLimit(request, { maxBytes, message: `The request body is larger than ${maxBytes} bytes.` });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new ValidationError("The body is not valid UTF-8.");
  }
  if (!text.trim()) throw new ValidationError("The body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The body is not valid JSON.");
  }
}

export function apiProblemResponse(failure: TProblemSource): Response {
  return new Response(JSON.stringify(toProblem(failure)), {
    status: failure.status,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": "no-store",
      ...(failure.status === 503 ? { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } : {}),
      ...(failure.status === 429 ? { "retry-after": String(failure.retryAfterSeconds ?? 1) } : {}),
    },
  });
}

/** The failure of any thrown value, including the API-only 415. */
export function apiFailure(error: unknown): TProblemSource {
  if (error instanceof UnsupportedMediaTypeError) return { status: 415, error: error.message };
  return toFailure(error);
}

export function defineApiRoute<
  P extends z.ZodType = z.ZodObject<Record<never, never>>,
  Q extends z.ZodType = z.ZodObject<Record<never, never>>,
  B extends z.ZodType = z.ZodUndefined,
  R = unknown,
>(
  def: TApiDefinition<P, Q, B, R>,
) {
  if (API_REGISTRY.has(def.name)) throw new Error(`Duplicate API route name ${def.name}`);
  ROUTE_REGISTRY.set(def.name, def.permission);
  API_REGISTRY.set(def.name, {
    name: def.name,
    method: def.method,
    path: def.path,
    tag: def.tag,
    summary: def.summary,
    description: def.description,
    permission: def.permission,
    params: def.params,
    query: def.query,
    body: def.body ? (def.body.kind === "json" ? { kind: "json", schema: def.body.schema, hide: def.body.hide ?? [], docRequired: def.body.docRequired } : def.body) : undefined,
    response: def.response,
    errors: def.errors ?? [],
  });
  const paramsSchema = (def.params ?? z.object({})) as z.ZodType;
  const querySchema = (def.query ?? z.object({})) as z.ZodType;

  return async (request: Request, context: TRouteContext): Promise<Response> => {
    try {
      const params = paramsSchema.safeParse((await context?.params) ?? {});
      if (!params.success) throw ValidationError.fromZod(params.error, "The address is not valid.");
      const query = querySchema.safeParse(queryRecord(new URL(request.url)));
      if (!query.success) throw ValidationError.fromZod(query.error, "The query string is not valid.");
      const actor = requirePermission(await authenticateApiRequest(request), def.permission);

      let body: unknown = undefined;
      if (def.body?.kind === "json") {
        const json = await readJsonBody(request, def.body.maxBytes ?? API_JSON_BODY_LIMIT);
        if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ValidationError("The body must be a JSON object.");
        const object = json as Record<string, unknown>;
        const raw = def.body.prepare ? await def.body.prepare({ params: params.data as Record<string, unknown>, actor, json: object }) : object;
        const parsed = def.body.schema.safeParse(raw);
        if (!parsed.success) throw ValidationError.fromZod(parsed.error);
        body = parsed.data;
      }
      const result = await def.run(
        { params: params.data as z.output<P>, query: query.data as z.output<Q>, body: body as z.output<B>, request },
        actor,
      );
      if (def.respond) return def.respond(result);
      return Response.json({ data: result }, { status: def.response.status ?? 200, headers: { "cache-control": "no-store" } });
    } catch (error) {
      const failure = apiFailure(error);
      if (failure.status >= 500) logger.error({ err: error, route: def.name }, "api route failed");
      if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => undefined);
      return apiProblemResponse(failure);
    }
  };
}
