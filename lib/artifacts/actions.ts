"use server";

import { defineAction } from "@/lib/http/action";
import {
  addArtifactLink,
  clearArtifactNotApplicable,
  deleteArtifactLink,
  deleteAttachment,
  markArtifactNotApplicable,
  saveCustomerImpactStatement,
} from "./artifacts";
import {
  ZAddArtifactLink,
  ZClearNotApplicable,
  ZDeleteArtifactLink,
  ZDeleteAttachment,
  ZMarkNotApplicable,
  ZSaveCustomerImpactStatement,
} from "./schemas";

// File uploads go through the route handler app/api/incidents/[key]/attachments (multipart).

const artifactsPath = (key: string) => [`/incidents/${key}/artifacts`];

export const addArtifactLinkAction = defineAction({
  name: "artifacts.addLink",
  schema: ZAddArtifactLink,
  permission: "incident:write",
  run: (data, actor) => addArtifactLink(actor, data),
  revalidate: (data) => artifactsPath(data.incidentKey),
});

export const deleteArtifactLinkAction = defineAction({
  name: "artifacts.deleteLink",
  schema: ZDeleteArtifactLink,
  permission: "incident:write",
  run: (data, actor) => deleteArtifactLink(actor, data),
  revalidate: (data) => artifactsPath(data.incidentKey),
});

export const deleteAttachmentAction = defineAction({
  name: "artifacts.deleteAttachment",
  schema: ZDeleteAttachment,
  permission: "incident:write",
  run: (data, actor) => deleteAttachment(actor, data),
  revalidate: (data) => artifactsPath(data.incidentKey),
});

export const markNotApplicableAction = defineAction({
  name: "artifacts.markNotApplicable",
  schema: ZMarkNotApplicable,
  permission: "incident:write",
  run: (data, actor) => markArtifactNotApplicable(actor, data),
  revalidate: (data) => artifactsPath(data.incidentKey),
});

export const clearNotApplicableAction = defineAction({
  name: "artifacts.clearNotApplicable",
  schema: ZClearNotApplicable,
  permission: "incident:write",
  run: (data, actor) => clearArtifactNotApplicable(actor, data),
  revalidate: (data) => artifactsPath(data.incidentKey),
});

export const saveCustomerImpactStatementAction = defineAction({
  name: "artifacts.saveCustomerImpactStatement",
  schema: ZSaveCustomerImpactStatement,
  permission: "incident:write",
  run: (data, actor) => saveCustomerImpactStatement(actor, data),
  revalidate: (data) => artifactsPath(data.incidentKey),
});
