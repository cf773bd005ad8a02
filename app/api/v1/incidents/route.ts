import { listIncidentPage } from "@/lib/analytics/incident-list";
import { ZIncidentListQuery } from "@/lib/analytics/schemas";
import { defineApiRoute } from "@/lib/http/api";
import { ZApiCreatedIncident, ZApiIncidentPage } from "@/lib/http/v1/schemas";
import { createIncident } from "@/lib/incidents/incidents";
import { ZCreateIncident } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({
  name: "v1.incidents.list",
  method: "GET",
  path: "/api/v1/incidents",
  tag: "Incidents",
  summary: "List incidents",
  description:
    "One page of the incident list with the same filters, search and sort as the Incidents page. Lists take comma-separated values (severity=SEV1,SEV2).",
  permission: "incident:read",
  query: ZIncidentListQuery,
  response: { description: "A page of incidents.", schema: ZApiIncidentPage },
  run: ({ query }, actor) => listIncidentPage(actor, query),
});

export const POST = defineApiRoute({
  name: "v1.incidents.create",
  method: "POST",
  path: "/api/v1/incidents",
  tag: "Incidents",
  summary: "Create an incident",
  description: "Same fields as the New incident form: startedAtLocal is a wall time (YYYY-MM-DDTHH:mm) in timeZone, not in the future.",
  permission: "incident:write",
  body: { kind: "json", schema: ZCreateIncident },
  response: { status: 201, description: "The new incident's id and key.", schema: ZApiCreatedIncident },
  run: ({ body }, actor) => createIncident(actor, body),
});
