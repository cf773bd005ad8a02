// Field-level differences for the audit log: one entry per changed field.
export type TFieldChange = { field: string; before: unknown; after: unknown };

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value === undefined) return null;
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T & string)[] = Object.keys(after) as (keyof T & string)[],
): TFieldChange[] {
  const changes: TFieldChange[] = [];
  for (const field of fields) {
    if (!(field in after)) continue;
    if (!same(before[field], after[field])) {
      changes.push({ field, before: normalize(before[field]), after: normalize(after[field]) });
    }
  }
  return changes;
}

export function toAuditJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}
