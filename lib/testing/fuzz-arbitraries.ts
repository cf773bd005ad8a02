/**
 * fast-check arbitraries for hostile input, shared by the property tests (*.property.test.ts).
 * Kept small per value so 10,000 runs per subject stay fast on a 2-core machine.
 */
import fc from "fast-check";
import type { z } from "zod";

/** Strings that have broken parsers before: numbers in disguise, dates, zones, control and astral characters. */
export const TRICKY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\uFEFF",
  "\uFEFFtimestamp,status",
  "\r\n",
  "\ud800",
  "\udfff",
  "💥🔥",
  "e\u0301",
  "\u202Eevil",
  "NaN",
  "-NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1e309",
  "-0",
  "0x1F",
  "9007199254740993",
  "99999999999999999999999999",
  "1741942800",
  "1741942800125",
  "1741942800125000",
  "1741942800125000000",
  "1.5e12",
  "2025-03-14T09:00:00Z",
  "2025-03-14T09:00",
  "2025-03-14",
  "2025-02-30T09:00",
  "2025-03-30T02:30",
  "2025-11-02T01:30",
  "0000-01-01T00:00",
  "9999-12-31T23:59",
  "275760-09-13T00:00:00Z",
  "+275760-09-13T00:00:00.001Z",
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Mars/Olympus_Mons",
  "Etc/GMT+14",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "a@b.c",
  "not-an-email@",
  "https://example.com/a?b=c#d",
  "http://[::1]:80/",
  "INC-2025-0001",
  "INC-0000-0000",
  "section:WINDOW",
  "question:",
  "true",
  "false",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"a":',
  "DETECTION",
  "FALLBACK_CHANGE",
  "RATE_LIMIT_429",
  "PRIMARY",
  "READ_WRITE",
] as const;

/** Long strings (over every field limit) stay cheap: built by repetition, not generated character by character. */
export const hugeString = fc
  .tuple(
    fc.constantFrom("a", "é", "💥", "0", " ", "\n", '"', ",", "\\", "\u0000"),
    // Mostly just over the common 1,000/2,000-character limits; now and then 70,000.
    fc.oneof({ weight: 4, arbitrary: fc.constant(1_001) }, { weight: 2, arbitrary: fc.constant(5_000) }, { weight: 1, arbitrary: fc.constant(70_000) }),
  )
  .map(([unit, times]) => unit.repeat(times));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: hugeString },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, Number.MAX_VALUE, 2 ** 31, -(2 ** 31) - 1, 1e21, 1741942800125),
  fc.integer(),
  fc.double(),
);

/** An object whose own "__proto__" key survives (as JSON.parse makes it), not a prototype change. */
function pollutionObject(payload: unknown): object {
  return JSON.parse(`{"__proto__":${JSON.stringify(payload ?? null)},"constructor":{"prototype":{"polluted":true}}}`) as object;
}

/** Nested arrays/objects 1000 levels deep (one constant value per shape: building it is the cost). */
function deepValue(levels: number, kind: "array" | "object"): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i += 1) value = kind === "array" ? [value] : { a: value };
  return value;
}
const DEEP_ARRAY = deepValue(1000, "array");
const DEEP_OBJECT = deepValue(1000, "object");

const specialValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  undefined,
  [],
  {},
  new Date(NaN),
  new Date(8.64e15),
  10n ** 30n,
  Symbol("fuzz"),
  () => 1,
  new Map([["a", 1]]),
  new Uint8Array([0, 255]),
  Object.create(null),
  DEEP_ARRAY,
  DEEP_OBJECT,
  pollutionObject({ polluted: true }),
);

/** Anything at all, biased to values parsers and schemas mishandle. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 4 }) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 2, arbitrary: specialValue },
  { weight: 1, arbitrary: fc.boolean() },
);

// ───────────────────────── schema-shaped inputs ─────────────────────────

type TDef = { type: string; [key: string]: unknown };

function defOf(schema: z.ZodType): TDef {
  return (schema as unknown as { _zod: { def: TDef } })._zod.def;
}

const cache = new WeakMap<object, fc.Arbitrary<unknown>>();

/**
 * Values shaped like the schema expects (right keys, enum members, plausible strings) with a
 * hostile value in any position, so refinements and transforms deep inside run on bad data.
 * Falls back to hostileValue for kinds it does not know.
 */
