// The OpenAPI document of /api/v1: every route file and every registered v1
// route is in it, its structure is OpenAPI 3.1, and every schema compiles
// (ajv, JSON Schema 2020-12).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it, vi } from "vitest";

// The route modules import the session lookup (next-auth), which needs a running Next server.
vi.mock("@/lib/auth/session", () => ({ getActor: async () => null }));

const { V1_ROUTE_MODULES, openApiDocument } = await import("@/app/api/v1/registry");
import { API_REGISTRY } from "./api";
import { curlExample } from "./openapi";
import { PROBLEM_KINDS, problemTypeUri, type TProblemKind } from "./problem";
import { ROUTE_REGISTRY } from "./route";

const V1_DIR = path.join(process.cwd(), "app/api/v1");

function routeFolders(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFolders(full, prefix ? `${prefix}/${name}` : name));
    else if (name === "route.ts") out.push(prefix);
  }
  return out;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The parts of the OpenAPI 3.1 schema this document uses, enforced strictly enough to catch mistakes. */
const OPENAPI_31_SUBSET = {
  type: "object",
  required: ["openapi", "info", "paths", "components"],
  properties: {
    openapi: { const: "3.1.0" },
    info: { type: "object", required: ["title", "version"], properties: { title: { type: "string" }, version: { type: "string" } } },
    servers: { type: "array", items: { type: "object", required: ["url"] } },
    paths: {
      type: "object",
      propertyNames: { pattern: "^/" },
      additionalProperties: {
        type: "object",
        propertyNames: { enum: ["get", "post", "put", "patch", "delete"] },
        additionalProperties: {
          type: "object",
          required: ["operationId", "responses"],
          properties: {
            operationId: { type: "string", minLength: 1 },
            tags: { type: "array", items: { type: "string" } },
            parameters: {
              type: "array",
              items: {
                type: "object",
                required: ["name", "in", "schema"],
                properties: { in: { enum: ["path", "query", "header", "cookie"] }, required: { type: "boolean" } },
                if: { properties: { in: { const: "path" } } },
                then: { properties: { required: { const: true } }, required: ["required"] },
              },
            },
            requestBody: { type: "object", required: ["content"], properties: { content: { type: "object", minProperties: 1 } } },
            responses: {
              type: "object",
              minProperties: 1,
              propertyNames: { pattern: "^[1-5][0-9]{2}$" },
              additionalProperties: {
                anyOf: [{ type: "object", required: ["$ref"] }, { type: "object", required: ["description"] }],
              },
            },
            security: { type: "array" },
          },
        },
      },
    },
    components: {
      type: "object",
      properties: {
        securitySchemes: { type: "object", additionalProperties: { type: "object", required: ["type"] } },
        schemas: { type: "object" },
        responses: { type: "object", additionalProperties: { type: "object", required: ["description"] } },
      },
    },
  },
};

