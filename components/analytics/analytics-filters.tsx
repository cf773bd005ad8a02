"use client";

// Analytics filters: dates (in the browser's zone), severities, one affected
// service, the time bucket and the recurrence window. Applying them is a new URL.
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useTimeZone } from "@/components/ui/local-time";
import { analyticsHref, DEFAULT_ANALYTICS_QUERY, parseAnalyticsQuery, type TAnalyticsQuery } from "@/lib/analytics/schemas";
import { SEVERITIES } from "@/lib/incidents/schemas";

const control = "rounded-md border border-border bg-surface px-2 py-1 text-sm";

export function AnalyticsFilters({ query, services }: { query: TAnalyticsQuery; services: string[] }) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [pending, startTransition] = useTransition();
  const [from, setFrom] = useState(query.from);
  const [to, setTo] = useState(query.to);
  const [severity, setSeverity] = useState<string[]>(query.severity);
  const [service, setService] = useState(query.service);
  const [bucket, setBucket] = useState<string>(query.bucket);
  const [recurDays, setRecurDays] = useState(String(query.recurDays));
  const [errors, setErrors] = useState<string[]>([]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseAnalyticsQuery({ from, to, tz: timeZone, severity, service, bucket, recurDays });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors([]);
    startTransition(() => router.push(analyticsHref(parsed.query), { scroll: false }));
  };
  const reset = () => startTransition(() => router.push(analyticsHref({ ...DEFAULT_ANALYTICS_QUERY, tz: timeZone }), { scroll: false }));

  return (
    <form onSubmit={apply} className="no-print flex flex-col gap-3 rounded-lg border border-border bg-surface p-4" aria-labelledby="analytics-filters-title">
      <h2 id="analytics-filters-title" className="sr-only">
        Filters
      </h2>
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Started from
          <input type="date" className={control} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Started until
          <input type="date" className={control} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <fieldset className="flex flex-wrap items-center gap-3 text-sm">
          <legend className="mb-1 font-medium">Severity</legend>
          {SEVERITIES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={severity.includes(s)}
                onChange={() => setSeverity((v) => (v.includes(s) ? v.filter((x) => x !== s) : [...v, s]))}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Service
          <select className={control} value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">Every service</option>
            {service && !services.includes(service) ? <option value={service}>{service}</option> : null}
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Incidents per
          <select className={control} value={bucket} onChange={(e) => setBucket(e.target.value)}>
            <option value="month">Month</option>
            <option value="week">Week</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Recurrence window (days)
          <input type="number" min={1} max={3650} step={1} className={`${control} w-28`} value={recurDays} onChange={(e) => setRecurDays(e.target.value)} />
        </label>
        <div className="flex gap-2">
          <Button type="submit" disabled={pending}>
            Apply
          </Button>
          <Button variant="ghost" onClick={reset} disabled={pending}>
            Reset
          </Button>
        </div>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-muted">
        {pending ? "Updating…" : `Dates and periods in ${query.tz}${query.tz !== timeZone ? ` (applying uses your zone, ${timeZone})` : ""}.`}
      </p>
      {errors.length ? (
        <ul role="alert" className="list-disc pl-5 text-sm text-danger">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
