import { ValidationError } from "@/lib/http/errors";
import { defineApiRoute } from "@/lib/http/api";
import { ZKeyParams } from "@/lib/http/v1/params";
import { ZApiIncident, ZApiIncidentUpdated } from "@/lib/http/v1/schemas";
import { readApiIncident } from "@/lib/http/v1/views";
import { ZIncidentWindow } from "@/lib/incidents/schemas";
import { windowViewToInput } from "@/lib/incidents/window-view";
import { updateIncidentWindow } from "@/lib/incidents/window";
import { isValidTimeZone } from "@/lib/time/zone";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({
  name: "v1.incidents.read",
  method: "GET",
  path: "/api/v1/incidents/{key}",
  tag: "Incidents",
  summary: "Read an incident",
  description: "The incident window (§1 of the runbook) with its version, commander and key.",
  permission: "incident:read",
  params: ZKeyParams,
  response: { description: "The incident.", schema: ZApiIncident },
  run: ({ params }, actor) => readApiIncident(actor, params.key),
});

export const PATCH = defineApiRoute({
  name: "v1.incidents.update",
  method: "PATCH",
  path: "/api/v1/incidents/{key}",
  tag: "Incidents",
  summary: "Update an incident window",
  description:
    "Partial update of the incident window form: send `version` (as read) and the fields to change; the others keep their current values. " +
    "Times are wall times (…AtLocal, YYYY-MM-DDTHH:mm) in `timeZone` (default UTC). A stale version gets 409 with the current window.",
  permission: "incident:write",
  params: ZKeyParams,
  body: {
    kind: "json",
    schema: ZIncidentWindow,
    hide: ["incidentId"],
    docRequired: ["version"],
    // The form's schema wants every field: start from the current window, apply the client's fields.
    prepare: async ({ params, actor, json }) => {
      if (typeof json.version !== "number") throw new ValidationError("Send the version you read.", { version: ["Send the version you read."] });
      const current = await readApiIncident(actor, String(params.key));
      if (json.timeZone !== undefined && (typeof json.timeZone !== "string" || !isValidTimeZone(json.timeZone))) {
        throw new ValidationError("Some fields need attention.", { timeZone: ["Unknown time zone."] });
      }
      const timeZone = typeof json.timeZone === "string" ? json.timeZone : "UTC";
      return { ...windowViewToInput(current, timeZone), ...json, timeZone, incidentId: current.incidentId };
    },
  },
  errors: [409],
  response: { description: "The new version and the fields that changed.", schema: ZApiIncidentUpdated },
  run: ({ body }, actor) => updateIncidentWindow(actor, body),
});
