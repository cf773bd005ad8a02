// Step 2's curl-style smoke request, generated for copy-paste into a POSIX
// shell. The base URL and API key stay shell variable references, so the
// generated text never contains the key; the operator's environment supplies
// it when the command runs.
import { z } from "zod";
import { runbook } from "@/lib/runbook/runbook";

const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;
// Header values go inside double quotes, where $, `, \ and " are special.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const ZSmokeCurlOptions = z.object({
  baseUrlEnvVar: z
    .string()
    .regex(ENV_VAR_NAME, { error: "Environment variable names use A–Z, 0–9 and _, and do not start with a digit." })
    .default("COMETAPI_BASE_URL"),
  apiKeyEnvVar: z
    .string()
    .regex(ENV_VAR_NAME, { error: "Environment variable names use A–Z, 0–9 and _, and do not start with a digit." })
    .default("COMETAPI_API_KEY"),
  requestId: z.string().regex(REQUEST_ID, {
    error: "Request ids use letters, digits, '.', '_', ':' and '-' (at most 128).",
  }),
  model: z.string().trim().min(1, { error: "Name the model to call." }),
  systemMessage: z.string().optional(),
  userMessage: z.string().min(1, { error: "The smoke request needs a user message." }),
  temperature: z.number().min(0).max(2).default(0),
  // The runbook asks for "a very small token budget"; its example uses 32.
  maxTokens: z
    .number()
    .int({ error: "max_tokens is a whole number." })
    .positive({ error: "max_tokens must be at least 1." })
    .default(32),
});
export type TSmokeCurlOptions = z.input<typeof ZSmokeCurlOptions>;

export type TSmokeRequestBody = {
  model: string;
  messages: { role: "system" | "user"; content: string }[];
  temperature: number;
  max_tokens: number;
};

/** The chat-completions body, in the runbook example's key order. */
export function buildSmokeRequestBody(options: TSmokeCurlOptions): TSmokeRequestBody {
  const o = ZSmokeCurlOptions.parse(options);
  const messages: TSmokeRequestBody["messages"] = [];
  if (o.systemMessage !== undefined) messages.push({ role: "system", content: o.systemMessage });
  messages.push({ role: "user", content: o.userMessage });
  return { model: o.model, messages, temperature: o.temperature, max_tokens: o.maxTokens };
}

/**
 * Quotes a string as one POSIX shell word. Inside single quotes nothing is
 * special except the closing quote, so each ' becomes '\'' (close, escaped
 * quote, reopen).
 */
export function quoteForPosixShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The runbook's multi-line curl command for a smoke request. */
export function buildSmokeCurl(options: TSmokeCurlOptions): string {
  const o = ZSmokeCurlOptions.parse(options);
  const body = JSON.stringify(buildSmokeRequestBody(options), null, 2);
  const { endpointPath } = runbook.steps.smokeRequest.example;
  return [
    `curl -sS "\${${o.baseUrlEnvVar}}${endpointPath}" \\`,
    `-H "Authorization: Bearer \${${o.apiKeyEnvVar}}" \\`,
    `-H "Content-Type: application/json" \\`,
    `-H "X-Request-Id: ${o.requestId}" \\`,
    `-d ${quoteForPosixShell(body)}`,
  ].join("\n");
}

/**
 * `incident-YYYYMMDD-smoke-NNN`, like the runbook's incident-20260508-smoke-001.
 * The date is the incident date in UTC; n is zero-padded to three digits and
 * grows beyond 999 without truncation.
 */
export function smokeRequestId(incidentDate: Date, n: number): string {
  if (!(incidentDate instanceof Date) || !Number.isFinite(incidentDate.getTime())) {
    throw new RangeError("smokeRequestId needs a valid incident date");
  }
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError("smokeRequestId needs a sequence number of at least 1");
  const yyyy = String(incidentDate.getUTCFullYear()).padStart(4, "0");
  const mm = String(incidentDate.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(incidentDate.getUTCDate()).padStart(2, "0");
  return `incident-${yyyy}${mm}${dd}-smoke-${String(n).padStart(3, "0")}`;
}
