// The upload and download route handlers end to end below the HTTP server:
// defineRoute's order (params → actor → permission → body within limit → lib),
// problem+json failures, and the download headers.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { makeActor } from "@/lib/testing/integration";
import { createIncident } from "@/lib/incidents/incidents";
import { getUploadLimitBytes } from "./artifacts";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { POST } = await import("@/app/api/incidents/[key]/attachments/route");
const { GET } = await import("@/app/api/incidents/[key]/attachments/[id]/route");

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function uploadRequest(key: string, file: Blob, fileName: string, init: { headers?: Record<string, string>; artifactKind?: string } = {}) {
  const form = new FormData();
  form.set("artifactKind", init.artifactKind ?? "GRAPHS");
  form.set("file", file, fileName);
  return new Request(`http://localhost/api/incidents/${key}/attachments`, { method: "POST", body: form, headers: init.headers });
}

async function setUploadLimit(bytes: number) {
  await getUploadLimitBytes(); // creates the settings row when missing
  await getPrisma().installationSetting.update({ where: { id: 1 }, data: { maxUploadBytes: bytes } });
}

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

async function counts(incidentId: string) {
  return {
    attachments: await getPrisma().attachment.count({ where: { incidentId } }),
    audit: await getPrisma().auditLog.count({ where: { incidentId } }),
  };
}

let commander: TActor;
let viewer: TActor;
let incident: { id: string; key: string };

