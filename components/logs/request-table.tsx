"use client";

// The imported requests, sorted, filtered and paged on the server. TanStack
// Table (v9) runs in manual mode: its sorting, filter and pagination state is
// read from the URL and every change navigates, so a link reproduces the view.
import { useId, useMemo, type FormEvent } from "react";
import {
  columnFilteringFeature,
  createColumnHelper,
  functionalUpdate,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type PaginationState,
  type SortingState,
} from "@tanstack/react-table";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { requestClassLabel } from "@/lib/classes/histogram";
import { PAGE_SIZES, REQUEST_CLASS_IDS, REQUEST_PATH_IDS, type TSortColumn } from "@/lib/imports/schemas";
import { useUrlState } from "./url-state";

export type TRequestRowView = {
  id: string;
  ts: string;
  requestId: string | null;
  requestClass: (typeof REQUEST_CLASS_IDS)[number];
  path: (typeof REQUEST_PATH_IDS)[number];
  statusCode: number | null;
  exceptionClass: string | null;
  latencyMs: number | null;
  route: string | null;
  requestedModel: string | null;
  retryCount: number | null;
  tenantHash: string | null;
  promptHash: string | null;
};

export type TRequestPageView = {
  rows: TRequestRowView[];
  total: number;
  totalIsExact: boolean;
  mode: "keyset" | "offset";
  page: number;
  nextCursor: string | null;
  prevCursor: string | null;
  hasNext: boolean;
  hasPrev: boolean;
  offsetLimitReached: boolean;
};

export type TRequestTableQuery = {
  sort: TSortColumn;
  dir: "asc" | "desc";
  class: string | null;
  path: string | null;
  status: number | null;
  q: string | null;
  size: number;
};

/** Request time to the millisecond, in the viewer's zone (the zone is in the caption). */
function RequestTime({ iso }: { iso: string }) {
  const timeZone = useTimeZone();
  const text = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hourCycle: "h23",
  })
    .format(new Date(iso))
    .replace(",", "");
  return <time dateTime={iso} className="whitespace-nowrap tabular-nums">{text}</time>;
}

function ZoneName() {
  return <>{useTimeZone()}</>;
}

const features = tableFeatures({ rowSortingFeature, rowPaginationFeature, columnFilteringFeature });
const helper = createColumnHelper<typeof features, TRequestRowView>();
const dash = (v: string | number | null) => (v === null || v === "" ? "—" : v);

const columns = helper.columns([
  helper.accessor("ts", { id: "ts", header: "Time", cell: (info) => <RequestTime iso={info.getValue()} /> }),
  helper.accessor("requestId", { id: "requestId", header: "Request ID", enableSorting: false, cell: (info) => <span className="font-mono text-xs break-all">{dash(info.getValue())}</span> }),
  helper.accessor("requestClass", { id: "class", header: "Class", cell: (info) => <Badge tone={info.getValue() === "OK" ? "ok" : "danger"}>{requestClassLabel(info.getValue())}</Badge> }),
  helper.accessor("path", { id: "path", header: "Path", cell: (info) => (info.getValue() === "FALLBACK" ? "Fallback" : "Primary") }),
  helper.accessor("statusCode", { id: "status", header: "Status", cell: (info) => <span className="tabular-nums">{dash(info.getValue())}</span> }),
  helper.accessor("exceptionClass", { id: "exception", header: "Exception", enableSorting: false, cell: (info) => <span className="break-all">{dash(info.getValue())}</span> }),
  helper.accessor("latencyMs", {
    id: "latency",
    header: "Latency",
    cell: (info) => <span className="tabular-nums">{info.getValue() === null ? "—" : `${info.getValue()!.toLocaleString("en-US")} ms`}</span>,
  }),
  helper.accessor("route", { id: "route", header: "Route", enableSorting: false, cell: (info) => dash(info.getValue()) }),
  helper.accessor("requestedModel", { id: "model", header: "Model", enableSorting: false, cell: (info) => dash(info.getValue()) }),
]);

const nf = (n: number) => n.toLocaleString("en-US");

