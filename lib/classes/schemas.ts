// §2 failure classes and the manual error-class histogram: shared by forms (client) and actions (server).
import { z } from "zod";
import { FAILURE_CLASS_IDS } from "@/lib/runbook/runbook";
import { REQUEST_CLASSES } from "@/lib/fallback/types";
import { EVEN_WITH_FIELD_ERRORS, ZTimeZone } from "@/lib/incidents/schemas";
import { isValidTimeZone, zonedLocalToUtc } from "@/lib/time/zone";

// ─── Failure classes ───────────────────────────────────────────────────────

/** A class's role in this incident; NONE = the incident did not show it. */
export const CLASS_ROLE_CHOICES = ["NONE", "PRIMARY", "SECONDARY"] as const;
export type TClassRoleChoice = (typeof CLASS_ROLE_CHOICES)[number];

export const MAX_NOTE_LENGTH = 2000;

const ZNote = z
  .string()
  .trim()
  .max(MAX_NOTE_LENGTH, { error: `Use at most ${MAX_NOTE_LENGTH.toLocaleString("en-US")} characters.` });

export const ZFailureClasses = z
  .object({
    incidentId: z.string().min(1),
    /** Fingerprint of the classes the form was based on (optimistic concurrency; the rows have no version). */
    basedOn: z.string(),
    classes: z
      .array(
        z.object({
          classId: z.enum(FAILURE_CLASS_IDS, { error: "Unknown failure class." }),
          role: z.enum(CLASS_ROLE_CHOICES, { error: "Choose primary, secondary or not shown." }),
          note: ZNote,
        }),
      )
      .max(FAILURE_CLASS_IDS.length),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.classes.forEach((c, i) => {
      if (seen.has(c.classId)) ctx.addIssue({ code: "custom", path: ["classes", i, "classId"], message: "Each class can be listed once." });
      seen.add(c.classId);
    });
    const primaries = v.classes.filter((c) => c.role === "PRIMARY");
    if (primaries.length > 1) {
      ctx.addIssue({ code: "custom", path: ["classes"], message: "Mark at most one class as primary." });
    }
  });
export type TFailureClassesInput = z.input<typeof ZFailureClasses>;
export type TFailureClasses = z.output<typeof ZFailureClasses>;

// ─── Manual histogram ──────────────────────────────────────────────────────

export const MAX_WINDOWS = 200;
export const MAX_COUNT = 1_000_000_000;

const ZCount = z.coerce
  .number({ error: "Enter a whole number." })
  .refine(Number.isFinite, { error: "Enter a whole number." })
  .refine(Number.isInteger, { error: "Enter a whole number." })
  .refine((n) => n >= 0, { error: "Counts cannot be negative." })
  .refine((n) => n <= MAX_COUNT, { error: "That count is too large." });

/** Counts per request class (the six failure classes plus OK). */
export const ZClassCounts = z.object({
  OK: ZCount,
  AUTH: ZCount,
  VALIDATION_4XX: ZCount,
  RATE_LIMIT_429: ZCount,
  UPSTREAM_5XX: ZCount,
  TIMEOUT: ZCount,
  QUALITY_REGRESSION: ZCount,
});

const ZWindow = z.object({
  /** Wall times in `timeZone`, as datetime-local inputs give them. */
  startLocal: z.string(),
  endLocal: z.string(),
  counts: z.object({ PRIMARY: ZClassCounts, FALLBACK: ZClassCounts }),
});

export const ZManualHistogram = z
  .object({
    incidentId: z.string().min(1),
    timeZone: ZTimeZone,
    /** Fingerprint of the manual set the form was based on. */
    basedOn: z.string(),
    windows: z.array(ZWindow).max(MAX_WINDOWS, { error: `Enter at most ${MAX_WINDOWS} windows.` }),
  })
  .superRefine((v, ctx) => {
    if (!Array.isArray(v.windows)) return;
    const zoneOk = typeof v.timeZone === "string" && isValidTimeZone(v.timeZone);
    const parsed: { index: number; start: number; end: number }[] = [];
    v.windows.forEach((w, index) => {
      if (!w || typeof w !== "object") return;
      const at = (local: unknown) => (typeof local === "string" && local && zoneOk ? zonedLocalToUtc(local, v.timeZone) : null);
      const start = at(w.startLocal);
      const end = at(w.endLocal);
      if (!start) ctx.addIssue({ code: "custom", path: ["windows", index, "startLocal"], message: "Enter a valid start time." });
      if (!end) ctx.addIssue({ code: "custom", path: ["windows", index, "endLocal"], message: "Enter a valid end time." });
      if (!start || !end) return;
      if (end.getTime() <= start.getTime()) {
        ctx.addIssue({ code: "custom", path: ["windows", index, "endLocal"], message: "The end must be after the start." });
        return;
      }
      parsed.push({ index, start: start.getTime(), end: end.getTime() });
    });
    // Windows may touch (one ends when the next starts) but not overlap.
    const sorted = [...parsed].sort((a, b) => a.start - b.start || a.index - b.index);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (cur.start < prev.end) {
        ctx.addIssue({
          code: "custom",
          path: ["windows", cur.index, "startLocal"],
          message: `This window overlaps window ${prev.index + 1}.`,
        });
      }
    }
  }, EVEN_WITH_FIELD_ERRORS)
  .transform((v) => ({
    incidentId: v.incidentId,
    basedOn: v.basedOn,
    windows: v.windows
      .map((w) => ({
        windowStart: zonedLocalToUtc(w.startLocal, v.timeZone)!,
        windowEnd: zonedLocalToUtc(w.endLocal, v.timeZone)!,
        counts: w.counts,
      }))
      .sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime()),
  }));
export type TManualHistogramInput = z.input<typeof ZManualHistogram>;
export type TManualHistogram = z.output<typeof ZManualHistogram>;
export type TClassCounts = z.output<typeof ZClassCounts>;

/** Every request class appears as a column: keeps ZClassCounts and REQUEST_CLASSES in step. */
export const COUNT_KEYS = Object.keys(ZClassCounts.shape) as (keyof TClassCounts)[];
if (COUNT_KEYS.length !== REQUEST_CLASSES.length) throw new Error("ZClassCounts is out of step with REQUEST_CLASSES");
