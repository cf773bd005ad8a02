// JSON logs (pino). Redaction paths keep secrets, tokens, passwords, cookies
// and prompt text out of every log line; personal access tokens (`irt_…`)
// are also scrubbed from any string, wherever they appear (a message, an
// error text, a URL), since a path list cannot know every place.
import pino from "pino";

export const LOG_REDACT_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "Authorization",
  "*.Authorization",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "headers.Authorization",
  "headers.cookie",
  "headers.Cookie",
  'headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.Authorization",
  "*.headers.cookie",
  "*.headers.Cookie",
  '*.headers["set-cookie"]',
  "prompt",
  "*.prompt",
  "messages",
  "*.messages",
  "systemMessage",
  "userMessage",
  "*.systemMessage",
  "*.userMessage",
  "secret",
  "*.secret",
];

const TOKEN_PATTERN = /\birt_[A-Za-z0-9_-]+/g;
const TOKEN_CENSOR = "irt_[REDACTED]";

/** A copy of `value` with every `irt_…` token string replaced (objects walked a few levels deep). */
export function scrubTokens<T>(value: T, depth = 6): T {
  if (typeof value === "string") return value.replace(TOKEN_PATTERN, TOKEN_CENSOR) as T;
  if (depth <= 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubTokens(v, depth - 1)) as T;
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    for (const key of [...Object.getOwnPropertyNames(value)]) copy[key] = scrubTokens((value as unknown as Record<string, unknown>)[key], depth - 1);
    return copy as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubTokens(v, depth - 1);
  return out as T;
}

export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
      base: { app: "incident-review" },
      redact: { paths: LOG_REDACT_PATHS, censor: "[REDACTED]" },
      serializers: { err: (err: Error) => scrubTokens(pino.stdSerializers.err(err)) },
      formatters: { log: (object) => scrubTokens(object) },
      hooks: {
        // The message text and its printf arguments.
        logMethod(args, method) {
          return method.apply(this, args.map((a) => scrubTokens(a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export const logger = createLogger();
