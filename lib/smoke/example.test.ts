import { describe, expect, it } from "vitest";
import { runbook } from "@/lib/runbook/runbook";
import { chatCompletionsUrl, checkApiKeyEnvVarName, expectedJsonFromMessage, SMOKE_EXAMPLE } from "./example";

describe("SMOKE_EXAMPLE", () => {
  it("takes the runbook example's messages, temperature and token budget", () => {
    expect(SMOKE_EXAMPLE.systemMessage).toBe(runbook.steps.smokeRequest.example.systemMessage);
    expect(SMOKE_EXAMPLE.userMessage).toBe('Health check. Reply with {"ok":true,"path":"fallback"}.');
    expect(runbook.steps.smokeRequest.exampleCommand).toContain(JSON.stringify(SMOKE_EXAMPLE.userMessage));
    expect(SMOKE_EXAMPLE.temperature).toBe(0);
    expect(SMOKE_EXAMPLE.maxTokens).toBe(32);
    expect(SMOKE_EXAMPLE.expectedJson).toBe('{"ok":true,"path":"fallback"}');
  });
});

describe("expectedJsonFromMessage", () => {
  it("finds the first JSON object in a message, braces in strings included", () => {
    expect(expectedJsonFromMessage('Reply with { "a": "}", "b": [1, {"c": 2}] } please')).toBe('{"a":"}","b":[1,{"c":2}]}');
    expect(expectedJsonFromMessage("no json {here} but {\"x\":1}")).toBe('{"x":1}');
    expect(expectedJsonFromMessage("nothing")).toBeNull();
    expect(expectedJsonFromMessage("{unterminated")).toBeNull();
  });
});

describe("chatCompletionsUrl", () => {
  it("joins the base URL and the runbook's endpoint path", () => {
    expect(chatCompletionsUrl("https://api.cometapi.com")).toBe("https://api.cometapi.com/v1/chat/completions");
    expect(chatCompletionsUrl("https://api.cometapi.com//")).toBe("https://api.cometapi.com/v1/chat/completions");
    expect(chatCompletionsUrl("http://127.0.0.1:4010/gw")).toBe("http://127.0.0.1:4010/gw/v1/chat/completions");
  });
});

describe("checkApiKeyEnvVarName", () => {
  it("accepts provider key variables", () => {
    expect(checkApiKeyEnvVarName("COMETAPI_API_KEY")).toEqual({ ok: true });
    expect(checkApiKeyEnvVarName("E2E_FAKE_PROVIDER_KEY")).toEqual({ ok: true });
    expect(checkApiKeyEnvVarName("GATEWAY_TOKEN")).toEqual({ ok: true });
  });
  it("refuses the app's own secrets, names not ending in _KEY/_TOKEN, and missing names", () => {
    for (const name of ["AUTH_SECRET", "DATABASE_URL", "AUTH_OIDC_CLIENT_KEY", "NEXTAUTH_KEY", "PGPASSWORD_KEY", "HOME", "PATH"]) {
      expect(checkApiKeyEnvVarName(name).ok, name).toBe(false);
    }
    expect(checkApiKeyEnvVarName(null).ok).toBe(false);
    expect(checkApiKeyEnvVarName("lower_key").ok).toBe(false);
  });
});
