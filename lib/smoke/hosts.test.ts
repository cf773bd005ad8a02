import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkOutboundUrl, formatHostEntry, isHostAllowed, parseHostEntry, ZSaveAllowedHosts } from "./hosts";

describe("isHostAllowed", () => {
  const list = ["allowed.com", "api.example.org:8443", "127.0.0.1:4010", "[::1]:9000"];

  it("allows a listed host on the scheme's default port, and a listed host:port", () => {
    expect(isHostAllowed("https://allowed.com/v1/chat/completions", list)).toBe(true);
    expect(isHostAllowed("http://allowed.com/v1", list)).toBe(true);
    expect(isHostAllowed("https://allowed.com:443/v1", list)).toBe(true);
    expect(isHostAllowed("https://api.example.org:8443/v1", list)).toBe(true);
    expect(isHostAllowed("http://127.0.0.1:4010/v1/chat/completions", list)).toBe(true);
  });

  it("refuses other ports of a listed host", () => {
    expect(isHostAllowed("https://allowed.com:8443/v1", list)).toBe(false);
    expect(isHostAllowed("https://api.example.org/v1", list)).toBe(false);
    expect(isHostAllowed("http://127.0.0.1:4011/", list)).toBe(false);
  });

  it("is not fooled by userinfo, suffixes, prefixes or look-alikes", () => {
    expect(isHostAllowed("https://allowed.com@evil.com/", list)).toBe(false);
    expect(isHostAllowed("https://evil.com@allowed.com/", list)).toBe(false); // credentials are refused outright
    expect(isHostAllowed("https://allowed.com.evil.com/", list)).toBe(false);
    expect(isHostAllowed("https://evilallowed.com/", list)).toBe(false);
    expect(isHostAllowed("https://sub.allowed.com/", list)).toBe(false);
    expect(isHostAllowed("https://evil.com/allowed.com", list)).toBe(false);
    expect(isHostAllowed("https://evil.com/?h=allowed.com", list)).toBe(false);
    expect(isHostAllowed("https://evil.com#allowed.com", list)).toBe(false);
    expect(isHostAllowed("https://allowed.com%2eevil.com/", list)).toBe(false);
  });

  it("compares hosts case-insensitively and ignores a trailing dot", () => {
    expect(isHostAllowed("https://ALLOWED.COM/v1", list)).toBe(true);
    expect(isHostAllowed("https://Allowed.Com./v1", list)).toBe(true);
    expect(isHostAllowed("https://allowed.com/", ["ALLOWED.com"])).toBe(true);
  });

  it("canonicalises IPv4 and IPv6 spellings", () => {
    expect(isHostAllowed("http://127.1:4010/", list)).toBe(true);
    expect(isHostAllowed("http://0x7f.0.0.1:4010/", list)).toBe(true);
    expect(isHostAllowed("http://[::1]:9000/", list)).toBe(true);
    expect(isHostAllowed("http://[0:0:0:0:0:0:0:1]:9000/", list)).toBe(true);
    expect(isHostAllowed("http://[::1]:9001/", list)).toBe(false);
    expect(isHostAllowed("http://[::2]:9000/", list)).toBe(false);
    expect(isHostAllowed("http://[::1]/", ["::1"])).toBe(true);
    expect(isHostAllowed("http://[::ffff:7f00:1]:4010/", list)).toBe(false);
  });

  it("refuses non-http schemes, invalid URLs, and everything when the list is empty", () => {
    expect(isHostAllowed("ftp://allowed.com/", list)).toBe(false);
    expect(isHostAllowed("file:///etc/passwd", list)).toBe(false);
    expect(isHostAllowed("not a url", list)).toBe(false);
    expect(isHostAllowed("https://allowed.com/", [])).toBe(false);
  });

  it("says why a URL is refused", () => {
    const r = checkOutboundUrl("https://evil.com:8080/v1", list);
    expect(r).toEqual({ ok: false, reason: "evil.com:8080 is not on the outbound allow-list. An admin can add it under Admin → Settings." });
    expect(checkOutboundUrl("https://a:b@allowed.com/", list)).toMatchObject({ ok: false, reason: expect.stringMatching(/user name or password/) });
  });

  it("ignores unusable list entries instead of matching them loosely", () => {
    expect(isHostAllowed("https://allowed.com/", ["https://allowed.com", "allowed.com/path", "*.allowed.com"])).toBe(false);
  });
});

describe("parseHostEntry / ZSaveAllowedHosts", () => {
  it("parses host, host:port and IPv6 entries into canonical form", () => {
    expect(parseHostEntry(" API.CometAPI.com ")).toEqual({ hostname: "api.cometapi.com", port: null });
    expect(parseHostEntry("127.0.0.1:8080")).toEqual({ hostname: "127.0.0.1", port: 8080 });
    expect(formatHostEntry(parseHostEntry("[0::1]:8080")!)).toBe("[::1]:8080");
    expect(formatHostEntry(parseHostEntry("::1")!)).toBe("[::1]");
  });

  it("rejects URLs, paths, credentials, wildcards and bad ports", () => {
    for (const bad of ["http://a.com", "a.com/x", "u@a.com", "*.a.com", "a.com:0", "a.com:70000", "a.com:", "", "a b.com"]) {
      expect(parseHostEntry(bad), bad).toBeNull();
    }
  });

  it("normalizes the admin's text into a de-duplicated list and reports bad lines", () => {
    expect(ZSaveAllowedHosts.parse({ hosts: "Allowed.com\n\n allowed.com \n127.0.0.1:4010\r\n", basedOn: [] }).hosts).toEqual([
      "allowed.com",
      "127.0.0.1:4010",
    ]);
    const r = ZSaveAllowedHosts.safeParse({ hosts: "ok.com\nhttps://bad.com/x", basedOn: [] });
    expect(r.success).toBe(false);
    expect((z.flattenError(r.error!).fieldErrors as Record<string, string[]>).hosts?.[0]).toMatch(/is not a host name/);
  });
});
