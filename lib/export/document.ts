// The exported review as a small document model (headings, paragraphs,
// lists, tables, quotes, code, chart images) built once from TReviewExport and
// rendered by markdown.ts (review.md, print page) and pdf-layout.ts
// (review.pdf), so both always carry the same content in the same order.
// Text from the review is marked { user } so each renderer escapes it for its
// format; plain strings are template text. Pure and deterministic.
import { runbook } from "@/lib/runbook/runbook";
import type { TChartId } from "./charts";
import {
  CHECK_LABEL,
  enumLabel,
  formatBool,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMs,
  formatNumber,
  formatRate,
} from "./format";
import type { TChecklistItemExport, TReviewExport } from "./schema";

// ─── Model ─────────────────────────────────────────────────────────────────

/** Text from the review (escaped by each renderer); `empty` is shown when it is blank. */
export type TUserText = { user: string | null | undefined; empty?: string };
export type TInline =
  | string
  | TUserText
  | { strong: TInline[] }
  | { em: TInline[] }
  | { link: string; label: string | null }
  | { mono: string };
export type TRun = TInline | TInline[];

export type TBlock =
  | { k: "heading"; level: 1 | 2 | 3 | 4; run: TRun }
  | { k: "para"; run: TRun }
  | { k: "note"; text: string }
  | { k: "list"; items: TRun[] }
  | { k: "table"; header: string[]; rows: TRun[][] }
  | { k: "quote"; text: string }
  | { k: "code"; text: string; info: string }
  | { k: "image"; chart: TChartId; alt: string };

export type TReviewDocument = { title: TRun; incidentKey: string; blocks: TBlock[] };

/** Section headings (level 2) in document order; tests use the same list. */
export const REVIEW_SECTIONS = [
  { id: "window", title: "Incident window" },
  { id: "classes", title: "Failure classes and error histogram" },
  { id: "decision", title: "Fallback decision" },
  { id: "configuration", title: "Configuration versions" },
  { id: "smoke", title: "Smoke tests" },
  { id: "comparison", title: "Primary and fallback comparison" },
  { id: "rollout", title: "Rollout and findings" },
  { id: "patterns", title: "Safe fallback patterns and approvals" },
  { id: "rollback", title: "Rollback" },
  { id: "impact", title: "User impact" },
  { id: "questions", title: "Post-incident review questions" },
  { id: "timeline", title: "Timeline" },
  { id: "follow-ups", title: "Follow-ups" },
  { id: "artifacts", title: "Documentation artifacts" },
  { id: "log-imports", title: "Log imports" },
  { id: "other-checklists", title: "Other checklists" },
  { id: "definitions", title: "Definitions" },
] as const;
export type TSectionId = (typeof REVIEW_SECTIONS)[number]["id"];

export const GENERATED_AT_LABEL = "Generated at:";

/** Checklists that have their own place in a section; any other id goes to "Other checklists". */
export const PLACED_CHECKLISTS: ReadonlySet<string> = new Set([
  "fallback-safer-when",
  "fallback-paused-when",
  "configuration",
  "rollout-sequence",
  "rollback-conditions",
  "rollback-steps",
  "patterns-used",
  ...runbook.patterns.items.map((p) => `pattern-${p.id}`),
]);

export type TDocumentOptions = {
  /** Charts that exist (buildCharts); an image block is placed for each. */
  charts?: readonly TChartId[];
};

// ─── Builders ──────────────────────────────────────────────────────────────

const u = (user: string | null | undefined, empty?: string): TUserText => (empty === undefined ? { user } : { user, empty });
const strong = (...run: TInline[]): TInline => ({ strong: run });
const h = (level: 1 | 2 | 3 | 4, run: TRun): TBlock => ({ k: "heading", level, run });
const p = (run: TRun): TBlock => ({ k: "para", run });
const note = (text = "Nothing recorded."): TBlock => ({ k: "note", text });
const table = (header: string[], rows: TRun[][]): TBlock => ({ k: "table", header, rows });
const list = (items: TRun[]): TBlock => (items.length === 0 ? note() : { k: "list", items });

/** "a; b; c" of user values, each escaped on its own. */
function joined(values: readonly string[], empty = "—"): TInline[] {
  if (values.length === 0) return [empty];
  return values.flatMap((v, i) => (i === 0 ? [u(v)] : ["; ", u(v)]));
}

