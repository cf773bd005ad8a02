import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ExportDownloads } from "@/components/export/export-downloads";
import { Badge, Card, CardTitle, Notice } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { getActor } from "@/lib/auth/session";
import { prepareExport } from "@/lib/export/export";
import { REVIEW_SECTIONS } from "@/lib/incidents/sections";

export const metadata: Metadata = { title: "Export" };
export const dynamic = "force-dynamic";

const sectionLabel = (slug: string) => REVIEW_SECTIONS.find((s) => s.slug === slug)?.label ?? slug;

export default async function IncidentExportPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const { review, readiness, settings } = await prepareExport(actor, key);
  const refused = settings.requireReadinessForExport && !readiness.ready;
  const base = `/incidents/${review.incident.key}`;

  return (
    <div className="flex flex-col gap-4">
      <h2 className="text-lg font-semibold">Export</h2>
      <p className="text-sm text-muted">
        Everything the ticket needs in one zip: review.md and review.pdf (all sections in runbook order), review.json with its
        JSON Schema, the readiness report, CSV files (timeline, follow-ups, error histogram, comparison, rollout windows),
        charts, the attached files, links.md and a manifest with every file&apos;s SHA-256. Secrets and personal data are
        redacted in every file, as in the log import.
      </p>

      <Card aria-labelledby="readiness-title">
        <CardTitle>
          <span id="readiness-title" className="flex items-center gap-2">
            Readiness
            {readiness.ready ? <Badge tone="ok">ready</Badge> : <Badge tone="warn">{readiness.items.length} to finish</Badge>}
          </span>
        </CardTitle>
        {readiness.ready ? (
          <p className="text-sm">Everything the readiness check looks at is complete.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm" aria-label="Not ready">
            {readiness.items.map((item, i) => (
              <li key={i} className="flex flex-wrap items-baseline gap-x-2">
                <span>{item.message}</span>
                <Link href={item.section ? `${base}/${item.section}` : base} className="text-accent underline">
                  {sectionLabel(item.section)}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-3 text-sm text-muted">
          Fallback recorded:{" "}
          {readiness.fallbackRecorded.recorded ? `yes (${readiness.fallbackRecorded.because.join("; ")})` : "no"}. The report is
          included in the bundle as readiness.md and readiness.json.
        </p>
      </Card>

      <Card aria-labelledby="downloads-title">
        <CardTitle>
          <span id="downloads-title">Downloads</span>
        </CardTitle>
        {refused ? (
          <div className="mb-3">
            <Notice tone="warn" role="status" title="Exports require a ready review on this installation.">
              Finish the items above, or ask an admin to turn the requirement off.
            </Notice>
          </div>
        ) : null}
        <ExportDownloads incidentKey={review.incident.key} disabled={refused} />
        <p className="mt-4 text-sm">
          <Link href={`${base}/print`} className={buttonClass("ghost", "sm")}>
            Open the print view
          </Link>
        </p>
      </Card>
    </div>
  );
}
