import { describe, expect, it } from "vitest";

import { redactPersonalData, redactSecrets, sanitizeFreeText, truncateText } from "@/lib/privacy/redact";

const OPENAI_KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
const ANTHROPIC_KEY = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
const LIVE_KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e";
const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

describe("redactSecrets", () => {
  it.each([
    ["OpenAI project key", `key ${OPENAI_KEY} leaked`, OPENAI_KEY, "api_key"],
    ["Anthropic key", `x-api-key: ${ANTHROPIC_KEY}`, ANTHROPIC_KEY, "api_key"],
    ["sk-live key", `using ${LIVE_KEY}.`, LIVE_KEY, "api_key"],
    ["AWS access key id", "aws AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "aws_access_key"],
    ["GitHub token", "ghp_0123456789abcdefghijABCDEFGHIJ012345 pushed", "ghp_0123456789abcdefghijABCDEFGHIJ012345", "github_token"],
    ["Slack bot token", "xoxb-123456789012-abcdefABCDEF", "xoxb-123456789012-abcdefABCDEF", "slack_token"],
    ["Slack user token", "xoxp-123456789012-abcdefABCDEF", "xoxp-123456789012-abcdefABCDEF", "slack_token"],
    ["Google API key", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "google_api_key"],
    ["Stripe key", "sk_live_51Habcdefghijklmnop", "sk_live_51Habcdefghijklmnop", "stripe_key"],
    ["Hugging Face token", "hf_abcdefghijklmnopqrstuvwxyzABCDEF", "hf_abcdefghijklmnopqrstuvwxyzABCDEF", "huggingface_token"],
    ["JWT", `cookie=${JWT};`, JWT, "jwt"],
  ])("redacts a %s", (_label, input, secret, kind) => {
    const result = redactSecrets(input);
    expect(result.text).not.toContain(secret);
    expect(result.text).toContain(`[REDACTED:${kind}]`);
    expect(result.count).toBeGreaterThanOrEqual(1);
  });

  it("keeps the scheme of Bearer and Basic credentials", () => {
    const result = redactSecrets(`Authorization: Bearer ${JWT}\nProxy-Authorization: Basic dXNlcjpwYXNzd29yZA==`);
    expect(result.text).toBe("Authorization: Bearer [REDACTED:bearer_token]\nProxy-Authorization: Basic [REDACTED:basic_auth]");
    expect(result.byKind).toEqual({ bearer_token: 1, basic_auth: 1 });
  });

  it("redacts only the password of URL credentials", () => {
    const result = redactSecrets("postgres://svc_user:s3cr3t-P%40ss@db.internal:5432/app and https://bob:hunter2@example.com/x");
    expect(result.text).toBe("postgres://svc_user:[REDACTED:url_password]@db.internal:5432/app and https://bob:[REDACTED:url_password]@example.com/x");
    expect(result.byKind.url_password).toBe(2);
  });

  it("redacts key=, token=, secret= and password= values, including JSON and query strings", () => {
    const input =
      'GET /v1?api_key=9f8e7d6c5b4a39281706&x=1 token=abcdefgh12345678 {"client_secret": "Zm9vYmFyYmF6cXV4"} password=hunter2 "password":"p@ss word"';
    const result = redactSecrets(input);
    for (const leaked of ["9f8e7d6c5b4a39281706", "abcdefgh12345678", "Zm9vYmFyYmF6cXV4", "hunter2", "p@ss"]) expect(result.text).not.toContain(leaked);
    expect(result.text).toContain("api_key=[REDACTED:secret_param]&x=1");
    expect(result.text).toContain('"client_secret": "[REDACTED:secret_param]"');
  });

  it("redacts PEM private key blocks, and an unterminated block to the end", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----";
    const result = redactSecrets(`before\n${pem}\nafter`);
    expect(result.text).toBe("before\n[REDACTED:private_key]\nafter");
    const open = redactSecrets("x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg");
    expect(open.text).toBe("x [REDACTED:private_key]");
    expect(redactSecrets("-----BEGIN CERTIFICATE-----\nMIIB").text).toBe("-----BEGIN CERTIFICATE-----\nMIIB");
  });

  it("catches keys glued to an identifier prefix", () => {
    expect(redactSecrets(`req-${LIVE_KEY}`).text).toBe("req-[REDACTED:api_key]");
    expect(redactSecrets("token_ghp_0123456789abcdefghijABCDEFGHIJ012345").text).toBe("token_[REDACTED:github_token]");
  });

  it("leaves ordinary log values alone", () => {
    const values = [
      "4bf92f3577b34da6a3ce929d0e0e4736",
      "550e8400-e29b-41d4-a716-446655440000",
      "gpt-4o-mini-2024-07-18",
      "2025.03.14-5d6e7f8",
      "/v1/chat/completions",
      "task-management-service",
      "max_tokens=4096",
      "prompt_tokens: 1200",
      "RateLimitError",
      "Bearer",
      "the token is invalid",
    ];
    for (const value of values) expect(redactSecrets(value)).toEqual({ text: value, count: 0, byKind: {} });
  });

  it("does not re-redact its own markers", () => {
    const once = redactSecrets(`Bearer ${JWT} ${OPENAI_KEY} password=abc`).text;
    expect(redactSecrets(once).text).toBe(once);
  });

  it("handles non-string input defensively", () => {
    expect(redactSecrets(undefined as unknown as string).text).toBe("");
  });
});

