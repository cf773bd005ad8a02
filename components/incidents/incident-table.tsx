"use client";

// The incident list: TanStack Table v9 in manual mode. The server sorts,
// filters, searches and pages (lib/analytics/incident-list.ts); the URL holds
// the whole state, so every change here is a navigation to a new address and
// a copied link shows the same view. Changes show at once (optimistic) while
// the server renders the new rows.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useOptimistic, useTransition, type ReactNode } from "react";
import { ArrowDown, ArrowUp, ArrowUpDown, Download } from "lucide-react";
import {
  columnFilteringFeature,
  columnVisibilityFeature,
  createColumnHelper,
  functionalUpdate,
  globalFilteringFeature,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Updater,
} from "@tanstack/react-table";
import { Badge, severityTone } from "@/components/ui/card";
import { Button, buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useTimeZone } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import type { TIncidentFilterOptions, TIncidentListPage, TIncidentListRow } from "@/lib/analytics/incident-list";
import { queryToTableState, tableStateToQuery, type TListTableState } from "@/lib/analytics/list-table-state";
import {
  ALWAYS_VISIBLE_COLUMNS,
  failureClassLabel,
  hasIncidentListFilters,
  INCIDENT_LIST_COLUMN_LABELS,
  incidentExportHref,
  incidentListHref,
  PAGE_SIZES,
  type TIncidentListColumn,
  type TIncidentListQuery,
} from "@/lib/analytics/schemas";
import { FALLBACK_MODE_LABELS, type TFallbackMode } from "@/lib/incidents/schemas";
import { formatDuration } from "@/lib/time/zone";
import { IncidentListFilters } from "./incident-list-filters";

const features = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnVisibilityFeature,
  columnFilteringFeature,
  globalFilteringFeature,
});
export type TIncidentTableFeatures = typeof features;

const helper = createColumnHelper<typeof features, TIncidentListRow>();
const label = (id: TIncidentListColumn) => INCIDENT_LIST_COLUMN_LABELS[id];

