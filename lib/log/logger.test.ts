// Every kind of secret handed to the logger in the places code actually puts
// it (request headers, bodies, errors, messages) is absent from the output.
import { describe, expect, it } from "vitest";
import { createLogger, scrubTokens } from "./logger";

const TOKEN = "irt_0123abcd_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfG";
const SECRETS = {
  bearer: `Bearer ${TOKEN}`,
  cookie: "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.s3cr3t-session",
  password: "Correct-horse-battery-42!",
  passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
  prompt: "PROMPT: summarise the customer's medical record",
  apiKey: "sk-live-provider-key-9f8e7d6c",
  secret: "hmac-secret-for-ip-hashing",
};

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line) });
  logger.level = "info";
  return { logger, text: () => lines.join("\n"), lines };
}

describe("log redaction", () => {
  it("drops authorization and cookie headers, in any casing and nesting", () => {
    const { logger, text, lines } = capture();
    logger.info({ headers: { authorization: SECRETS.bearer, cookie: SECRETS.cookie, "user-agent": "curl/8" } }, "request");
    logger.info({ req: { headers: { Authorization: SECRETS.bearer, Cookie: SECRETS.cookie, "set-cookie": SECRETS.cookie } } }, "nested");
    logger.info({ authorization: SECRETS.bearer, cookie: SECRETS.cookie }, "top-level");
    const out = text();
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain("s3cr3t-session");
    expect(out).toContain("curl/8"); // the rest of the line is kept
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!).headers.authorization).toBe("[REDACTED]");
  });

  it("drops passwords, hashes, provider keys, secrets and prompt text", () => {
    const { logger, text } = capture();
    logger.info({ password: SECRETS.password, user: { passwordHash: SECRETS.passwordHash, email: "a@b.test" } }, "user");
    logger.info({ provider: { apiKey: SECRETS.apiKey }, secret: SECRETS.secret }, "provider");
    logger.info({ prompt: SECRETS.prompt, request: { messages: [{ role: "user", content: SECRETS.prompt }], systemMessage: SECRETS.prompt } }, "llm");
    const out = text();
    for (const value of [SECRETS.password, SECRETS.passwordHash, SECRETS.apiKey, SECRETS.secret, SECRETS.prompt]) expect(out).not.toContain(value);
    expect(out).toContain("a@b.test");
  });

  it("scrubs irt_ tokens from messages, arbitrary fields and errors", () => {
    const { logger, text } = capture();
    logger.info(`token ${TOKEN} used`);
    logger.info({ url: `/api/v1/incidents?access_token=${TOKEN}`, note: [TOKEN] }, "query %s", TOKEN);
    logger.error({ err: new Error(`bad token ${TOKEN}`) }, "failed");
    const out = text();
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain("AbCdEfGhIjKlMnOp");
    expect(out.match(/irt_\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(5);
    expect(out).toContain("bad token irt_[REDACTED]");
  });

  it("scrubTokens leaves non-plain objects and other strings alone", () => {
    const date = new Date(0);
    expect(scrubTokens({ d: date, s: "plain" })).toEqual({ d: date, s: "plain" });
    expect(scrubTokens(`x ${TOKEN} y`)).toBe("x irt_[REDACTED] y");
  });
});