export function nearValid(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const cached = cache.get(schema);
  if (cached) return cached;
  // Below depth 3 plain hostile values: deeper near-valid trees cost time (the export document) and add little.
  const arbitrary = depth > 3 ? hostileValue : fc.oneof({ weight: 5, arbitrary: shaped(schema, depth) }, { weight: 1, arbitrary: hostileValue });
  cache.set(schema, arbitrary);
  return arbitrary;
}

function shaped(schema: z.ZodType, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: unknown) => nearValid(s as z.ZodType, depth + 1);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const keys = Object.keys(shape);
      if (keys.length === 0) return fc.dictionary(hostileString, hostileValue, { maxKeys: 3 });
      const record = fc.record(Object.fromEntries(keys.map((k) => [k, inner(shape[k])])), { requiredKeys: [] });
      // Sometimes an extra key, including prototype-pollution ones.
      return fc.tuple(record, fc.option(fc.tuple(fc.constantFrom("__proto__", "constructor", "extra", "toString"), hostileValue), { freq: 4 })).map(
        ([value, extra]) => {
          if (!extra) return value;
          const copy: Record<string, unknown> = { ...value };
          // defineProperty keeps "__proto__" as an own key instead of changing the prototype.
          Object.defineProperty(copy, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
          return copy;
        },
      );
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return fc.oneof(inner(def.innerType), fc.constantFrom(undefined, null));
    case "pipe":
      return inner(def.in);
    case "transform":
      return hostileValue;
    case "lazy":
      return depth > 3 ? hostileValue : inner((def.getter as () => unknown)());
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map(inner));
    case "intersection":
      return fc.oneof(inner(def.left), inner(def.right));
    case "array":
      // Short arrays deep down keep big nested schemas (the export document) fast.
      return fc.array(inner(def.element), { maxLength: depth < 2 ? 4 : 1 });
    case "tuple":
      return fc.tuple(...(def.items as z.ZodType[]).map(inner));
    case "record":
      return fc.dictionary(fc.oneof(hostileString, inner(def.keyType).map((k) => (typeof k === "string" ? k : "key"))), inner(def.valueType), { maxKeys: 4 });
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "string":
      return hostileString;
    case "number":
    case "int":
      return fc.oneof(hostileNumber, fc.integer({ min: -5, max: 200 }));
    case "bigint":
      return fc.bigInt();
    case "boolean":
      return fc.oneof(fc.boolean(), fc.constantFrom("true", "false", "on", 1, 0));
    case "date":
      return fc.oneof(fc.date(), fc.constantFrom(...TRICKY_STRINGS), hostileNumber);
    default:
      return hostileValue;
  }
}

/** The object keys a schema reads (through wrappers and unions), for wrong-typed-value inputs. */
export function schemaKeys(schema: z.ZodType, seen = new Set<object>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  if (def.type === "object") return Object.keys(def.shape as object);
  if (def.type === "union") return [...new Set((def.options as z.ZodType[]).flatMap((o) => schemaKeys(o, seen)))];
  if (def.type === "pipe") return schemaKeys(def.in as z.ZodType, seen);
  if (def.type === "intersection") return [...schemaKeys(def.left as z.ZodType, seen), ...schemaKeys(def.right as z.ZodType, seen)];
  if ("innerType" in def) return schemaKeys(def.innerType as z.ZodType, seen);
  return [];
}

/** Every input kind for one schema: near-valid, wrong-typed values under its keys, and anything. */
export function schemaInput(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = schemaKeys(schema);
  const wrongTyped = keys.length === 0 ? hostileValue : fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length });
  return fc.oneof({ weight: 3, arbitrary: nearValid(schema) }, { weight: 2, arbitrary: wrongTyped }, { weight: 1, arbitrary: hostileValue });
}
