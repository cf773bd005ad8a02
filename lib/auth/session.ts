import "server-only";
import { cache } from "react";
import { loadActiveActor } from "@/lib/users/users";
import type { TActor } from "./permissions";
import { auth } from "./auth";

/**
 * The signed-in actor of this request, re-read from the database (once per
 * request) so role changes, disabled accounts and revoked sessions apply now.
 */
export const getActor = cache(async (): Promise<TActor | null> => {
  const session = (await auth()) as unknown as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  return loadActiveActor(session.uid, session.sv);
});
