import { CandidateTable, offerObject, rawFromFieldSource, valueAtPath, type TExtractOptions, type TExtractResult, type TFieldSource, type TInvalidValueCounts } from "@/lib/logs/extract";
import { LOG_FIELDS, type TColumnMapping, type TLogField } from "@/lib/logs/fields";

/**
 * Generic JSON Lines: each line is an object whose keys are the logging fields under any common
 * name (resolved through the synonym table, including one nested level such as
 * "metadata.tenant_id"), or under the key paths of a user-supplied mapping.
 */

class MappedObjectSource implements TFieldSource {
  constructor(
    private readonly obj: Record<string, unknown>,
    private readonly mapping: Partial<TColumnMapping>,
  ) {}

  get(field: TLogField): unknown {
    const path = this.mapping[field];
    return path ? valueAtPath(this.obj, path) : undefined;
  }

  name(field: TLogField): string | null {
    return this.mapping[field] ?? null;
  }
}

/** Field source for one JSON object: the explicit mapping when given, else synonyms. */
export function jsonFieldSource(obj: Record<string, unknown>, mapping: Partial<TColumnMapping> | null): TFieldSource {
  if (mapping && LOG_FIELDS.some((field) => mapping[field])) return new MappedObjectSource(obj, mapping);
  const table = new CandidateTable();
  offerObject(table, obj);
  return table;
}

export function rawFromJsonObject(
  obj: Record<string, unknown>,
  mapping: Partial<TColumnMapping> | null,
  options: TExtractOptions,
  invalid: TInvalidValueCounts,
): TExtractResult {
  return rawFromFieldSource(jsonFieldSource(obj, mapping), options, invalid);
}
