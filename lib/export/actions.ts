"use server";

import { defineAction } from "@/lib/http/action";
import { ZRequireReadinessSetting } from "./schemas";
import { setRequireReadinessForExport } from "./settings";

export const setRequireReadinessAction = defineAction({
  name: "export.setRequireReadiness",
  schema: ZRequireReadinessSetting,
  permission: "settings:manage",
  run: (data, actor) => setRequireReadinessForExport(actor, data),
  revalidate: () => ["/admin"],
});
