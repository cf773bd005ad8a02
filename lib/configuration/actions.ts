"use server";

import { defineAction } from "@/lib/http/action";
import { ZSaveConfigSnapshot } from "./schemas";
import { createConfigSnapshot } from "./snapshots";

export const saveConfigSnapshotAction = defineAction({
  name: "configuration.saveSnapshot",
  schema: ZSaveConfigSnapshot,
  permission: "incident:write",
  run: (data, actor) => createConfigSnapshot(actor, data),
  revalidate: (data) => [`/incidents/${data.incidentKey}/configuration`, `/incidents/${data.incidentKey}/smoke`],
});
