// The export route handlers below the HTTP server: defineRoute's checks
// (params → actor → permission), the download headers, problem+json failures
// and the 409 readiness refusal.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { makeActor } from "@/lib/testing/integration";
import { setRequireReadinessForExport } from "./settings";
import { seedFullReview, uniqueIncidentKey } from "./testing/seed";
import { readZip } from "./testing/unzip";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const bundleRoute = await import("@/app/api/incidents/[key]/export/bundle/route");
const markdownRoute = await import("@/app/api/incidents/[key]/export/markdown/route");
const pdfRoute = await import("@/app/api/incidents/[key]/export/pdf/route");

const ctx = (key: string) => ({ params: Promise.resolve({ key }) });
const get = (key: string, kind: string) => new Request(`http://localhost/api/incidents/${key}/export/${kind}`);

let viewer: TActor;
let admin: TActor;
let key: string;
let incidentId: string;

beforeAll(async () => {
  viewer = await makeActor("VIEWER");
  admin = await makeActor("ADMIN");
  const commander = await makeActor("COMMANDER");
  ({ key, incidentId } = await seedFullReview({ key: uniqueIncidentKey(), commanderId: commander.id, adminId: admin.id }));
  const current = await getPrisma().installationSetting.findUnique({ where: { id: 1 } });
  if (current?.requireReadinessForExport) await setRequireReadinessForExport(admin, { requireReadinessForExport: false, basedOn: true });
}, 120_000);

describe("export routes", () => {
  it("a viewer downloads the bundle (streamed zip), review.md and review.pdf as attachments", async () => {
    session.actor = viewer;
    const bundle = await bundleRoute.GET(get(key, "bundle"), ctx(key));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("application/zip");
    expect(bundle.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${key}-review-bundle.zip`);
    expect(bundle.headers.get("content-length")).toBeNull();
    const files = readZip(new Uint8Array(await bundle.arrayBuffer()));
    expect(Number(bundle.headers.get("x-export-file-count"))).toBe(files.size);

    const md = await markdownRoute.GET(get(key, "markdown"), ctx(key));
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(await md.text()).toContain(`# Incident review ${key}`);

    const pdf = await pdfRoute.GET(get(key, "pdf"), ctx(key));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  }, 120_000);

  it("refuses without a session, for an unknown incident and for a malformed key, as problem+json without a stack", async () => {
    session.actor = null;
    const anonymous = await markdownRoute.GET(get(key, "markdown"), ctx(key));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    session.actor = viewer;
    const missing = await markdownRoute.GET(get("INC-1999-0001", "markdown"), ctx("INC-1999-0001"));
    expect(missing.status).toBe(404);
    const bad = await bundleRoute.GET(get("x", "bundle"), ctx("../../etc"));
    expect(bad.status).toBe(400);
    for (const response of [anonymous, missing, bad]) {
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(["detail", "status", "title"]));
      expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+:\d+/);
    }
  });

  it("answers 409 with the readiness report when the installation requires a ready review", async () => {
    session.actor = viewer;
    await getPrisma().incident.update({ where: { id: incidentId }, data: { endedAt: null } });
    await setRequireReadinessForExport(admin, { requireReadinessForExport: true, basedOn: false });
    try {
      for (const [route, kind] of [[bundleRoute, "bundle"], [markdownRoute, "markdown"], [pdfRoute, "pdf"]] as const) {
        const response = await route.GET(get(key, kind), ctx(key));
        expect(response.status, kind).toBe(409);
        const body = (await response.json()) as { readiness: { ready: boolean; items: { code: string }[] } };
        expect(body.readiness.ready).toBe(false);
        expect(body.readiness.items.map((i) => i.code)).toEqual(["INCIDENT_WINDOW_OPEN"]);
      }
    } finally {
      await setRequireReadinessForExport(admin, { requireReadinessForExport: false, basedOn: true });
    }
  });
});