function checklistTable(items: readonly TChecklistItemExport[], firstColumn = "Item"): TBlock {
  if (items.length === 0) return note();
  return table(
    [firstColumn, "Answer", "When", "By", "Note"],
    items.map((i) => [u(i.text ?? i.itemId), CHECK_LABEL(i.checked), formatDateTime(i.occurredAt), u(i.by), u(i.note)]),
  );
}

const classLabel = (id: string) => (id === "OK" ? "OK" : (runbook.failureModes.classes.find((c) => c.id === id)?.label ?? id));
const artifactLabel = (id: string) => runbook.artifacts.kinds.find((k) => k.id === id)?.label ?? id;

// ─── Sections ──────────────────────────────────────────────────────────────

function windowSection(r: TReviewExport): TBlock[] {
  const i = r.incident;
  const detection = i.detectionSource ? (runbook.incidentWindow.detectionSources.find((d) => d.id === i.detectionSource)?.label ?? i.detectionSource) : null;
  return [
    table(
      ["Field", "Value"],
      [
        ["Start of degradation", formatDateTime(i.degradationStartedAt)],
        ["Detected at", formatDateTime(i.detectedAt)],
        ["Detection source", u(detection)],
        ["Mitigated at", formatDateTime(i.mitigatedAt)],
        ["End time", i.endedAt ? formatDateTime(i.endedAt) : "open (no end time yet)"],
        ["Current status", u(i.currentStatusNote)],
        ["Affected routes", joined(i.affectedRoutes)],
        ["Affected services", joined(i.affectedServices)],
        ["Affected tenants", joined(i.affectedTenants)],
        ["Affected regions", joined(i.affectedRegions)],
        ["Affected features", joined(i.affectedFeatures)],
        ["Primary model alias", u(i.primaryModelAlias)],
        ["Primary model resolved id", u(i.primaryModelResolvedId)],
        ["Fallback model alias", u(i.fallbackModelAlias)],
        ["Fallback model resolved id", u(i.fallbackModelResolvedId)],
        ["Fallback mode", enumLabel(i.fallbackMode)],
        ["Primary symptom", u(i.primarySymptom)],
        ["Fallback action", u(i.fallbackAction)],
        ["Rollback condition", u(i.rollbackCondition)],
        ["Business metric", u(i.businessMetricLabel)],
        ["Baseline timeout rate", formatRate(i.baselineTimeoutRate)],
        ["Baseline error rate", formatRate(i.baselineErrorRate)],
        ["Observation window", `${i.observationWindowMinutes} min`],
        ["User-facing timeout budget", formatMs(i.userFacingTimeoutBudgetMs)],
        ["Task-specific validation done", formatBool(i.taskSpecificValidationDone)],
      ],
    ),
    h(3, "Customer-impact statement"),
    i.customerImpactStatement?.trim() ? { k: "quote", text: i.customerImpactStatement } : note("No statement recorded."),
    h(3, "Computed figures"),
    table(
      ["Figure", "Value"],
      [
        ["Detection lag", formatDuration(r.figures.detectionLagMs)],
        ["Time to mitigate", formatDuration(r.figures.timeToMitigateMs)],
        ["Time to resolve", formatDuration(r.figures.timeToResolveMs)],
      ],
    ),
  ];
}

function classesSection(r: TReviewExport, o: TDocumentOptions): TBlock[] {
  const hist = r.classes.histogram;
  const out: TBlock[] = [
    r.classes.items.length === 0
      ? note("No failure class recorded.")
      : table(["Failure class", "Role", "Note"], r.classes.items.map((c) => [u(c.label), enumLabel(c.role), u(c.note)])),
    h(3, "Error-class histogram"),
  ];
  if (hist.totals.length === 0) return [...out, note("No histogram recorded.")];
  out.push(p(`Source: ${enumLabel(hist.source)} buckets (${hist.buckets.length} buckets). Per-bucket counts are in error-histogram.csv.`));
  out.push(
    table(
      ["Request class", "Primary", "Fallback", "Total"],
      hist.totals.map((t) => [u(classLabel(t.requestClass)), formatNumber(t.primary, 0), formatNumber(t.fallback, 0), formatNumber(t.primary + t.fallback, 0)]),
    ),
  );
  if (o.charts?.includes("error-histogram")) out.push({ k: "image", chart: "error-histogram", alt: "Error-class histogram" });
  return out;
}

