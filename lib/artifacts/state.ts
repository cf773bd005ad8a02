// The state of each runbook documentation artifact, derived from what is on
// file. Pure: the data layer stores the result, pages show it.
//
//   not applicable (set by a person, with a reason)  wins, until cleared or
//                                                    until evidence is added;
//   attached  ← at least one file (or, for the customer-impact statement,
//               a non-empty statement on the incident);
//   linked    ← at least one link and no file;
//   missing   ← nothing (also the state of a kind with no row at all).
import { runbook, type TArtifactKindId } from "@/lib/runbook/runbook";
import type { TArtifactState } from "./schemas";

export const STATEMENT_KIND: TArtifactKindId = "CUSTOMER_IMPACT_STATEMENT";

export type TArtifactRowLike = {
  kind: string;
  state: TArtifactState;
  notApplicableReason: string | null;
  version: number;
};

export type TArtifactEvidence = {
  notApplicable: boolean;
  attachmentCount: number;
  linkCount: number;
  hasStatement: boolean;
};

export function deriveArtifactState(e: TArtifactEvidence): TArtifactState {
  if (e.notApplicable) return "NOT_APPLICABLE";
  if (e.attachmentCount > 0 || e.hasStatement) return "ATTACHED";
  if (e.linkCount > 0) return "LINKED";
  return "MISSING";
}

export type TArtifactStateView = {
  kind: TArtifactKindId;
  /** The runbook's wording, verbatim. */
  label: string;
  state: TArtifactState;
  notApplicableReason: string | null;
  /** The row's version for saves (0 = no row yet). */
  version: number;
  attachmentCount: number;
  linkCount: number;
  /** Only for the customer-impact statement kind. */
  hasStatement: boolean;
};

/** One entry per runbook artifact kind, in runbook order. */
export function deriveArtifactStates(
  rows: readonly TArtifactRowLike[],
  attachments: readonly { artifactKind: string | null }[],
  links: readonly { artifactKind: string | null }[],
  statement: string | null,
): TArtifactStateView[] {
  const count = (items: readonly { artifactKind: string | null }[], kind: string) => items.filter((i) => i.artifactKind === kind).length;
  return runbook.artifacts.kinds.map(({ id, label }) => {
    const row = rows.find((r) => r.kind === id);
    const notApplicable = row?.state === "NOT_APPLICABLE";
    const evidence: TArtifactEvidence = {
      notApplicable,
      attachmentCount: count(attachments, id),
      linkCount: count(links, id),
      hasStatement: id === STATEMENT_KIND && Boolean(statement?.trim()),
    };
    return {
      kind: id,
      label,
      state: deriveArtifactState(evidence),
      notApplicableReason: notApplicable ? (row?.notApplicableReason ?? null) : null,
      version: row?.version ?? 0,
      attachmentCount: evidence.attachmentCount,
      linkCount: evidence.linkCount,
      hasStatement: evidence.hasStatement,
    };
  });
}
