import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { ChecklistForm } from "@/components/decision/checklist-form";
import { toChecklistItems } from "@/components/decision/checklist-items";
import { ApprovalForm } from "@/components/patterns/approval-form";
import { ApprovalList } from "@/components/patterns/approval-list";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { savePatternAnswersAction } from "@/lib/patterns/actions";
import { getPatternsView } from "@/lib/patterns/patterns";
import { MANUAL_PATTERN_ID, PATTERN_USAGE_CHECKLIST_ID, patternChecklistId } from "@/lib/patterns/usage";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Fallback patterns" };
export const dynamic = "force-dynamic";

export default async function IncidentPatternsPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const view = await getPatternsView(actor, incident.id);
  const canEdit = can(actor, "incident:write");
  const manual = runbook.patterns.items.find((p) => p.id === MANUAL_PATTERN_ID)!;
  const latestExpired = view.approvals.find((a) => a.status === "EXPIRED");

  return (
    <div className="flex flex-col gap-5">
      <div>
        <h2 className="mb-1 text-lg font-semibold">{runbook.patterns.heading}</h2>
        <p className="text-sm text-muted">Check each pattern&apos;s rules and mark the patterns used in this incident.</p>
      </div>

      {view.approvalAlert !== "NONE" ? (
        <Notice tone="danger" role="alert" title={`${manual.name}: no approval is active.`}>
          {view.approvalAlert === "EXPIRED" && latestExpired ? (
            <>
              Fallback is in manual mode, but the approval {latestExpired.changeTicket} expired at{" "}
              <LocalTime iso={latestExpired.expiresAt.toISOString()} />. Record a new approval or end the manual fallback.
            </>
          ) : (
            <>Fallback is in manual mode, but no approval in force has been recorded.</>
          )}
        </Notice>
      ) : null}

      {runbook.patterns.items.map((pattern) => {
        const checklistId = patternChecklistId(pattern.id);
        const headingId = `pattern-${pattern.id}`;
        const isManual = pattern.id === MANUAL_PATTERN_ID;
        return (
          <Card key={pattern.id} aria-labelledby={headingId}>
            <CardTitle>
              <span id={headingId}>{pattern.name}</span>
            </CardTitle>
            <p className="mb-3 text-sm">{pattern.useWhen}</p>
            <ChecklistForm
              incidentId={incident.id}
              canEdit={canEdit}
              action={savePatternAnswersAction}
              saveLabel="Save pattern"
              ariaLabel={pattern.name}
              groups={[
                {
                  id: `${pattern.id}-rules`,
                  lead: runbook.patterns.rulesLead,
                  mode: "checkbox",
                  checkboxLabel: "Followed",
                  items: toChecklistItems(checklistId, pattern.rules, view.answers),
                },
                {
                  id: `${pattern.id}-usage`,
                  mode: "checkbox",
                  checkboxLabel: "Used",
                  items: toChecklistItems(PATTERN_USAGE_CHECKLIST_ID, [{ id: pattern.id, text: "Used in this incident" }], view.answers),
                },
              ]}
            >
              {isManual && view.manualUseWarning ? (
                <Notice tone="warn" role="alert" title="Marked as used without an approval.">
                  {manual.name} is marked as used, but no approval (active or past) is recorded for this incident.
                </Notice>
              ) : null}
            </ChecklistForm>
            {isManual ? (
              <section aria-labelledby="approvals-title" className="mt-5 flex flex-col gap-3 border-t border-border pt-4">
                <h3 id="approvals-title" className="font-semibold">
                  Approvals
                </h3>
                <ApprovalList
                  incidentId={incident.id}
                  canRevoke={view.canApprove}
                  approvals={view.approvals.map((a) => ({
                    id: a.id,
                    approverName: a.approverName,
                    changeTicket: a.changeTicket,
                    approvedAt: a.approvedAt.toISOString(),
                    expiresAt: a.expiresAt.toISOString(),
                    revokedAt: a.revokedAt?.toISOString() ?? null,
                    note: a.note,
                    status: a.status,
                    reasons: a.reasons.map((r) => r.message),
                  }))}
                />
                {view.canApprove ? (
                  <ApprovalForm incidentId={incident.id} approverName={actor.name} />
                ) : canEdit ? (
                  <Notice>Only the incident commander or an admin can approve a manual fallback.</Notice>
                ) : null}
              </section>
            ) : null}
          </Card>
        );
      })}
    </div>
  );
}
