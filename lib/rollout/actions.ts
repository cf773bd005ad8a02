"use server";

import { defineAction } from "@/lib/http/action";
import { addObservationWindow, addRolloutStep, deleteObservationWindow, deleteRolloutStep, saveRuleSettings } from "./rollout";
import { ZDeleteRolloutRow, ZObservationWindow, ZRolloutStep, ZRuleSettings } from "./schemas";

const rolloutPath = (key: string) => [`/incidents/${key}/rollout`];

export const addRolloutStepAction = defineAction({
  name: "rollout.addStep",
  schema: ZRolloutStep,
  permission: "incident:write",
  run: (data, actor) => addRolloutStep(actor, data),
  revalidate: (data) => rolloutPath(data.incidentKey),
});

export const deleteRolloutStepAction = defineAction({
  name: "rollout.deleteStep",
  schema: ZDeleteRolloutRow,
  permission: "incident:write",
  run: (data, actor) => deleteRolloutStep(actor, data),
  revalidate: (data) => rolloutPath(data.incidentKey),
});

export const addObservationWindowAction = defineAction({
  name: "rollout.addWindow",
  schema: ZObservationWindow,
  permission: "incident:write",
  run: (data, actor) => addObservationWindow(actor, data),
  revalidate: (data) => rolloutPath(data.incidentKey),
});

export const deleteObservationWindowAction = defineAction({
  name: "rollout.deleteWindow",
  schema: ZDeleteRolloutRow,
  permission: "incident:write",
  run: (data, actor) => deleteObservationWindow(actor, data),
  revalidate: (data) => rolloutPath(data.incidentKey),
});

export const saveRuleSettingsAction = defineAction({
  name: "rollout.saveRuleSettings",
  schema: ZRuleSettings,
  permission: "incident:write",
  run: (data, actor) => saveRuleSettings(actor, data),
  revalidate: (data) => [...rolloutPath(data.incidentKey), `/incidents/${data.incidentKey}`],
});