describe("redaction is linear-time on adversarial input", () => {
  const MB = 1024 * 1024;
  const adversarial: [string, string][] = [
    ["repeated sk- prefixes", "sk-".repeat(MB / 3)],
    ["sk- prefixes glued to short runs", "-sk-abcdefghijklm ".repeat(MB / 18)],
    ["github prefixes behind underscores", "_ghp_".repeat(MB / 5)],
    ["repeated JWT headers", "eyJ".repeat(MB / 3)],
    ["JWT-like runs without the second dot", `eyJ${"a".repeat(MB / 2)}.eyJ${"b".repeat(MB / 2 - 10)}`],
    ["Bearer without a token", "Bearer ".repeat(MB / 7)],
    ["URL schemes without credentials", "a://b:".repeat(MB / 6)],
    ["URL userinfo without @", `https://u:${"x".repeat(MB)}`],
    ["key= without values", "key=".repeat(MB / 4)],
    ["password: with spaces", "password:   ".repeat(MB / 12)],
    ["unterminated private keys", "-----BEGIN PRIVATE KEY-----".repeat(MB / 27)],
    ["one long word", "a".repeat(MB)],
    ["dashes and underscores", "-_".repeat(MB / 2)],
    ["e-mail-like runs", "a@b.".repeat(MB / 4)],
    ["local parts without @", "a.b+c%".repeat(MB / 6)],
    ["digit runs", "1234-".repeat(MB / 5)],
    ["phone-like runs", "+1 (415) 555-".repeat(MB / 13)],
  ];

  it.each(adversarial)("%s (1 MB) finishes in under a second", (_label, text) => {
    const started = performance.now();
    sanitizeFreeText(text, { redactPersonalData: true, maxLength: null });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("redactPersonalData", () => {
  it("redacts e-mail addresses and phone numbers", () => {
    const result = redactPersonalData("Contact jane.doe+ops@corp.example.co.uk or +1 (415) 555-0100, +44 20 7946 0958, 415.555.0199, +4915112345678.");
    expect(result.text).toBe(
      "Contact [REDACTED:email] or [REDACTED:phone], [REDACTED:phone], [REDACTED:phone], [REDACTED:phone].",
    );
    expect(result.byKind).toEqual({ email: 1, phone: 4 });
  });

  it("does not mistake dates, versions, IP addresses, UUIDs or token counts for phone numbers", () => {
    const text = "2024-06-01 12:30:45 v2.3.4 192.168.100.200 550e8400-e29b-41d4-a716-446655440000 1200 tokens 10.0.0.1 req-2024-0601-123456";
    expect(redactPersonalData(text)).toEqual({ text, count: 0, byKind: {} });
  });
});

describe("sanitizeFreeText", () => {
  it("redacts secrets, then personal data, then truncates", () => {
    const result = sanitizeFreeText(`Send ${OPENAI_KEY} to ops@example.com please, it is urgent`, { redactPersonalData: true, maxLength: 40 });
    expect(result.text).toBe("Send [REDACTED:api_key] to [REDACTED:em…");
    expect(result.text).toHaveLength(40);
    expect(result.truncated).toBe(true);
    expect(result.secrets).toEqual({ api_key: 1 });
    expect(result.personalData).toEqual({ email: 1 });
    expect(result.redactedCount).toBe(2);
  });

  it("can keep personal data", () => {
    expect(sanitizeFreeText("ops@example.com", { redactPersonalData: false }).text).toBe("ops@example.com");
  });

  it("defaults to redacting personal data without truncation", () => {
    expect(sanitizeFreeText("ops@example.com").text).toBe("[REDACTED:email]");
  });
});

describe("truncateText", () => {
  it("never splits a surrogate pair", () => {
    const cut = truncateText("ab😀cd", 4);
    expect(cut.text).toBe("ab…");
    expect(truncateText("short", 10)).toEqual({ text: "short", truncated: false });
  });
});
