/** Problems with the input as a whole; the import stops. Row-level problems are rejections instead. */
export const LOG_INPUT_ERROR_CODES = [
  "FILE_TOO_LARGE",
  "INVALID_ENCODING",
  "BINARY_CONTENT",
  "UNSUPPORTED_ENCODING",
  "UNRECOGNIZED_FORMAT",
  "INVALID_MAPPING",
  "INVALID_OPTIONS",
  "INVALID_SOURCE",
  "ALREADY_CONSUMED",
] as const;
export type TLogInputErrorCode = (typeof LOG_INPUT_ERROR_CODES)[number];

export class LogInputError extends Error {
  readonly code: TLogInputErrorCode;

  constructor(code: TLogInputErrorCode, message: string) {
    super(message);
    this.name = "LogInputError";
    this.code = code;
  }
}

export function isLogInputError(error: unknown): error is LogInputError {
  return error instanceof LogInputError;
}
