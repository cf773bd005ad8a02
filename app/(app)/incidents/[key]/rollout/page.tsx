import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RolloutFindings } from "@/components/rollout/findings";
import { DeleteRowButton, ObservationWindowForm, RolloutStepForm } from "@/components/rollout/rollout-forms";
import { RuleSettingsForm } from "@/components/rollout/rule-settings-form";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { getRolloutPageData } from "@/lib/rollout/rollout";
import { fractionToPercentText } from "@/lib/rollout/schemas";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Rollout" };
export const dynamic = "force-dynamic";

const rate = (part: number, whole: number) => (whole === 0 ? "—" : `${Number(((part / whole) * 100).toPrecision(4))}%`);

export default async function RolloutPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const data = await getRolloutPageData(actor, incident.key);
  const canWrite = can(actor, "incident:write");
  const step = runbook.steps.rollout;
  const s = data.settings;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card className="lg:col-start-2">
        <CardTitle>Runbook: {step.heading}</CardTitle>
        <p className="text-sm font-medium">{step.sequenceLead}</p>
        <ol className="mt-1 list-decimal pl-5 text-sm">
          {step.sequence.map((item) => (
            <li key={item.id}>{item.text}</li>
          ))}
        </ol>
        <p className="mt-3 text-sm font-medium">{step.thresholdsLead}</p>
        <ul className="mt-1 list-disc pl-5 text-sm">
          {step.thresholds.map((item) => (
            <li key={item.id}>{item.text}</li>
          ))}
        </ul>
        <p className="mt-3 text-xs text-muted">{runbook.incidentWindow.windowTuning}</p>
      </Card>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        <section aria-labelledby="findings-title">
          <Card>
            <h2 id="findings-title" className="mb-3 text-lg font-semibold">
              Rule findings
            </h2>
            <RolloutFindings evaluation={data.evaluation} />
          </Card>
        </section>

        <section aria-labelledby="settings-title">
          <Card>
            <h2 id="settings-title" className="mb-3 text-lg font-semibold">
              Rule settings for this incident
            </h2>
            {canWrite ? (
              <RuleSettingsForm incidentKey={incident.key} version={data.version} settings={s} />
            ) : (
              <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="font-medium text-muted">Baseline timeout rate</dt>
                <dd>{s.baselineTimeoutRate === null ? "not set" : `${fractionToPercentText(s.baselineTimeoutRate)}%`}</dd>
                <dt className="font-medium text-muted">Baseline error rate</dt>
                <dd>{s.baselineErrorRate === null ? "not set" : `${fractionToPercentText(s.baselineErrorRate)}%`}</dd>
                <dt className="font-medium text-muted">Observation window</dt>
                <dd>{s.observationWindowMinutes} minutes</dd>
                <dt className="font-medium text-muted">User-facing timeout budget</dt>
                <dd>{s.userFacingTimeoutBudgetMs === null ? "not set" : `${s.userFacingTimeoutBudgetMs} ms`}</dd>
              </dl>
            )}
          </Card>
        </section>

        <section aria-labelledby="steps-title">
          <Card>
            <h2 id="steps-title" className="mb-3 text-lg font-semibold">
              Rollout steps
            </h2>
            {data.steps.length === 0 ? (
              <p className="text-sm text-muted">No rollout step recorded yet.</p>
            ) : (
              <TableWrap className="mb-3" role="region" aria-label="Rollout steps, scrollable" tabIndex={0}>
                <Table>
                  <caption className="sr-only">Rollout steps in time order</caption>
                  <thead>
                    <tr>
                      <Th scope="col">Time</Th>
                      <Th scope="col">Traffic on fallback</Th>
                      <Th scope="col">Scope</Th>
                      <Th scope="col">Approved by</Th>
                      <Th scope="col">Note</Th>
                      {canWrite ? <Th scope="col"><span className="sr-only">Actions</span></Th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {data.steps.map((st) => (
                      <tr key={st.id}>
                        <Td className="whitespace-nowrap">
                          <LocalTime iso={st.occurredAt.toISOString()} />
                        </Td>
                        <Td>{st.trafficPercent}%</Td>
                        <Td>{st.scope}</Td>
                        <Td>{st.approverName ?? "—"}</Td>
                        <Td className="break-words">{st.note ?? "—"}</Td>
                        {canWrite ? (
                          <Td>
                            <DeleteRowButton incidentKey={incident.key} id={st.id} kind="step" label={`Remove the ${st.trafficPercent}% step (${st.scope})`} />
                          </Td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </TableWrap>
            )}
            {canWrite ? (
              <>
                <h3 className="mt-2 mb-2 text-sm font-semibold">Add a step</h3>
                <RolloutStepForm incidentKey={incident.key} />
              </>
            ) : null}
          </Card>
        </section>

        <section aria-labelledby="windows-title">
          <Card>
            <h2 id="windows-title" className="mb-3 text-lg font-semibold">
              Observation windows
            </h2>
            {data.windows.length === 0 ? (
              <p className="text-sm text-muted">No observation window recorded yet.</p>
            ) : (
              <TableWrap className="mb-3" role="region" aria-label="Observation windows, scrollable" tabIndex={0}>
                <Table>
                  <caption className="sr-only">Observation windows per path</caption>
                  <thead>
                    <tr>
                      <Th scope="col">Window</Th>
                      <Th scope="col">Path</Th>
                      <Th scope="col">Source</Th>
                      <Th scope="col">Requests</Th>
                      <Th scope="col">Error rate</Th>
                      <Th scope="col">Timeout rate</Th>
                      <Th scope="col">Validation failures</Th>
                      <Th scope="col">p95</Th>
                      <Th scope="col">Active-class errors</Th>
                      {canWrite ? <Th scope="col"><span className="sr-only">Actions</span></Th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {data.windows.map((w) => (
                      <tr key={w.id} data-path={w.path}>
                        <Td className="whitespace-nowrap">
                          <LocalTime iso={w.windowStart.toISOString()} />
                          <span className="block text-xs text-muted">
                            to <LocalTime iso={w.windowEnd.toISOString()} />
                          </span>
                        </Td>
                        <Td>{w.path.toLowerCase()}</Td>
                        <Td>{w.source === "IMPORT" ? "import" : "by hand"}</Td>
                        <Td>{w.requests}</Td>
                        <Td>
                          {rate(w.errors, w.requests)} <span className="text-xs text-muted">({w.errors})</span>
                        </Td>
                        <Td>
                          {rate(w.timeouts, w.requests)} <span className="text-xs text-muted">({w.timeouts})</span>
                        </Td>
                        <Td>
                          {rate(w.validationFailures, w.requests)} <span className="text-xs text-muted">({w.validationFailures})</span>
                        </Td>
                        <Td className="whitespace-nowrap">{w.p95LatencyMs === null ? "—" : `${w.p95LatencyMs} ms`}</Td>
                        <Td>{w.activeClassErrors ?? "—"}</Td>
                        {canWrite ? (
                          <Td>
                            {w.source === "MANUAL" ? (
                              <DeleteRowButton incidentKey={incident.key} id={w.id} kind="window" label={`Remove the ${w.path.toLowerCase()} window starting ${w.windowStart.toISOString()}`} />
                            ) : null}
                          </Td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </TableWrap>
            )}
            {canWrite ? (
              <>
                <h3 className="mt-2 mb-2 text-sm font-semibold">Add a window by hand</h3>
                <ObservationWindowForm incidentKey={incident.key} windowMinutes={s.observationWindowMinutes} />
              </>
            ) : null}
          </Card>
        </section>
      </div>
    </div>
  );
}
