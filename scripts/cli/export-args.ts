// Arguments of `cli export`, parsed with node:util parseArgs. Pure, so it is unit-tested.
import { parseArgs } from "node:util";

export type TExportArgs = { incident: string; out: string | null; as: string | null; quiet: boolean };
export type TParsedExportArgs = { ok: true; help: true } | { ok: true; help: false; args: TExportArgs } | { ok: false; error: string };

export const EXPORT_USAGE = [
  "Usage: npm run cli -- export --incident INC-2026-0001 [--out PATH.zip] [--as EMAIL] [--quiet]",
  "",
  "  --incident KEY   incident key (e.g. INC-2026-0001)",
  "  --out PATH       where to write the zip (default: ./<KEY>-review-bundle.zip)",
  "  --as EMAIL       export as this active user (default: the incident's commander, else the first admin)",
  "  --quiet          no progress on stderr",
  "",
  "Writes the attachment bundle (review.md, review.pdf, review.json + schema.json, readiness, CSV files,",
  "charts, attachments, links.md, manifest.json). Prints the path and the manifest's file count.",
  "Exit codes: 0 written, 3 refused (the installation requires a ready review; the report is printed),",
  "1 another failure (e.g. unknown incident), 64 wrong usage.",
].join("\n");

export function parseExportArgs(argv: readonly string[]): TParsedExportArgs {
  let values: { incident?: string; out?: string; as?: string; quiet?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        incident: { type: "string" },
        out: { type: "string" },
        as: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (values.help) return { ok: true, help: true };
  const incident = values.incident?.trim() ?? "";
  if (!incident) return { ok: false, error: "Missing --incident (an incident key such as INC-2026-0001)." };
  if (!/^INC-\d{4}-\d{4,}$/.test(incident)) return { ok: false, error: `"${values.incident}" is not an incident key (INC-YYYY-NNNN).` };
  const out = values.out?.trim() || null;
  if (out !== null && !out.toLowerCase().endsWith(".zip")) return { ok: false, error: `--out should name a .zip file, got "${values.out}".` };
  return { ok: true, help: false, args: { incident, out, as: values.as?.trim() || null, quiet: values.quiet ?? false } };
}
