"use client";

// Filters of the incident list: the search (TanStack global filter) and one
// control per filterable column (column filters). Each change is a new URL;
// the server applies it (manual filtering).
import { useState, type FormEvent } from "react";
import type { ReactTable } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/local-time";
import type { TIncidentFilterOptions, TIncidentListRow } from "@/lib/analytics/incident-list";
import type { TStartFilter } from "@/lib/analytics/list-table-state";
import { FAILURE_CLASSES, failureClassLabel, hasIncidentListFilters, type TIncidentListQuery } from "@/lib/analytics/schemas";
import { todayInZone } from "@/lib/followups/overdue";
import { FALLBACK_MODE_LABELS, FALLBACK_MODES, INCIDENT_STATUSES, SEVERITIES } from "@/lib/incidents/schemas";
import type { TIncidentTableFeatures } from "./incident-table";

type TTable = ReactTable<TIncidentTableFeatures, TIncidentListRow>;

const control = "rounded-md border border-border bg-surface px-2 py-1 text-sm";

function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function CheckboxGroup({
  table,
  columnId,
  legend,
  values,
  labelOf,
}: {
  table: TTable;
  columnId: string;
  legend: string;
  values: readonly string[];
  labelOf: (value: string) => string;
}) {
  const column = table.getColumn(columnId)!;
  const selected = (column.getFilterValue() as string[] | undefined) ?? [];
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {values.map((value) => (
        <label key={value} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={selected.includes(value)}
            onChange={() => column.setFilterValue(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value])}
          />
          {labelOf(value)}
        </label>
      ))}
    </fieldset>
  );
}

export function IncidentListFilters({
  table,
  options,
  query,
  onClear,
}: {
  table: TTable;
  options: TIncidentFilterOptions;
  query: TIncidentListQuery;
  onClear: () => void;
}) {
  const timeZone = useTimeZone();
  const [search, setSearch] = useState(query.q);
  const [lastQ, setLastQ] = useState(query.q);
  // Follow the address when it changes (back/forward, clear): adjust state while rendering.
  if (query.q !== lastQ) {
    setLastQ(query.q);
    setSearch(query.q);
  }
  const start = (table.getColumn("start")!.getFilterValue() as TStartFilter | undefined) ?? { from: "", to: "", tz: timeZone };
  const setRange = (from: string, to: string) =>
    table.getColumn("start")!.setFilterValue(from || to ? ({ from, to, tz: start.from || start.to ? start.tz : timeZone } satisfies TStartFilter) : undefined);
  const setPreset = (days: number) =>
    table.getColumn("start")!.setFilterValue({ from: daysBefore(todayInZone(new Date(), timeZone), days), to: "", tz: timeZone } satisfies TStartFilter);
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    table.setGlobalFilter(search.trim());
  };
  const model = (table.getColumn("primaryModel")!.getFilterValue() as string | undefined) ?? "";
  const commander = (table.getColumn("commander")!.getFilterValue() as string | undefined) ?? "";

  return (
    <section aria-labelledby="incident-filters-title" className="flex flex-col gap-3 rounded-lg border border-border bg-surface p-4">
      <h2 id="incident-filters-title" className="sr-only">
        Search and filters
      </h2>
      <form role="search" onSubmit={submitSearch} className="flex flex-col gap-1">
        <label htmlFor="incident-search" className="text-sm font-medium">
          Search titles and review answers
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id="incident-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            maxLength={200}
            aria-describedby="incident-search-hint"
            className={`${control} min-w-0 flex-1 py-2`}
          />
          <Button type="submit" variant="primary">
            Search
          </Button>
        </div>
        <p id="incident-search-hint" className="text-xs text-muted">
          Finds incidents whose title or any one review answer has all the words (any word form). Use “quotes” for a phrase and -word to
          leave a word out.
        </p>
      </form>

      <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <CheckboxGroup table={table} columnId="severity" legend="Severity" values={SEVERITIES} labelOf={(v) => v} />
        <CheckboxGroup table={table} columnId="status" legend="Status" values={INCIDENT_STATUSES} labelOf={(v) => v.toLowerCase()} />
        <div className="col-span-2">
          <CheckboxGroup table={table} columnId="failureClasses" legend="Failure class" values={FAILURE_CLASSES} labelOf={failureClassLabel} />
        </div>
        <CheckboxGroup
          table={table}
          columnId="fallbackMode"
          legend="Fallback mode"
          values={FALLBACK_MODES}
          labelOf={(v) => FALLBACK_MODE_LABELS[v as keyof typeof FALLBACK_MODE_LABELS]}
        />
        <div className="flex flex-col gap-3">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Primary model
            <select className={control} value={model} onChange={(e) => table.getColumn("primaryModel")!.setFilterValue(e.target.value || undefined)}>
              <option value="">Any model</option>
              {model && !options.models.includes(model) ? <option value={model}>{model}</option> : null}
              {options.models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Commander
            <select className={control} value={commander} onChange={(e) => table.getColumn("commander")!.setFilterValue(e.target.value || undefined)}>
              <option value="">Anyone</option>
              {commander && !options.commanders.some((c) => c.id === commander) ? <option value={commander}>Unknown user</option> : null}
              {options.commanders.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="mb-1 text-sm font-medium">
          Start of degradation <span className="font-normal text-muted">(calendar days in {start.from || start.to ? start.tz : timeZone})</span>
        </legend>
        <label className="flex flex-col gap-1 text-sm">
          From
          <input type="date" className={control} value={start.from} max={start.to || undefined} onChange={(e) => setRange(e.target.value, start.to)} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          To
          <input type="date" className={control} value={start.to} min={start.from || undefined} onChange={(e) => setRange(start.from, e.target.value)} />
        </label>
        {[30, 90, 365].map((days) => (
          <Button key={days} size="sm" variant="secondary" onClick={() => setPreset(days)}>
            Last {days} days
          </Button>
        ))}
        {hasIncidentListFilters(query) ? (
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear all filters
          </Button>
        ) : null}
      </fieldset>
    </section>
  );
}
