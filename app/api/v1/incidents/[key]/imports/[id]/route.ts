import { defineApiRoute } from "@/lib/http/api";
import { NotFoundError } from "@/lib/http/errors";
import { ZKeyIdParams } from "@/lib/http/v1/params";
import { ZApiImportStatus } from "@/lib/http/v1/schemas";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { listLogImports } from "@/lib/imports/analytics";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({
  name: "v1.imports.status",
  method: "GET",
  path: "/api/v1/incidents/{key}/imports/{id}",
  tag: "Log imports",
  summary: "Status of a log import",
  description: "RUNNING, COMPLETED, FAILED or CANCELLED, with counts, privacy report and rejected lines (among the incident's 100 latest imports).",
  permission: "incident:read",
  params: ZKeyIdParams,
  response: { description: "The import record.", schema: ZApiImportStatus },
  run: async ({ params }, actor) => {
    const incident = await getIncidentByKey(actor, params.key);
    const found = (await listLogImports(actor, incident.id)).find((i) => i.id === params.id);
    if (!found) throw new NotFoundError(`Import ${params.id} was not found on ${params.key}.`);
    return found;
  },
});
