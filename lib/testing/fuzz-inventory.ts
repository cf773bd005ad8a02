/**
 * What the property tests must cover, collected from the source so a new parser, classifier or
 * exported zod schema without a property test fails the suite (see *.property.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const LIB_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Source files of lib/ that tests may import: no tests, no generated client, no test helpers. */
export function libSourceFiles(root = LIB_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === "generated" || entry.name === "testing" || entry.name === "node_modules") continue;
        walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        out.push(full);
      }
    }
  };
  walk(root);
  return out.sort();
}

export type TExportedName = { file: string; name: string };

function relative(file: string): string {
  return path.relative(path.resolve(LIB_ROOT, ".."), file).split(path.sep).join("/");
}

/** `export const ZThing` declarations, per file (relative to the project root). */
export function exportedZodSchemaNames(root = LIB_ROOT): TExportedName[] {
  const out: TExportedName[] = [];
  for (const file of libSourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^export const (Z[A-Za-z0-9_]*)\b/gm)) out.push({ file: relative(file), name: m[1]! });
    // `export { ZThing } from …` re-exports are covered where they are declared.
  }
  return out;
}

/**
 * Exported functions and classes that turn untrusted text/values into structure or a class:
 * parse*, decode*, detect*, classify*, *Tokenizer, *Parser.
 */
export function exportedParserNames(root = LIB_ROOT): TExportedName[] {
  const out: TExportedName[] = [];
  const pattern =
    /^export (?:async )?(?:function\*? |class |const )((?:parse|decode|detect|classif)[A-Za-z0-9_]*|[A-Za-z0-9_]*(?:Tokenizer|Parser|Classifier))\b/gm;
  for (const file of libSourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(pattern)) out.push({ file: relative(file), name: m[1]! });
  }
  return out;
}
