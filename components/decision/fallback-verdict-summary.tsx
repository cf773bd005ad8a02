// The fallback verdict for the incident overview: self-contained (reads the
// actor and the verdict itself), so a page only has to place it.
import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { VerdictBadge } from "@/components/review/verdict-badge";
import { getActor } from "@/lib/auth/session";
import { getEffectiveVerdict } from "@/lib/decision/decision";

export async function FallbackVerdictSummary({ incidentId, incidentKey }: { incidentId: string; incidentKey: string }) {
  const actor = await getActor();
  if (!actor) return null;
  const verdict = await getEffectiveVerdict(actor, incidentId);
  return (
    <Card aria-labelledby="overview-verdict-title">
      <CardTitle>
        <span id="overview-verdict-title">Fallback decision</span>
      </CardTitle>
      <div className="flex flex-col items-start gap-2 text-sm">
        <VerdictBadge verdict={verdict.effective} overridden={verdict.overridden} />
        {verdict.overridden ? (
          <p>
            Computed: {verdict.computed}. Override reason: <span className="break-words">{verdict.overrideReason}</span>
          </p>
        ) : (
          <p className="text-muted">
            {verdict.result.reasons.length === 0
              ? "No criterion or failure class restricts fallback."
              : `${verdict.result.reasons.length} ${verdict.result.reasons.length === 1 ? "reason restricts" : "reasons restrict"} fallback.`}
          </p>
        )}
        <Link href={`/incidents/${incidentKey}/decision`} className="text-accent underline">
          See the fallback decision
        </Link>
      </div>
    </Card>
  );
}
