"use client";

// Request-log upload: choose or drop a file → the browser reads its first
// 64 KiB and asks the server what format it is (and, for CSV, which column is
// which) → the user checks the CSV mapping → the file is streamed as the raw
// request body while the server streams progress back as NDJSON. Cancel
// aborts the request, and the server rolls the import back.
import { useId, useRef, useState, type DragEvent } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { suggestMappingAction } from "@/lib/imports/actions";
import { FORMAT_LABELS, IMPORT_FORMATS } from "@/lib/imports/schemas";
import { cn } from "@/components/ui/cn";

export type TLogFieldOption = { field: string; label: string; note: string };

type TFormat = (typeof IMPORT_FORMATS)[number];
type TDetection = { ok: true; format: Exclude<TFormat, "auto">; confidence: number; reason: string } | { ok: false; error: string };
type TCsvInfo = { headers: string[]; mapping: Record<string, string | null>; remembered: boolean };
type TInvalid = { lines: { line: number; code: string; reason: string }[]; total: number; validRows: number; message: string };
type TDone = {
  importId: string;
  format: string;
  rows: number;
  accepted: number;
  rejected: number;
  byClass: Record<string, number>;
  byPath: Record<string, number>;
  privacyReport: { textFieldsDropped: number; promptsHashed: number; identifiersPseudonymized: number; secretsRedacted: number; personalDataRedacted: number; textFieldsDroppedByField?: Record<string, number> };
};
type TPhase =
  | { kind: "idle" }
  | { kind: "inspecting" }
  | { kind: "ready" }
  | { kind: "uploading"; rows: number; bytes: number; startedAt: number; rowsPerSecond: number }
  | { kind: "done"; result: TDone }
  | { kind: "invalid"; invalid: TInvalid }
  | { kind: "error"; message: string }
  | { kind: "cancelled" };

const SAMPLE_BYTES = 64 * 1024;
/** Files up to this size are hashed in the browser so a re-upload is refused before it is sent. */
const HASH_IN_BROWSER_BYTES = 32 * 1024 * 1024;

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

const nf = (n: number) => n.toLocaleString("en-US");

