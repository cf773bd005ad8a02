import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge, Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { ChecklistForm, type TChecklistGroup } from "@/components/decision/checklist-form";
import { toChecklistItems } from "@/components/decision/checklist-items";
import { TaskValidationToggle } from "@/components/decision/task-validation-toggle";
import { VerdictOverrideForm } from "@/components/decision/verdict-override-form";
import { VerdictBadge } from "@/components/review/verdict-badge";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { saveDecisionAnswersAction } from "@/lib/decision/actions";
import { getDecisionView } from "@/lib/decision/decision";
import { REASON_LABELS } from "@/lib/decision/labels";
import { PAUSED_CHECKLIST_ID, SAFER_CHECKLIST_ID } from "@/lib/decision/mapping";
import { VERDICT_RULES } from "@/lib/fallback/verdict";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Fallback decision" };
export const dynamic = "force-dynamic";

const ROLE_WORDS = { PRIMARY: "Primary", SECONDARY: "Secondary" } as const;

export default async function IncidentDecisionPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const view = await getDecisionView(actor, incident.id);
  const canEdit = can(actor, "incident:write");
  const { verdict } = view;
  const d = runbook.fallbackDecision;
  const cols = runbook.failureModes.columns;
  const groups: TChecklistGroup[] = [
    { id: SAFER_CHECKLIST_ID, lead: d.saferWhenLead, mode: "tristate", items: toChecklistItems(SAFER_CHECKLIST_ID, d.saferWhen, view.answers) },
    { id: PAUSED_CHECKLIST_ID, lead: d.pauseWhenLead, mode: "tristate", items: toChecklistItems(PAUSED_CHECKLIST_ID, d.pauseWhen, view.answers) },
  ];

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 id="decision-title" className="mb-1 text-lg font-semibold">
          {d.heading}
        </h2>
        <p className="text-sm text-muted">{d.intro}</p>
      </div>

      <Card aria-labelledby="verdict-title">
        <CardTitle>
          <span id="verdict-title">Verdict</span>
        </CardTitle>
        <div className="flex flex-col gap-3 text-sm">
          <div className="flex flex-wrap items-center gap-2" data-testid="effective-verdict">
            <VerdictBadge verdict={verdict.effective} overridden={verdict.overridden} />
            {verdict.overrideVerdict ? (
              <span>
                Computed from the answers and classes: <VerdictBadge verdict={verdict.computed} />
              </span>
            ) : null}
          </div>
          {verdict.overrideVerdict ? (
            <div className="rounded-md border border-border p-3" data-testid="override">
              <p>
                Overridden to <strong>{verdict.overrideVerdict}</strong> by {verdict.overriddenByName ?? "a former user"} at{" "}
                <LocalTime iso={verdict.overriddenAt?.toISOString()} />.
              </p>
              <p className="mt-1 break-words whitespace-pre-wrap">Reason: {verdict.overrideReason}</p>
            </div>
          ) : null}
          <div>
            <h3 className="font-semibold">Reasons</h3>
            {verdict.result.reasons.length === 0 ? (
              <p className="text-muted">No criterion or failure class restricts fallback.</p>
            ) : (
              <ul className="mt-1 flex flex-col gap-2" aria-label="Reasons for the verdict">
                {verdict.result.reasons.map((r) => (
                  <li key={`${r.code}-${r.source.itemId}`} className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:gap-2">
                    <Badge tone={r.imposes === "BLOCKED" ? "danger" : "warn"}>{r.imposes}</Badge>
                    <span>
                      <span className="font-medium">{REASON_LABELS[r.code]}:</span> {r.message}
                      {r.evidence ? <span className="text-muted"> — evidence: {r.evidence}</span> : null}
                      <span className="text-muted"> ({r.source.section})</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <details>
            <summary className="cursor-pointer font-medium">How the verdict is decided</summary>
            <ul className="mt-2 list-disc pl-5">
              {VERDICT_RULES.map((rule) => (
                <li key={rule.id}>{rule.text}</li>
              ))}
            </ul>
          </details>
        </div>
      </Card>

      <section aria-labelledby="guidance-title" className="flex flex-col gap-2">
        <h3 id="guidance-title" className="font-semibold">
          Guidance for this incident&apos;s failure classes
        </h3>
        {verdict.result.classGuidance.length === 0 ? (
          <p className="text-sm text-muted">
            No failure class recorded yet.{" "}
            <Link href={`/incidents/${incident.key}/classes`} className="text-accent underline">
              Classify the failure mode
            </Link>
            .
          </p>
        ) : (
          <TableWrap>
            <Table>
              <caption className="sr-only">Runbook guidance for the incident&apos;s failure classes</caption>
              <thead>
                <tr>
                  <Th scope="col">{cols.label}</Th>
                  <Th scope="col">Role</Th>
                  <Th scope="col">{cols.whatToCheck}</Th>
                  <Th scope="col">{cols.likelyAction}</Th>
                  <Th scope="col">Allows at most</Th>
                </tr>
              </thead>
              <tbody>
                {verdict.result.classGuidance.map((g) => (
                  <tr key={g.classId}>
                    <Th scope="row" className="bg-transparent font-medium whitespace-normal">
                      {g.label}
                    </Th>
                    <Td>{ROLE_WORDS[g.role]}</Td>
                    <Td>{g.whatToCheck}</Td>
                    <Td>{g.likelyAction}</Td>
                    <Td>
                      <VerdictBadge verdict={g.cap} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </TableWrap>
        )}
      </section>

      <Card aria-labelledby="inputs-title">
        <CardTitle as="h3">
          <span id="inputs-title">Other inputs</span>
        </CardTitle>
        <div className="flex flex-col gap-3 text-sm">
          {canEdit ? (
            <TaskValidationToggle incidentId={incident.id} done={view.taskValidationDone} version={view.incidentVersion} />
          ) : (
            <p>Task-specific validation done: {view.taskValidationDone ? "yes" : "no"}</p>
          )}
          <p>
            Fallback smoke test passed: {view.smokePassed ? "yes" : "no passing fallback smoke test recorded"} (
            <Link href={`/incidents/${incident.key}/smoke`} className="text-accent underline">
              smoke tests
            </Link>
            )
          </p>
        </div>
      </Card>

      <section aria-labelledby="criteria-title" className="flex flex-col gap-3">
        <h3 id="criteria-title" className="font-semibold">
          Criteria
        </h3>
        <ChecklistForm
          incidentId={incident.id}
          groups={groups}
          canEdit={canEdit}
          action={saveDecisionAnswersAction}
          saveLabel="Save answers"
          noteLabel="Evidence"
          ariaLabel="Fallback criteria"
        />
      </section>

      {canEdit ? (
        <section aria-labelledby="override-title" className="flex flex-col gap-3">
          <h3 id="override-title" className="font-semibold">
            Override
          </h3>
          <p className="text-sm text-muted">
            The verdict is advice. The incident commander may decide otherwise; the reason is recorded in the history.
          </p>
          <VerdictOverrideForm
            incidentId={incident.id}
            version={verdict.version}
            hasOverride={verdict.overrideVerdict !== null}
            computed={verdict.computed}
          />
        </section>
      ) : null}
    </div>
  );
}