const columns = helper.columns([
  helper.accessor("key", {
    id: "key",
    header: label("key"),
    enableHiding: false,
    cell: (info) => (
      <Link className="font-mono whitespace-nowrap text-accent underline-offset-2 hover:underline" href={`/incidents/${info.getValue()}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  helper.accessor("title", { id: "title", header: label("title"), cell: (info) => <span className="block min-w-48">{info.getValue()}</span> }),
  helper.accessor("severity", {
    id: "severity",
    header: label("severity"),
    cell: (info) => <Badge tone={severityTone(info.getValue())}>{info.getValue()}</Badge>,
  }),
  helper.accessor("status", {
    id: "status",
    header: label("status"),
    cell: (info) => <span className="whitespace-nowrap">{info.getValue().toLowerCase()}</span>,
  }),
  helper.accessor((r) => r.primaryModelAlias ?? r.primaryModelResolvedId, {
    id: "primaryModel",
    header: label("primaryModel"),
    cell: ({ row }) => {
      const { primaryModelAlias: alias, primaryModelResolvedId: resolved } = row.original;
      if (!alias && !resolved) return <span className="text-muted">—</span>;
      return (
        <span className="break-all">
          {alias ?? resolved}
          {alias && resolved ? <span className="block text-xs text-muted">{resolved}</span> : null}
        </span>
      );
    },
  }),
  helper.accessor("fallbackMode", {
    id: "fallbackMode",
    header: label("fallbackMode"),
    cell: (info) => <span className="whitespace-nowrap">{FALLBACK_MODE_LABELS[info.getValue() as TFallbackMode] ?? info.getValue()}</span>,
  }),
  helper.accessor("failureClasses", {
    id: "failureClasses",
    header: label("failureClasses"),
    cell: (info) =>
      info.getValue().length === 0 ? (
        <span className="text-muted">—</span>
      ) : (
        <ul className="flex min-w-40 flex-col gap-1">
          {info.getValue().map((c) => (
            <li key={c.failureClass} className={c.role === "PRIMARY" ? "font-semibold" : "text-muted"}>
              {failureClassLabel(c.failureClass)}
              {c.role === "PRIMARY" ? <span className="sr-only"> (primary)</span> : <span className="sr-only"> (secondary)</span>}
            </li>
          ))}
        </ul>
      ),
  }),
  helper.accessor("startedAt", {
    id: "start",
    header: label("start"),
    sortDescFirst: true,
    cell: (info) => <StartTime iso={info.getValue()} />,
  }),
  helper.accessor("durationMs", {
    id: "duration",
    header: label("duration"),
    sortDescFirst: true,
    cell: ({ row }) =>
      row.original.ongoing ? (
        <span className="whitespace-nowrap">
          ongoing <span className="block text-xs text-muted">{formatDuration(row.original.durationMs)} so far</span>
        </span>
      ) : (
        <span className="whitespace-nowrap">{formatDuration(row.original.durationMs)}</span>
      ),
  }),
  helper.accessor("commanderName", {
    id: "commander",
    header: label("commander"),
    cell: (info) => info.getValue() ?? <span className="text-muted">—</span>,
  }),
  helper.accessor("answered", {
    id: "completeness",
    header: label("completeness"),
    sortDescFirst: true,
    cell: ({ row }) => (
      <span className="whitespace-nowrap tabular-nums">
        {row.original.answered}/{row.original.questionTotal}
      </span>
    ),
  }),
  helper.accessor("openFollowUps", {
    id: "openFollowUps",
    header: label("openFollowUps"),
    sortDescFirst: true,
    cell: (info) => <span className="tabular-nums">{info.getValue()}</span>,
  }),
]);

// The start column shows 25–100 instants: one formatter per zone instead of
// one per cell (building an Intl formatter costs far more than using it).
// Same output as formatInZone: "2026-05-08 11:12 CEST".
const START_FORMATTERS = new Map<string, Intl.DateTimeFormat>();
function formatStart(iso: string, timeZone: string): string {
  let fmt = START_FORMATTERS.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    START_FORMATTERS.set(timeZone, fmt);
  }
  const text = fmt.format(new Date(iso));
  const m = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}:\d{2}) (.+)$/.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]} ${m[4]} ${m[5]}` : text;
}

function StartTime({ iso }: { iso: string }) {
  const timeZone = useTimeZone();
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {formatStart(iso, timeZone)}
    </time>
  );
}

function SortIcon({ sorted }: { sorted: false | "asc" | "desc" }) {
  if (sorted === "asc") return <ArrowUp aria-hidden size={14} />;
  if (sorted === "desc") return <ArrowDown aria-hidden size={14} />;
  return <ArrowUpDown aria-hidden size={14} className="opacity-40" />;
}

export function IncidentTable({
  page,
  query,
  options,
  canCreate,
  createLink,
}: {
  page: TIncidentListPage;
  query: TIncidentListQuery;
  options: TIncidentFilterOptions;
  canCreate?: boolean;
  createLink?: ReactNode;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(query);
  const state = useMemo(() => queryToTableState(shown), [shown]);

  const go = (next: TIncidentListQuery) => {
    startTransition(() => {
      setShown(next);
      router.push(incidentListHref(next), { scroll: false });
    });
  };
  function change<K extends keyof TListTableState>(key: K) {
    return (updater: Updater<TListTableState[K]>) => go(tableStateToQuery(shown, { [key]: functionalUpdate(updater, state[key]) }));
  }

  const table = useTable({
    features,
    columns,
    data: page.rows,
    getRowId: (row) => row.id,
    rowCount: page.total,
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state,
    onSortingChange: change("sorting"),
    onPaginationChange: change("pagination"),
    onColumnVisibilityChange: change("columnVisibility"),
    onColumnFiltersChange: change("columnFilters"),
    onGlobalFilterChange: change("globalFilter"),
  });

  const first = page.total === 0 ? 0 : (page.page - 1) * page.size + 1;
  const last = Math.min(page.total, page.page * page.size);
  const sortedBy = state.sorting[0];
  const filtered = hasIncidentListFilters(query);
  const visibleCount = table.getVisibleLeafColumns().length;

  return (
    <div className="flex flex-col gap-4">
      <IncidentListFilters table={table} options={options} query={shown} onClear={() => go({ ...query, q: "", severity: [], status: [], failureClass: [], fallbackMode: [], model: "", commander: "", from: "", to: "", tz: "UTC", page: 1 })} />

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p role="status" aria-live="polite" className="text-muted">
          {pending
            ? "Updating the list…"
            : page.total === 0
              ? filtered
                ? "No incidents match these filters."
                : "No incidents yet."
              : `Showing ${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${page.total.toLocaleString("en-US")} incidents.`}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <details className="relative">
            <summary className={cn(buttonClass("secondary", "sm"), "cursor-pointer list-none")}>Columns</summary>
            <fieldset className="absolute right-0 z-10 mt-1 flex w-56 flex-col gap-1 rounded-md border border-border bg-surface p-3 shadow-lg">
              <legend className="sr-only">Visible columns</legend>
              {table
                .getAllLeafColumns()
                .filter((c) => !ALWAYS_VISIBLE_COLUMNS.includes(c.id as TIncidentListColumn))
                .map((column) => (
                  <label key={column.id} className="flex items-center gap-2">
                    <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
                    {label(column.id as TIncidentListColumn)}
                  </label>
                ))}
            </fieldset>
          </details>
          <label className="flex items-center gap-2">
            Rows per page
            <select
              className="rounded-md border border-border bg-surface px-2 py-1"
              value={state.pagination.pageSize}
              onChange={(e) => table.setPageSize(Number(e.target.value))}
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <a href={incidentExportHref(query)} className={buttonClass("secondary", "sm")} download>
            <Download aria-hidden size={14} /> Download CSV
          </a>
          {canCreate ? createLink : null}
        </div>
      </div>

      <TableWrap aria-busy={pending || undefined} className={cn(pending && "opacity-60")}>
        {/* Cell styles set once on the table: 300 cells render less markup. */}
        <Table className="[&_td]:border-b [&_td]:border-border [&_td]:px-3 [&_td]:py-2 [&_td]:align-top">
          <caption className="sr-only">
            Incidents{sortedBy ? `, sorted by ${label(sortedBy.id as TIncidentListColumn)} ${sortedBy.desc ? "descending" : "ascending"}` : ""}, page{" "}
            {page.page} of {page.pageCount}
          </caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <Th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      className="p-0"
                    >
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="flex w-full items-center gap-1 px-3 py-2 text-left font-semibold hover:bg-border/40"
                      >
                        <table.FlexRender header={header} />
                        <SortIcon sorted={sorted} />
                      </button>
                    </Th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-testid="incident-row">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <Td colSpan={visibleCount} className="py-8 text-center text-muted">
                  {page.total > 0 ? (
                    <>
                      This page is past the end.{" "}
                      <Link className="text-accent underline" href={incidentListHref({ ...query, page: page.pageCount })}>
                        Go to the last page
                      </Link>
                      .
                    </>
                  ) : filtered ? (
                    "No incidents match these filters."
                  ) : (
                    "No incidents yet."
                  )}
                </Td>
              </tr>
            ) : null}
          </tbody>
        </Table>
      </TableWrap>

      <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span>
          Page {page.page.toLocaleString("en-US")} of {page.pageCount.toLocaleString("en-US")}
        </span>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => table.firstPage()} disabled={!table.getCanPreviousPage()}>
            First
          </Button>
          <Button size="sm" variant="secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
            Previous
          </Button>
          <Button size="sm" variant="secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
            Next
          </Button>
          <Button size="sm" variant="secondary" onClick={() => table.lastPage()} disabled={!table.getCanNextPage()}>
            Last
          </Button>
        </div>
      </nav>
    </div>
  );
}
