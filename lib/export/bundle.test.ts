import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildBundle, renderLinksMarkdown, type TManifest } from "./bundle";
import { renderCharts } from "./pdf";
import { sanitizeReview } from "./sanitize";
import { fixtureReview } from "./testing/fixture";
import { readZip, streamToBytes } from "./testing/unzip";
import { nodesOfType } from "./testing/md-ast";

const policy = { pseudonymizeIdentifiers: true, hmacSecret: "test-secret-0123456789", redactPersonalData: true };
const review = sanitizeReview(fixtureReview(), policy);
const charts = renderCharts(review);
const FAKE_PDF = new TextEncoder().encode("%PDF-1.3 fake for the unit test\n%%EOF");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(60).fill(7)]);

describe("buildBundle", () => {
  it("zips every file with a manifest of sizes and SHA-256, storing binaries uncompressed", async () => {
    const progress: number[] = [];
    const zip = await streamToBytes(
      buildBundle(review, async function* () { yield PNG.slice(0, 10); yield PNG.slice(10); }, { charts, pdf: FAKE_PDF, onProgress: (p) => progress.push(p.filesDone) }),
    );
    const files = readZip(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files.get("manifest.json")!.data)) as TManifest;
    expect([...files.keys()]).toEqual([...manifest.files.map((f) => f.path), "manifest.json"]);
    expect(manifest.fileCount).toBe(files.size - 1);
    expect(manifest.files.map((f) => f.path)).toEqual([
      "review.md",
      "review.pdf",
      "review.json",
      "schema.json",
      "readiness.md",
      "readiness.json",
      "timeline.csv",
      "follow-ups.csv",
      "error-histogram.csv",
      "comparison.csv",
      "rollout-windows.csv",
      "charts/error-histogram.svg",
      "charts/error-histogram.png",
      "charts/latency.svg",
      "charts/latency.png",
      "charts/error-rate.svg",
      "charts/error-rate.png",
      "attachments/01-latency_dashboard.png",
      "links.md",
    ]);
    for (const entry of manifest.files) {
      const data = files.get(entry.path)!.data;
      expect(data.byteLength, entry.path).toBe(entry.size);
      expect(createHash("sha256").update(data).digest("hex"), entry.path).toBe(entry.sha256);
    }
    // 0 = stored, 8 = deflated.
    for (const name of ["review.pdf", "charts/latency.png", "attachments/01-latency_dashboard.png"]) expect(files.get(name)!.compression, name).toBe(0);
    for (const name of ["review.md", "review.json", "timeline.csv"]) expect(files.get(name)!.compression, name).toBe(8);
    expect(files.get("attachments/01-latency_dashboard.png")!.data).toEqual(PNG);
    // The attachment's recorded hash differs from these test bytes: the manifest says so.
    expect(manifest.files.find((f) => f.path.startsWith("attachments/"))!.recordedSha256).toBe("a".repeat(64));
    expect(progress.at(-1)).toBe(files.size);
    expect(new TextDecoder().decode(files.get("review.md")!.data)).toContain("![Error-class histogram](charts/error-histogram.png)");
  });

  it("is pulled: nothing, attachments included, is produced before the reader asks", async () => {
    let started = 0;
    const stream = buildBundle(review, async function* () { started += 1; yield PNG; }, { charts, pdf: FAKE_PDF });
    const reader = stream.getReader();
    await reader.read();
    expect(started).toBe(0);
    for (;;) if ((await reader.read()).done) break;
    expect(started).toBe(1);
  });

  it("fails the stream (not a silent truncation) when an attachment cannot be read", async () => {
    const stream = buildBundle(review, async function* () { yield PNG; throw new Error("database went away"); }, { charts, pdf: FAKE_PDF });
    await expect(streamToBytes(stream)).rejects.toThrow("database went away");
  });

  it("links.md lists the links as links and nothing else", () => {
    const md = renderLinksMarkdown(review);
    expect(nodesOfType(md, "link").map((l) => l.url)).toEqual([...review.links.map((l) => l.url), "https://tickets.example.com/OPS-1"]);
  });
});
