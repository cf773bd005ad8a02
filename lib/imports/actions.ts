"use server";

import { defineAction } from "@/lib/http/action";
import { suggestMapping } from "./presets";
import { ZAcceptWindow, ZSuggestMappingInput } from "./schemas";
import { acceptSuggestedWindow } from "./window";

/** Format detection and the (remembered or suggested) CSV mapping for the first lines of a file. */
export const suggestMappingAction = defineAction({
  name: "imports.suggestMapping",
  schema: ZSuggestMappingInput,
  permission: "incident:write",
  run: (input, actor) => suggestMapping(actor, input.incidentId, input.firstLines),
});

/** Accept the window suggested by the imported logs into the incident window. */
export const acceptSuggestedWindowAction = defineAction({
  name: "imports.acceptSuggestedWindow",
  schema: ZAcceptWindow,
  permission: "incident:write",
  run: (input, actor) => acceptSuggestedWindow(actor, input),
  revalidate: (_input, result) => [`/incidents/${result.key}`, `/incidents/${result.key}/window`, `/incidents/${result.key}/timeline`, `/incidents/${result.key}/logs`],
});
