import { SCOPE_FIELDS, SCOPE_LABELS, type TScopeField } from "@/lib/incidents/schemas";

/** The five affected-scope dimensions with their values. */
export function AffectedScope({ scope }: { scope: Record<TScopeField, readonly string[]> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
      {SCOPE_FIELDS.map((field) => (
        <div key={field} className="contents">
          <dt className="font-medium text-muted">{SCOPE_LABELS[field].plural}</dt>
          <dd className="min-w-0">
            {scope[field].length ? (
              <ul className="flex flex-wrap gap-1.5" aria-label={SCOPE_LABELS[field].plural}>
                {scope[field].map((v) => (
                  <li key={v} className="rounded-full border border-border bg-surface-2 px-2.5 py-0.5 break-all">
                    {v}
                  </li>
                ))}
              </ul>
            ) : (
              "—"
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
