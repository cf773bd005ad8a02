import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runbook } from "@/lib/runbook/runbook";
import {
  checkSmokeMessageSafety,
  passesIbanChecksum,
  passesLuhn,
  redactSmokeMessage,
  type TSafetyKind,
} from "./sanitize";

/** [kind, matched text] pairs, for compact assertions. */
function found(text: string): [TSafetyKind, string][] {
  return checkSmokeMessageSafety(text).findings.map((f) => [f.kind, text.slice(f.start, f.end)]);
}

const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

describe("checkSmokeMessageSafety: clean prompts", () => {
  it("accepts the runbook's own smoke prompt", () => {
    const { systemMessage } = runbook.steps.smokeRequest.example;
    const user = 'Health check. Reply with {"ok":true,"path":"fallback"}.';
    expect(checkSmokeMessageSafety(systemMessage)).toEqual({ safe: true, findings: [] });
    expect(checkSmokeMessageSafety(user)).toEqual({ safe: true, findings: [] });
  });

  it("does not flag ordinary incident text", () => {
    for (const text of [
      "incident-20260508-smoke-001 at 2026-05-08 10:05:00Z, p95 1200 ms, 25% of eligible requests",
      "Authorization: Bearer ${COMETAPI_API_KEY}",
      "api_key=${COMETAPI_API_KEY} and token: $TOKEN",
      "task-specific validation; version 1.2.3; ticket 4111",
      "timestamp 1778236800000 and order 1234567890123",
      "",
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });
});

describe("checkSmokeMessageSafety: secrets", () => {
  it("flags sk- style API keys", () => {
    expect(found("key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123 here")).toEqual([
      ["OPENAI_KEY", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123"],
    ]);
    expect(found("sk-short")).toEqual([]);
    expect(found("task-AbCdEfGhIjKlMnOpQrStUvWx0123")).toEqual([]);
  });

  it("flags bearer tokens but reports a JWT inside one once", () => {
    expect(found("Authorization: Bearer abcdefghijklmnop1234")).toEqual([["BEARER_TOKEN", "abcdefghijklmnop1234"]]);
    expect(found(`Authorization: bearer ${JWT}`)).toEqual([["JWT", JWT]]);
    expect(found("Bearer tokens are short")).toEqual([]);
  });

  it("flags AWS access key ids", () => {
    expect(found("id AKIAIOSFODNN7EXAMPLE.")).toEqual([["AWS_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE"]]);
    expect(found("XAKIAIOSFODNN7EXAMPLE")).toEqual([]);
  });

  it("flags credential assignments, reporting the value only", () => {
    expect(found('{"password": "hunter22", api_key=abc123XYZ}')).toEqual([
      ["CREDENTIAL_ASSIGNMENT", "hunter22"],
      ["CREDENTIAL_ASSIGNMENT", "abc123XYZ"],
    ]);
    expect(found("PASSWORD:correct-horse")).toEqual([["CREDENTIAL_ASSIGNMENT", "correct-horse"]]);
    expect(found("client_secret = 'zz99zz99'")).toEqual([["CREDENTIAL_ASSIGNMENT", "zz99zz99"]]);
  });

  it("flags JWTs", () => {
    expect(found(`token ${JWT}`)).toEqual([["JWT", JWT]]);
  });

  it("flags private key blocks, including unterminated ones", () => {
    const block = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    expect(found(`before\n${block}\nafter`)).toEqual([["PRIVATE_KEY", block]]);
    expect(found("-----BEGIN PRIVATE KEY-----\nMIIE")).toEqual([["PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nMIIE"]]);
  });

  it("flags passwords in URLs without double-counting the host as an e-mail", () => {
    expect(found("db postgres://admin:s3cr3t@db.example.com:5432/app")).toEqual([["URL_CREDENTIALS", "admin:s3cr3t"]]);
    expect(found("https://example.com/path?x=1")).toEqual([]);
  });
});

describe("checkSmokeMessageSafety: personal data", () => {
  it("flags e-mail addresses", () => {
    expect(found("mail jane.doe+ops@example.co.uk now")).toEqual([["EMAIL", "jane.doe+ops@example.co.uk"]]);
    expect(found("mailto:ops@example.com")).toEqual([["EMAIL", "ops@example.com"]]);
  });

  it("flags phone numbers in common formats, but not dates", () => {
    expect(found("call +1 (555) 123-4567, 555-123-4567 or +44 20 7946 0958")).toEqual([
      ["PHONE", "+1 (555) 123-4567"],
      ["PHONE", "555-123-4567"],
      ["PHONE", "+44 20 7946 0958"],
    ]);
    expect(found("(555) 123-4567")).toEqual([["PHONE", "(555) 123-4567"]]);
    expect(found("on 2026-05-08 at 10:00")).toEqual([]);
    expect(found("+1 2")).toEqual([]);
  });

  it("flags card numbers only when they pass Luhn", () => {
    expect(found("card 4111 1111 1111 1111 ok")).toEqual([["CREDIT_CARD", "4111 1111 1111 1111"]]);
    expect(found("card 5500-0000-0000-0004")).toEqual([["CREDIT_CARD", "5500-0000-0000-0004"]]);
    expect(found("card 4111111111111112")).toEqual([]);
  });

  it("flags IPv4 addresses, not out-of-range ones", () => {
    expect(found("from 192.168.1.20.")).toEqual([["IPV4", "192.168.1.20"]]);
    expect(found("999.1.1.1 and 1.2.3")).toEqual([]);
  });

  it("flags IBANs with a valid checksum, with or without spaces", () => {
    expect(found("GB82 WEST 1234 5698 7654 32 / DE89370400440532013000")).toEqual([
      ["IBAN", "GB82 WEST 1234 5698 7654 32"],
      ["IBAN", "DE89370400440532013000"],
    ]);
    expect(found("GB00WEST12345698765432")).toEqual([]);
  });
});

describe("finding details", () => {
  it("reports category, label, offsets, length and a masked preview", () => {
    const text = "key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123";
    const { safe, findings } = checkSmokeMessageSafety(text);
    expect(safe).toBe(false);
    expect(findings).toEqual([
      {
        kind: "OPENAI_KEY",
        category: "SECRET",
        label: "API key (sk-…)",
        start: 4,
        end: text.length,
        length: text.length - 4,
        preview: "sk-p…",
      },
    ]);
  });

  it("orders findings by position", () => {
    const text = "ops@example.com then 10.0.0.1 then AKIAIOSFODNN7EXAMPLE";
    expect(found(text).map(([kind]) => kind)).toEqual(["EMAIL", "IPV4", "AWS_ACCESS_KEY"]);
    expect(checkSmokeMessageSafety(text).findings.map((f) => f.category)).toEqual([
      "PERSONAL_DATA",
      "PERSONAL_DATA",
      "SECRET",
    ]);
  });

  it("counts unicode characters by code point in the preview", () => {
    const text = "password=🔑🔑🔑🔑🔑🔑🔑🔑";
    const [finding] = checkSmokeMessageSafety(text).findings;
    expect(finding?.length).toBe(8);
    expect(finding?.preview).toBe("🔑🔑…");
  });
});

describe("redactSmokeMessage", () => {
  it("replaces every finding with its kind", () => {
    expect(redactSmokeMessage("mail ops@example.com with password=hunter22 from 10.0.0.1")).toBe(
      "mail [REDACTED:EMAIL] with password=[REDACTED:CREDENTIAL_ASSIGNMENT] from [REDACTED:IPV4]",
    );
  });

  it("leaves clean text unchanged", () => {
    expect(redactSmokeMessage("Return only a compact JSON object.")).toBe("Return only a compact JSON object.");
  });
});

describe("checksums", () => {
  it("implements Luhn", () => {
    expect(passesLuhn("4111111111111111")).toBe(true);
    expect(passesLuhn("79927398713")).toBe(true);
    expect(passesLuhn("79927398710")).toBe(false);
    expect(passesLuhn("12a4")).toBe(false);
  });

  it("implements the IBAN mod-97 check", () => {
    expect(passesIbanChecksum("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(passesIbanChecksum("GB82 WEST 1234 5698 7654 33")).toBe(false);
    expect(passesIbanChecksum("GB82")).toBe(false);
  });
});

describe("robustness", () => {
  it("stays fast on hostile input", () => {
    const inputs = [
      "a".repeat(100_000),
      "1".repeat(100_000),
      "+1 ".repeat(30_000),
      "a@".repeat(50_000),
      "a.".repeat(50_000) + "@",
      "eyJ".repeat(30_000),
      "-----BEGIN PRIVATE KEY-----".repeat(3000),
      "x://".repeat(25_000),
      "password=".repeat(10_000),
      "1.".repeat(50_000),
      "GB82 ".repeat(20_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      checkSmokeMessageSafety(text);
      expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(1500);
    }
  });

  it("never throws and returns well-formed findings for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ maxLength: 300 })), (text) => {
        const { safe, findings } = checkSmokeMessageSafety(text);
        expect(safe).toBe(findings.length === 0);
        let lastStart = -1;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.start).toBeGreaterThanOrEqual(lastStart);
          lastStart = f.start;
          expect(f.preview.includes(text.slice(f.start, f.end))).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("never shows a planted secret in full in any preview, and redaction removes it", () => {
    const alnum = fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), minLength: 24, maxLength: 48 });
    const upper = fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), minLength: 16, maxLength: 16 });
    const secret = fc.oneof(
      alnum.map((s) => ({ text: `sk-${s}`, secret: `sk-${s}` })),
      alnum.map((s) => ({ text: `Bearer ${s}`, secret: s })),
      upper.map((s) => ({ text: `AKIA${s}`, secret: `AKIA${s}` })),
      alnum.map((s) => ({ text: `password=${s}`, secret: s })),
      alnum.map((s) => ({ text: `https://user:${s}@example.com`, secret: `user:${s}` })),
    );
    const filler = fc.string({ unit: fc.constantFrom(..." \n.,;:!?abc"), maxLength: 20 });
    fc.assert(
      fc.property(filler, secret, filler, (before, planted, after) => {
        const text = `${before} ${planted.text} ${after}`;
        const { findings } = checkSmokeMessageSafety(text);
        expect(findings.some((f) => f.category === "SECRET")).toBe(true);
        for (const f of findings) {
          expect(f.preview.includes(planted.secret)).toBe(false);
          expect(f.preview.includes(text.slice(f.start, f.end))).toBe(false);
        }
        expect(redactSmokeMessage(text).includes(planted.secret)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
