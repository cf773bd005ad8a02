import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SnapshotDiff } from "@/components/configuration/snapshot-diff";
import { SnapshotForm } from "@/components/configuration/snapshot-form";
import { buttonClass } from "@/components/ui/button";
import { Card, CardTitle, Notice } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { configDiffRows } from "@/lib/configuration/diff-view";
import { SNAPSHOT_LABEL_TEXT, snapshotToForm } from "@/lib/configuration/schemas";
import { listConfigSnapshots } from "@/lib/configuration/snapshots";
import { configWarnings } from "@/lib/fallback/config-diff";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { runbook } from "@/lib/runbook/runbook";

export const metadata: Metadata = { title: "Configuration" };
export const dynamic = "force-dynamic";

type TSearch = { a?: string; b?: string };

export default async function ConfigurationPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<TSearch>;
}) {
  const { key } = await params;
  const search = await searchParams;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key);
  const snapshots = await listConfigSnapshots(actor, incident.key);
  const canWrite = can(actor, "incident:write");
  const step = runbook.steps.configuration;
  const latest = snapshots[0] ?? null;

  const byNumber = (n: string | undefined) => snapshots.find((s) => String(s.versionNumber) === n);
  const diffA = byNumber(search.a) ?? snapshots[1] ?? null;
  const diffB = byNumber(search.b) ?? latest;
  const warnings = latest ? configWarnings(latest.snapshot) : [];
  const aliasWarnings = warnings.filter((w) => w.code === "ALIAS_WITHOUT_RESOLVED_ID");
  const unset = warnings.filter((w) => w.code === "NOT_EXPLICIT");
  const missingLogs = warnings.filter((w) => w.code === "MISSING_LOGGING_FIELD");

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card className="lg:col-start-2">
        <CardTitle>Runbook: {step.heading}</CardTitle>
        <p className="text-sm font-medium">{step.lead}</p>
        <ul className="mt-1 list-disc pl-5 text-sm">
          {step.items.map((item) => (
            <li key={item.id}>{item.text}</li>
          ))}
        </ul>
      </Card>

      <div className="flex min-w-0 flex-col gap-4 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        <section aria-labelledby="versions-title">
          <Card>
            <h2 id="versions-title" className="mb-3 text-lg font-semibold">
              Configuration versions
            </h2>
            {snapshots.length === 0 ? (
              <p className="text-sm text-muted">No configuration recorded yet.</p>
            ) : (
              <TableWrap role="region" aria-label="Configuration versions, scrollable" tabIndex={0}>
                <Table>
                  <caption className="sr-only">Configuration versions, newest first</caption>
                  <thead>
                    <tr>
                      <Th scope="col">Version</Th>
                      <Th scope="col">When</Th>
                      <Th scope="col">Primary → fallback</Th>
                      <Th scope="col">Saved</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {snapshots.map((s) => (
                      <tr key={s.id}>
                        <Td className="font-mono">v{s.versionNumber}</Td>
                        <Td>
                          {SNAPSHOT_LABEL_TEXT[s.label]}
                          {s.labelNote ? <span className="block text-xs text-muted">{s.labelNote}</span> : null}
                        </Td>
                        <Td className="break-all">
                          {s.snapshot.primaryModelResolvedId ?? s.snapshot.primaryModelAlias ?? "—"} →{" "}
                          {s.snapshot.fallbackModelResolvedId ?? s.snapshot.fallbackModelAlias ?? "—"}
                        </Td>
                        <Td className="whitespace-nowrap">
                          <LocalTime iso={s.createdAt.toISOString()} />
                          <span className="block text-xs text-muted">{s.createdByName ?? "—"}</span>
                        </Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </TableWrap>
            )}
          </Card>
        </section>

        {latest ? (
          <section aria-labelledby="checks-title">
            <Card>
              <h2 id="checks-title" className="mb-3 text-lg font-semibold">
                Runbook checks on version {latest.versionNumber}
              </h2>
              <div className="flex flex-col gap-2 text-sm">
                {aliasWarnings.length > 0 ? (
                  <Notice tone="warn" title={`Alias without resolved id: ${aliasWarnings.map((w) => (w.field.startsWith("primary") ? "primary" : "fallback")).join(" and ")} model`}>
                    {step.aliasWarning}
                  </Notice>
                ) : null}
                {unset.length > 0 ? (
                  <div>
                    <p className="font-medium">Not explicit yet:</p>
                    <ul className="list-disc pl-5">
                      {[...new Set(unset.map((w) => w.message))].map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {missingLogs.length > 0 ? (
                  <div>
                    <p className="font-medium">{runbook.logging.heading}: not recorded by this configuration</p>
                    <ul className="list-disc pl-5">
                      {missingLogs.map((w) => (
                        <li key={w.field}>{w.message}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                {warnings.length === 0 ? <p>Every Step 1 value is explicit, and all logging fields are recorded.</p> : null}
              </div>
            </Card>
          </section>
        ) : null}

        {snapshots.length >= 2 && diffA && diffB ? (
          <section aria-labelledby="diff-title">
            <Card>
              <h2 id="diff-title" className="mb-3 text-lg font-semibold">
                Compare two versions
              </h2>
              <form method="get" className="mb-3 flex flex-wrap items-end gap-2">
                <VersionSelect name="a" label="From version" value={diffA.versionNumber} versions={snapshots.map((s) => s.versionNumber)} />
                <VersionSelect name="b" label="To version" value={diffB.versionNumber} versions={snapshots.map((s) => s.versionNumber)} />
                <button type="submit" className={buttonClass("secondary")}>
                  Compare
                </button>
              </form>
              <SnapshotDiff rows={configDiffRows(diffA.snapshot, diffB.snapshot)} a={diffA.versionNumber} b={diffB.versionNumber} />
            </Card>
          </section>
        ) : null}

        {canWrite ? (
          <section aria-labelledby="new-version-title">
            <Card>
              <h2 id="new-version-title" className="mb-3 text-lg font-semibold">
                Record a new version
              </h2>
              <SnapshotForm
                defaultValues={snapshotToForm(incident.key, latest?.snapshot ?? null, latest ? "DURING_MITIGATION" : "INCIDENT_START")}
                prefilledFrom={latest?.versionNumber ?? null}
              />
            </Card>
          </section>
        ) : (
          <p className="text-sm text-muted">Read only: your role can view configuration versions but not record them.</p>
        )}
      </div>
    </div>
  );
}

function VersionSelect({ name, label, value, versions }: { name: string; label: string; value: number; versions: number[] }) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <select name={name} defaultValue={String(value)} className="rounded-md border border-border bg-surface px-3 py-2 text-sm">
        {versions.map((v) => (
          <option key={v} value={v}>
            Version {v}
          </option>
        ))}
      </select>
    </label>
  );
}
