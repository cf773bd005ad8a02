// Every /api/v1 route module, loaded so that their defineApiRoute calls fill
// API_REGISTRY; the OpenAPI document and the API docs page are built from it.
// lib/http/openapi.test.ts fails when a route file is missing from this list.
import { API_REGISTRY, defineApiRoute } from "@/lib/http/api";
import { buildOpenApiDocument, type TOpenApiDocument } from "@/lib/http/openapi";
import { ZApiOpenApi } from "@/lib/http/v1/schemas";
import * as incidents from "./incidents/route";
import * as incident from "./incidents/[key]/route";
import * as timeline from "./incidents/[key]/timeline/route";
import * as timelineEvent from "./incidents/[key]/timeline/[id]/route";
import * as followUps from "./incidents/[key]/follow-ups/route";
import * as followUp from "./incidents/[key]/follow-ups/[id]/route";
import * as imports from "./incidents/[key]/imports/route";
import * as importStatus from "./incidents/[key]/imports/[id]/route";
import * as exportBundle from "./incidents/[key]/export/bundle/route";
import * as exportMarkdown from "./incidents/[key]/export/markdown/route";
import * as exportPdf from "./incidents/[key]/export/pdf/route";

/** Route modules by their folder under app/api/v1 (checked against the files on disk by a test). */
export const V1_ROUTE_MODULES: Record<string, object> = {
  incidents,
  "incidents/[key]": incident,
  "incidents/[key]/timeline": timeline,
  "incidents/[key]/timeline/[id]": timelineEvent,
  "incidents/[key]/follow-ups": followUps,
  "incidents/[key]/follow-ups/[id]": followUp,
  "incidents/[key]/imports": imports,
  "incidents/[key]/imports/[id]": importStatus,
  "incidents/[key]/export/bundle": exportBundle,
  "incidents/[key]/export/markdown": exportMarkdown,
  "incidents/[key]/export/pdf": exportPdf,
};

/** The document for a server URL (the request's origin, so the curl examples work as shown). */
export function openApiDocument(serverUrl = "/"): TOpenApiDocument {
  return buildOpenApiDocument(API_REGISTRY.values(), serverUrl);
}

/** GET /api/v1/openapi.json: for any signed-in user or token holder (it describes the API, not data). */
export const openApiRoute = defineApiRoute({
  name: "v1.openapi",
  method: "GET",
  path: "/api/v1/openapi.json",
  tag: "Meta",
  summary: "This OpenAPI 3.1 document",
  permission: "incident:read",
  response: { description: "The OpenAPI document.", schema: ZApiOpenApi },
  run: async ({ request }) => openApiDocument(new URL(request.url).origin),
  respond: (doc) => Response.json(doc, { headers: { "cache-control": "no-store" } }),
});
