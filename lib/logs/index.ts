/**
 * Log import: parse a team's gateway logs (CSV, JSON Lines, LiteLLM, OTLP/JSON) into sanitized,
 * classified request records. Pure streaming code; persistence lives elsewhere.
 */
export * from "@/lib/logs/classify";
export * from "@/lib/logs/detect";
export * from "@/lib/logs/errors";
export {
  durationUnitFromName,
  emptyColumnMapping,
  FIELD_SYNONYMS,
  LOG_FIELD_INFO,
  LOG_FIELDS,
  mappingSignature,
  normalizeFieldName,
  suggestColumnMapping,
  ZColumnMapping,
  type TColumnMapping,
  type TLogField,
} from "@/lib/logs/fields";
export * from "@/lib/logs/reader";
export * from "@/lib/logs/record";
export { parseTimestamp, type TTimestampResult } from "@/lib/logs/timestamp";