function decisionSection(r: TReviewExport): TBlock[] {
  const d = r.decision;
  const byId = (id: string) => r.checklists.find((c) => c.checklistId === id)?.items ?? [];
  return [
    table(
      ["Field", "Value"],
      [
        ["Computed verdict", d.computedVerdict],
        ["Verdict stored by the review", d.storedComputedVerdict ?? "—"],
        ["Override", d.overrideVerdict ?? "none"],
        ["Override reason", u(d.overrideReason)],
        ["Overridden by", u(d.overriddenBy)],
        ["Overridden at", formatDateTime(d.overriddenAt)],
        ["Effective verdict", strong(d.effectiveVerdict)],
        ["Fallback smoke test passed", formatBool(d.fallbackSmokeTestPassed)],
      ],
    ),
    h(3, "Reasons"),
    d.reasons.length === 0
      ? note("No constraint: every criterion allows fallback.")
      : table(
          ["Imposes", "Reason", "Runbook", "Evidence"],
          d.reasons.map((x) => [x.imposes, u(x.message), u(`${x.section} (${x.itemId})`), u(x.evidence)]),
        ),
    h(3, runbook.fallbackDecision.saferWhenLead.replace(/:$/, "")),
    checklistTable(byId("fallback-safer-when"), "Criterion"),
    h(3, runbook.fallbackDecision.pauseWhenLead.replace(/:$/, "")),
    checklistTable(byId("fallback-paused-when"), "Criterion"),
    h(3, "Class guidance"),
    d.classGuidance.length === 0
      ? note("No failure class recorded.")
      : table(
          ["Class", "Role", "What to check", "Likely action", "Allows at most"],
          d.classGuidance.map((g) => [u(g.label), enumLabel(g.role), u(g.whatToCheck), u(g.likelyAction), g.cap]),
        ),
  ];
}

function configurationSection(r: TReviewExport): TBlock[] {
  const out: TBlock[] = [h(3, "Step 1 checklist"), checklistTable(r.checklists.find((c) => c.checklistId === "configuration")?.items ?? [])];
  if (r.configuration.versions.length === 0) out.push(note("No configuration snapshot recorded."));
  for (const v of r.configuration.versions) {
    out.push(h(3, [`Version ${v.versionNumber}: ${enumLabel(v.label)}`, ...(v.labelNote ? [" (", u(v.labelNote), ")"] : [])]));
    out.push(
      table(
        ["Field", "Value"],
        [
          ["Base URL", u(v.baseUrl)],
          ["Primary model alias", u(v.primaryModelAlias)],
          ["Primary model resolved id", u(v.primaryModelResolvedId)],
          ["Fallback model alias", u(v.fallbackModelAlias)],
          ["Fallback model resolved id", u(v.fallbackModelResolvedId)],
          ["Client timeout", formatMs(v.clientTimeoutMs)],
          ["Retry count", formatNumber(v.retryCount, 0)],
          ["Retry backoff", u(v.retryBackoff)],
          ["Maximum tokens", formatNumber(v.maxTokens, 0)],
          ["Feature flags", v.featureFlags.length === 0 ? "—" : v.featureFlags.flatMap((f, i) => [...(i ? ["; "] : []), u(f.name), " = ", u(f.value)])],
          ["Logged fields", joined(v.loggedFields)],
          ["API key variable (name only)", u(v.apiKeyEnvVar)],
          ["Recorded by", u(v.createdBy)],
          ["Recorded at", formatDateTime(v.createdAt)],
        ],
      ),
    );
    if (v.warnings.length === 0) out.push(p("No runbook warnings."));
    else out.push(p("Runbook warnings:"), list(v.warnings.map((w) => [u(w.field), ": ", u(w.message)])));
  }
  out.push(h(3, "Changes between versions"));
  if (r.configuration.diffs.length === 0) out.push(note("Only one version or none: nothing to compare."));
  for (const d of r.configuration.diffs) {
    out.push(p(strong(`Version ${d.fromVersion} → version ${d.toVersion}`)));
    out.push(
      d.changes.length === 0
        ? note("No change.")
        : table(["Field", "Change", "Before", "After"], d.changes.map((c) => [u(c.field), enumLabel(c.kind), u(c.before), u(c.after)])),
    );
  }
  return out;
}

