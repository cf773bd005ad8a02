// The OpenAPI 3.1 document of /api/v1, generated from the routes' own zod
// schemas (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
// Request schemas are the INPUT side of the forms' schemas (what a client
// sends, before transforms); nothing here is written by hand twice.
import { z } from "zod";
import { PROBLEM_KINDS, problemTypeUri, type TProblemKind } from "./problem";
import type { TApiRouteDoc } from "./api";

export type TJsonSchema = Record<string, unknown>;
export type TOpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, TOpenApiOperation>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, TJsonSchema>;
    responses: Record<string, unknown>;
  };
};
export type TOpenApiParameter = { name: string; in: "path" | "query"; required: boolean; description?: string; schema: TJsonSchema };
export type TOpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters: TOpenApiParameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: TJsonSchema }> };
  responses: Record<string, unknown>;
  "x-permission": string;
};

/** JSON Schema of a zod schema's input side; parts zod cannot express (transforms, preprocess) become `{}`. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): TJsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as TJsonSchema;
  delete out.$schema;
  return out;
}

function withoutFields(schema: TJsonSchema, hide: readonly string[], docRequired?: readonly string[]): TJsonSchema {
  if (docRequired) return withoutFields({ ...schema, required: [...docRequired] }, hide);
  if (!hide.length) return schema;
  const props = { ...((schema.properties as Record<string, unknown>) ?? {}) };
  for (const key of hide) delete props[key];
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter((k) => !hide.includes(k)) : undefined;
  return { ...schema, properties: props, ...(required ? { required } : {}) };
}

function parametersOf(schema: z.ZodType | undefined, where: "path" | "query"): TOpenApiParameter[] {
  if (!schema) return [];
  const js = jsonSchemaOf(schema);
  const props = (js.properties as Record<string, TJsonSchema>) ?? {};
  // A query parameter is required when leaving it out fails validation (the
  // JSON Schema's `required` also lists fields that have defaults or preprocessing).
  const missing = schema.safeParse({});
  const required = new Set(missing.success ? [] : missing.error.issues.map((i) => String(i.path[0])));
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    // Path parameters are always required (OpenAPI rule); query ones as the schema says.
    required: where === "path" ? true : required.has(name),
    ...(typeof s.description === "string" ? { description: s.description } : {}),
    schema: s,
  }));
}

const PROBLEM_SCHEMA: TJsonSchema = {
  type: "object",
  description: "RFC 9457 problem details. `type` is stable per kind of failure; no stack trace is ever included.",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string", format: "uri", enum: (Object.keys(PROBLEM_KINDS) as TProblemKind[]).map(problemTypeUri) },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
    conflict: {
      type: "object",
      description: "On 409 after a stale `version`: the current value and its version, to compare and re-apply.",
      properties: { current: {}, currentVersion: { type: "integer" } },
    },
  },
};

const KIND_OF_STATUS: Record<number, TProblemKind> = Object.fromEntries(
  (Object.entries(PROBLEM_KINDS) as [TProblemKind, { status: number }][]).map(([k, v]) => [v.status, k]),
);

function problemRef(status: number): { $ref: string } {
  return { $ref: `#/components/responses/${KIND_OF_STATUS[status]}` };
}

export const API_DESCRIPTION = [
  "JSON API of Incident Review. Authenticate with a personal access token (create one under Settings → Access tokens):",
  "`Authorization: Bearer irt_…`. A token carries its owner's current role and never more; a read token cannot write.",
  "GET requests also accept the browser session cookie; every write needs a token (a cookie alone gets 401).",
  "Request bodies are JSON (`Content-Type: application/json`, at most 1 MiB; the log upload is a raw stream) and are validated",
  "with the same schemas as the app's forms; unknown fields are ignored. Editable resources carry `version`: send the version",
  "you read, and a stale one gets 409 with the current value. Failures are `application/problem+json` with a stable `type` URI.",
  "Each token may make 600 requests a minute by default (API_RATE_LIMIT_PER_MINUTE on the server); beyond that the answer is 429",
  "with Retry-After.",
  "This document needs a token or a signed-in session, like every /api/v1 route.",
].join(" ");

/** Builds the whole document from the registered routes. */
export function buildOpenApiDocument(routes: Iterable<TApiRouteDoc>, serverUrl = "/"): TOpenApiDocument {
  const paths: TOpenApiDocument["paths"] = {};
  const tags = new Set<string>();
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const r of sorted) {
    tags.add(r.tag);
    const isRead = r.method === "GET";
    const responses: Record<string, unknown> = {};
    const ok = r.response;
    const content: Record<string, { schema: TJsonSchema }> = {};
    if (ok.schema) {
      content["application/json"] = {
        schema: { type: "object", required: ["data"], properties: { data: jsonSchemaOf(ok.schema, "output") } },
      };
    }
    for (const type of ok.contentTypes ?? []) content[type] = { schema: { type: "string", format: "binary" } };
    responses[String(ok.status ?? 200)] = { description: ok.description, ...(Object.keys(content).length ? { content } : {}) };
    const statuses = new Set<number>([400, 401, 403, 429, 500, 503, ...r.errors]);
    if (r.params) statuses.add(404);
    if (r.body?.kind === "json") {
      statuses.add(413);
      statuses.add(415);
    }
    if (r.body?.kind === "raw") statuses.add(413);
    for (const s of [...statuses].sort()) responses[String(s)] = problemRef(s);

    const operation: TOpenApiOperation = {
      operationId: r.name.replace(/^v1\./, "").replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase()),
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      security: isRead ? [{ bearerAuth: [] }, { cookieAuth: [] }] : [{ bearerAuth: [] }],
      parameters: [...parametersOf(r.params, "path"), ...parametersOf(r.query, "query")],
      responses,
      "x-permission": r.permission,
    };
    if (r.body?.kind === "json") {
      operation.requestBody = { required: true, content: { "application/json": { schema: withoutFields(jsonSchemaOf(r.body.schema), r.body.hide, r.body.docRequired) } } };
    } else if (r.body?.kind === "raw") {
      operation.requestBody = {
        required: true,
        description: r.body.description,
        content: Object.fromEntries(r.body.contentTypes.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
      };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = operation;
  }

  const problemResponses = Object.fromEntries(
    (Object.entries(PROBLEM_KINDS) as [TProblemKind, { status: number; title: string }][]).map(([kind, v]) => [
      kind,
      {
        description: `${v.status} ${v.title} (type ${problemTypeUri(kind)})`,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    ]),
  );

  return {
    openapi: "3.1.0",
    info: { title: "Incident Review API", version: "1.0.0", description: API_DESCRIPTION },
    servers: [{ url: serverUrl }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal access token `irt_<prefix>_<secret>`." },
        cookieAuth: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The app's session cookie; GET only." },
      },
      schemas: { Problem: PROBLEM_SCHEMA },
      responses: problemResponses,
    },
  };
}

