// Shared by the token form (client) and the token actions (server).
import { z } from "zod";

export const TOKEN_SCOPES = ["READ", "READ_WRITE"] as const;
export const ZTokenScope = z.enum(TOKEN_SCOPES, { error: "Choose read or read-write." });
export type TTokenScope = z.infer<typeof ZTokenScope>;
export const TOKEN_SCOPE_LABELS: Record<TTokenScope, string> = { READ: "Read", READ_WRITE: "Read and write" };

/** Select values are strings; the server turns them into a number of days. */
export const TOKEN_EXPIRY_CHOICES = ["7", "30", "90", "365"] as const;

export const ZCreateToken = z.object({
  name: z.string().trim().min(1, { error: "Name the token (what will use it)." }).max(100, { error: "Use at most 100 characters." }),
  scope: ZTokenScope,
  expiresInDays: z.enum(TOKEN_EXPIRY_CHOICES, { error: "Choose 7, 30, 90 or 365 days." }).transform(Number),
});
export type TCreateTokenInput = z.input<typeof ZCreateToken>;
export type TCreateToken = z.output<typeof ZCreateToken>;

export const ZRevokeToken = z.object({ id: z.string().min(1).max(64) });
export type TRevokeToken = z.infer<typeof ZRevokeToken>;