function smokeSection(r: TReviewExport): TBlock[] {
  if (r.smokeRuns.length === 0) return [note("No smoke run recorded.")];
  return r.smokeRuns.flatMap((s): TBlock[] => [
    h(3, `Smoke run ${s.sequence}: ${enumLabel(s.path)} path, ${enumLabel(s.source)}, ${s.passed ? "passed" : "not passed"}`),
    table(
      ["Field", "Value"],
      [
        ["Request id", u(s.requestId)],
        ["Model", u(s.model)],
        ["Configuration version", s.snapshotVersion === null ? "—" : String(s.snapshotVersion)],
        ["System message", u(s.systemMessage)],
        ["User message", u(s.userMessage)],
        ["Expected JSON", u(s.expectedJson)],
        ["Temperature / max tokens", `${formatNumber(s.temperature)} / ${formatNumber(s.maxTokens, 0)}`],
        ["Status or exception", s.statusCode !== null ? String(s.statusCode) : u(s.exceptionClass)],
        ["Latency", formatMs(s.latencyMs)],
        ["Response shape", u(s.responseShape)],
        ["Output parses / matches expected", `${formatBool(s.outputParses)} / ${formatBool(s.matchesExpected)}`],
        ["Tokens (prompt / completion / total)", `${formatNumber(s.promptTokens, 0)} / ${formatNumber(s.completionTokens, 0)} / ${formatNumber(s.totalTokens, 0)}`],
        ["Request id echoed", formatBool(s.requestIdEchoed)],
        ["Retries", formatNumber(s.retryCount, 0)],
        ["Ran at", formatDateTime(s.ranAt)],
        ["Ran by", u(s.ranBy)],
      ],
    ),
    table(["Validation criterion", "Result", "Note"], s.criteria.map((c) => [u(c.label), c.result, u(c.note)])),
    ...(s.curl
      ? [p("Command (placeholders only: the base URL and key stay shell variables):"), { k: "code", text: s.curl, info: "sh" } as TBlock]
      : [note("No command could be generated for this run.")]),
  ]);
}

function comparisonSection(r: TReviewExport): TBlock[] {
  if (r.comparisons.length === 0) return [note("No comparison recorded.")];
  return r.comparisons.flatMap((c): TBlock[] => [
    h(3, [u(c.promptLabel), ` (${enumLabel(c.source)}, ${formatDateTime(c.createdAt)})`]),
    table(["Dimension", "Primary", "Fallback", "Differs"], c.rows.map((x) => [u(x.label), u(x.primary), u(x.fallback), x.differs ? strong("yes") : "no"])),
  ]);
}

