import { describe, expect, it } from "vitest";
import { queryToTableState, tableStateToQuery } from "./list-table-state";
import { parseIncidentListQuery, type TIncidentListQuery } from "./schemas";

const q = (params: Record<string, string>): TIncidentListQuery => {
  const parsed = parseIncidentListQuery(params);
  if (!parsed.ok) throw new Error(parsed.errors.join());
  return parsed.query;
};

describe("incident list query ↔ table state", () => {
  const query = q({ q: "timeout", severity: "SEV1", failureClass: "TIMEOUT", model: "gpt", from: "2026-01-01", tz: "Europe/Berlin", sort: "duration", dir: "desc", page: "3", size: "50", hide: "title" });

  it("maps the query onto sorting, pagination, visibility, column filters and the global filter", () => {
    expect(queryToTableState(query)).toEqual({
      sorting: [{ id: "duration", desc: true }],
      pagination: { pageIndex: 2, pageSize: 50 },
      columnVisibility: { title: false },
      columnFilters: [
        { id: "severity", value: ["SEV1"] },
        { id: "failureClasses", value: ["TIMEOUT"] },
        { id: "primaryModel", value: "gpt" },
        { id: "start", value: { from: "2026-01-01", to: "", tz: "Europe/Berlin" } },
      ],
      globalFilter: "timeout",
    });
  });

  it("is the identity when nothing changes", () => {
    expect(tableStateToQuery(query, {})).toEqual(query);
    expect(tableStateToQuery(query, queryToTableState(query))).toEqual({ ...query, page: 1 });
  });

  it("turns the page without resetting anything", () => {
    expect(tableStateToQuery(query, { pagination: { pageIndex: 3, pageSize: 50 } })).toEqual({ ...query, page: 4 });
  });

  it("starts on page 1 after a sort, filter, search or page-size change", () => {
    expect(tableStateToQuery(query, { sorting: [{ id: "start", desc: false }] })).toMatchObject({ sort: "start", dir: "asc", page: 1 });
    expect(tableStateToQuery(query, { globalFilter: "rate limit" })).toMatchObject({ q: "rate limit", page: 1 });
    expect(tableStateToQuery(query, { pagination: { pageIndex: 2, pageSize: 100 } })).toMatchObject({ size: 100, page: 1 });
    const filtered = tableStateToQuery(query, {
      columnFilters: [
        { id: "severity", value: ["SEV2", "SEV1"] },
        { id: "status", value: ["RESOLVED"] },
        { id: "start", value: { from: "", to: "2026-02-01", tz: "UTC" } },
      ],
    });
    expect(filtered).toMatchObject({ severity: ["SEV1", "SEV2"], status: ["RESOLVED"], failureClass: [], model: "", from: "", to: "2026-02-01", tz: "UTC", page: 1 });
  });

  it("hides and shows columns without leaving the page", () => {
    expect(tableStateToQuery(query, { columnVisibility: { title: true, commander: false } })).toMatchObject({ hide: ["commander"], page: 3 });
  });

  it("keeps the current query when the new state is not valid", () => {
    expect(tableStateToQuery(query, { sorting: [{ id: "nope", desc: false }] })).toMatchObject({ sort: "duration" });
    expect(tableStateToQuery(query, { pagination: { pageIndex: 0, pageSize: 7 } })).toEqual(query);
  });
});
