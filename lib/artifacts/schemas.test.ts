import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatBytes, ZArtifactLink, ZCustomerImpactStatement, ZMarkNotApplicable, ZNotApplicableReason } from "./schemas";

const link = { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://grafana.example.com/d/abc?from=now-6h", label: "Latency board" };
const errors = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return z.flattenError(r.error!).fieldErrors as Record<string, string[]>;
};

describe("ZArtifactLink", () => {
  it("accepts an http(s) link with a label, for a runbook kind", () => {
    expect(ZArtifactLink.parse({ ...link, label: "  Latency board " })).toEqual({ ...link, label: "Latency board" });
    expect(ZArtifactLink.parse({ ...link, url: "http://intranet.local/x" }).url).toBe("http://intranet.local/x");
  });

  it("refuses javascript:, data: and other non-web URLs", () => {
    for (const url of ["javascript:alert(document.cookie)", " JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "mailto:a@b.c", "//evil.test/x", "grafana/d/abc"]) {
      expect(errors(ZArtifactLink, { ...link, url }).url).toEqual(["Enter a full http:// or https:// URL."]);
    }
  });

  it("limits URLs to 2,000 characters and requires a label", () => {
    const base = "https://x.test/";
    expect(ZArtifactLink.safeParse({ ...link, url: base + "a".repeat(2000 - base.length) }).success).toBe(true);
    expect(errors(ZArtifactLink, { ...link, url: base + "a".repeat(2001 - base.length) }).url).toContain("Use at most 2,000 characters.");
    expect(errors(ZArtifactLink, { ...link, label: "   " }).label).toEqual(["Enter a label."]);
  });

  it("refuses unknown artifact kinds and link kinds", () => {
    const e = errors(ZArtifactLink, { ...link, artifactKind: "SCREENSHOTS", kind: "WIKI" });
    expect(e.artifactKind).toBeDefined();
    expect(e.kind).toBeDefined();
  });
});

describe("not applicable and statement", () => {
  it("not applicable needs a reason", () => {
    expect(errors(ZNotApplicableReason, { reason: "  " }).reason).toEqual(["Say why this artifact does not apply (at least 3 characters)."]);
    expect(ZMarkNotApplicable.parse({ incidentKey: "INC-2026-0001", artifactKind: "GRAPHS", version: 0, reason: " No dashboards existed " }).reason).toBe(
      "No dashboards existed",
    );
  });
  it("the statement is trimmed and capped", () => {
    expect(ZCustomerImpactStatement.parse({ statement: "  ok  " }).statement).toBe("ok");
    expect(ZCustomerImpactStatement.safeParse({ statement: "x".repeat(5001) }).success).toBe(false);
  });
});

describe("formatBytes", () => {
  it("uses binary units", () => {
    expect(formatBytes(734)).toBe("734 bytes");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
  });
});
