// Server-rendered parts of the logs page: the imports list, the first bad
// request, reach per class, and the classification rules.
import { Badge, Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ChartDataTable } from "@/components/charts/chart-data-table";
import type { TActor } from "@/lib/auth/permissions";
import { requestClassLabel } from "@/lib/classes/histogram";
import { getClassReach, type TLogImportView, type TRequestRow } from "@/lib/imports/analytics";
import { CLASSIFICATION_PRECEDENCE, CLASSIFICATION_RULES, PATH_RULES } from "@/lib/logs";

const nf = (n: number) => n.toLocaleString("en-US");
const STATUS_TONE = { COMPLETED: "ok", FAILED: "danger", CANCELLED: "warn", RUNNING: "accent" } as const;

export function privacySentence(p: TLogImportView["privacy"]): string {
  return `${nf(p.promptsDropped)} prompts dropped, ${nf(p.promptsHashed)} hashed, ${nf(p.identifiersPseudonymized)} identifiers pseudonymized, ${nf(p.secretsRedacted)} secrets redacted`;
}

export function ImportsList({ imports }: { imports: TLogImportView[] }) {
  return (
    <Card aria-labelledby="imports-title">
      <CardTitle>
        <span id="imports-title">Imports</span>
      </CardTitle>
      {imports.length === 0 ? (
        <p className="text-sm text-muted">No imports yet.</p>
      ) : (
        <TableWrap tabIndex={0} role="region" aria-label="Imports table">
          <Table data-testid="imports-list">
            <caption className="sr-only">Log imports of this incident, newest first</caption>
            <thead>
              <tr>
                <Th scope="col">File</Th>
                <Th scope="col">Status</Th>
                <Th scope="col">Started</Th>
                <Th scope="col" className="text-right">
                  Rows
                </Th>
                <Th scope="col" className="text-right">
                  Imported
                </Th>
                <Th scope="col" className="text-right">
                  Rejected
                </Th>
                <Th scope="col">Primary / fallback</Th>
                <Th scope="col">Privacy</Th>
              </tr>
            </thead>
            <tbody>
              {imports.map((imp) => (
                <tr key={imp.id}>
                  <Th scope="row" className="min-w-48 bg-transparent font-normal whitespace-normal">
                    <span className="break-all">{imp.fileName}</span>
                    <span className="block text-xs text-muted">
                      {imp.format.toLowerCase()} · {imp.id}
                      {imp.createdBy ? ` · by ${imp.createdBy}` : ""}
                    </span>
                  </Th>
                  <Td>
                    <Badge tone={STATUS_TONE[imp.status]}>{imp.status.toLowerCase()}</Badge>
                    {imp.error ? <span className="mt-1 block max-w-xs text-xs text-muted">{imp.error}</span> : null}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <LocalTime iso={imp.startedAt} />
                  </Td>
                  <Td className="text-right tabular-nums">{nf(imp.rows)}</Td>
                  <Td className="text-right tabular-nums">{nf(imp.accepted)}</Td>
                  <Td className="text-right tabular-nums">
                    {nf(imp.rejected)}
                    {imp.rejectedLines.length > 0 ? (
                      <details className="text-left">
                        <summary className="cursor-pointer text-xs">Lines</summary>
                        <ul className="max-w-xs text-xs">
                          {imp.rejectedLines.slice(0, 20).map((l) => (
                            <li key={`${l.line}-${l.code}`}>
                              Line {l.line}: {l.reason}
                            </li>
                          ))}
                          {imp.rejectedLines.length > 20 ? <li>… {nf(imp.rejectedLines.length - 20)} more listed</li> : null}
                        </ul>
                      </details>
                    ) : null}
                  </Td>
                  <Td className="tabular-nums whitespace-nowrap">
                    {nf(imp.byPath.PRIMARY)} / {nf(imp.byPath.FALLBACK)}
                  </Td>
                  <Td className="min-w-64 text-xs">{imp.status === "COMPLETED" ? privacySentence(imp.privacy) : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      )}
    </Card>
  );
}

export function FirstBadRequest({ request }: { request: TRequestRow | null }) {
  return (
    <section aria-labelledby="first-bad-title" data-testid="first-bad-request">
      <h3 id="first-bad-title" className="mb-2 font-semibold">
        First known bad request
      </h3>
      {request ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted">Time</dt>
          <dd>
            <LocalTime iso={request.ts} />
          </dd>
          <dt className="text-muted">Request ID</dt>
          <dd className="font-mono text-xs break-all">{request.requestId ?? "—"}</dd>
          <dt className="text-muted">Class</dt>
          <dd>{requestClassLabel(request.requestClass)}</dd>
          <dt className="text-muted">Path</dt>
          <dd>{request.path === "FALLBACK" ? "Fallback" : "Primary"}</dd>
          <dt className="text-muted">Status / exception</dt>
          <dd className="break-all">
            {request.statusCode ?? "no status"}
            {request.exceptionClass ? ` · ${request.exceptionClass}` : ""}
          </dd>
          <dt className="text-muted">Route / model</dt>
          <dd className="break-all">
            {request.route ?? "—"} · {request.requestedModel ?? "—"}
          </dd>
        </dl>
      ) : (
        <p className="text-sm text-muted">Every imported request was OK.</p>
      )}
    </section>
  );
}

export async function ClassReachTable({ actor, incidentId }: { actor: TActor; incidentId: string }) {
  const reach = await getClassReach(actor, incidentId);
  return (
    <section aria-labelledby="reach-title" data-testid="class-reach">
      <h3 id="reach-title" className="mb-2 font-semibold">
        Who and what each class affected
      </h3>
      <ChartDataTable
        label="Reach per class table"
        caption="Requests, distinct prompt hashes and distinct pseudonymous tenants per class"
        rowHeader="Class"
        rowHeaderCell={(r) => requestClassLabel(r.requestClass)}
        columns={[
          { key: "requests", header: "Requests", numeric: true, cell: (r) => nf(r.requests) },
          { key: "prompts", header: "Distinct prompts", numeric: true, cell: (r) => nf(r.distinctPrompts) },
          { key: "tenants", header: "Distinct tenants", numeric: true, cell: (r) => nf(r.distinctTenants) },
        ]}
        rows={reach}
        rowKey={(r) => r.requestClass}
      />
      <p className="mt-2 text-xs text-muted">Prompts are counted by keyed hash and tenants by pseudonym; neither is stored in the clear.</p>
    </section>
  );
}

export function ClassificationRules() {
  return (
    <Card aria-labelledby="rules-title">
      <CardTitle>
        <span id="rules-title">How requests are classified</span>
      </CardTitle>
      <p className="mb-3 text-sm text-muted">Every request gets exactly one class and one path. Rules are checked in this order.</p>
      <TableWrap tabIndex={0} role="region" aria-label="Classification rules table">
        <Table data-testid="classification-rules">
          <caption className="sr-only">Classification rules for request classes and paths</caption>
          <thead>
            <tr>
              <Th scope="col">Class or path</Th>
              <Th scope="col">When</Th>
              <Th scope="col">Examples</Th>
            </tr>
          </thead>
          <tbody>
            {CLASSIFICATION_RULES.map((r) => (
              <tr key={r.class}>
                <Th scope="row" className="bg-transparent align-top">
                  {requestClassLabel(r.class)}
                  <span className="block font-mono text-xs font-normal text-muted">{r.class}</span>
                </Th>
                <Td>{r.condition}</Td>
                <Td className="text-xs">{r.examples.join(", ")}</Td>
              </tr>
            ))}
            {PATH_RULES.map((r) => (
              <tr key={r.path}>
                <Th scope="row" className="bg-transparent align-top">
                  {r.path === "FALLBACK" ? "Fallback path" : "Primary path"}
                  <span className="block font-mono text-xs font-normal text-muted">{r.path}</span>
                </Th>
                <Td>{r.condition}</Td>
                <Td className="text-xs">{r.examples.join(", ")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableWrap>
      <ol className="mt-3 list-decimal pl-5 text-sm text-muted">
        {CLASSIFICATION_PRECEDENCE.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ol>
    </Card>
  );
}