async function sha256Hex(file: File): Promise<string | undefined> {
  if (file.size > HASH_IN_BROWSER_BYTES || !globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function LogUpload({
  incidentId,
  incidentKey,
  fields,
  maxBytes,
}: {
  incidentId: string;
  incidentKey: string;
  fields: readonly TLogFieldOption[];
  maxBytes: number;
}) {
  const router = useRouter();
  const inputId = useId();
  const statusId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [detection, setDetection] = useState<TDetection | null>(null);
  const [format, setFormat] = useState<TFormat>("auto");
  const [csv, setCsv] = useState<TCsvInfo | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [phase, setPhase] = useState<TPhase>({ kind: "idle" });
  const abortRef = useRef<AbortController | null>(null);

  async function choose(next: File | null) {
    setFile(next);
    setDetection(null);
    setCsv(null);
    setMapping({});
    setFormat("auto");
    if (!next) {
      setPhase({ kind: "idle" });
      return;
    }
    if (next.size > maxBytes) {
      setPhase({ kind: "error", message: `The file is ${formatBytes(next.size)}, larger than the ${formatBytes(maxBytes)} import limit.` });
      return;
    }
    setPhase({ kind: "inspecting" });
    const head = await next.slice(0, SAMPLE_BYTES).text();
    let lines = head.split("\n");
    // The last line of a 64 KiB sample is probably cut off.
    if (next.size > SAMPLE_BYTES && lines.length > 1) lines = lines.slice(0, -1);
    const result = await suggestMappingAction({ incidentId, firstLines: lines.slice(0, 200) });
    if (!result.ok) {
      setPhase({ kind: "error", message: result.error });
      return;
    }
    const d = result.data.detection as TDetection;
    setDetection(d);
    if (d.ok) setFormat(d.format);
    if (result.data.csv) {
      setCsv({ headers: result.data.csv.headers, mapping: result.data.csv.mapping, remembered: result.data.csv.remembered });
      setMapping(result.data.csv.mapping);
    }
    setPhase({ kind: "ready" });
  }

  async function upload(skipInvalid: boolean) {
    if (!file) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const startedAt = Date.now();
    setPhase({ kind: "uploading", rows: 0, bytes: 0, startedAt, rowsPerSecond: 0 });
    const params = new URLSearchParams({ fileName: file.name, format, skipInvalid: String(skipInvalid) });
    if (format === "csv" && csv) params.set("mapping", JSON.stringify(mapping));
    try {
      const sha256 = await sha256Hex(file).catch(() => undefined);
      if (sha256) params.set("sha256", sha256);
      const response = await fetch(`/api/incidents/${encodeURIComponent(incidentKey)}/imports?${params}`, {
        method: "PUT",
        body: file,
        headers: { "content-type": "application/octet-stream" },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
        setPhase({ kind: "error", message: problem?.detail ?? `The upload failed (HTTP ${response.status}). Nothing was imported.` });
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let finished = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let nl = buffer.indexOf("\n");
        while (nl !== -1) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          nl = buffer.indexOf("\n");
          if (!line) continue;
          const event = JSON.parse(line) as Record<string, unknown> & { type: string };
          if (event.type === "progress") {
            const rows = Number(event.rows);
            const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
            setPhase({ kind: "uploading", rows, bytes: Number(event.bytes), startedAt, rowsPerSecond: Math.round(rows / seconds) });
          } else if (event.type === "done") {
            finished = true;
            setPhase({ kind: "done", result: event as unknown as TDone });
            router.refresh();
          } else if (event.type === "error") {
            finished = true;
            if (Array.isArray(event.invalidLines)) {
              setPhase({
                kind: "invalid",
                invalid: {
                  lines: event.invalidLines as TInvalid["lines"],
                  total: Number(event.invalidTotal),
                  validRows: Number(event.validRows),
                  message: String(event.error),
                },
              });
            } else {
              setPhase({ kind: "error", message: String(event.error) });
            }
            router.refresh();
          }
        }
      }
      if (!finished) setPhase({ kind: "error", message: "The connection closed before the import finished. Nothing was imported." });
    } catch (error) {
      if (controller.signal.aborted) {
        setPhase({ kind: "cancelled" });
        router.refresh();
      } else {
        setPhase({ kind: "error", message: `The upload failed: ${(error as Error).message}. Nothing was imported.` });
      }
    } finally {
      abortRef.current = null;
    }
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) void choose(dropped);
  }

  const busy = phase.kind === "uploading" || phase.kind === "inspecting";
  const canUpload = Boolean(file) && !busy && (format !== "auto" || detection?.ok) && (format !== "csv" || Boolean(mapping.request_timestamp));
  const progress = phase.kind === "uploading" && file ? Math.min(100, Math.round((phase.bytes / Math.max(1, file.size)) * 100)) : 0;

  return (
    <Card aria-labelledby={`${inputId}-title`}>
      <CardTitle>
        <span id={`${inputId}-title`}>Import request logs</span>
      </CardTitle>
      <p className="mb-3 text-sm text-muted">
        CSV, JSON Lines, LiteLLM logs or OpenTelemetry (OTLP/JSON) traces, up to {formatBytes(maxBytes)}. Prompts and responses are
        dropped (prompts are kept only as keyed hashes), user and tenant ids are pseudonymized, and secrets are redacted before anything is
        stored. The import is all or nothing.
      </p>
      <label
        htmlFor={inputId}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="log-dropzone"
        className={cn(
          "flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed border-border px-4 py-8 text-center text-sm",
          "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent",
          dragging && "border-accent bg-surface-2",
        )}
      >
        <span className="font-medium">Drop a log file here, or choose a file</span>
        <span className="text-muted">{file ? `${file.name} (${formatBytes(file.size)})` : "No file chosen"}</span>
        <input
          id={inputId}
          type="file"
          className="sr-only"
          accept=".csv,.tsv,.jsonl,.ndjson,.json,.log,.txt,text/csv,application/json,application/x-ndjson,text/plain"
          disabled={busy}
          onChange={(e) => void choose(e.target.files?.[0] ?? null)}
        />
      </label>

      <div id={statusId} role="status" aria-live="polite" className="mt-3 flex flex-col gap-3">
        {phase.kind === "inspecting" ? <p className="text-sm text-muted">Reading the first lines…</p> : null}
        {detection && !detection.ok ? (
          <Notice tone="danger" title="This file is not a log format the import understands.">
            {detection.error} Pick the format below if you know it.
          </Notice>
        ) : null}
        {detection?.ok ? (
          <p className="text-sm" data-testid="detected-format">
            Detected format: <strong>{FORMAT_LABELS[detection.format]}</strong>. <span className="text-muted">{detection.reason}</span>
          </p>
        ) : null}
      </div>

      {file && phase.kind !== "inspecting" && phase.kind !== "uploading" ? (
        <div className="mt-3 flex flex-col gap-3">
          <div className="flex flex-col gap-1 sm:max-w-sm">
            <label htmlFor={`${inputId}-format`} className="text-sm font-medium">
              Format
            </label>
            <select
              id={`${inputId}-format`}
              value={format}
              onChange={(e) => setFormat(e.target.value as TFormat)}
              className="w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-text"
            >
              {IMPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </div>

          {format === "csv" && csv ? (
            <fieldset className="flex flex-col gap-2" data-testid="mapping-step">
              <legend className="text-sm font-semibold">Column mapping</legend>
              <p className="text-sm text-muted">
                {csv.remembered
                  ? "Your team's mapping for these columns from an earlier import. Check it and change what is wrong."
                  : "Suggested from the column names. Check each logging field and choose the column that holds it."}{" "}
                The request timestamp is required.
              </p>
              <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
                {fields.map((f) => (
                  <div key={f.field} className="flex flex-col gap-1">
                    <label htmlFor={`${inputId}-map-${f.field}`} className="text-sm font-medium">
                      {f.label}
                      {f.field === "request_timestamp" ? <span className="text-danger"> *<span className="sr-only"> (required)</span></span> : null}
                    </label>
                    <select
                      id={`${inputId}-map-${f.field}`}
                      value={mapping[f.field] ?? ""}
                      aria-describedby={f.note ? `${inputId}-map-${f.field}-note` : undefined}
                      onChange={(e) => setMapping((m) => ({ ...m, [f.field]: e.target.value || null }))}
                      className="w-full rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-text"
                    >
                      <option value="">— not in this file —</option>
                      {csv.headers.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                    {f.note ? (
                      <p id={`${inputId}-map-${f.field}-note`} className="text-xs text-muted">
                        {f.note}
                      </p>
                    ) : null}
                  </div>
                ))}
              </div>
            </fieldset>
          ) : null}

          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void upload(false)} disabled={!canUpload}>
              Import {file.name}
            </Button>
            <Button variant="secondary" onClick={() => void choose(null)}>
              Clear
            </Button>
          </div>
        </div>
      ) : null}

      {phase.kind === "uploading" && file ? (
        <div className="mt-3 flex flex-col gap-2">
          <label htmlFor={`${inputId}-progress`} className="text-sm font-medium">
            Importing {file.name}
          </label>
          <progress id={`${inputId}-progress`} max={100} value={progress} className="w-full" />
          <p className="text-sm tabular-nums" data-testid="import-progress">
            {nf(phase.rows)} rows · {formatBytes(phase.bytes)} of {formatBytes(file.size)} · {nf(phase.rowsPerSecond)} rows/s
          </p>
          <div>
            <Button variant="danger" onClick={() => abortRef.current?.abort()}>
              Cancel import
            </Button>
          </div>
        </div>
      ) : null}

      <div role="alert" className="mt-3 empty:hidden">
        {phase.kind === "error" ? (
          <Notice tone="danger" title="Nothing was imported.">
            {phase.message}
          </Notice>
        ) : null}
        {phase.kind === "cancelled" ? <Notice tone="warn" title="Import cancelled.">Everything was rolled back; nothing was imported.</Notice> : null}
        {phase.kind === "invalid" ? (
          <div className="flex flex-col gap-2" data-testid="invalid-lines">
            <Notice tone="danger" title="The file has invalid lines.">
              {phase.invalid.message}
            </Notice>
            <TableWrap tabIndex={0} role="region" aria-label="Invalid lines table">
              <Table>
                <caption className="sr-only">Invalid lines</caption>
                <thead>
                  <tr>
                    <Th scope="col">Line</Th>
                    <Th scope="col">Problem</Th>
                  </tr>
                </thead>
                <tbody>
                  {phase.invalid.lines.map((l) => (
                    <tr key={`${l.line}-${l.code}`}>
                      <Td className="tabular-nums">{l.line}</Td>
                      <Td>{l.reason}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </TableWrap>
            {phase.invalid.total > phase.invalid.lines.length ? (
              <p className="text-sm text-muted">… and {nf(phase.invalid.total - phase.invalid.lines.length)} more invalid lines.</p>
            ) : null}
            {phase.invalid.validRows > 0 ? (
              <div>
                <Button onClick={() => void upload(true)}>Import the valid rows anyway ({nf(phase.invalid.validRows)})</Button>
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
      {phase.kind === "done" ? (
        <div role="status" className="mt-3" data-testid="import-done">
          <Notice tone="ok" title={`Imported ${nf(phase.result.accepted)} requests.`}>
            <p>
              {nf(phase.result.rows)} rows read, {nf(phase.result.accepted)} imported, {nf(phase.result.rejected)} skipped as invalid.{" "}
              {Object.entries(phase.result.byClass)
                .filter(([, n]) => n > 0)
                .map(([c, n]) => `${c} ${nf(n)}`)
                .join(" · ")}
              .
            </p>
            <p>
              Privacy: {nf(phase.result.privacyReport.textFieldsDroppedByField?.prompt ?? 0)} prompts dropped, {nf(phase.result.privacyReport.promptsHashed)} hashed,{" "}
              {nf(phase.result.privacyReport.identifiersPseudonymized)} identifiers pseudonymized, {nf(phase.result.privacyReport.secretsRedacted)} secrets redacted.
            </p>
          </Notice>
        </div>
      ) : null}
    </Card>
  );
}
