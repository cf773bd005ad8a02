/**
 * Request timestamps: ISO 8601 strings or epoch numbers in s/ms/µs/ns.
 *
 * Epoch units are told apart by magnitude, which is unambiguous for any date in the accepted
 * range (2000–2100): seconds are < 1e11, milliseconds < 1e14, microseconds < 1e17,
 * nanoseconds < 1e20. Dates outside the range are rejected because they almost always mean a
 * wrong column (a latency mapped as the timestamp) rather than a real LLM request.
 */

export type TTimestampUnit = "iso" | "s" | "ms" | "us" | "ns" | "date";

export type TTimestampResult =
  | { ok: true; date: Date; assumedUtc: boolean; unit: TTimestampUnit }
  | { ok: false; reason: string };

export const TIMESTAMP_MIN_MS = Date.UTC(2000, 0, 1);
export const TIMESTAMP_MAX_MS = Date.UTC(2100, 0, 1);

// Conversion goes through whole microseconds: a 19-digit nanosecond value is not exact as a
// double, and flooring it straight to milliseconds would lose 1 ms about half the time.
const EPOCH_UNITS: ReadonlyArray<{ below: number; unit: "s" | "ms" | "us" | "ns"; toMicros: (n: number) => number }> = [
  { below: 1e11, unit: "s", toMicros: (n) => n * 1e6 },
  { below: 1e14, unit: "ms", toMicros: (n) => n * 1e3 },
  { below: 1e17, unit: "us", toMicros: (n) => n },
  { below: 1e20, unit: "ns", toMicros: (n) => n / 1e3 },
];

const UNIT_LABEL: Record<TTimestampUnit, string> = {
  iso: "ISO 8601",
  s: "epoch seconds",
  ms: "epoch milliseconds",
  us: "epoch microseconds",
  ns: "epoch nanoseconds",
  date: "date",
};

const EPOCH_STRING_RE = /^\d{1,20}(?:\.\d{1,9})?$/;
// Date, optional time with optional fraction, optional zone (Z, UTC/GMT, ±HH, ±HHMM, ±HH:MM).
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(?:([Zz]|UTC|GMT)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function inRange(ms: number, unit: TTimestampUnit): string | null {
  if (ms < TIMESTAMP_MIN_MS || ms >= TIMESTAMP_MAX_MS) {
    return `Timestamp is outside the accepted range 2000-01-01 – 2100-01-01 (read as ${UNIT_LABEL[unit]}).`;
  }
  return null;
}

function fromEpoch(n: number): TTimestampResult {
  if (!Number.isFinite(n)) return { ok: false, reason: "Timestamp is not a finite number." };
  if (n <= 0) return { ok: false, reason: "Epoch timestamp must be positive." };
  const magnitude = Math.trunc(n);
  const spec = EPOCH_UNITS.find((u) => magnitude < u.below);
  if (!spec) return { ok: false, reason: "Epoch timestamp is too large for seconds, milliseconds, microseconds or nanoseconds." };
  const ms = Math.floor(Math.round(spec.toMicros(n)) / 1000);
  const problem = inRange(ms, spec.unit);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, date: new Date(ms), assumedUtc: false, unit: spec.unit };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Arithmetic instead of a Date per timestamp. Date.UTC reads years 0–99 as 1900–1999, and the
// check used to go through it, so those years keep that calendar.
function daysInMonth(year: number, month: number): number {
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  if (month === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1] as number;
}

function fromIso(match: RegExpExecArray): TTimestampResult {
  const [, y, mo, d, h, mi, s, frac, zoneWord, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12) return { ok: false, reason: "Timestamp has an invalid month." };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: "Timestamp has an invalid day of month." };
  // 60 is allowed for leap seconds; Date.UTC rolls it into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return { ok: false, reason: "Timestamp has an invalid time of day." };
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  const hasZone = zoneWord !== undefined || sign !== undefined;
  if (sign !== undefined) {
    const offH = Number(oh);
    const offM = om === undefined ? 0 : Number(om);
    if (offH > 18 || offM > 59) return { ok: false, reason: "Timestamp has an invalid UTC offset." };
    offsetMinutes = (sign === "-" ? -1 : 1) * (offH * 60 + offM);
  }
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const unit: TTimestampUnit = h === undefined ? "date" : "iso";
  const problem = inRange(utcMs, unit);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, date: new Date(utcMs), assumedUtc: !hasZone, unit };
}

/**
 * Parses one timestamp value. ISO 8601 without a zone is read as UTC and flagged with
 * `assumedUtc` so the import can tell the user.
 */
export function parseTimestamp(value: unknown): TTimestampResult {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return { ok: false, reason: "Timestamp is an invalid date." };
    const problem = inRange(ms, "iso");
    return problem ? { ok: false, reason: problem } : { ok: true, date: new Date(ms), assumedUtc: false, unit: "iso" };
  }
  if (typeof value === "number") return fromEpoch(value);
  if (typeof value === "bigint") return value > 0n && value < 10n ** 20n ? fromEpoch(Number(value)) : fromEpoch(-1);
  if (typeof value !== "string") return { ok: false, reason: "Timestamp is missing or not a string/number." };
  const text = value.trim();
  if (text.length === 0) return { ok: false, reason: "Timestamp is empty." };
  if (text.length > 40) return { ok: false, reason: "Timestamp is too long to be a date." };
  if (EPOCH_STRING_RE.test(text)) return fromEpoch(Number(text));
  const iso = ISO_RE.exec(text);
  if (iso) return fromIso(iso);
  return { ok: false, reason: "Unrecognized timestamp format (expected ISO 8601, or epoch seconds/milliseconds/microseconds/nanoseconds)." };
}
