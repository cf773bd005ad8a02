import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isKeyedHash } from "@/lib/privacy/hash";
import { DEFAULT_EXPORT_POLICY, sanitizeDeep, sanitizeReview, type TExportPolicy, type TSanitizeReport } from "./sanitize";
import { fixtureReview } from "./testing/fixture";
import { freeTextLeaves, stringLeaves, withLeaves } from "./testing/leaves";

const policy: TExportPolicy = { pseudonymizeIdentifiers: true, hmacSecret: "test-secret-0123456789", redactPersonalData: true };
const KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e";
const SECRETS = [KEY, "Bearer abcdefghijklmnop1234", "dana.ops@example.com", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "+44 20 7946 0958"];

describe("sanitizeReview: a deep walk over every string", () => {
  it("redacts secrets and personal data in every free-text leaf of the review", () => {
    const review = fixtureReview();
    // Plant a key and an e-mail address in every string leaf, ids and dates included.
    const planted = withLeaves(review, (leaf) => `${leaf.value} ${KEY} dana.ops@example.com`);
    const report: TSanitizeReport = { stringsVisited: 0, stringsChanged: 0, keptAsIs: 0 };
    const out = sanitizeReview(planted, policy, report);
    const text = JSON.stringify(out);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("dana.ops@example.com");
    expect(report.stringsVisited).toBe(stringLeaves(planted).length);
    expect(report.stringsChanged).toBe(report.stringsVisited);
  });

  it("leaves ids, enums, hashes and ISO dates alone, and everything else unchanged when there is nothing to redact", () => {
    const review = fixtureReview();
    const out = sanitizeReview(review, policy);
    expect(out.incident.key).toBe("INC-2026-0001");
    expect(out.incident.degradationStartedAt).toBe("2026-05-08T09:12:00.000Z");
    expect(out.attachments[0]!.sha256).toBe("a".repeat(64));
    expect(out.attachments[0]!.bundlePath).toBe("attachments/01-latency_dashboard.png");
    expect(out.smokeRuns[1]!.requestId).toBe("incident-20260508-smoke-002");
    expect(out.timeline).toEqual(review.timeline);
    expect(out.questions).toEqual(review.questions);
  });

  it("an allow-listed key does not protect a secret-looking value", () => {
    const out = sanitizeDeep({ itemId: KEY, key: "INC-2026-0001", createdAt: "not a date dana.ops@example.com" }, policy);
    expect(out.itemId).toBe("[REDACTED:api_key]");
    expect(out.key).toBe("INC-2026-0001");
    expect(out.createdAt).toBe("not a date [REDACTED:email]");
  });

  it("pseudonymizes identifiers like the log import, or keeps them secret-redacted when the policy says so", () => {
    const review = fixtureReview();
    const hashed = sanitizeReview(review, policy).incident.affectedTenants;
    expect(hashed).toHaveLength(1);
    expect(isKeyedHash(hashed[0]!)).toBe(true);
    expect(sanitizeReview(review, { ...policy, pseudonymizeIdentifiers: false }).incident.affectedTenants).toEqual(["tenant-acme"]);
    expect(sanitizeReview({ ...review, incident: { ...review.incident, affectedTenants: [KEY] } }, { ...policy, pseudonymizeIdentifiers: false }).incident.affectedTenants).toEqual(["[REDACTED:api_key]"]);
    // No secret to key the hash with: dropped, never exported raw.
    expect(sanitizeReview(review, DEFAULT_EXPORT_POLICY).incident.affectedTenants).toEqual(["[REDACTED:identifier]"]);
  });

  it("applies the smoke sanitizer's extra patterns to smoke prompts", () => {
    const review = fixtureReview();
    const planted = { ...review, smokeRuns: review.smokeRuns.map((r) => ({ ...r, userMessage: "card 4111 1111 1111 1111 from 10.1.2.3" })) };
    const out = sanitizeReview(planted, policy);
    expect(out.smokeRuns[0]!.userMessage).not.toContain("4111");
    expect(out.smokeRuns[0]!.userMessage).not.toContain("10.1.2.3");
  });

  it("any secret placed in any free-text field is gone (property)", () => {
    const review = fixtureReview();
    const leaves = freeTextLeaves(review);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: leaves.length - 1 }), fc.constantFrom(...SECRETS), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (index, secret, before, after) => {
        const target = leaves[index]!.path.join(".");
        const planted = withLeaves(review, (leaf) => (leaf.path.join(".") === target ? `${before} ${secret} ${after}` : undefined));
        expect(JSON.stringify(sanitizeReview(planted, policy))).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});
