import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { runbook } from "@/lib/runbook/runbook";
import { buildSmokeCurl, buildSmokeRequestBody, quoteForPosixShell, smokeRequestId, type TSmokeCurlOptions } from "./curl";

const EXAMPLE_USER_MESSAGE = 'Health check. Reply with {"ok":true,"path":"fallback"}.';

const base: TSmokeCurlOptions = {
  requestId: "incident-20260508-smoke-001",
  model: "FALLBACK_MODEL_ID_FROM_CONFIG",
  systemMessage: "Return only a compact JSON object.",
  userMessage: EXAMPLE_USER_MESSAGE,
};

/**
 * Reads one POSIX shell word made of single-quoted parts, backslash-escaped
 * characters and plain characters — the subset quoteForPosixShell emits.
 * A pure stand-in for the shell, so the property test can run thousands of cases.
 */
function readShellWord(word: string): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const ch = word[i]!;
    if (ch === "'") {
      const close = word.indexOf("'", i + 1);
      if (close < 0) throw new Error("unterminated single quote");
      out += word.slice(i + 1, close);
      i = close + 1;
    } else if (ch === "\\") {
      if (i + 1 >= word.length) throw new Error("dangling backslash");
      out += word[i + 1];
      i += 2;
    } else if (/\s/.test(ch)) {
      throw new Error("unquoted whitespace ends the word");
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** The word after `-d ` in a generated command (it is the last argument). */
function dataWord(command: string): string {
  const marker = "\n-d ";
  const at = command.lastIndexOf(marker);
  expect(at).toBeGreaterThan(0);
  return command.slice(at + marker.length);
}

/** Runs the command in a real sh with curl replaced by a function that prints its arguments. */
function runInShell(command: string, env: Record<string, string> = {}): string[] {
  const script = `curl() { printf '%s\\0' "$@"; }\n${command}`;
  const result = spawnSync("sh", ["-c", script], {
    // A minimal environment, so nothing from the developer's shell leaks in.
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/home/smoke-test", ...env },
    encoding: "buffer",
  });
  expect(result.status, result.stderr?.toString()).toBe(0);
  const parts = result.stdout.toString("utf8").split("\0");
  expect(parts.pop()).toBe("");
  return parts;
}

describe("buildSmokeCurl", () => {
  it("reproduces the runbook example's command lines and body", () => {
    const command = buildSmokeCurl(base);
    const example = runbook.steps.smokeRequest.exampleCommand;
    expect(command.split("\n").slice(0, 4)).toEqual(example.split("\n").slice(0, 4));
    expect(JSON.parse(readShellWord(dataWord(command)))).toEqual(JSON.parse(readShellWord(dataWord(example))));
  });

  it("pretty-prints the body with two spaces in the example's key order", () => {
    const command = buildSmokeCurl({ ...base, model: "gpt-x", maxTokens: 16 });
    expect(dataWord(command)).toBe(
      `'${JSON.stringify(
        {
          model: "gpt-x",
          messages: [
            { role: "system", content: "Return only a compact JSON object." },
            { role: "user", content: EXAMPLE_USER_MESSAGE },
          ],
          temperature: 0,
          max_tokens: 16,
        },
        null,
        2,
      )}'`,
    );
  });

  it("defaults temperature to 0 and max_tokens to the example's 32, and omits an absent system message", () => {
    expect(buildSmokeRequestBody({ requestId: "r-1", model: "m", userMessage: "hi" })).toEqual({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0,
      max_tokens: 32,
    });
  });

  it("uses custom environment variable names", () => {
    const command = buildSmokeCurl({ ...base, baseUrlEnvVar: "LLM_URL", apiKeyEnvVar: "_KEY_2" });
    expect(command.split("\n")[0]).toBe('curl -sS "${LLM_URL}/v1/chat/completions" \\');
    expect(command.split("\n")[1]).toBe('-H "Authorization: Bearer ${_KEY_2}" \\');
  });

  it("rejects unsafe environment variable names and request ids", () => {
    for (const name of ["lower", "1ABC", "A-B", "A}B", "A B", "", "X$(id)"]) {
      expect(() => buildSmokeCurl({ ...base, apiKeyEnvVar: name }), name).toThrow(ZodError);
      expect(() => buildSmokeCurl({ ...base, baseUrlEnvVar: name }), name).toThrow(ZodError);
    }
    for (const requestId of ['a"b', "a$b", "a`b", "a b", "", "x".repeat(129)]) {
      expect(() => buildSmokeCurl({ ...base, requestId }), requestId).toThrow(ZodError);
    }
  });

  it("rejects an empty model or user message and bad token budgets", () => {
    expect(() => buildSmokeCurl({ ...base, model: "  " })).toThrow("Name the model to call.");
    expect(() => buildSmokeCurl({ ...base, userMessage: "" })).toThrow(ZodError);
    expect(() => buildSmokeCurl({ ...base, maxTokens: 0 })).toThrow("max_tokens must be at least 1.");
    expect(() => buildSmokeCurl({ ...base, maxTokens: 1.5 })).toThrow(ZodError);
  });

  it("never puts the API key in the generated text", () => {
    const command = buildSmokeCurl(base);
    expect(command).toContain("${COMETAPI_API_KEY}");
    expect(command).not.toMatch(/sk-|Bearer [^$]/);
  });
});

describe("buildSmokeCurl in a real shell", () => {
  const nasty: [string, string][] = [
    ["runbook example", EXAMPLE_USER_MESSAGE],
    ["single quotes", "it's 'quoted' ''' and '\\''"],
    ["double quotes", 'say "hi" and \\"escaped\\"'],
    ["backslashes", "C:\\path\\to\\file \\n \\\\ \\"],
    ["expansions", "$HOME ${HOME} $(echo pwned) `echo pwned` $((1+1)) !! ~ *"],
    ["newlines and tabs", "line 1\nline 2\r\n\ttabbed\n\n"],
    ["unicode", "emoji 😀🚀👩‍💻, CJK 事故レビュー 故障, RTL שלום, combining é"],
    ["control characters", "nul \u0000 bell \u0007 escape \u001b[31m"],
  ];

  it.each(nasty)("passes %s through unchanged as the -d JSON", (_name, userMessage) => {
    const options = { ...base, userMessage, systemMessage: `system: ${userMessage}` };
    const args = runInShell(buildSmokeCurl(options), {
      COMETAPI_BASE_URL: "https://api.example.test",
      COMETAPI_API_KEY: "sk-test-from-env-0000",
    });
    expect(args.slice(0, -1)).toEqual([
      "-sS",
      "https://api.example.test/v1/chat/completions",
      "-H",
      "Authorization: Bearer sk-test-from-env-0000",
      "-H",
      "Content-Type: application/json",
      "-H",
      "X-Request-Id: incident-20260508-smoke-001",
      "-d",
    ]);
    expect(JSON.parse(args.at(-1)!)).toEqual(buildSmokeRequestBody(options));
  });

  it("expands the key from the environment only when the command runs", () => {
    const key = "sk-live-secret-value-1234567890";
    const command = buildSmokeCurl({ ...base, apiKeyEnvVar: "SMOKE_KEY" });
    expect(command).not.toContain(key);
    expect(runInShell(command, { SMOKE_KEY: key })).toContain(`Authorization: Bearer ${key}`);
  });

  it("runs the runbook's own example to the same body as the generated command", () => {
    const env = { COMETAPI_BASE_URL: "https://x.test", COMETAPI_API_KEY: "k" };
    const fromRunbook = runInShell(runbook.steps.smokeRequest.exampleCommand, env);
    const generated = runInShell(buildSmokeCurl(base), env);
    expect(generated.slice(0, -1)).toEqual(fromRunbook.slice(0, -1));
    expect(JSON.parse(generated.at(-1)!)).toEqual(JSON.parse(fromRunbook.at(-1)!));
  });

  it("quotes arbitrary words the way sh reads them", () => {
    const words = ["", "'", "''", "a'b", "\\'", "$'x'", "\"'\"", "end\\", "é'😀'"];
    const args = runInShell(`curl ${words.map(quoteForPosixShell).join(" ")}`);
    expect(args).toEqual(words);
  });
});

describe("quoting properties", () => {
  it("round-trips any string through quoteForPosixShell", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(readShellWord(quoteForPosixShell(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips any messages and model through the generated -d argument as JSON", () => {
    const text = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string());
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((m) => m.trim().length > 0),
        fc.option(text, { nil: undefined }),
        text.filter((m) => m.length > 0),
        fc.integer({ min: 1, max: 4096 }),
        (model, systemMessage, userMessage, maxTokens) => {
          const options: TSmokeCurlOptions = { requestId: "r-1", model, systemMessage, userMessage, maxTokens };
          const command = buildSmokeCurl(options);
          expect(JSON.parse(readShellWord(dataWord(command)))).toEqual(buildSmokeRequestBody(options));
          // The only line breaks outside the JSON are the four continuations.
          expect(command.split("\n").slice(0, 4).every((line) => line.endsWith(" \\"))).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe("smokeRequestId", () => {
  it("formats the runbook's example id", () => {
    expect(smokeRequestId(new Date("2026-05-08T10:00:00Z"), 1)).toBe("incident-20260508-smoke-001");
    expect(smokeRequestId(new Date("2026-05-08T10:00:00Z"), 1)).toBe(runbook.steps.smokeRequest.example.requestId);
  });

  it("uses the UTC date", () => {
    expect(smokeRequestId(new Date("2026-05-08T23:30:00-05:00"), 2)).toBe("incident-20260509-smoke-002");
    expect(smokeRequestId(new Date("2026-01-01T00:00:00+01:00"), 3)).toBe("incident-20251231-smoke-003");
  });

  it("pads to three digits and grows past 999", () => {
    expect(smokeRequestId(new Date("2026-05-08T00:00:00Z"), 42)).toBe("incident-20260508-smoke-042");
    expect(smokeRequestId(new Date("2026-05-08T00:00:00Z"), 999)).toBe("incident-20260508-smoke-999");
    expect(smokeRequestId(new Date("2026-05-08T00:00:00Z"), 1000)).toBe("incident-20260508-smoke-1000");
  });

  it("rejects n below 1, non-integers and invalid dates", () => {
    const d = new Date("2026-05-08T00:00:00Z");
    expect(() => smokeRequestId(d, 0)).toThrow(RangeError);
    expect(() => smokeRequestId(d, -1)).toThrow(RangeError);
    expect(() => smokeRequestId(d, 1.5)).toThrow(RangeError);
    expect(() => smokeRequestId(d, Number.NaN)).toThrow(RangeError);
    expect(() => smokeRequestId(new Date("nope"), 1)).toThrow(RangeError);
  });

  it("produces ids buildSmokeCurl accepts", () => {
    const requestId = smokeRequestId(new Date("2026-05-08T00:00:00Z"), 12345);
    expect(buildSmokeCurl({ ...base, requestId })).toContain(`X-Request-Id: ${requestId}`);
  });
});
