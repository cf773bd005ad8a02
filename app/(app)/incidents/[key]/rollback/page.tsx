import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { ChecklistForm } from "@/components/decision/checklist-form";
import { toChecklistItems } from "@/components/decision/checklist-items";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { saveRollbackAnswersAction } from "@/lib/rollback/actions";
import { listRollbackAnswers, ROLLBACK_CONDITIONS_ID, ROLLBACK_STEPS_ID } from "@/lib/rollback/rollback";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Rollback" };
export const dynamic = "force-dynamic";

export default async function IncidentRollbackPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const answers = await listRollbackAnswers(actor, incident.id);
  const canEdit = can(actor, "incident:write");
  const r = runbook.rollback;
  return (
    <div className="flex flex-col gap-5">
      <h2 className="text-lg font-semibold">{r.heading}</h2>
      <Card aria-label="Rollback conditions">
        <ChecklistForm
          incidentId={incident.id}
          canEdit={canEdit}
          action={saveRollbackAnswersAction}
          saveLabel="Save conditions"
          ariaLabel="Rollback conditions"
          groups={[
            {
              id: ROLLBACK_CONDITIONS_ID,
              lead: r.conditionsLead,
              mode: "checkbox",
              checkboxLabel: "Triggered",
              showWhen: true,
              items: toChecklistItems(ROLLBACK_CONDITIONS_ID, r.conditions, answers),
            },
          ]}
        />
      </Card>
      <Card aria-label="Rollback steps">
        <ChecklistForm
          incidentId={incident.id}
          canEdit={canEdit}
          action={saveRollbackAnswersAction}
          saveLabel="Save steps"
          ariaLabel="Rollback steps"
          groups={[
            {
              id: ROLLBACK_STEPS_ID,
              lead: r.stepsLead,
              mode: "checkbox",
              checkboxLabel: "Done",
              showWhen: true,
              showBy: true,
              items: toChecklistItems(ROLLBACK_STEPS_ID, r.steps, answers),
            },
          ]}
        />
      </Card>
    </div>
  );
}
