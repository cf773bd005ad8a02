// Path parameters shared by the /api/v1 routes.
import { z } from "zod";
import { ZIncidentKey } from "@/lib/incidents/schemas";

export const ZKeyParams = z.object({ key: ZIncidentKey.describe("Incident key, e.g. INC-2026-0001") });
export const ZKeyIdParams = z.object({ key: ZIncidentKey.describe("Incident key, e.g. INC-2026-0001"), id: z.string().min(1).max(64) });
export const ZVersionQuery = z.object({
  version: z.coerce.number().int().min(1).max(2_147_483_647).describe("The version you read; a stale one gets 409."),
});
