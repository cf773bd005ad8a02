// Arguments of `cli import`, parsed with node:util parseArgs. Pure, so it is unit-tested.
import { parseArgs } from "node:util";

export const CLI_FORMATS = ["auto", "csv", "jsonl", "litellm", "otel"] as const;
export type TCliFormat = (typeof CLI_FORMATS)[number];

export type TImportArgs = { incident: string; file: string; format: TCliFormat; skipInvalid: boolean };

export type TParsedImportArgs = { ok: true; help: true } | { ok: true; help: false; args: TImportArgs } | { ok: false; error: string };

export const IMPORT_USAGE = [
  "Usage: npm run cli -- import --incident INC-2026-0001 --file PATH [--format auto|csv|jsonl|litellm|otel] [--skip-invalid]",
  "",
  "  --incident KEY    incident key (e.g. INC-2026-0001)",
  "  --file PATH       log file to import",
  "  --format FORMAT   auto (default), csv, jsonl, litellm or otel",
  "  --skip-invalid    import the valid rows and skip invalid lines (default: refuse the file)",
  "",
  "Runs as the incident's commander (else the first admin); history records the actor as \"cli\".",
  "On success the last line of stdout is the result as one JSON object. Exit codes: 0 imported,",
  "2 invalid lines (nothing imported), 1 unusable input or another failure, 64 wrong usage.",
].join("\n");

export function parseImportArgs(argv: readonly string[]): TParsedImportArgs {
  let values: { incident?: string; file?: string; format?: string; "skip-invalid"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        incident: { type: "string" },
        file: { type: "string" },
        format: { type: "string", default: "auto" },
        "skip-invalid": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (values.help) return { ok: true, help: true };
  if (!values.incident?.trim()) return { ok: false, error: "Missing --incident (an incident key such as INC-2026-0001)." };
  if (!/^INC-\d{4}-\d{4,}$/.test(values.incident.trim())) return { ok: false, error: `"${values.incident}" is not an incident key (INC-YYYY-NNNN).` };
  if (!values.file?.trim()) return { ok: false, error: "Missing --file (the log file to import)." };
  const format = (values.format ?? "auto").toLowerCase();
  if (!(CLI_FORMATS as readonly string[]).includes(format)) return { ok: false, error: `Unknown --format "${values.format}"; use ${CLI_FORMATS.join(", ")}.` };
  return {
    ok: true,
    help: false,
    args: { incident: values.incident.trim(), file: values.file, format: format as TCliFormat, skipInvalid: values["skip-invalid"] ?? false },
  };
}
