import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { ReviewProgress } from "@/components/review/review-progress";
import { getActor } from "@/lib/auth/session";
import { listAnswers } from "@/lib/review/answers";
import { computeCompleteness, sectionSlug } from "@/lib/review/completeness";

/** Overview card: how far the post-incident review questions are answered. Fetches its own data. */
export async function CompletenessCard({ incidentId, incidentKey }: { incidentId: string; incidentKey: string }) {
  const actor = await getActor();
  if (!actor) return null;
  const completeness = computeCompleteness(await listAnswers(actor, incidentId));
  return (
    <Card aria-labelledby="completeness-title">
      <CardTitle>
        <span id="completeness-title">Review questions</span>
      </CardTitle>
      <ReviewProgress counts={completeness.overall} />
      <ul className="mt-3 flex flex-col gap-1 text-sm">
        {completeness.sections.map((s) => (
          <li key={s.sectionId} className="flex justify-between gap-3">
            <Link href={`/incidents/${incidentKey}/questions?section=${sectionSlug(s.sectionId)}`} className="text-accent underline">
              {s.title}
            </Link>
            <span>
              {s.answered}/{s.total} <span className="text-muted">({s.requiredAnswered}/{s.requiredTotal} required)</span>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
