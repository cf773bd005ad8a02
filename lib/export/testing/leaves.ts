// Test helper: the string leaves of a review, by path, and a copy with some replaced.
import { NON_FREE_TEXT_KEYS } from "../sanitize";

export type TPath = (string | number)[];

/** Every string leaf with its path and the property name it sits under (array items: the array's name). */
export function stringLeaves(value: unknown): { path: TPath; key: string | undefined; value: string }[] {
  const out: { path: TPath; key: string | undefined; value: string }[] = [];
  const walk = (v: unknown, path: TPath, key: string | undefined) => {
    if (typeof v === "string") out.push({ path, key, value: v });
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i], key));
    else if (v !== null && typeof v === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, k], k);
  };
  walk(value, [], undefined);
  return out;
}

/** Leaves that hold free text: every string not under a key of the sanitizer's allow-list. */
export function freeTextLeaves(value: unknown) {
  return stringLeaves(value).filter((l) => l.key === undefined || !(l.key in NON_FREE_TEXT_KEYS));
}

export function withLeaves<T>(value: T, replace: (leaf: { path: TPath; key: string | undefined; value: string }, index: number) => string | undefined): T {
  const copy = structuredClone(value) as unknown;
  stringLeaves(copy).forEach((leaf, i) => {
    const next = replace(leaf, i);
    if (next === undefined) return;
    let target = copy as Record<string | number, unknown>;
    for (const p of leaf.path.slice(0, -1)) target = target[p] as Record<string | number, unknown>;
    target[leaf.path[leaf.path.length - 1]!] = next;
  });
  return copy as T;
}
