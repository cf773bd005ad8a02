import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AnswersView } from "@/components/review/answers-view";
import { QuestionsForm } from "@/components/review/questions-form";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { listAnswers } from "@/lib/review/answers";
import { computeCompleteness } from "@/lib/review/completeness";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Review questions" };
export const dynamic = "force-dynamic";

export default async function IncidentQuestionsPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const answers = await listAnswers(actor, incident.id);
  return (
    <section aria-labelledby="questions-title" className="flex max-w-3xl flex-col gap-4">
      <div>
        <h2 id="questions-title" className="mb-1 text-lg font-semibold">
          {runbook.review.heading}
        </h2>
        <p className="text-sm text-muted">{runbook.review.lead}</p>
      </div>
      {can(actor, "incident:write") ? (
        // The section comes from ?section= on the client (useSearchParams), so it survives a reload.
        <QuestionsForm
          incidentId={incident.id}
          answers={Object.fromEntries(answers.map((a) => [a.questionId, { body: a.body, version: a.version }]))}
        />
      ) : (
        <AnswersView
          answers={Object.fromEntries(answers.map((a) => [a.questionId, { body: a.body, updatedByName: a.updatedByName }]))}
          completeness={computeCompleteness(answers)}
        />
      )}
    </section>
  );
}
