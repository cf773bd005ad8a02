import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PrintButton } from "@/components/export/print-button";
import { ReviewDocument } from "@/components/export/review-document";
import { buttonClass } from "@/components/ui/button";
import { getActor } from "@/lib/auth/session";
import { buildCharts } from "@/lib/export/charts";
import { buildReviewDocument } from "@/lib/export/document";
import { prepareExport } from "@/lib/export/export";
import { NotFoundError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ key: string }> }): Promise<Metadata> {
  const { key } = await params;
  return { title: `Review ${key} (print)` };
}

/** The whole review on one page, for printing (sanitized exactly like the export). */
export default async function PrintReviewPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const prepared = await prepareExport(actor, key).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const charts = buildCharts(prepared.review);
  const doc = buildReviewDocument(prepared.review, { charts: charts.map((c) => c.id) });
  return (
    <>
      <div className="no-print mb-6 flex flex-wrap items-center gap-2 border-b border-border pb-3">
        <Link href={`/incidents/${prepared.review.incident.key}/export`} className={buttonClass("ghost", "sm")}>
          ← Back to export
        </Link>
        <PrintButton />
        <span className="text-sm text-muted">Print view: the same content as review.md and review.pdf.</span>
      </div>
      <ReviewDocument blocks={doc.blocks} charts={charts} />
    </>
  );
}