/** A plausible example value for a JSON Schema (for the docs page's curl examples). */
export function exampleOf(schema: TJsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if ("default" in schema && schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const variants = (schema.anyOf ?? schema.oneOf) as TJsonSchema[] | undefined;
  if (Array.isArray(variants) && variants.length) return exampleOf(variants.find((v) => v.type !== "null") ?? variants[0], depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== "null") : (schema.type as string | undefined);
  switch (type) {
    case "object": {
      const props = (schema.properties as Record<string, TJsonSchema>) ?? {};
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return false;
    case "string":
      return "";
    default:
      return null;
  }
}

/** A curl command for an operation, with a token placeholder. */
export function curlExample(serverUrl: string, method: string, path: string, operation: TOpenApiOperation): string {
  const pathWithParams = path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === "key" ? "INC-2026-0001" : `<${name}>`));
  const required = operation.parameters.filter((p) => p.in === "query" && p.required);
  const query = required.length ? `?${required.map((p) => `${p.name}=<${p.name}>`).join("&")}` : "";
  const lines = [`curl -sS -X ${method.toUpperCase()} '${serverUrl.replace(/\/$/, "")}${pathWithParams}${query}'`, `  -H 'Authorization: Bearer $IR_TOKEN'`];
  const content = operation.requestBody?.content ?? {};
  const json = content["application/json"]?.schema;
  if (json && json.format !== "binary") {
    lines.push(`  -H 'Content-Type: application/json'`);
    lines.push(`  -d '${JSON.stringify(exampleOf(json))}'`);
  } else if (Object.keys(content).length) {
    lines.push(`  -H 'Content-Type: ${Object.keys(content)[0]}'`, "  --data-binary @gateway.jsonl");
  }
  return lines.join(" \\\n");
}
