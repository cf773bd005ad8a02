// Value formatting shared by the markdown, PDF, CSV and print renderers, so
// every file shows a figure the same way. Times are UTC with the zone shown.
// Pure.

/** "2026-05-08 09:12 UTC" (seconds only when not zero); "—" for null. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return "—";
  const s = d.toISOString();
  const seconds = s.slice(17, 19);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}${seconds === "00" ? "" : `:${seconds}`} UTC`;
}

export function formatDate(isoDate: string | null | undefined): string {
  return isoDate ? isoDate.slice(0, 10) : "—";
}

/** "45 s", "6 min", "1 h 43 min", "2 d 3 h"; "—" for null. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours < 24) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

/** A 0–1 fraction as a percentage with up to two decimals: "2.5 %". */
export function formatRate(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  return `${formatNumber(fraction * 100, 2)} %`;
}

export function formatNumber(n: number | null | undefined, maxDecimals = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const factor = 10 ** maxDecimals;
  const rounded = Math.round(n * factor) / factor;
  const [int, frac] = String(Math.abs(rounded)).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${rounded < 0 ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${formatNumber(ms, 0)} ms`;
}

export function formatBool(v: boolean | null | undefined, yes = "yes", no = "no"): string {
  return v === null || v === undefined ? "—" : v ? yes : no;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, 1)} KiB`;
  return `${formatNumber(n / (1024 * 1024), 1)} MiB`;
}

/** ENUM_VALUE → "enum value". */
export function enumLabel(value: string | null | undefined): string {
  return value ? value.toLowerCase().replace(/_/g, " ") : "—";
}

export const CHECK_LABEL = (checked: boolean | null): string => (checked === true ? "yes" : checked === false ? "no" : "not answered");
