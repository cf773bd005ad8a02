"use server";

import { defineAction } from "@/lib/http/action";
import { ZSaveAllowedHosts } from "./hosts";
import { ZRecordSmokeRun, ZRunLiveSmoke } from "./schemas";
import { saveAllowedOutboundHosts } from "./settings";
import { recordSmokeRun, runLiveSmoke } from "./smoke";

const smokePaths = (key: string) => [`/incidents/${key}/smoke`, `/incidents/${key}/comparison`];

export const runLiveSmokeAction = defineAction({
  name: "smoke.runLive",
  schema: ZRunLiveSmoke,
  permission: "incident:write",
  run: (data, actor) => runLiveSmoke(actor, data),
  revalidate: (data) => smokePaths(data.incidentKey),
});

export const recordSmokeRunAction = defineAction({
  name: "smoke.record",
  schema: ZRecordSmokeRun,
  permission: "incident:write",
  run: (data, actor) => recordSmokeRun(actor, data),
  revalidate: (data) => smokePaths(data.incidentKey),
});

export const saveAllowedHostsAction = defineAction({
  name: "settings.saveAllowedHosts",
  schema: ZSaveAllowedHosts,
  permission: "settings:manage",
  run: (data, actor) => saveAllowedOutboundHosts(actor, data),
  revalidate: () => ["/admin/settings"],
});
