// Renders the OpenAPI document (our own rendering, no swagger-ui): endpoints
// grouped by tag, each with method, path, description, permission,
// parameters, request and response schemas and an example curl.
import { Badge, Card } from "@/components/ui/card";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { curlExample, type TJsonSchema, type TOpenApiDocument, type TOpenApiOperation } from "@/lib/http/openapi";

const METHOD_TONE = { get: "accent", post: "ok", put: "warn", patch: "warn", delete: "danger" } as const;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function typeOf(schema: TJsonSchema): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.type)) return (schema.type as string[]).join(" | ");
  if (typeof schema.type === "string") return schema.type === "array" && schema.items ? `${typeOf(schema.items as TJsonSchema)}[]` : schema.type;
  const variants = (schema.anyOf ?? schema.oneOf) as TJsonSchema[] | undefined;
  if (Array.isArray(variants)) return variants.map(typeOf).join(" | ");
  return "any";
}

function SchemaBlock({ label, schema }: { label: string; schema: unknown }) {
  return (
    <details className="rounded border border-border">
      <summary className="cursor-pointer px-2 py-1 text-sm font-medium">{label}</summary>
      <pre className="max-h-96 overflow-auto border-t border-border bg-surface-2 p-2 text-xs" tabIndex={0}>
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

function Operation({ doc, method, path, op }: { doc: TOpenApiDocument; method: string; path: string; op: TOpenApiOperation }) {
  const id = slug(op.operationId);
  const json = op.requestBody?.content?.["application/json"]?.schema;
  return (
    <Card aria-labelledby={id} className="flex flex-col gap-3">
      <h3 id={id} className="flex flex-wrap items-center gap-2 text-sm font-semibold">
        <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "neutral"}>{method.toUpperCase()}</Badge>
        <code className="font-mono">{path}</code>
        <span className="font-normal text-muted">— {op.summary}</span>
      </h3>
      {op.description ? <p className="text-sm">{op.description}</p> : null}
      <p className="text-xs text-muted">
        Needs permission <code className="font-mono">{op["x-permission"]}</code>;{" "}
        {method === "get" ? "a token or your signed-in session." : "a read-write token (a browser session cannot write)."}
      </p>
      {op.parameters.length ? (
        <TableWrap>
          <Table>
            <caption className="sr-only">Parameters of {op.operationId}</caption>
            <thead>
              <tr>
                <Th scope="col">Parameter</Th>
                <Th scope="col">In</Th>
                <Th scope="col">Type</Th>
                <Th scope="col">Required</Th>
                <Th scope="col">Description</Th>
              </tr>
            </thead>
            <tbody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`}>
                  <Td className="font-mono text-xs">{p.name}</Td>
                  <Td>{p.in}</Td>
                  <Td className="max-w-64 break-words font-mono text-xs">{typeOf(p.schema)}</Td>
                  <Td>{p.required ? "yes" : "no"}</Td>
                  <Td className="text-xs">{p.description ?? (typeof p.schema.description === "string" ? p.schema.description : "")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      ) : null}
      {json ? <SchemaBlock label="Request body (application/json)" schema={json} /> : null}
      {op.requestBody && !json ? (
        <p className="text-sm">
          Request body: {op.requestBody.description} ({Object.keys(op.requestBody.content).join(", ")})
        </p>
      ) : null}
      <div>
        <h4 className="mb-1 text-xs font-semibold uppercase text-muted">Responses</h4>
        <ul className="flex flex-col gap-1 text-sm">
          {Object.entries(op.responses).map(([status, r]) => {
            const ref = (r as { $ref?: string }).$ref;
            const kind = ref?.split("/").pop();
            const resolved = (kind ? doc.components.responses[kind] : r) as { description: string; content?: Record<string, { schema: unknown }> };
            return (
              <li key={status} className="flex flex-col gap-1">
                <span>
                  <code className="font-mono">{status}</code> {resolved.description}
                </span>
                {!ref && resolved.content?.["application/json"] ? (
                  <SchemaBlock label={`${status} response schema`} schema={resolved.content["application/json"].schema} />
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
      <div>
        <h4 className="mb-1 text-xs font-semibold uppercase text-muted">Example</h4>
        <pre className="overflow-auto rounded bg-surface-2 p-2 text-xs" tabIndex={0} aria-label={`Example curl for ${op.operationId}`}>
          {curlExample(doc.servers[0]?.url ?? "", method, path, op)}
        </pre>
      </div>
    </Card>
  );
}

export function ApiDocs({ doc }: { doc: TOpenApiDocument }) {
  const byTag = new Map<string, { method: string; path: string; op: TOpenApiOperation }[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags[0] ?? "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  const tags = [...byTag.keys()].sort();
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="API sections" className="flex flex-wrap gap-2 text-sm">
        {tags.map((tag) => (
          <a key={tag} href={`#tag-${slug(tag)}`} className="rounded border border-border px-2 py-1 hover:bg-surface-2">
            {tag}
          </a>
        ))}
      </nav>
      <Card>
        <h2 className="mb-2 text-base font-semibold">Errors</h2>
        <p className="mb-2 text-sm">
          Every failure is <code className="font-mono">application/problem+json</code> (RFC 9457) with a stable <code className="font-mono">type</code>:
        </p>
        <ul className="flex flex-col gap-1 text-sm">
          {Object.entries(doc.components.responses).map(([kind, r]) => (
            <li key={kind}>
              <code className="font-mono text-xs">{kind}</code> — {(r as { description: string }).description}
            </li>
          ))}
        </ul>
      </Card>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${slug(tag)}`} className="flex flex-col gap-3">
          <h2 id={`tag-${slug(tag)}`} className="text-lg font-semibold">
            {tag}
          </h2>
          {byTag.get(tag)!.map((e) => (
            <Operation key={`${e.method} ${e.path}`} doc={doc} {...e} />
          ))}
        </section>
      ))}
    </div>
  );
}
