import { Badge } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TCriterionResult } from "@/lib/fallback/smoke-evaluate";
import type { TSmokeRunView } from "@/lib/smoke/smoke";
import { RESULT_TEXT, statusOrException } from "@/lib/smoke/view";

const tone = (r: TCriterionResult) => (r === "pass" ? "ok" : r === "fail" ? "danger" : "neutral");
const yesNo = (v: boolean | null) => (v === null ? "—" : v ? "yes" : "no");

export function ResultBadge({ result }: { result: TCriterionResult }) {
  return <Badge tone={tone(result)}>{RESULT_TEXT[result]}</Badge>;
}

/** Recorded smoke runs, newest first, each with its five criteria. */
export function SmokeRuns({ runs }: { runs: TSmokeRunView[] }) {
  if (runs.length === 0) {
    return <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted">No smoke requests recorded yet.</p>;
  }
  return (
    <div className="flex flex-col gap-3">
      <TableWrap role="region" aria-label="Smoke requests table, scrollable" tabIndex={0}>
        <Table>
          <caption className="sr-only">Smoke requests, newest first</caption>
          <thead>
            <tr>
              <Th scope="col">Request id</Th>
              <Th scope="col">Path</Th>
              <Th scope="col">Source</Th>
              <Th scope="col">Status or exception</Th>
              <Th scope="col">Latency</Th>
              <Th scope="col">Parses</Th>
              <Th scope="col">Matches expected</Th>
              <Th scope="col">Tokens</Th>
              <Th scope="col">Id echoed</Th>
              <Th scope="col">Criteria</Th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const outcome = statusOrException(r);
              return (
                <tr key={r.id} data-request-id={r.requestId}>
                  <Td className="font-mono whitespace-nowrap">
                    <a href={`#run-${r.sequence}`} className="text-accent underline-offset-2 hover:underline">
                      {r.requestId}
                    </a>
                  </Td>
                  <Td>{r.path.toLowerCase()}</Td>
                  <Td>{r.source === "LIVE" ? "live run" : r.source === "MANUAL" ? "by hand" : "import"}</Td>
                  <Td className="font-mono">{outcome ?? (r.source === "LIVE" ? "interrupted (no result)" : "—")}</Td>
                  <Td className="whitespace-nowrap">{r.latencyMs === null ? "—" : `${r.latencyMs} ms`}</Td>
                  <Td>{yesNo(r.outputParses)}</Td>
                  <Td>{yesNo(r.matchesExpected)}</Td>
                  <Td>{r.totalTokens ?? "—"}</Td>
                  <Td>{yesNo(r.requestIdEchoed)}</Td>
                  <Td>
                    <ResultBadge result={r.overall} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </TableWrap>
      {runs.map((r) => (
        <details key={r.id} id={`run-${r.sequence}`} className="rounded-md border border-border bg-surface p-3 text-sm">
          <summary className="cursor-pointer">
            <span className="font-mono">{r.requestId}</span> — {r.path.toLowerCase()} via <span className="font-mono">{r.model}</span>, overall{" "}
            {RESULT_TEXT[r.overall].toLowerCase()}
          </summary>
          <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
            <dt className="font-medium text-muted">Ran</dt>
            <dd>
              <LocalTime iso={r.ranAt.toISOString()} /> by {r.ranByName ?? "—"}
              {r.snapshotVersion === null ? "" : `, configuration version ${r.snapshotVersion}`}
            </dd>
            <dt className="font-medium text-muted">System message</dt>
            <dd className="font-mono break-words whitespace-pre-wrap">{r.systemMessage || "—"}</dd>
            <dt className="font-medium text-muted">User message</dt>
            <dd className="font-mono break-words whitespace-pre-wrap">{r.userMessage}</dd>
            <dt className="font-medium text-muted">Expected output</dt>
            <dd className="font-mono break-all">{r.expectedJson ?? "—"}</dd>
            <dt className="font-medium text-muted">Response shape</dt>
            <dd className="font-mono break-all">{r.responseShape ?? "—"}</dd>
            <dt className="font-medium text-muted">Token usage</dt>
            <dd>
              prompt {r.promptTokens ?? "—"}, completion {r.completionTokens ?? "—"}, total {r.totalTokens ?? "—"}
            </dd>
          </dl>
          <ul className="mt-2 flex flex-col gap-1" aria-label={`Validation criteria for ${r.requestId}`}>
            {r.criteria.map((c) => (
              <li key={c.id} className="flex flex-wrap items-start gap-2">
                <ResultBadge result={c.result} />
                <span>
                  {c.label}
                  {c.note ? <span className="block text-xs text-muted">{c.note}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
