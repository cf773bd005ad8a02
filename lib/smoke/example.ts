// Defaults of the smoke form, taken from the runbook's example command (its
// -d '…' body is JSON), so the wording stays the runbook's own.
import { runbook } from "@/lib/runbook/runbook";

export type TSmokeExample = {
  readonly systemMessage: string;
  readonly userMessage: string;
  readonly temperature: number;
  readonly maxTokens: number;
  /** The JSON object the example's user message asks for, as compact text. */
  readonly expectedJson: string;
};

type TExampleBody = {
  messages: { role: string; content: string }[];
  temperature: number;
  max_tokens: number;
};

/** The first balanced `{…}` in a message that parses as JSON, as compact JSON text; null when none. */
export function expectedJsonFromMessage(message: string): string | null {
  for (let start = message.indexOf("{"); start !== -1; start = message.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < message.length; i++) {
      const ch = message[i]!;
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{") depth++;
      else if (ch === "}" && --depth === 0) {
        try {
          return JSON.stringify(JSON.parse(message.slice(start, i + 1)));
        } catch {
          break;
        }
      }
    }
  }
  return null;
}

function parseExample(): TSmokeExample {
  const command = runbook.steps.smokeRequest.exampleCommand;
  const open = command.indexOf("-d '");
  const body = JSON.parse(command.slice(open + 4, command.lastIndexOf("'"))) as TExampleBody;
  const system = body.messages.find((m) => m.role === "system")?.content ?? runbook.steps.smokeRequest.example.systemMessage;
  const user = body.messages.find((m) => m.role === "user")?.content ?? "";
  return {
    systemMessage: system,
    userMessage: user,
    temperature: body.temperature,
    maxTokens: body.max_tokens,
    expectedJson: expectedJsonFromMessage(user) ?? "",
  };
}

export const SMOKE_EXAMPLE: TSmokeExample = Object.freeze(parseExample());

/** Step 3 compares both paths on the same sanitized prompt, so both start from the runbook's example. */
export function defaultSmokeMessages(): Pick<TSmokeExample, "systemMessage" | "userMessage" | "expectedJson"> {
  return {
    systemMessage: SMOKE_EXAMPLE.systemMessage,
    userMessage: SMOKE_EXAMPLE.userMessage,
    expectedJson: SMOKE_EXAMPLE.expectedJson,
  };
}

/** `${base}/v1/chat/completions`, whatever trailing slashes the base URL has. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.trim().replace(/\/+$/, "")}${runbook.steps.smokeRequest.example.endpointPath}`;
}

const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;
// The app's own secrets and settings: a snapshot must not be able to send them anywhere.
const RESERVED_PREFIXES = ["AUTH_", "NEXTAUTH_", "DATABASE_", "PG", "POSTGRES", "NEXT_", "NODE_", "NPM_", "E2E_DIST", "EMBEDDED_PG"];
const KEY_SUFFIXES = ["_KEY", "_TOKEN"];

/**
 * Whether a live run may read this variable as the provider API key: an
 * environment variable name ending in _KEY or _TOKEN that is not one of the
 * app's own settings (AUTH_SECRET, DATABASE_URL, …).
 */
export function checkApiKeyEnvVarName(name: string | null): { ok: true } | { ok: false; reason: string } {
  if (name === null || name.trim() === "") {
    return { ok: false, reason: "The configuration snapshot does not name the environment variable holding the API key." };
  }
  if (!ENV_VAR_NAME.test(name)) return { ok: false, reason: "The API key variable is not a valid environment variable name." };
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    return { ok: false, reason: `${name} is one of this app's own settings and cannot be sent to a provider.` };
  }
  if (!KEY_SUFFIXES.some((s) => name.endsWith(s))) {
    return { ok: false, reason: "For a live run the API key variable's name must end in _KEY or _TOKEN." };
  }
  return { ok: true };
}
