import { z } from "zod";
import { incidentsToCsv } from "@/lib/analytics/csv";
import { listIncidentsForExport } from "@/lib/analytics/incident-list";
import { parseIncidentListQuery, searchParamsToRecord, type TIncidentListQuery } from "@/lib/analytics/schemas";
import { contentDisposition } from "@/lib/http/content-disposition";
import { ValidationError } from "@/lib/http/errors";
import { defineRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * GET ?<the incident list's query> → the filtered list as CSV, in the list's
 * order, every page. A GET has no body: the "body" step reads the query
 * string instead, so parsing still happens after authorization.
 */
const ZNoParams = z.object({}).default({});

export const GET = defineRoute<typeof ZNoParams, TIncidentListQuery, string>({
  name: "incidents.exportCsv",
  permission: "incident:read",
  // A static route: Next may pass no params at all.
  params: ZNoParams,
  body: (_raw, request) => {
    const parsed = parseIncidentListQuery(searchParamsToRecord(new URL(request.url).searchParams));
    if (!parsed.ok) throw new ValidationError(`The filters in the address are not valid: ${parsed.errors.join(" ")}`);
    return parsed.query;
  },
  run: async ({ body }, actor) => incidentsToCsv((await listIncidentsForExport(actor, body)).rows),
  respond: (csv) =>
    new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": contentDisposition(`incidents-${new Date().toISOString().slice(0, 10)}.csv`),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    }),
});
