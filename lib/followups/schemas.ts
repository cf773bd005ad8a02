// Shared by forms (client) and actions (server).
import { z } from "zod";
import { EVEN_WITH_FIELD_ERRORS, ZIncidentKey } from "@/lib/incidents/schemas";
import { findQuestion, runbook, SECTION_IDS } from "@/lib/runbook/runbook";
import { isHttpUrl, MAX_URL_LENGTH } from "@/lib/http/url";

export const FOLLOW_UP_STATUSES = ["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"] as const;
export const ZFollowUpStatus = z.enum(FOLLOW_UP_STATUSES, { error: "Choose a status." });
export type TFollowUpStatus = z.infer<typeof ZFollowUpStatus>;

export const FOLLOW_UP_STATUS_LABELS: Record<TFollowUpStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  WONT_DO: "Won't do",
};

/** A follow-up's "came from": a whole review section or one of its questions (runbook ids). */
export type TFollowUpSourceOption = { value: string; label: string };

export const FOLLOW_UP_SOURCE_OPTIONS: readonly TFollowUpSourceOption[] = Object.freeze([
  { value: "", label: "Not tied to a section" },
  ...runbook.review.sections.flatMap((section) => [
    { value: `section:${section.id}`, label: `${section.title} (whole section)` },
    ...section.questions.map((q) => ({ value: `question:${q.id}`, label: `${section.title}: ${q.text}` })),
  ]),
]);

/** "section:ID" / "question:ID" → the stored pair, or null when the value names nothing in the runbook. */
export function parseFollowUpSource(
  value: string,
): { sourceSectionId: string | null; sourceQuestionId: string | null } | null {
  if (value === "") return { sourceSectionId: null, sourceQuestionId: null };
  const colon = value.indexOf(":");
  const type = colon < 0 ? value : value.slice(0, colon);
  const id = colon < 0 ? "" : value.slice(colon + 1);
  if (type === "section" && (SECTION_IDS as readonly string[]).includes(id)) return { sourceSectionId: id, sourceQuestionId: null };
  if (type === "question") {
    const question = findQuestion(id);
    if (question) return { sourceSectionId: question.sectionId, sourceQuestionId: question.id };
  }
  return null;
}

/** The stored pair → the select value. */
export function followUpSourceValue(sourceSectionId: string | null, sourceQuestionId: string | null): string {
  if (sourceQuestionId) return `question:${sourceQuestionId}`;
  if (sourceSectionId) return `section:${sourceSectionId}`;
  return "";
}

/** Human label of where a follow-up came from ("—" when not tied to a section). */
export function describeFollowUpSource(sourceSectionId: string | null, sourceQuestionId: string | null): string {
  const value = followUpSourceValue(sourceSectionId, sourceQuestionId);
  if (!value) return "—";
  return FOLLOW_UP_SOURCE_OPTIONS.find((o) => o.value === value)?.label ?? value;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date "YYYY-MM-DD" between 2000 and 2100. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2100) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * One follow-up as the form holds it. The owner is exactly one of a user
 * (ownerUserId) or a named person outside the app (ownerExternalName); empty
 * strings mean "not set" so the form can bind plain inputs.
 */
export const ZFollowUp = z
  .object({
    title: z.string().trim().min(3, { error: "Enter a title of at least 3 characters." }).max(300, { error: "Use at most 300 characters." }),
    ownerUserId: z.string().trim().max(64),
    ownerExternalName: z.string().trim().max(120, { error: "Use at most 120 characters." }),
    dueDate: z
      .string()
      .trim()
      .min(1, { error: "Enter a due date." })
      .refine((v) => v === "" || isCalendarDate(v), { error: "Enter a valid date (YYYY-MM-DD)." }),
    status: ZFollowUpStatus,
    ticketUrl: z
      .string()
      .trim()
      .max(MAX_URL_LENGTH, { error: `Use at most ${MAX_URL_LENGTH.toLocaleString("en-US")} characters.` })
      .refine((v) => v === "" || isHttpUrl(v), { error: "Enter a full http:// or https:// URL." }),
    source: z.string().max(200),
  })
  .superRefine((v, ctx) => {
    const user = typeof v.ownerUserId === "string" ? v.ownerUserId.trim() : "";
    const external = typeof v.ownerExternalName === "string" ? v.ownerExternalName.trim() : "";
    if (!user && !external) {
      ctx.addIssue({ code: "custom", path: ["ownerUserId"], message: "Choose an owner: a user or a named external owner." });
    } else if (user && external) {
      ctx.addIssue({ code: "custom", path: ["ownerExternalName"], message: "Choose either a user or an external owner, not both." });
    }
    if (typeof v.source === "string" && parseFollowUpSource(v.source) === null) {
      ctx.addIssue({ code: "custom", path: ["source"], message: "Choose a section or question from the list." });
    }
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    title: v.title,
    ownerUserId: v.ownerUserId || null,
    ownerExternalName: v.ownerExternalName || null,
    dueDate: v.dueDate,
    status: v.status,
    ticketUrl: v.ticketUrl || null,
    ...parseFollowUpSource(v.source)!,
  }));
export type TFollowUpInput = z.input<typeof ZFollowUp>;
export type TFollowUp = z.output<typeof ZFollowUp>;

const ZId = z.string().min(1).max(64);
const ZVersion = z.number().int().min(1);

export const ZCreateFollowUp = z.object({ incidentKey: ZIncidentKey, followUp: ZFollowUp });
export type TCreateFollowUpInput = z.input<typeof ZCreateFollowUp>;

export const ZUpdateFollowUp = z.object({ incidentKey: ZIncidentKey, id: ZId, version: ZVersion, followUp: ZFollowUp });
export type TUpdateFollowUpInput = z.input<typeof ZUpdateFollowUp>;

export const ZSetFollowUpStatus = z.object({ incidentKey: ZIncidentKey, id: ZId, version: ZVersion, status: ZFollowUpStatus });
export type TSetFollowUpStatusInput = z.input<typeof ZSetFollowUpStatus>;

export const ZDeleteFollowUp = z.object({ incidentKey: ZIncidentKey, id: ZId, version: ZVersion });
export type TDeleteFollowUpInput = z.input<typeof ZDeleteFollowUp>;