export function RequestTable({ page, query }: { page: TRequestPageView; query: TRequestTableQuery }) {
  const setUrl = useUrlState();
  const id = useId();
  const sorting = useMemo<SortingState>(() => [{ id: query.sort, desc: query.dir === "desc" }], [query.sort, query.dir]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page.page, pageSize: query.size }), [page.page, query.size]);
  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const filters: ColumnFiltersState = [];
    if (query.class) filters.push({ id: "class", value: query.class });
    if (query.path) filters.push({ id: "path", value: query.path });
    if (query.status !== null) filters.push({ id: "status", value: query.status });
    return filters;
  }, [query.class, query.path, query.status]);
  const resetPaging = { page: null, after: null, before: null };

  const table = useTable({
    features,
    columns,
    data: page.rows,
    getRowId: (row) => row.id,
    state: { sorting, pagination, columnFilters },
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    pageCount: -1,
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0];
      setUrl({ sort: next && next.id !== "ts" ? next.id : next ? "ts" : null, dir: next?.desc ? "desc" : null, ...resetPaging });
    },
    onColumnFiltersChange: (updater) => {
      const next = functionalUpdate(updater, columnFilters);
      const value = (key: string) => {
        const v = next.find((f) => f.id === key)?.value;
        return v === undefined || v === null || v === "" ? null : String(v);
      };
      setUrl({ class: value("class"), path: value("path"), status: value("status"), ...resetPaging });
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      if (next.pageSize !== pagination.pageSize) {
        setUrl({ size: next.pageSize === 50 ? null : next.pageSize, ...resetPaging });
      } else if (page.mode === "offset") {
        setUrl({ page: next.pageIndex || null, after: null, before: null });
      } else if (next.pageIndex === 0) {
        setUrl(resetPaging);
      } else if (next.pageIndex > pagination.pageIndex) {
        setUrl({ page: next.pageIndex, after: page.nextCursor, before: null });
      } else {
        setUrl({ page: next.pageIndex, before: page.prevCursor, after: null });
      }
    },
  });

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = String(form.get("q") ?? "").trim();
    const status = String(form.get("status") ?? "").trim();
    const filters: ColumnFiltersState = [];
    if (form.get("class")) filters.push({ id: "class", value: String(form.get("class")) });
    if (form.get("path")) filters.push({ id: "path", value: String(form.get("path")) });
    if (/^\d{3}$/.test(status)) filters.push({ id: "status", value: Number(status) });
    setUrl({ q: text || null });
    table.setColumnFilters(filters);
  }

  const first = page.page * query.size + 1;
  const shown = page.rows.length;
  const control = "rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-text";

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3" data-testid="request-table">
      <div>
        <h3 id={`${id}-title`} className="font-semibold">
          Requests
        </h3>
        <p className="text-sm text-muted">
          Sanitized requests: no prompt or response text; tenants and users appear only as pseudonyms. Sort by a column header; the view is in
          the address, so a link shows the same page. Times in <ZoneName />.
        </p>
      </div>
      <form onSubmit={applyFilters} className="flex flex-wrap items-end gap-3" aria-label="Filter requests" key={`${query.class}|${query.path}|${query.status}|${query.q}`}>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-class`} className="text-sm font-medium">
            Class
          </label>
          <select id={`${id}-class`} name="class" defaultValue={query.class ?? ""} className={control}>
            <option value="">All classes</option>
            {REQUEST_CLASS_IDS.map((c) => (
              <option key={c} value={c}>
                {requestClassLabel(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-path`} className="text-sm font-medium">
            Path
          </label>
          <select id={`${id}-path`} name="path" defaultValue={query.path ?? ""} className={control}>
            <option value="">Both paths</option>
            <option value="PRIMARY">Primary</option>
            <option value="FALLBACK">Fallback</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-status`} className="text-sm font-medium">
            HTTP status
          </label>
          <input id={`${id}-status`} name="status" inputMode="numeric" pattern="[1-5][0-9][0-9]" defaultValue={query.status ?? ""} className={`${control} w-24`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-q`} className="text-sm font-medium">
            Request ID, route, model or exception
          </label>
          <input id={`${id}-q`} name="q" type="search" maxLength={200} defaultValue={query.q ?? ""} className={`${control} w-64`} />
        </div>
        <Button type="submit" variant="secondary">
          Apply filters
        </Button>
      </form>

      <TableWrap tabIndex={0} role="region" aria-label="Requests table">
        <Table>
          <caption className="sr-only">
            Imported requests, sorted by {query.sort}, {query.dir === "desc" ? "descending" : "ascending"}; times in <ZoneName />
          </caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <Th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : canSort ? "none" : undefined}>
                      {canSort ? (
                        <button
                          type="button"
                          onClick={() => header.column.toggleSorting(sorted === "asc")}
                          className="inline-flex items-center gap-1 font-semibold hover:underline"
                          data-testid={`sort-${header.column.id}`}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                          <span className="sr-only">{sorted === "asc" ? ", sorted ascending; sort descending" : sorted === "desc" ? ", sorted descending; sort ascending" : ", sort"}</span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </Th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <Td colSpan={columns.length} className="text-center text-muted">
                  No requests match.
                </Td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id}>
                  {row.getAllCells().map((cell) => (
                    <Td key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </Td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </Table>
      </TableWrap>

      <nav aria-label="Request pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="tabular-nums" data-testid="request-range">
          {shown > 0 ? `Rows ${nf(first)}–${nf(first + shown - 1)} of ${nf(page.total)}${page.totalIsExact ? "" : "+"}` : "No rows"}
          {page.offsetLimitReached ? " · the first 10,000 rows of this order can be paged; narrow the filters or sort by time to see further" : ""}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-size`}>Rows per page</label>
          <select id={`${id}-size`} value={query.size} onChange={(e) => table.setPageSize(Number(e.target.value))} className={control}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <Button size="sm" variant="secondary" onClick={() => table.setPageIndex(0)} disabled={!page.hasPrev}>
            First
          </Button>
          <Button size="sm" variant="secondary" onClick={() => table.previousPage()} disabled={!page.hasPrev}>
            Previous
          </Button>
          <span aria-current="page">Page {nf(page.page + 1)}</span>
          <Button size="sm" variant="secondary" onClick={() => table.nextPage()} disabled={!page.hasNext}>
            Next
          </Button>
        </div>
      </nav>
    </section>
  );
}
