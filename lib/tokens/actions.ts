"use server";

import { defineAction } from "@/lib/http/action";
import { ZCreateToken, ZRevokeToken } from "./schemas";
import { createToken, revokeToken } from "./tokens";

const TOKENS_PATH = "/settings/tokens";

/** Returns the secret once; the page shows it and never again. */
export const createTokenAction = defineAction({
  name: "tokens.create",
  schema: ZCreateToken,
  permission: "tokens:own",
  run: (data, actor) => createToken(actor, data),
  revalidate: () => [TOKENS_PATH],
});

export const revokeTokenAction = defineAction({
  name: "tokens.revoke",
  schema: ZRevokeToken,
  permission: "tokens:own",
  run: (data, actor) => revokeToken(actor, data),
  revalidate: () => [TOKENS_PATH],
});
