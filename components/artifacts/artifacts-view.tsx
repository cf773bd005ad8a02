"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Download, ExternalLink } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Badge, Notice } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { clearNotApplicableAction, deleteArtifactLinkAction, deleteAttachmentAction, addArtifactLinkAction } from "@/lib/artifacts/actions";
import type { TArtifactEntry, TArtifactsOverview } from "@/lib/artifacts/artifacts";
import { ARTIFACT_STATE_LABELS, ARTIFACT_STATES, formatBytes, LINK_KIND_LABELS, type TArtifactState } from "@/lib/artifacts/schemas";
import { isHttpUrl } from "@/lib/http/url";
import { runbook } from "@/lib/runbook/runbook";
import { LinkForm, NotApplicableForm, StatementForm, UploadForm } from "./artifact-forms";

const STATE_TONE: Record<TArtifactState, "ok" | "accent" | "neutral" | "warn"> = {
  ATTACHED: "ok",
  LINKED: "accent",
  NOT_APPLICABLE: "neutral",
  MISSING: "warn",
};

const HELP_CENTER_URL = runbook.links.helpCenter;

type TMessage = { tone: "ok" | "danger"; text: string } | null;

function ArtifactCard({
  incidentKey,
  artifact,
  canEdit,
  maxUploadBytes,
  statement,
  incidentVersion,
}: {
  incidentKey: string;
  artifact: TArtifactEntry;
  canEdit: boolean;
  maxUploadBytes: number;
  statement: string;
  incidentVersion: number;
}) {
  const router = useRouter();
  const [open, setOpen] = useState<"link" | "na" | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [message, setMessage] = useState<TMessage>(null);
  const [pending, startTransition] = useTransition();
  const headingId = `artifact-${artifact.kind}`;
  const isStatement = artifact.kind === "CUSTOMER_IMPACT_STATEMENT";
  const hasHelpCenterLink = artifact.links.some((l) => l.url === HELP_CENTER_URL);

  const run = (work: () => Promise<{ ok: true } | { ok: false; error: string }>, success: string) => {
    setMessage(null);
    startTransition(async () => {
      const result = await work();
      if (result.ok) {
        setMessage({ tone: "ok", text: success });
        router.refresh();
      } else {
        setMessage({ tone: "danger", text: result.error });
      }
    });
  };

  const closeForm = (text: string) => {
    setOpen(null);
    if (text) {
      setMessage({ tone: "ok", text });
      router.refresh();
    }
  };

  return (
    <section aria-labelledby={headingId} data-state={artifact.state} className="flex flex-col gap-3 rounded-lg border border-border bg-surface p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold first-letter:uppercase">
          {artifact.label}
        </h3>
        <Badge tone={STATE_TONE[artifact.state]}>{ARTIFACT_STATE_LABELS[artifact.state]}</Badge>
      </div>
      {artifact.state === "NOT_APPLICABLE" ? (
        <p className="text-sm">
          <span className="font-medium">Not applicable because:</span> {artifact.notApplicableReason}
        </p>
      ) : null}
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}

      {isStatement ? (
        canEdit ? (
          <StatementForm incidentKey={incidentKey} statement={statement} version={incidentVersion} />
        ) : statement ? (
          <blockquote className="rounded-md border-l-4 border-accent bg-surface-2 px-3 py-2 text-sm whitespace-pre-wrap break-words">{statement}</blockquote>
        ) : (
          <p className="text-sm text-muted">No statement yet.</p>
        )
      ) : null}

      {artifact.attachments.length > 0 ? (
        <div>
          <h4 className="mb-1 text-sm font-medium">Files</h4>
          <ul className="flex flex-col gap-1 text-sm">
            {artifact.attachments.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2">
                <a
                  href={`/api/incidents/${encodeURIComponent(incidentKey)}/attachments/${encodeURIComponent(a.id)}`}
                  download={a.fileName}
                  className="inline-flex items-center gap-1 text-accent underline break-all"
                >
                  <Download aria-hidden size={14} />
                  <span className="sr-only">Download </span>
                  {a.fileName}
                </a>
                <span className="text-xs text-muted">
                  {formatBytes(a.sizeBytes)} · {a.mimeType.split(";")[0]} · {a.uploadedByName ?? "unknown"} · <LocalTime iso={a.createdAt} />
                </span>
                {canEdit ? (
                  confirmRemove === a.id ? (
                    <span className="flex gap-1">
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={pending}
                        onClick={() => run(() => deleteAttachmentAction({ incidentKey, id: a.id }), `Removed ${a.fileName}.`)}
                      >
                        Confirm remove<span className="sr-only"> {a.fileName}</span>
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(null)}>
                        Keep
                      </Button>
                    </span>
                  ) : (
                    <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(a.id)}>
                      Remove<span className="sr-only"> {a.fileName}</span>
                    </Button>
                  )
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {artifact.links.length > 0 ? (
        <div>
          <h4 className="mb-1 text-sm font-medium">Links</h4>
          <ul className="flex flex-col gap-1 text-sm">
            {artifact.links.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-2">
                <Badge>{LINK_KIND_LABELS[l.kind]}</Badge>
                {isHttpUrl(l.url) ? (
                  <a href={l.url} target="_blank" rel="noopener noreferrer nofollow" className="inline-flex items-center gap-1 text-accent underline break-all">
                    {l.label}
                    <ExternalLink aria-hidden size={14} />
                    <span className="sr-only"> (opens in a new tab)</span>
                  </a>
                ) : (
                  <span>{l.label}</span>
                )}
                <span className="text-xs text-muted break-all">{l.url}</span>
                {canEdit ? (
                  <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(() => deleteArtifactLinkAction({ incidentKey, id: l.id }), `Removed the link "${l.label}".`)}>
                    Remove<span className="sr-only"> link {l.label}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {!isStatement && artifact.attachments.length === 0 && artifact.links.length === 0 && artifact.state !== "NOT_APPLICABLE" ? (
        <p className="text-sm text-muted">Nothing attached or linked yet.</p>
      ) : null}

      {canEdit ? (
        <div className="flex flex-col gap-3 border-t border-border pt-3">
          <UploadForm incidentKey={incidentKey} kind={artifact.kind} maxUploadBytes={maxUploadBytes} />
          {artifact.kind === "SUPPORT_CONTACTS" && !hasHelpCenterLink ? (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-muted">Suggested from the runbook:</span>
              <Button
                size="sm"
                variant="secondary"
                disabled={pending}
                onClick={() =>
                  run(
                    () =>
                      addArtifactLinkAction({
                        incidentKey,
                        link: { artifactKind: "SUPPORT_CONTACTS", kind: "HELP_CENTER", url: HELP_CENTER_URL, label: `${LINK_KIND_LABELS.HELP_CENTER} (${new URL(HELP_CENTER_URL).host})` },
                      }),
                    "Added the runbook's help-center link.",
                  )
                }
              >
                Add help-center link <span className="font-mono text-xs">{HELP_CENTER_URL}</span>
              </Button>
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {open !== "link" ? (
              <Button size="sm" variant="secondary" onClick={() => setOpen("link")}>
                Add a link
              </Button>
            ) : null}
            {artifact.state === "NOT_APPLICABLE" ? (
              <Button
                size="sm"
                variant="secondary"
                disabled={pending}
                onClick={() =>
                  run(() => clearNotApplicableAction({ incidentKey, artifactKind: artifact.kind, version: artifact.version }), "No longer marked not applicable.")
                }
              >
                Clear not applicable
              </Button>
            ) : open !== "na" ? (
              <Button size="sm" variant="secondary" onClick={() => setOpen("na")}>
                Mark not applicable
              </Button>
            ) : null}
          </div>
          {open === "link" ? <LinkForm incidentKey={incidentKey} kind={artifact.kind} onDone={closeForm} /> : null}
          {open === "na" ? <NotApplicableForm incidentKey={incidentKey} kind={artifact.kind} version={artifact.version} onDone={closeForm} /> : null}
        </div>
      ) : null}
    </section>
  );
}

export function ArtifactsView({ overview, canEdit }: { overview: TArtifactsOverview; canEdit: boolean }) {
  const counts = ARTIFACT_STATES.map((s) => [s, overview.artifacts.filter((a) => a.state === s).length] as const);
  return (
    <section aria-labelledby="artifacts-title" className="flex flex-col gap-4">
      <div>
        <h2 id="artifacts-title" className="text-lg font-semibold">
          {runbook.artifacts.heading}
        </h2>
        <p className="text-sm text-muted">{runbook.artifacts.lead}</p>
        <p className="mt-2 flex flex-wrap gap-2 text-sm">
          {counts.map(([state, n]) => (
            <Badge key={state} tone={STATE_TONE[state]}>
              {ARTIFACT_STATE_LABELS[state]}: {n}
            </Badge>
          ))}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {overview.artifacts.map((artifact) => (
          <ArtifactCard
            key={artifact.kind}
            incidentKey={overview.incidentKey}
            artifact={artifact}
            canEdit={canEdit}
            maxUploadBytes={overview.maxUploadBytes}
            statement={overview.customerImpactStatement}
            incidentVersion={overview.incidentVersion}
          />
        ))}
      </div>
    </section>
  );
}