function rolloutSection(r: TReviewExport, o: TDocumentOptions): TBlock[] {
  const s = r.rollout.settings;
  const out: TBlock[] = [
    table(
      ["Setting", "Value"],
      [
        ["Baseline timeout rate", formatRate(s.baselineTimeoutRate)],
        ["Baseline error rate", formatRate(s.baselineErrorRate)],
        ["Observation window", `${s.observationWindowMinutes} min`],
        ["User-facing timeout budget", formatMs(s.userFacingTimeoutBudgetMs)],
        ["Materially above = baseline ×", formatNumber(s.materialFactor)],
      ],
    ),
    h(3, "Rollout steps"),
    r.rollout.steps.length === 0
      ? note("No rollout step recorded.")
      : table(
          ["Time", "Traffic", "Scope", "Approver", "Note"],
          r.rollout.steps.map((x) => [formatDateTime(x.occurredAt), `${formatNumber(x.trafficPercent)} %`, u(x.scope), u(x.approverName), u(x.note)]),
        ),
    h(3, "Rollout sequence checklist"),
    checklistTable(r.checklists.find((c) => c.checklistId === "rollout-sequence")?.items ?? []),
    h(3, "Observation windows"),
  ];
  if (r.rollout.windows.length === 0) out.push(note("No observation window recorded."));
  else {
    out.push(p(`Source: ${enumLabel(r.rollout.windowSource)} windows (${r.rollout.windows.length}). All windows are in rollout-windows.csv.`));
    out.push(
      table(
        ["Start", "Path", "Requests", "Errors", "Timeouts", "Validation failures", "Error rate", "Timeout rate", "p50", "p95", "p99"],
        r.rollout.windows.map((w) => [
          formatDateTime(w.windowStart),
          enumLabel(w.path),
          formatNumber(w.requests, 0),
          formatNumber(w.errors, 0),
          formatNumber(w.timeouts, 0),
          formatNumber(w.validationFailures, 0),
          formatRate(w.errorRate),
          formatRate(w.timeoutRate),
          formatMs(w.p50LatencyMs),
          formatMs(w.p95LatencyMs),
          formatMs(w.p99LatencyMs),
        ]),
      ),
    );
    if (o.charts?.includes("latency")) out.push({ k: "image", chart: "latency", alt: "Latency p50, p95 and p99 per window" });
    if (o.charts?.includes("error-rate")) out.push({ k: "image", chart: "error-rate", alt: "Error rate per window" });
  }
  out.push(h(3, "Findings"));
  if (r.rollout.findingsError) out.push(p(u(r.rollout.findingsError)));
  else if (r.rollout.findings.length === 0) out.push(note("No Step 4 rule triggered."));
  else
    out.push(
      table(
        ["Severity", "Rule", "Windows", "Evidence"],
        r.rollout.findings.map((f) => [
          f.severity,
          u(`${f.message} (${f.section}, ${f.itemId}${f.basis ? `, basis ${f.basis.toLowerCase()}` : ""})`),
          f.windowStarts.map(formatDateTime).join(", "),
          f.evidence.flatMap((e, i) => [...(i ? ["; "] : []), u(e.name), ` ${formatNumber(e.value, 4)}`]),
        ]),
      ),
    );
  return out;
}

function patternsSection(r: TReviewExport): TBlock[] {
  const out: TBlock[] = [];
  for (const pat of r.patterns.items) {
    out.push(h(3, u(pat.name)));
    out.push(p(["Used in this incident: ", strong(CHECK_LABEL(pat.used)), ...(pat.usageNote ? [". ", u(pat.usageNote)] : [])]));
    out.push(p(u(pat.useWhen)));
    out.push(checklistTable(pat.rules, "Rule"));
  }
  out.push(h(3, "Manual fallback approvals"));
  out.push(
    r.patterns.approvals.length === 0
      ? note("No approval recorded.")
      : table(
          ["Approver", "Change ticket", "Approved", "Expires", "Revoked", "Status", "Why", "Note"],
          r.patterns.approvals.map((a) => [
            u(a.approver),
            u(a.changeTicket),
            formatDateTime(a.approvedAt),
            formatDateTime(a.expiresAt),
            formatDateTime(a.revokedAt),
            a.status,
            a.reasons.length === 0 ? "—" : a.reasons.flatMap((x, i) => [...(i ? ["; "] : []), u(x)]),
            u(a.note),
          ]),
        ),
  );
  return out;
}

function rollbackSection(r: TReviewExport): TBlock[] {
  return [
    h(3, runbook.rollback.conditionsLead.replace(/:$/, "")),
    checklistTable(r.rollback.conditions, "Condition"),
    h(3, runbook.rollback.stepsLead.replace(/:$/, "")),
    checklistTable(r.rollback.steps, "Step"),
  ];
}

function impactSection(r: TReviewExport): TBlock[] {
  const im = r.impact;
  return [
    p(["Verdict: ", strong(enumLabel(im.verdict)), ...(im.reasons.length ? [": ", ...im.reasons.flatMap((x, i) => [...(i ? ["; "] : []), u(x)])] : [])]),
    ...(im.warnings.length ? [list(im.warnings.map((w) => u(w)))] : []),
    table(
      ["Measure", "Unit", "Before", "During", "After", "Change", "Notes"],
      im.measures.map((m) => [
        u(m.label),
        u([m.unit, ...m.recordedUnits.filter((x) => x !== m.unit)].join(", ")),
        formatNumber(m.before),
        formatNumber(m.during),
        formatNumber(m.after),
        enumLabel(m.change),
        m.notes.length ? m.notes.flatMap((x, i) => [...(i ? ["; "] : []), u(x)]) : "—",
      ]),
    ),
  ];
}

