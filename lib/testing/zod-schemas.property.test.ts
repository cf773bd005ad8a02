import path from "node:path";

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { schemaInput } from "@/lib/testing/fuzz-arbitraries";
import { exportedZodSchemaNames, LIB_ROOT } from "@/lib/testing/fuzz-inventory";

// Issue #8: every exported zod schema, ≥10,000 generated inputs each; safeParse never throws.
const RUNS = 10_000;
const PROJECT_ROOT = path.resolve(LIB_ROOT, "..");

// Collected from the source at test time: a new `export const ZThing` is fuzzed without editing this file.
// Exports named Z… that are not schemas (checked: they are constants).
const NOT_SCHEMAS = new Set(["lib/export/md-escape.ts#ZWSP"]);
const declared = exportedZodSchemaNames().filter((d) => !NOT_SCHEMAS.has(`${d.file}#${d.name}`));
const files = [...new Set(declared.map((d) => d.file))];

type TSchemaEntry = { id: string; schema: z.ZodType };

async function loadSchemas(): Promise<{ entries: TSchemaEntry[]; notSchemas: string[] }> {
  const entries: TSchemaEntry[] = [];
  const notSchemas: string[] = [];
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ path.join(PROJECT_ROOT, file))) as Record<string, unknown>;
    for (const { name } of declared.filter((d) => d.file === file)) {
      const value = mod[name];
      if (value instanceof z.ZodType) entries.push({ id: `${file}#${name}`, schema: value });
      else notSchemas.push(`${file}#${name}`);
    }
  }
  return { entries, notSchemas };
}

const loaded = await loadSchemas();

function checkResult(schema: z.ZodType, input: unknown): void {
  const result = schema.safeParse(input);
  if (!result.success) {
    expect(result.error).toBeInstanceOf(z.ZodError);
    expect(result.error.issues.length).toBeGreaterThan(0);
    // The error must be presentable: flattening/prettifying is what actions and routes do with it.
    z.flattenError(result.error);
  }
}

describe("zod schema inventory", () => {
  it("finds the exported schemas, and every export named Z… is a zod schema", () => {
    expect(declared.length).toBeGreaterThanOrEqual(100);
    expect(loaded.notSchemas).toEqual([]);
    expect(loaded.entries.length).toBe(declared.length);
  });
});

describe("every exported zod schema under hostile input", () => {
  it.each(loaded.entries.map((e) => [e.id, e] as const))(
    "%s: safeParse never throws; failures are ZodErrors with issues",
    (_id, { schema }) => {
      fc.assert(
        fc.property(schemaInput(schema), (input) => {
          checkResult(schema, input);
        }),
        { numRuns: RUNS },
      );
    },
    // Schemas that validate time zones construct Intl formatters per parse: ~0.5 ms each.
    60_000,
  );
});
