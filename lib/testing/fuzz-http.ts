/**
 * HTTP fuzz cases for the API (e2e/api-fuzz.spec.ts): route discovery from app/api and hostile
 * requests generated with fast-check (seeded, so a failing request can be replayed).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import fc from "fast-check";

export type TMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: readonly TMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type TApiRoute = {
  /** e.g. "/api/v1/incidents/{key}/timeline/{id}" (catch-all segments as "{...name}"). */
  template: string;
  file: string;
  methods: TMethod[];
};

/** Every app/api/**\/route.ts with the HTTP methods it exports (read from the source). */
export function discoverApiRoutes(projectRoot: string): TApiRoute[] {
  const apiRoot = path.join(projectRoot, "app", "api");
  const out: TApiRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts" || entry.name === "route.tsx") {
        const source = readFileSync(full, "utf8");
        const methods = METHODS.filter((m) =>
          new RegExp(`export\\s+(?:const|async\\s+function|function)\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(source),
        );
        const segments = path
          .relative(path.join(projectRoot, "app"), path.dirname(full))
          .split(path.sep)
          .filter((s) => !/^\(.*\)$/.test(s)) // route groups are not in the URL
          .map((s) => s.replace(/^\[\.\.\.(.+)\]$/, "{...$1}").replace(/^\[(.+)\]$/, "{$1}"));
        out.push({ template: `/${segments.join("/")}`, file: path.relative(projectRoot, full), methods });
      }
    }
  };
  walk(apiRoot);
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

/** Whether a request path lands on the route (so its answer must come from our handler). */
export function matchesTemplate(template: string, pathname: string): boolean {
  const pattern = template
    .split("/")
    .map((s) => (s.startsWith("{...") ? ".+" : s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}/?$`).test(pathname);
}

// ───────────────────────────── request parts ─────────────────────────────

/**
 * Percent-escapes that do not decode (bad hex, truncated or invalid UTF-8). Next 16.4 answers a
 * dynamic segment holding one with a bare 500 before any of our code runs (vercel/next.js#92527,
 * fix pending in #92557); api-fuzz.spec.ts keeps them in a test of their own.
 */
export const UNDECODABLE_ESCAPES = ["%ZZ", "%E0%A4%A", "%F0%9F", "%C0%AF", "%", "a%2"] as const;

/** Path-parameter values: valid ones are filled in by the caller; these are the invalid ones. */
export const BAD_PATH_PARAMS = [
  "A".repeat(5_000),
  "INC-9999-9999",
  "INC-2026-0001%00",
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "..%252F..%252F",
  "../",
  "..",
  "%2e%2e",
  encodeURIComponent("ключ-💥-\u202e"),
  encodeURIComponent("<script>alert(1)</script>"),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent("{{7*7}}"),
  "null",
  "undefined",
  "-1",
  "0",
  "1e309",
  "%20",
  "__proto__",
  "constructor",
  "clxxxxxxxxxxxxxxxxxxxxxxx",
] as const;

const hostileText = fc.oneof(
  fc.constantFrom("", " ", "null", "NaN", "-1", "1e309", "0x10", "true", "[]", "{}", "__proto__", "💥", "\u0000", "%", "%%", "%ZZ", "a".repeat(3_000), "2026-13-45", "desc", "asc"),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

/** A query string: known parameter names and random ones, hostile values, sometimes raw bytes. */
export function queryArbitrary(knownNames: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(...(knownNames.length ? [fc.constantFrom(...knownNames)] : []), fc.constantFrom("__proto__", "constructor", "page", "q", "sort"), fc.string({ maxLength: 6 }));
  const pair = fc.tuple(name, hostileText, fc.boolean()).map(([k, v, raw]) => (raw ? `${k}=${v.replace(/[#\s&]/g, "")}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant("") },
    { weight: 4, arbitrary: fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => `?${pairs.join("&")}`) },
    { weight: 1, arbitrary: fc.constantFrom("?", "?&&&", "?=", "?a", "?%", "?a=%E0%A4%A", `?q=${"x".repeat(8_000)}`, "?page=1&page=2&page=3") },
  );
}

export type TBody = { label: string; contentType: string | null; data: string | Buffer };

function nested(levels: number, kind: "array" | "object"): string {
  return kind === "array" ? `${"[".repeat(levels)}1${"]".repeat(levels)}` : `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}

const WRONG_TYPED = [123, -1, 0, 1.5, true, false, null, [], ["a"], {}, { $ne: 1 }, "x".repeat(20_000), "💥", "2026-13-45T99:99", -1e308] as const;

/**
 * Request bodies: malformed JSON, JSON of the wrong types (per documented property when known),
 * non-objects, nesting depth 1000, oversized, wrong content types and invalid UTF-8.
 */
export function bodyArbitrary(propertyNames: readonly string[], oversizeBytes: number): fc.Arbitrary<TBody> {
  const json = (label: string, data: string, contentType = "application/json"): TBody => ({ label, contentType, data });
  const props = propertyNames.length ? propertyNames : ["title", "id", "version", "name"];
  const wrongTypes = fc
    .dictionary(fc.constantFrom(...props, "__proto__", "constructor"), fc.constantFrom(...WRONG_TYPED), { minKeys: 1, maxKeys: props.length + 1 })
    .map((obj) => json("wrong types", JSON.stringify(obj)));
  return fc.oneof(
    fc.constantFrom('{', '{"title":', '[1,', 'nul', '{"a":1}}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":1,}', "\uFEFF{}", '"unterminated', "", "   ", "\u0000").map((t) => json("malformed JSON", t)),
    wrongTypes,
    fc.constantFrom("[]", "[{}]", "1", "-0", "null", "true", '"text"', "1e309", '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}').map((t) => json("not an object", t)),
    fc.constantFrom(nested(1000, "array"), nested(1000, "object"), nested(100_000, "array")).map((t) => json("nested depth ≥1000", t)),
    fc.constantFrom("application/json", "text/plain").map((ct) => json("oversized", `{"title":"${"x".repeat(oversizeBytes)}"}`, ct)),
    fc.constantFrom(
      json("text/plain", '{"title":"x"}', "text/plain"),
      json("application/xml", '<?xml version="1.0"?><incident><title>x</title></incident>', "application/xml"),
      json("multipart garbage", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc\r\n--x--", "multipart/form-data; boundary=x"),
      json("multipart without boundary", "garbage", "multipart/form-data"),
      json("multipart truncated", "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end", "multipart/form-data; boundary=b"),
      json("form-urlencoded", "title=x&severity=SEV1", "application/x-www-form-urlencoded"),
      json("no content type", '{"title":"x"}', ""),
      json("bogus content type", '{"title":"x"}', "???/;;;"),
      json("utf-16 JSON", '{"title":"x"}', "application/json; charset=utf-16"),
      json("octet-stream", "\u0000\u0001\u0002", "application/octet-stream"),
    ),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ label: "invalid UTF-8 bytes", contentType: "application/json", data: Buffer.from([0xff, 0xfe, ...bytes]) })),
  );
}

/** Text that reveals an internal error: stack frames, source paths, build internals. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /\n\s+at\s+\S+/,
  /\bat\s+[\w.<>]+\s+\([^)]*:\d+:\d+\)/,
  /\/(work|home|root|usr|tmp)\/[\w./-]+\.(t|j|mj|cj)sx?\b/,
  /node_modules\//,
  // Build internals in a trace (not the chunk file names every HTML page links to).
  /webpack-internal:|\.next[\w-]*\/server\//,
  /PrismaClient|prisma\.\w+\.\w+\(|Invalid `prisma/,
  /\b(TypeError|ReferenceError|SyntaxError|RangeError): /,
];

export function leaks(text: string): RegExp | null {
  return LEAK_PATTERNS.find((re) => re.test(text)) ?? null;
}
