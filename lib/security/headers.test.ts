import { describe, expect, it } from "vitest";
import { API_CSP, baseSecurityHeaders, buildPageCsp, generateNonce } from "./headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe("generateNonce", () => {
  it("is 16 random bytes in base64, different every call", () => {
    const nonces = new Set(Array.from({ length: 200 }, generateNonce));
    expect(nonces.size).toBe(200);
    for (const n of nonces) {
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(n)).toHaveLength(16);
    }
  });
});

describe("buildPageCsp", () => {
  it("allows scripts only by nonce in production: no unsafe-inline, no unsafe-eval", () => {
    const d = directives(buildPageCsp({ nonce: "abc123==" }));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d.get("script-src")!.join(" ")).not.toMatch(/unsafe/);
    expect(d.get("default-src")).toEqual(["'self'"]);
  });

  it("locks down objects, base, forms, framing and images", () => {
    const d = directives(buildPageCsp({ nonce: "n" }));
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("adds eval (and the reload socket) only for next dev", () => {
    const dev = directives(buildPageCsp({ nonce: "n", dev: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives(buildPageCsp({ nonce: "n" })).get("connect-src")).toEqual(["'self'"]);
  });
});

describe("static headers", () => {
  it("API responses may load nothing, be framed by nobody and run sandboxed", () => {
    expect(directives(API_CSP)).toEqual(
      new Map([
        ["default-src", ["'none'"]],
        ["frame-ancestors", ["'none'"]],
        ["sandbox", []],
      ]),
    );
  });

  it("sends nosniff, a strict referrer policy and a permissions policy, HSTS only in production", () => {
    const dev = baseSecurityHeaders({ production: false });
    expect(dev).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin" });
    expect(dev["Permissions-Policy"]).toContain("camera=()");
    expect(dev).not.toHaveProperty("Strict-Transport-Security");
    expect(baseSecurityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(/^max-age=31536000/);
  });
});

describe("next.config.ts", () => {
  it("keeps Next's server-action origin check (no allowedOrigins), sends no X-Powered-By, and applies the headers", async () => {
    const { default: config } = await import("@/next.config");
    expect(config.poweredByHeader).toBe(false);
    expect((config.experimental as { serverActions?: { allowedOrigins?: unknown } } | undefined)?.serverActions?.allowedOrigins).toBeUndefined();
    const rules = await config.headers!();
    const all = rules.find((r) => r.source === "/:path*")!;
    expect(all.headers.map((h) => h.key)).toEqual(expect.arrayContaining(["X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"]));
    const api = rules.find((r) => r.source === "/api/:path*")!;
    expect(api.headers).toEqual([{ key: "Content-Security-Policy", value: API_CSP }]);
  });
});
