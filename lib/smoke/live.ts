import "server-only";
// Sends one smoke request to an OpenAI-compatible chat-completions endpoint.
// The API key goes into the Authorization header and nowhere else: it is not
// returned, not logged, and every text that came back from the server is
// scrubbed of it before anyone sees it (a hostile server could echo it).

/** Live runs never wait longer than this, whatever the snapshot's client timeout. */
export const MAX_LIVE_TIMEOUT_MS = 30_000;
/** Used when the snapshot has no client timeout. */
export const DEFAULT_LIVE_TIMEOUT_MS = 10_000;
/** Response bodies beyond this are cut off (a smoke response is tiny). */
export const MAX_RESPONSE_BYTES = 256 * 1024;

export const TIMEOUT_EXCEPTION = "TimeoutError";

export type TLiveRequest = {
  url: string;
  apiKey: string;
  requestId: string;
  body: unknown;
  timeoutMs: number;
};

export type TLiveResult = {
  statusCode: number | null;
  /** Exception class or error code when no complete response arrived; never an error message. */
  exceptionClass: string | null;
  latencyMs: number;
  bodyText: string | null;
  /** The X-Request-Id header of the response, if any. */
  echoedRequestId: string | null;
  /** The timeout actually applied. */
  timeoutMs: number;
};

/** The bounded timeout: the snapshot's client timeout, capped at 30 s. */
export function liveTimeoutMs(clientTimeoutMs: number | null): number {
  if (clientTimeoutMs === null || clientTimeoutMs <= 0) return DEFAULT_LIVE_TIMEOUT_MS;
  return Math.min(clientTimeoutMs, MAX_LIVE_TIMEOUT_MS);
}

/** Replaces every occurrence of the secret; short secrets are still replaced. */
export function scrubSecret(text: string, secret: string): string {
  if (secret === "") return text;
  return text.split(secret).join("[REDACTED]");
}

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,60}$/;

/** A name for what went wrong, from the error's code or class, never its message. */
function exceptionClassOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; name?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string" && SAFE_NAME.test(cause.code)) return cause.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && SAFE_NAME.test(code)) return code;
  if (typeof cause?.name === "string" && SAFE_NAME.test(cause.name) && cause.name !== "Error") return cause.name;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && SAFE_NAME.test(name) ? name : "Error";
}

async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * POSTs the body with the key and request id. Never throws: a timeout (the
 * whole exchange, body included) is TimeoutError, a network failure its code.
 * Redirects are not followed, so the request cannot leave the allowed host.
 */
export async function sendSmokeRequest(request: TLiveRequest): Promise<TLiveResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const scrub = (v: string | null) => (v === null ? null : scrubSecret(v, request.apiKey));
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${request.apiKey}`,
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-Request-Id": request.requestId,
      },
      body: JSON.stringify(request.body),
      redirect: "manual",
      cache: "no-store",
      signal: controller.signal,
    });
    const echoedRequestId = scrub(response.headers.get("x-request-id"));
    const bodyText = await readBounded(response, MAX_RESPONSE_BYTES);
    return {
      statusCode: response.status,
      exceptionClass: null,
      latencyMs: elapsed(),
      bodyText: scrub(bodyText),
      echoedRequestId,
      timeoutMs: request.timeoutMs,
    };
  } catch (error) {
    return {
      statusCode: null,
      exceptionClass: controller.signal.aborted ? TIMEOUT_EXCEPTION : exceptionClassOf(error),
      latencyMs: elapsed(),
      bodyText: null,
      echoedRequestId: null,
      timeoutMs: request.timeoutMs,
    };
  } finally {
    clearTimeout(timer);
  }
}
