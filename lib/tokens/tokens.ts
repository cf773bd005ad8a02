import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { AuthError, can, requirePermission, type TActor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/http/errors";
import {
  expiryFrom,
  generateToken,
  hashToken,
  hasBearer,
  LAST_USED_RESOLUTION_MS,
  parseBearer,
  shouldTouchLastUsed,
  tokenStatus,
  type TTokenStatus,
} from "./format";
import type { TCreateToken, TRevokeToken, TTokenScope } from "./schemas";

const ENTITY = "ApiToken";

export type TTokenView = {
  id: string;
  name: string;
  prefix: string;
  scope: TTokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: TTokenStatus;
};

type TTokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: TTokenScope;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toView(t: TTokenRow, now = new Date()): TTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scope: t.scope,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    status: tokenStatus(t, now),
  };
}

/** What the audit log keeps of a token: never the secret or its hash. */
const snapshot = (t: TTokenRow & { userId: string }) => ({
  userId: t.userId,
  name: t.name,
  prefix: t.prefix,
  scope: t.scope,
  expiresAt: t.expiresAt,
});

/**
 * Creates a token for the acting user. The secret is returned here once and
 * never again (only its sha256 is stored). A token can only be created from a
 * signed-in session, never with another token.
 */
export async function createToken(actor: TActor, data: TCreateToken, now: Date = new Date()): Promise<{ token: string; view: TTokenView }> {
  requirePermission(actor, "tokens:own");
  if (actor.tokenScope) throw new AuthError(403, "Tokens cannot create tokens; sign in to the app.");
  const expiresAt = expiryFrom(now, data.expiresInDays);
  const generated = generateToken();
  return getPrisma().$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { userId: actor.id, name: data.name, tokenHash: generated.hash, prefix: generated.prefix, scope: data.scope, expiresAt },
    });
    await recordAudit(tx, { actor, incidentId: null, action: "CREATE", entityType: ENTITY, entityId: row.id, snapshot: snapshot(row) });
    return { token: generated.token, view: toView(row, now) };
  });
}

/** The acting user's own tokens, newest first (never anyone else's). */
export async function listOwnTokens(actor: TActor): Promise<TTokenView[]> {
  requirePermission(actor, "tokens:own");
  const rows = await getPrisma().apiToken.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" } });
  const now = new Date();
  return rows.map((r) => toView(r, now));
}

export type TTokenWithOwner = TTokenView & { owner: { id: string; name: string; email: string } };

/** Admins: every user's tokens that still work, so one can be revoked (e.g. a leaked one). */
export async function listActiveTokensOfEveryone(actor: TActor, now: Date = new Date()): Promise<TTokenWithOwner[]> {
  requirePermission(actor, "users:manage");
  const rows = await getPrisma().apiToken.findMany({
    where: { revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    take: 500,
    include: { user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => ({ ...toView(r, now), owner: r.user }));
}

/**
 * Revokes a token: its owner may revoke it, and an admin may revoke anyone's.
 * Someone else's token is "not found" to a non-admin (no probing of ids).
 */
export async function revokeToken(actor: TActor, data: TRevokeToken): Promise<TTokenView> {
  requirePermission(actor, "tokens:own");
  return getPrisma().$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: data.id } });
    const isAdmin = can(actor, "users:manage");
    if (!row || (row.userId !== actor.id && !isAdmin)) throw new NotFoundError("This token was not found.");
    if (row.revokedAt) return toView(row);
    const revokedAt = new Date();
    // Conditional update: two concurrent revokes record one audit row.
    const updated = await tx.apiToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt } });
    if (updated.count === 1) {
      await recordAudit(tx, {
        actor,
        incidentId: null,
        action: "UPDATE",
        entityType: ENTITY,
        entityId: row.id,
        changes: [{ field: "revokedAt", before: null, after: revokedAt }],
      });
    }
    return toView({ ...row, revokedAt });
  });
}

/**
 * The actor for an `Authorization: Bearer …` header, or null when the token is
 * malformed, unknown, revoked, expired, or its owner is disabled. The role is
 * the owner's CURRENT role, read now: a demoted owner's token loses rights at
 * once, and a token never carries more than its owner has. lastUsedAt is
 * written at most once a minute per token, not on every request.
 */
export async function authenticateToken(authorizationHeader: string | null | undefined, now: Date = new Date()): Promise<TActor | null> {
  if (!hasBearer(authorizationHeader)) return null;
  const token = parseBearer(authorizationHeader);
  if (!token) return null;
  const prisma = getPrisma();
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!row || tokenStatus(row, now) !== "active" || row.user.disabledAt) return null;
  if (shouldTouchLastUsed(row.lastUsedAt, now)) {
    // Conditional so concurrent requests in the same minute write once.
    await prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role, tokenScope: row.scope, tokenId: row.id };
}
