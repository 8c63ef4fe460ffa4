/**
 * The lock file's fast path never accepts what the zod schema rejects, and returns exactly what
 * the schema returns; real lock files take it (so zod is not loaded to read them).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lockFileFast } from "../../src/contracts/lock-fast.ts";
import { lockFileSchema } from "../../src/contracts/schema.ts";

const real = JSON.parse(readFileSync("convex-versioned.lock.json", "utf8"));

/** Every path to an object or array inside `value`. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    at,
    ...keys.flatMap((k) => paths((value as Record<string, unknown>)[k as never], [...at, k])),
  ];
}
const allPaths = paths(real);

const REPLACEMENTS = [
  null,
  1,
  "x",
  true,
  [],
  {},
  { type: "string" },
  { type: "commitTs" },
  "2026-13-99",
];

/** The real lock with one edit at one path: removed, replaced, or given an extra key. */
const mutated = fc
  .tuple(fc.constantFrom(...allPaths.filter((p) => p.length > 0)), fc.nat(REPLACEMENTS.length + 1))
  .map(([path, pick]) => {
    const copy = structuredClone(real);
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1]!;
    if (pick === REPLACEMENTS.length) delete parent[last];
    else if (pick === REPLACEMENTS.length + 1) {
      if (typeof parent[last] === "object" && parent[last] !== null && !Array.isArray(parent[last]))
        parent[last].extra = 1;
    } else parent[last] = REPLACEMENTS[pick];
    return copy;
  });

describe("lockFileFast", () => {
  it("takes the repository's own lock file, returning what the schema returns", () => {
    const fast = lockFileFast(real);
    expect(fast).toBeDefined();
    expect(fast).toEqual(lockFileSchema.parse(real));
  });

  it("accepts only what the schema accepts, and then returns the same value", () => {
    fc.assert(
      fc.property(mutated, (json) => {
        const fast = lockFileFast(structuredClone(json));
        if (fast === undefined) return;
        const full = lockFileSchema.safeParse(json);
        expect(full.success).toBe(true);
        expect(fast).toEqual(full.data);
      }),
      { numRuns: 400 },
    );
  });
});
