"use client";

import { useRef, useState } from "react";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

type TKind = "bundle" | "markdown" | "pdf";
type TProblem = { detail?: string; readiness?: { items: { message: string }[] } };
type TState =
  | { phase: "idle" }
  | { phase: "working"; kind: TKind; received: number; estimated: number | null }
  | { phase: "done"; kind: TKind; fileName: string; bytes: number }
  | { phase: "failed"; kind: TKind; message: string; items: string[] };

const LABELS: Record<TKind, string> = { bundle: "attachment bundle (zip)", markdown: "review.md", pdf: "review.pdf" };

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The file name from Content-Disposition (RFC 8187 filename* first). */
function fileNameFrom(header: string | null, fallback: string): string {
  const star = header?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star);
    } catch {
      return fallback;
    }
  }
  return header?.match(/filename="?([^";]+)"?/i)?.[1] ?? fallback;
}

/**
 * Downloads an export through fetch so the page can show progress while the bundle streams (its size is not
 * known up front: bytes received, against the server's estimate), and show the reason when it is refused.
 * The file is then saved from a blob URL.
 */
export function ExportDownloads({ incidentKey, disabled }: { incidentKey: string; disabled: boolean }) {
  const [state, setState] = useState<TState>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const busy = state.phase === "working";

  async function download(kind: TKind) {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: "working", kind, received: 0, estimated: null });
    try {
      const response = await fetch(`/api/incidents/${encodeURIComponent(incidentKey)}/export/${kind}`, { signal: controller.signal, cache: "no-store" });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as TProblem;
        setState({
          phase: "failed",
          kind,
          message: problem.detail ?? `The export failed (status ${response.status}).`,
          items: problem.readiness?.items.map((i) => i.message) ?? [],
        });
        return;
      }
      const estimatedHeader = Number(response.headers.get("x-export-estimated-bytes") ?? response.headers.get("content-length") ?? NaN);
      const estimated = Number.isFinite(estimatedHeader) && estimatedHeader > 0 ? estimatedHeader : null;
      const reader = response.body!.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      let lastShown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        received += value.byteLength;
        // Re-render at most every 64 KiB.
        if (received - lastShown >= 65536) {
          lastShown = received;
          setState({ phase: "working", kind, received, estimated });
        }
      }
      const fileName = fileNameFrom(response.headers.get("content-disposition"), `${incidentKey}-${kind}`);
      const blob = new Blob(chunks, { type: response.headers.get("content-type") ?? "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ phase: "done", kind, fileName, bytes: received });
    } catch (error) {
      if ((error as Error).name === "AbortError") setState({ phase: "idle" });
      else setState({ phase: "failed", kind, message: "The download was interrupted. Check the connection and try again.", items: [] });
    } finally {
      abort.current = null;
    }
  }

  const percent = state.phase === "working" && state.estimated ? Math.min(99, Math.round((state.received / state.estimated) * 100)) : null;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => download("bundle")} disabled={disabled || busy}>
          <Download aria-hidden size={16} />
          Download bundle (zip)
        </Button>
        <Button variant="secondary" onClick={() => download("markdown")} disabled={disabled || busy}>
          Download review.md
        </Button>
        <Button variant="secondary" onClick={() => download("pdf")} disabled={disabled || busy}>
          Download review.pdf
        </Button>
        {busy ? (
          <Button variant="ghost" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        ) : null}
      </div>
      <div aria-live="polite" role="status" className="text-sm">
        {state.phase === "working" ? (
          <div className="flex flex-col gap-1">
            <span>
              Preparing the {LABELS[state.kind]}… {state.received > 0 ? `${formatBytes(state.received)} received` : "rendering the PDF and charts"}
              {percent !== null && state.received > 0 ? ` (about ${percent} %)` : ""}
            </span>
            <progress className="h-2 w-full max-w-md" aria-label={`Download progress of the ${LABELS[state.kind]}`} {...(percent !== null ? { value: percent, max: 100 } : {})} />
          </div>
        ) : null}
        {state.phase === "done" ? (
          <span>
            Downloaded {state.fileName} ({formatBytes(state.bytes)}).
          </span>
        ) : null}
      </div>
      {state.phase === "failed" ? (
        <Notice tone="danger" role="alert" title={`The ${LABELS[state.kind]} was not exported.`}>
          <p>{state.message}</p>
          {state.items.length ? (
            <ul className="mt-1 list-disc pl-5">
              {state.items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
    </div>
  );
}
