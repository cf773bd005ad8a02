import "server-only";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { toIncidentWindowView } from "@/lib/incidents/window-view";
import type { TActor } from "@/lib/auth/permissions";

/** An incident as the API answers it: the window (what PATCH edits, with its version) plus key and commander. */
export async function readApiIncident(actor: TActor, key: string) {
  const row = await getIncidentByKey(actor, key);
  return {
    key: row.key,
    ...toIncidentWindowView(row),
    commander: row.commander ? { id: row.commander.id, name: row.commander.name, email: row.commander.email } : null,
    createdAt: row.createdAt.toISOString(),
  };
}
