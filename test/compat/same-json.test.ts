/**
 * The fast path for unchanged functions: deep equality that ignores key order, and nothing else;
 * `sameApp`, the same for two apps, reusing what `checkCompat` already found equal.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { checkCompat, sameApp, sameJson } from "../../src/compat/diff.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import type { AppSpec } from "../../src/model.ts";
import { reversedKeys } from "./helpers.ts";

test("equal whatever the key order", () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => sameJson(value, reversedKeys(value))));
});

test("any difference is seen: a changed leaf, a missing or extra key, array order", () => {
  expect(sameJson({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
  expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
  expect(sameJson([1, 2], [2, 1])).toBe(false);
  expect(sameJson({ a: null }, { a: {} })).toBe(false);
  expect(sameJson([], {})).toBe(false);
  // an undefined property is absent in JSON
  expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
});

/** An app of a few functions whose args are drawn from `argsArb`, some of them shared. */
const appArb = fc
  .dictionary(
    fc.constantFrom("a:f", "a:g", "b:h", "c:i"),
    fc.record({
      kind: fc.constantFrom("query" as const, "mutation" as const),
      visibility: fc.constant("public" as const),
      args: fc.constantFrom<ValidatorJSON>(
        { type: "object", value: {} },
        { type: "object", value: { a: { fieldType: { type: "string" }, optional: false } } },
        { type: "any" },
      ),
      returns: fc.constant(null),
    }),
  )
  .chain((functions) =>
    fc
      .option(
        fc.constant(null).map(() => [{ method: "GET", path: "/x" }]),
        { nil: undefined },
      )
      .map((httpRoutes): AppSpec => (httpRoutes ? { functions, httpRoutes } : { functions })),
  );

const toggledRoutes = (app: AppSpec): AppSpec =>
  app.httpRoutes
    ? { functions: app.functions }
    : { ...app, httpRoutes: [{ method: "POST", path: "/y" }] };

test("property: sameApp answers as sameJson, before and after checkCompat compared the pairs", () => {
  fc.assert(
    fc.property(
      appArb,
      appArb,
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      (a, b, likeA, toggle, copy) => {
        // Often `a` itself, then as other objects or as the same function objects (as `lockView`
        // keeps them); its routes toggled half the time.
        const base = likeA ? (toggle ? toggledRoutes(a) : a) : b;
        const other = copy ? structuredClone(base) : { ...base, functions: { ...base.functions } };
        const expected = sameJson(a, other);
        expect(sameApp(a, other)).toBe(expected);
        checkCompat(a, other, { now: "2026-11-01" });
        expect(sameApp(a, other)).toBe(expected);
        expect(sameApp(a, reversedKeys(a) as AppSpec)).toBe(true);
      },
    ),
    { numRuns: 500, seed: 7 },
  );
});

test("sameApp takes a pair checkCompat found equal without walking it again", () => {
  const spec = (field: string) => ({
    kind: "query" as const,
    visibility: "public" as const,
    args: {
      type: "object" as const,
      value: { [field]: { fieldType: { type: "string" as const }, optional: false } },
    },
    returns: null,
  });
  const before: AppSpec = { functions: { "a:f": spec("x") } };
  const after: AppSpec = { functions: { "a:f": spec("x") } };
  checkCompat(before, after, { now: "2026-11-01" });
  // Changed behind its back: the recorded pair still reads as equal (why the objects must not
  // change between checkCompat and sameApp, as in `check`), an unrecorded one is compared.
  after.functions["a:f"]!.args = spec("y").args;
  expect(sameApp(before, after)).toBe(true);
  expect(sameApp(before, { functions: { "a:f": spec("y") } })).toBe(false);
});