function questionsSection(r: TReviewExport): TBlock[] {
  const out: TBlock[] = [
    p(
      `Answers are quoted as typed: markdown in an answer is shown, not rendered. ${r.questions.filter((q) => q.answer).length} of ${r.questions.length} answered.`,
    ),
  ];
  let section: string | null = null;
  r.questions.forEach((q, index) => {
    if (q.sectionId !== section) {
      section = q.sectionId;
      out.push(h(3, u(q.sectionTitle)));
    }
    out.push(h(4, [`${index + 1}. `, u(q.text), q.required ? "" : " (optional)"]));
    // A blank answer is no answer (the same rule as review completeness).
    if (q.answer?.trim()) {
      out.push({ k: "quote", text: q.answer });
      out.push(p(["Answered by ", u(q.answeredBy), ` at ${formatDateTime(q.answeredAt)} (runbook `, u(q.answerRunbookVersion), ")."]));
    } else out.push(note(q.required ? "Not answered (required)." : "Not answered."));
  });
  return out;
}

function timelineSection(r: TReviewExport): TBlock[] {
  if (r.timeline.length === 0) return [note("No timeline event recorded.")];
  return [
    table(
      ["Time", "Kind", "Description", "Traffic", "Author"],
      r.timeline.map((e) => [
        formatDateTime(e.occurredAt),
        enumLabel(e.kind),
        u(e.description),
        e.trafficPercent === null ? "—" : `${formatNumber(e.trafficPercent)} %`,
        u(e.author),
      ]),
    ),
  ];
}

function followUpsSection(r: TReviewExport): TBlock[] {
  if (r.followUps.length === 0) return [note("No follow-up recorded.")];
  return [
    table(
      ["Title", "Owner", "Due", "Status", "Overdue", "Ticket", "Source"],
      r.followUps.map((f) => [
        u(f.title),
        f.owner?.trim() ? u(f.owner) : strong("no owner"),
        f.dueDate ? formatDate(f.dueDate) : strong("no due date"),
        enumLabel(f.status),
        f.overdue ? strong("overdue") : "no",
        f.ticketUrl ? { link: f.ticketUrl, label: null } : "—",
        u([f.sourceSectionId, f.sourceQuestionId].filter(Boolean).join(" / ")),
      ]),
    ),
  ];
}

function artifactsSection(r: TReviewExport): TBlock[] {
  return [
    table(
      ["Artifact", "State", "Files", "Links", "Not applicable because"],
      r.artifacts.map((a) => [
        u(a.label),
        a.state === "MISSING" ? strong("missing") : enumLabel(a.state),
        String(a.attachmentCount),
        String(a.linkCount),
        u(a.notApplicableReason),
      ]),
    ),
    h(3, "Attachments"),
    r.attachments.length === 0
      ? note("No file attached.")
      : table(
          ["File", "Artifact", "Type", "Size", "SHA-256", "In this bundle"],
          r.attachments.map((a) => [
            u(a.fileName),
            a.artifactKind ? u(artifactLabel(a.artifactKind)) : "—",
            u(a.mimeType),
            formatBytes(a.sizeBytes),
            { mono: a.sha256.replace(/[^0-9a-f]/g, "") },
            u(a.bundlePath),
          ]),
        ),
    h(3, "Links"),
    r.links.length === 0
      ? note("No link recorded.")
      : list(
          r.links.map((l) => [
            { link: l.url, label: l.label },
            ` (${enumLabel(l.kind)}`,
            ...(l.artifactKind ? [", ", u(artifactLabel(l.artifactKind))] : []),
            ")",
          ]),
        ),
  ];
}

