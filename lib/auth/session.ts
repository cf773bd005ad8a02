import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { loadActiveActor } from "@/lib/users/users";
import type { TActor } from "./permissions";
import { readSessionClaims, sessionSecret } from "./session-cookie";

/**
 * The signed-in actor of this request, re-read from the database (once per
 * request) so role changes, disabled accounts and revoked sessions apply now.
 */
export const getActor = cache(async (): Promise<TActor | null> => {
  const store = await cookies();
  const session = await readSessionClaims(store.getAll(), sessionSecret());
  if (!session?.uid) return null;
  return loadActiveActor(session.uid, session.sv);
});
