// Role model: ADMIN manages users (and can do everything a commander can),
// COMMANDER creates and edits reviews, VIEWER reads everything and edits nothing.
import { z } from "zod";

export const ROLES = ["ADMIN", "COMMANDER", "VIEWER"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export type TActor = {
  id: string;
  email: string;
  name: string;
  role: TRole;
  /** Set when the request was authenticated with a personal access token. */
  tokenScope?: "READ" | "READ_WRITE";
  /** The access token's id when authenticated with one (its API rate-limit bucket). */
  tokenId?: string;
};

export const PERMISSIONS = {
  "incident:read": ["ADMIN", "COMMANDER", "VIEWER"],
  "incident:write": ["ADMIN", "COMMANDER"],
  "users:manage": ["ADMIN"],
  "settings:manage": ["ADMIN"],
  "tokens:own": ["ADMIN", "COMMANDER", "VIEWER"],
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

const WRITE_PERMISSIONS: ReadonlySet<TPermission> = new Set(["incident:write", "users:manage", "settings:manage"]);

export function can(actor: TActor | null | undefined, permission: TPermission): boolean {
  if (!actor) return false;
  // A read-only token never writes, whatever its owner's role.
  if (actor.tokenScope === "READ" && WRITE_PERMISSIONS.has(permission)) return false;
  return (PERMISSIONS[permission] as readonly TRole[]).includes(actor.role);
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

export function requirePermission(actor: TActor | null | undefined, permission: TPermission): TActor {
  if (!actor) throw new AuthError(401, "Sign in to continue.");
  if (!can(actor, permission)) throw new AuthError(403, "Your role does not allow this action.");
  return actor;
}

/** Who may approve a manual operator-controlled fallback: the incident's commander or an admin. */
export function canApproveFallback(actor: TActor, incidentCommanderId: string | null): boolean {
  return actor.role === "ADMIN" || (actor.role === "COMMANDER" && actor.id === incidentCommanderId);
}