beforeEach(async () => {
  commander = await makeActor("COMMANDER");
  viewer = await makeActor("VIEWER");
  incident = await createIncident(commander, { title: "Route tests", severity: "SEV4", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
});

afterEach(async () => {
  session.actor = null;
  await getPrisma().installationSetting.updateMany({ data: { maxUploadBytes: 10 * 1024 * 1024 } });
});

describe("POST /api/incidents/[key]/attachments", () => {
  it("stores an upload from a commander and answers 201 with its metadata", async () => {
    session.actor = commander;
    const res = await POST(uploadRequest(incident.key, new Blob([PNG], { type: "image/png" }), "graph.png"), ctx({ key: incident.key }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { ok: boolean; data: { id: string; mimeType: string; fileName: string } };
    expect(body).toMatchObject({ ok: true, data: { mimeType: "image/png", fileName: "graph.png" } });
    expect(await counts(incident.id)).toMatchObject({ attachments: 1 });
  });

  it("refuses signed-out (401) and viewer (403) callers with problem+json, storing nothing", async () => {
    const before = await counts(incident.id);
    session.actor = null;
    const anonymous = await POST(uploadRequest(incident.key, new Blob([PNG]), "graph.png"), ctx({ key: incident.key }));
    expect(anonymous.status).toBe(401);
    session.actor = viewer;
    const forged = await POST(uploadRequest(incident.key, new Blob([PNG]), "graph.png"), ctx({ key: incident.key }));
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
    expect(await forged.json()).toMatchObject({ status: 403, title: "Forbidden", detail: "Your role does not allow this action." });
    expect(await counts(incident.id)).toEqual(before);
  });

  it("refuses a body over the limit from Content-Length before reading it", async () => {
    session.actor = commander;
    await setUploadLimit(1024);
    const before = await counts(incident.id);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
        if (pulled > 200) controller.close();
      },
    });
    const request = new Request(`http://localhost/api/incidents/${incident.key}/attachments`, {
      method: "POST",
      body,
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024) },
      duplex: "half",
    } as RequestInit);
    const res = await POST(request, ctx({ key: incident.key }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ detail: "The file is larger than the upload limit of 1 KiB. Nothing was uploaded." });
    expect(pulled).toBeLessThanOrEqual(1); // at most the stream's initial pull: the body was not read
    expect(await counts(incident.id)).toEqual(before);
  });

  it("counts bytes when there is no Content-Length and stops reading past the limit", async () => {
    session.actor = commander;
    await setUploadLimit(1024);
    const before = await counts(incident.id);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024));
        if (pulled >= 1000) controller.close();
      },
    });
    const request = new Request(`http://localhost/api/incidents/${incident.key}/attachments`, {
      method: "POST",
      body,
      headers: { "content-type": "multipart/form-data; boundary=x" },
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const res = await POST(request, ctx({ key: incident.key }));
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(20); // 1 KiB + 64 KiB overhead: a handful of 16 KiB chunks, not all 1000
    expect(await counts(incident.id)).toEqual(before);
  });

  it("refuses a file just over the limit inside a body that fits the multipart allowance", async () => {
    session.actor = commander;
    await setUploadLimit(1024);
    const before = await counts(incident.id);
    const res = await POST(uploadRequest(incident.key, new Blob([new Uint8Array(1025).fill(0x61)]), "a.txt"), ctx({ key: incident.key }));
    expect(res.status).toBe(413);
    expect(await counts(incident.id)).toEqual(before);
  });

  it("refuses a spoofed type (400) with the reason and stores nothing", async () => {
    session.actor = commander;
    const before = await counts(incident.id);
    const res = await POST(uploadRequest(incident.key, new Blob(["just some text"], { type: "image/png" }), "x.png"), ctx({ key: incident.key }));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { detail: string; fieldErrors: Record<string, string[]> };
    expect(problem.detail).toBe('"x.png" is named as a PNG image, but its content is plain text. Nothing was uploaded.');
    expect(problem.fieldErrors.file).toEqual([problem.detail]);
    expect(await counts(incident.id)).toEqual(before);
  });

  it("refuses a cross-site origin, an unknown artifact kind and a malformed key", async () => {
    session.actor = commander;
    const before = await counts(incident.id);
    const crossSite = uploadRequest(incident.key, new Blob([PNG]), "g.png", { headers: { origin: "https://evil.example", host: "localhost" } });
    expect((await POST(crossSite, ctx({ key: incident.key }))).status).toBe(403);
    const badKind = await POST(uploadRequest(incident.key, new Blob([PNG]), "g.png", { artifactKind: "SELFIES" }), ctx({ key: incident.key }));
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.artifactKind).toBeDefined();
    expect((await POST(uploadRequest("nope", new Blob([PNG]), "g.png"), ctx({ key: "nope" }))).status).toBe(400);
    expect((await POST(uploadRequest("INC-2099-9999", new Blob([PNG]), "g.png"), ctx({ key: "INC-2099-9999" }))).status).toBe(404);
    expect(await counts(incident.id)).toEqual(before);
  });
});

describe("GET /api/incidents/[key]/attachments/[id]", () => {
  it("serves the file to a viewer as an attachment with nosniff and the detected type", async () => {
    session.actor = commander;
    const created = (await (await POST(uploadRequest(incident.key, new Blob([PNG]), "Grafik (final).png"), ctx({ key: incident.key }))).json()) as { data: { id: string } };
    session.actor = viewer;
    const res = await GET(new Request(`http://localhost/api/incidents/${incident.key}/attachments/${created.data.id}`), ctx({ key: incident.key, id: created.data.id }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''Grafik%20%28final%29.png");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
  });

  it("answers 401 signed out and 404 for another incident's key", async () => {
    session.actor = commander;
    const created = (await (await POST(uploadRequest(incident.key, new Blob([PNG]), "g.png"), ctx({ key: incident.key }))).json()) as { data: { id: string } };
    const other = await createIncident(commander, { title: "Other", severity: "SEV4", degradationStartedAt: new Date("2026-05-01T00:00:00Z") });
    session.actor = null;
    expect((await GET(new Request("http://localhost/x"), ctx({ key: incident.key, id: created.data.id }))).status).toBe(401);
    session.actor = viewer;
    expect((await GET(new Request("http://localhost/x"), ctx({ key: other.key, id: created.data.id }))).status).toBe(404);
  });
});
