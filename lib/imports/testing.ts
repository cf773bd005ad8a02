// Helpers for the import tests and the benchmark (not used by the app).
import type { TLogFormat, TRequestClass, TRequestPath } from "@/lib/logs";
import { fixtureRows, type TFixtureOptions } from "@/lib/logs/testing/fixtures";

export type TExpectedCounts = {
  rows: number;
  byClass: Record<TRequestClass, number>;
  byPath: Record<TRequestPath, number>;
};

/** What the classifier must produce for a fixture: counts per class and path, from the generator's intent. */
export function expectedCounts(options: TFixtureOptions): TExpectedCounts {
  const byClass: Record<TRequestClass, number> = { OK: 0, AUTH: 0, VALIDATION_4XX: 0, RATE_LIMIT_429: 0, UPSTREAM_5XX: 0, TIMEOUT: 0, QUALITY_REGRESSION: 0 };
  const byPath: Record<TRequestPath, number> = { PRIMARY: 0, FALLBACK: 0 };
  let rows = 0;
  for (const row of fixtureRows(options)) {
    rows += 1;
    byClass[row.requestClass] += 1;
    byPath[row.path] += 1;
  }
  return { rows, byClass, byPath };
}

/** Concatenates byte streams (e.g. a calm hour, a degraded half hour and a recovery) into one file. */
export async function* concatStreams(...sources: AsyncIterable<Uint8Array>[]): AsyncGenerator<Uint8Array, void, undefined> {
  for (const source of sources) for await (const chunk of source) yield chunk;
}

export async function* bytesOf(text: string, chunk = 64 * 1024): AsyncGenerator<Uint8Array, void, undefined> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, Math.min(bytes.length, i + chunk));
}

export const ALL_FORMATS: readonly TLogFormat[] = ["csv", "jsonl", "litellm", "otel"];
