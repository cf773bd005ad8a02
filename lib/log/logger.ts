// JSON logs (pino). Redaction paths keep secrets, tokens, passwords and
// prompt text out of every log line.
import pino from "pino";

export const LOG_REDACT_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
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

export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
      base: { app: "incident-review" },
      redact: { paths: LOG_REDACT_PATHS, censor: "[REDACTED]" },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

export const logger = createLogger();
