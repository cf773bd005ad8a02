"use server";

import { defineAction } from "@/lib/http/action";
import { createFollowUp, deleteFollowUp, setFollowUpStatus, updateFollowUp } from "./followups";
import { ZCreateFollowUp, ZDeleteFollowUp, ZSetFollowUpStatus, ZUpdateFollowUp } from "./schemas";

const followUpsPath = (key: string) => [`/incidents/${key}/follow-ups`];

export const createFollowUpAction = defineAction({
  name: "followUps.create",
  schema: ZCreateFollowUp,
  permission: "incident:write",
  run: (data, actor) => createFollowUp(actor, data),
  revalidate: (data) => followUpsPath(data.incidentKey),
});

export const updateFollowUpAction = defineAction({
  name: "followUps.update",
  schema: ZUpdateFollowUp,
  permission: "incident:write",
  run: (data, actor) => updateFollowUp(actor, data),
  revalidate: (data) => followUpsPath(data.incidentKey),
});

export const setFollowUpStatusAction = defineAction({
  name: "followUps.setStatus",
  schema: ZSetFollowUpStatus,
  permission: "incident:write",
  run: (data, actor) => setFollowUpStatus(actor, data),
  revalidate: (data) => followUpsPath(data.incidentKey),
});

export const deleteFollowUpAction = defineAction({
  name: "followUps.delete",
  schema: ZDeleteFollowUp,
  permission: "incident:write",
  run: (data, actor) => deleteFollowUp(actor, data),
  revalidate: (data) => followUpsPath(data.incidentKey),
});
