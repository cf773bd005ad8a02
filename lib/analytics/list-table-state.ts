// The incident list's URL query ↔ TanStack Table state (sorting, pagination,
// column visibility, column filters, global filter). The table is "manual"
// for all of them: the server sorts, filters and pages, the URL holds the
// state, and a table state change becomes a new URL.
import type { ColumnFiltersState, ColumnVisibilityState, PaginationState, SortingState } from "@tanstack/react-table";
import {
  INCIDENT_LIST_COLUMNS,
  parseIncidentListQuery,
  type TIncidentListColumn,
  type TIncidentListQuery,
  type TSearchParams,
} from "./schemas";

export type TListTableState = {
  sorting: SortingState;
  pagination: PaginationState;
  columnVisibility: ColumnVisibilityState;
  columnFilters: ColumnFiltersState;
  globalFilter: string;
};

/** The value a date-range filter holds on the "start" column. */
export type TStartFilter = { from: string; to: string; tz: string };

/** Which query key each filterable column's filter lives in. */
export const FILTER_KEYS = {
  severity: "severity",
  status: "status",
  failureClasses: "failureClass",
  fallbackMode: "fallbackMode",
  primaryModel: "model",
  commander: "commander",
} as const satisfies Partial<Record<TIncidentListColumn, keyof TIncidentListQuery>>;

export function queryToTableState(q: TIncidentListQuery): TListTableState {
  const columnFilters: ColumnFiltersState = [];
  for (const [column, key] of Object.entries(FILTER_KEYS)) {
    const value = q[key];
    if (Array.isArray(value) ? value.length : value) columnFilters.push({ id: column, value });
  }
  if (q.from || q.to) columnFilters.push({ id: "start", value: { from: q.from, to: q.to, tz: q.tz } satisfies TStartFilter });
  return {
    sorting: [{ id: q.sort, desc: q.dir === "desc" }],
    pagination: { pageIndex: q.page - 1, pageSize: q.size },
    columnVisibility: Object.fromEntries(q.hide.map((c) => [c, false])),
    columnFilters,
    globalFilter: q.q,
  };
}

/**
 * The query for a changed table state. Sorting, filters, search and page size
 * start again on page 1; the result goes through the URL schema, so it is
 * canonical (or the current query when the change makes no sense).
 */
export function tableStateToQuery(current: TIncidentListQuery, change: Partial<TListTableState>): TIncidentListQuery {
  const params: TSearchParams = {};
  const before = queryToTableState(current);
  const next = { ...before, ...change };

  const filterValue = (id: string) => next.columnFilters.find((f) => f.id === id)?.value;
  for (const [column, key] of Object.entries(FILTER_KEYS)) {
    const value = filterValue(column);
    if (Array.isArray(value)) params[key] = value.map(String);
    else if (typeof value === "string") params[key] = value;
  }
  const start = filterValue("start") as Partial<TStartFilter> | undefined;
  if (start?.from) params.from = start.from;
  if (start?.to) params.to = start.to;
  if (start?.tz) params.tz = start.tz;
  params.q = next.globalFilter;

  const sort = next.sorting[0];
  if (sort && (INCIDENT_LIST_COLUMNS as readonly string[]).includes(sort.id)) {
    params.sort = sort.id;
    params.dir = sort.desc ? "desc" : "asc";
  } else {
    params.sort = current.sort;
    params.dir = current.dir;
  }
  params.size = String(next.pagination.pageSize);
  params.hide = Object.entries(next.columnVisibility)
    .filter(([, visible]) => visible === false)
    .map(([id]) => id);

  const resets =
    change.sorting !== undefined ||
    change.columnFilters !== undefined ||
    change.globalFilter !== undefined ||
    next.pagination.pageSize !== before.pagination.pageSize;
  params.page = String(resets ? 1 : next.pagination.pageIndex + 1);

  const parsed = parseIncidentListQuery(params);
  return parsed.ok ? parsed.query : current;
}
