// Errors of a request-log import. They extend the shared domain errors so
// every wrapper (route, action, CLI) maps them to the same statuses.
import { ConflictError, ValidationError } from "@/lib/http/errors";

export type TRejectedLine = { line: number; code: string; reason: string };

/** Most rejected lines kept (on the import row and in error responses); the total is always counted. */
export const REJECTED_LINES_CAP = 100;

/** The file has invalid lines and the caller did not choose to skip them: nothing was imported. */
export class InvalidLinesError extends ValidationError {
  constructor(
    readonly lines: TRejectedLine[],
    readonly total: number,
    readonly validRows: number,
    readonly importId: string | null,
  ) {
    super(
      `${total.toLocaleString("en-US")} ${total === 1 ? "line is" : "lines are"} invalid, so nothing was imported. ` +
        (validRows > 0
          ? `Fix ${total === 1 ? "it" : "them"}, or import the ${validRows.toLocaleString("en-US")} valid rows and skip the invalid lines.`
          : "No line of the file is valid."),
      { file: [`${total} invalid ${total === 1 ? "line" : "lines"}`] },
    );
    this.name = "InvalidLinesError";
  }
}

/** The same file (same SHA-256) was already imported into this incident. */
export class DuplicateImportError extends ConflictError {
  constructor(
    readonly importId: string,
    readonly importedAt: Date,
  ) {
    super(
      `This file was already imported as ${importId} on ${importedAt.toISOString().slice(0, 16).replace("T", " ")} UTC; nothing was imported again.`,
      { importId, importedAt: importedAt.toISOString() },
      0,
    );
    this.name = "DuplicateImportError";
  }
}

/** The caller cancelled (AbortSignal): everything was rolled back. */
export class ImportCancelledError extends Error {
  constructor() {
    super("The import was cancelled; nothing was imported.");
    this.name = "ImportCancelledError";
  }
}
