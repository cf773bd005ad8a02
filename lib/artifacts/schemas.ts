// Shared by forms (client) and actions / the upload route (server).
import { z } from "zod";
import { ZIncidentKey } from "@/lib/incidents/schemas";
import { ZHttpUrl } from "@/lib/http/url";
import { ARTIFACT_KIND_IDS, type TArtifactKindId } from "@/lib/runbook/runbook";

export const ZArtifactKind = z.enum(ARTIFACT_KIND_IDS as unknown as readonly [TArtifactKindId, ...TArtifactKindId[]], {
  error: "Choose one of the runbook's documentation artifacts.",
});

export const ARTIFACT_STATES = ["ATTACHED", "LINKED", "NOT_APPLICABLE", "MISSING"] as const;
export type TArtifactState = (typeof ARTIFACT_STATES)[number];
export const ARTIFACT_STATE_LABELS: Record<TArtifactState, string> = {
  ATTACHED: "Attached",
  LINKED: "Linked",
  NOT_APPLICABLE: "Not applicable",
  MISSING: "Missing",
};

export const LINK_KINDS = ["DASHBOARD", "SUPPORT", "HELP_CENTER", "TICKET", "OTHER"] as const;
export const ZLinkKind = z.enum(LINK_KINDS, { error: "Choose what the link points to." });
export type TLinkKind = z.infer<typeof ZLinkKind>;
export const LINK_KIND_LABELS: Record<TLinkKind, string> = {
  DASHBOARD: "Dashboard",
  SUPPORT: "Support",
  HELP_CENTER: "Help center",
  TICKET: "Ticket",
  OTHER: "Other",
};

export const MAX_STATEMENT_LENGTH = 5000;

/** A link attached to one documentation artifact: http(s) only, with a label. */
export const ZArtifactLink = z.object({
  artifactKind: ZArtifactKind,
  kind: ZLinkKind,
  url: ZHttpUrl,
  label: z.string().trim().min(1, { error: "Enter a label." }).max(200, { error: "Use at most 200 characters." }),
});
export type TArtifactLinkInput = z.input<typeof ZArtifactLink>;
export type TArtifactLink = z.output<typeof ZArtifactLink>;

export const ZNotApplicableReason = z.object({
  reason: z
    .string()
    .trim()
    .min(3, { error: "Say why this artifact does not apply (at least 3 characters)." })
    .max(1000, { error: "Use at most 1,000 characters." }),
});
export type TNotApplicableReasonInput = z.input<typeof ZNotApplicableReason>;

export const ZCustomerImpactStatement = z.object({
  statement: z
    .string()
    .trim()
    .max(MAX_STATEMENT_LENGTH, { error: `Use at most ${MAX_STATEMENT_LENGTH.toLocaleString("en-US")} characters.` }),
});
export type TCustomerImpactStatementInput = z.input<typeof ZCustomerImpactStatement>;

const ZId = z.string().min(1).max(64);
/** An artifact row's version; 0 = no row yet (the kind has never been touched). */
const ZArtifactVersion = z.number().int().min(0);

export const ZAddArtifactLink = z.object({ incidentKey: ZIncidentKey, link: ZArtifactLink });
export const ZDeleteArtifactLink = z.object({ incidentKey: ZIncidentKey, id: ZId });
export const ZDeleteAttachment = z.object({ incidentKey: ZIncidentKey, id: ZId });
export const ZMarkNotApplicable = ZNotApplicableReason.extend({
  incidentKey: ZIncidentKey,
  artifactKind: ZArtifactKind,
  version: ZArtifactVersion,
});
export const ZClearNotApplicable = z.object({ incidentKey: ZIncidentKey, artifactKind: ZArtifactKind, version: ZArtifactVersion });
export const ZSaveCustomerImpactStatement = ZCustomerImpactStatement.extend({
  incidentKey: ZIncidentKey,
  version: z.number().int().min(1),
});

/** Route params and the non-file fields of an upload. */
export const ZAttachmentRouteParams = z.object({ key: ZIncidentKey });
export const ZAttachmentDownloadParams = z.object({ key: ZIncidentKey, id: ZId });
export const ZUploadFields = z.object({ artifactKind: ZArtifactKind });

/** "10 MiB", "512 KiB", "734 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}
