// Shared string unions. Their values equal the Prisma enum names (RequestPath,
// RequestClass, ClassRole, Verdict) so rows can be passed in without mapping.
import { FAILURE_CLASS_IDS, type TFailureClassId } from "@/lib/runbook/runbook";

export const PATHS = Object.freeze(["PRIMARY", "FALLBACK"] as const);
export type TPath = (typeof PATHS)[number];

export type TRequestClass = "OK" | TFailureClassId;
export const REQUEST_CLASSES: readonly TRequestClass[] = Object.freeze(["OK", ...FAILURE_CLASS_IDS]);

export const CLASS_ROLES = Object.freeze(["PRIMARY", "SECONDARY"] as const);
export type TClassRole = (typeof CLASS_ROLES)[number];

// Ordered from least to most restrictive; verdict arithmetic relies on this order.
export const VERDICTS = Object.freeze(["ALLOWED", "LIMITED", "BLOCKED"] as const);
export type TVerdict = (typeof VERDICTS)[number];