describe("OpenAPI document", () => {
  const doc = openApiDocument("http://localhost:3000");
  const v1Names = [...ROUTE_REGISTRY.keys()].filter((n) => n.startsWith("v1."));

  it("lists every route file under app/api/v1 in the registry module", () => {
    const onDisk = routeFolders(V1_DIR).filter((f) => f !== "openapi.json").sort();
    expect(Object.keys(V1_ROUTE_MODULES).sort()).toEqual(onDisk);
    // Every exported HTTP method of every route file is a registered API route.
    const exported = Object.values(V1_ROUTE_MODULES).flatMap((m) => METHODS.filter((verb) => verb in m));
    expect(exported.length).toBe(API_REGISTRY.size - 1); // all but openapi.json itself
  });

  it("contains every registered v1 route, with its method, path and permission", () => {
    expect(v1Names.length).toBeGreaterThanOrEqual(17);
    expect(new Set(v1Names)).toEqual(new Set(API_REGISTRY.keys()));
    for (const name of v1Names) {
      const r = API_REGISTRY.get(name)!;
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${name} ${r.method} ${r.path}`).toBeDefined();
      expect(op!["x-permission"]).toBe(ROUTE_REGISTRY.get(name));
      // Every {param} of the path template is a documented path parameter.
      for (const [, param] of r.path.matchAll(/\{(\w+)\}/g)) {
        expect(op!.parameters.some((p) => p.in === "path" && p.name === param), `${name} documents {${param}}`).toBe(true);
      }
      // Writes accept only a bearer token; reads a token or the session cookie.
      expect(op!.security).toEqual(r.method === "GET" ? [{ bearerAuth: [] }, { cookieAuth: [] }] : [{ bearerAuth: [] }]);
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(["400", "401", "403", "500"]));
    }
    const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("has a valid OpenAPI 3.1 structure and every $ref resolves", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(OPENAPI_31_SUBSET);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const pointer = ref.slice(8, -1);
      expect(pointer.startsWith("#/components/")).toBe(true);
      let node: unknown = doc;
      for (const part of pointer.slice(2).split("/")) node = (node as Record<string, unknown>)?.[part];
      expect(node, pointer).toBeDefined();
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("every request, response, parameter and problem schema compiles as JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: "doc", components: doc.components }, "doc");
    let compiled = 0;
    const compile = (schema: unknown, where: string) => {
      const text = JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/');
      expect(() => ajv.compile(JSON.parse(text) as object), where).not.toThrow();
      compiled++;
    };
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        for (const param of op.parameters) compile(param.schema, `${m} ${p} ${param.name}`);
        for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) compile(c.schema, `${m} ${p} body ${type}`);
        for (const [status, r] of Object.entries(op.responses)) {
          const content = (r as { content?: Record<string, { schema: unknown }> }).content ?? {};
          for (const [type, c] of Object.entries(content)) compile(c.schema, `${m} ${p} ${status} ${type}`);
        }
      }
    }
    compile(doc.components.schemas.Problem, "Problem");
    expect(compiled).toBeGreaterThan(40);
  });

  it("request bodies are the forms' schemas: they accept a valid form input and reject a bad one", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const create = doc.paths["/api/v1/incidents"]!.post!.requestBody!.content["application/json"]!.schema;
    const validate = ajv.compile(create);
    expect(validate({ title: "Gateway 5xx", severity: "SEV2", startedAtLocal: "2026-05-08T09:00", timeZone: "UTC" })).toBe(true);
    expect(validate({ title: "Gateway 5xx", severity: "SEV9", startedAtLocal: "2026-05-08T09:00", timeZone: "UTC" })).toBe(false);
    // Server-supplied fields are not asked of the client.
    const timeline = doc.paths["/api/v1/incidents/{key}/timeline"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(timeline.properties as object)).not.toContain("incidentId");
    expect(doc.paths["/api/v1/incidents/{key}"]!.patch!.requestBody!.content["application/json"]!.schema.required).toEqual(["version"]);
  });

  it("query parameters are required only when leaving them out fails; curl examples match the body kind", () => {
    const list = doc.paths["/api/v1/incidents"]!.get!.parameters;
    expect(list.filter((p) => p.in === "query").length).toBeGreaterThan(10);
    expect(list.every((p) => !p.required)).toBe(true);
    const upload = doc.paths["/api/v1/incidents/{key}/imports"]!.put!;
    expect(upload.parameters.filter((p) => p.required).map((p) => p.name).sort()).toEqual(["fileName", "key"]);
    const rawCurl = curlExample("http://x", "put", "/api/v1/incidents/{key}/imports", upload);
    expect(rawCurl).toContain("--data-binary @");
    expect(rawCurl).toContain("fileName=<fileName>");
    expect(rawCurl).toContain("Authorization: Bearer $IR_TOKEN");
    const jsonCurl = curlExample("http://x", "post", "/api/v1/incidents", doc.paths["/api/v1/incidents"]!.post!);
    expect(jsonCurl).toContain("Content-Type: application/json");
    expect(JSON.parse(/-d '(.*)'$/m.exec(jsonCurl)![1]!)).toMatchObject({ severity: "SEV1", title: "" });
  });

  it("documents every problem kind with its stable type URI", () => {
    for (const kind of Object.keys(PROBLEM_KINDS) as TProblemKind[]) {
      expect(JSON.stringify(doc.components.responses[kind])).toContain(problemTypeUri(kind));
    }
    expect(doc.paths["/api/v1/incidents"]!.post!.responses["415"]).toEqual({ $ref: "#/components/responses/unsupported-media-type" });
  });
});