function logImportsSection(r: TReviewExport): TBlock[] {
  if (r.logImports.length === 0) return [note("No request log imported.")];
  const counts = (items: readonly { name: string; value: number }[]): TRun =>
    items.length ? items.flatMap((c, i) => [...(i ? ["; "] : []), u(c.name), ` ${formatNumber(c.value, 0)}`]) : "—";
  const out: TBlock[] = [
    p("Raw prompts, responses and error text are never imported; identifiers are pseudonymized per the installation's policy. Only summaries are exported."),
  ];
  for (const l of r.logImports) {
    out.push(h(3, u(l.fileName)));
    out.push(
      table(
        ["Field", "Value"],
        [
          ["Format / status", `${l.format} / ${enumLabel(l.status)}`],
          ["Rows / accepted / rejected", `${formatNumber(l.rows, 0)} / ${formatNumber(l.accepted, 0)} / ${formatNumber(l.rejected, 0)}`],
          ["By class", counts(l.byClass)],
          ["By path", counts(l.byPath)],
          ["Privacy report", counts(l.privacyReport)],
          ["Error", u(l.error)],
          ["File SHA-256", { mono: l.sha256.replace(/[^0-9a-f]/g, "") }],
          ["Imported by", u(l.createdBy)],
          ["Started / finished", `${formatDateTime(l.startedAt)} / ${formatDateTime(l.finishedAt)}`],
        ],
      ),
    );
    if (l.rejectedLines.length) out.push(table(["Rejected line", "Reason"], l.rejectedLines.map((x) => [x.line === null ? "—" : String(x.line), u(x.reason)])));
  }
  return out;
}

function otherChecklistsSection(r: TReviewExport): TBlock[] | null {
  const others = r.checklists.filter((c) => !PLACED_CHECKLISTS.has(c.checklistId));
  if (others.length === 0) return null;
  return others.flatMap((c) => [h(3, u(c.title)), checklistTable(c.items)]);
}

function definitionsSection(r: TReviewExport): TBlock[] {
  return [table(["Figure", "Definition"], r.definitions.map((d) => [u(d.label), u(d.definition)]))];
}

// ─── Document ──────────────────────────────────────────────────────────────

export function buildReviewDocument(review: TReviewExport, options: TDocumentOptions = {}): TReviewDocument {
  const i = review.incident;
  const title: TRun = ["Incident review ", u(i.key), ": ", u(i.title)];
  const header: TBlock[] = [
    h(1, title),
    list([
      [strong("Severity:"), ` ${i.severity}`],
      [strong("Status:"), ` ${enumLabel(i.status)}`],
      [strong("Team:"), " ", u(i.team)],
      [strong("Incident commander:"), " ", u(i.commander)],
      [strong("Runbook version:"), " ", u(review.runbookVersion), " (the review was recorded against ", u(i.runbookVersion), ")"],
      [strong("Export schema version:"), ` ${review.schemaVersion}`],
      [strong("Generated by:"), " ", u(review.generatedBy.name), ` (${enumLabel(review.generatedBy.role)})`],
      // The only line that differs between two exports of an unchanged review.
      [strong(GENERATED_AT_LABEL), ` ${formatDateTime(review.generatedAt)} (approval status and overdue flags are evaluated at this time)`],
    ]),
    p("Times are UTC. Every text went through the same secret and personal-data redaction as the request-log import."),
  ];
  const bodies: Record<TSectionId, TBlock[] | null> = {
    window: windowSection(review),
    classes: classesSection(review, options),
    decision: decisionSection(review),
    configuration: configurationSection(review),
    smoke: smokeSection(review),
    comparison: comparisonSection(review),
    rollout: rolloutSection(review, options),
    patterns: patternsSection(review),
    rollback: rollbackSection(review),
    impact: impactSection(review),
    questions: questionsSection(review),
    timeline: timelineSection(review),
    "follow-ups": followUpsSection(review),
    artifacts: artifactsSection(review),
    "log-imports": logImportsSection(review),
    "other-checklists": otherChecklistsSection(review),
    definitions: definitionsSection(review),
  };
  const blocks: TBlock[] = [...header];
  for (const s of REVIEW_SECTIONS) {
    const body = bodies[s.id];
    if (body === null) continue;
    blocks.push(h(2, s.title), ...body);
  }
  return { title, incidentKey: i.key, blocks };
}

/** Plain text of a run (no escaping): for PDF text, titles and tests. */
export function runText(run: TRun): string {
  const parts = Array.isArray(run) ? run : [run];
  return parts
    .map((x): string => {
      if (typeof x === "string") return x;
      if ("user" in x) return x.user && x.user.trim() ? x.user : (x.empty ?? "—");
      if ("strong" in x) return runText(x.strong);
      if ("em" in x) return runText(x.em);
      if ("link" in x) return x.label && x.label.trim() ? `${x.label} (${x.link})` : x.link;
      return x.mono;
    })
    .join("");
}
