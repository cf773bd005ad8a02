// Times are entered and shown in the user's IANA time zone and stored in UTC.
// Conversion uses Intl only (no tz database shipped with the app).

// Building an Intl.DateTimeFormat costs far more than formatting with one (a
// list page formats hundreds of instants), so formatters are reused, keyed by
// their options and zone. Only valid zones get here (the constructor throws
// first); the cap bounds the map against many spellings of zone names.
const PARTS_OPTIONS: Intl.DateTimeFormatOptions = {
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};
const DISPLAY_OPTIONS: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
};
const MAX_CACHED_FORMATTERS = 500;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A shared formatter for the locale, options and zone (throws RangeError for an unknown zone, like the constructor). */
export function cachedDateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}\u0000${JSON.stringify(options)}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatters.set(key, fmt);
  }
  return fmt;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    cachedDateTimeFormat("en-US", PARTS_OPTIONS, tz);
    return true;
  } catch {
    return false;
  }
}

function partsInZone(date: Date, timeZone: string): Record<string, number> {
  const fmt = cachedDateTimeFormat("en-US", PARTS_OPTIONS, timeZone);
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(date)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

/** Offset of the zone from UTC at an instant, in minutes (e.g. +120 for CEST). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const p = partsInZone(date, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-05-08T10:15" in a zone → the UTC instant. For a wall time that falls
 * in a DST gap the later offset is used; an ambiguous one takes the earlier instant.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL_RE.exec(local);
  if (!m || !isValidTimeZone(timeZone)) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const check = new Date(wall);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  // Two passes converge for every real-world zone.
  let guess = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** UTC instant → "YYYY-MM-DDTHH:mm" wall time in the zone, for datetime-local inputs. */
export function utcToZonedLocal(date: Date, timeZone: string): string {
  const p = partsInZone(date, timeZone);
  const pad = (n: number | undefined, w = 2) => String(n ?? 0).padStart(w, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-05-08 12:15 CEST" style display with the zone visible. */
export function formatInZone(date: Date | null | undefined, timeZone: string): string {
  if (!date) return "—";
  const text = cachedDateTimeFormat("en-GB", DISPLAY_OPTIONS, timeZone).format(date);
  // en-GB gives "08/05/2026, 12:15 CEST": reorder to ISO-like for unambiguous reading.
  const m = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}:\d{2}) (.+)$/.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]} ${m[4]} ${m[5]}` : text;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const sign = ms < 0 ? "-" : "";
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : "", !d && !h && (s || !m) ? `${s}s` : ""].filter(Boolean);
  return sign + parts.join(" ");
}
