/**
 * The lock file's fast path never accepts what the zod schema rejects, and returns exactly what
 * the schema returns; real lock files take it (so zod is not loaded to read them).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lockFileFast } from "../../src/contracts/lock-fast.ts";
import { lockFileSchema } from "../../src/contracts/schema.ts";

const whole = JSON.parse(readFileSync("convex-versioned.lock.json", "utf8"));
/** The repository's lock cut to its 6 richest functions (versioned, unions, objects): every kind of
 * node the schema knows, at a size where editing every node once stays quick. */
const real = {
  ...whole,
  functions: Object.fromEntries(
    Object.entries(whole.functions as Record<string, unknown>)
      .sort(([, a], [, b]) => JSON.stringify(b).length - JSON.stringify(a).length)
      .slice(0, 6),
  ),
};

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

/** The real lock with one edit at `path`: removed, replaced, or (an object) given an extra key. */
function edited(path: (string | number)[], pick: number): unknown {
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
}

describe("lockFileFast", () => {
  it("takes the repository's own lock file, returning what the schema returns", () => {
    const fast = lockFileFast(whole);
    expect(fast).toBeDefined();
    expect(fast).toEqual(lockFileSchema.parse(whole));
  });

  it("accepts only what the schema accepts, and then returns the same value (every single edit)", () => {
    let edits = 0;
    for (const path of allPaths.filter((p) => p.length > 0)) {
      for (let pick = 0; pick < REPLACEMENTS.length + 2; pick++) {
        const json = edited(path, pick);
        edits++;
        const fast = lockFileFast(structuredClone(json));
        if (fast === undefined) continue;
        const full = lockFileSchema.safeParse(json);
        expect(full.success, `${JSON.stringify(path)} edit ${pick}`).toBe(true);
        expect(fast).toEqual(full.data);
      }
    }
    expect(edits).toBeGreaterThan(1000);
  });
});
