// Input schemas of the export routes and the admin setting (shared by form and server).
import { z } from "zod";

export const ZExportRouteParams = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,10}-\d{4}-\d{1,8}$/, { error: "Not an incident key." }),
});

/** A single boolean: the save carries the value the form was showing, and is refused when someone changed it since. */
export const ZRequireReadinessSetting = z.object({
  requireReadinessForExport: z.boolean(),
  basedOn: z.boolean(),
});
export type TRequireReadinessSetting = z.infer<typeof ZRequireReadinessSetting>;
