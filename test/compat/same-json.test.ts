/** The fast path for unchanged functions: deep equality that ignores key order, and nothing else. */
import fc from "fast-check";
import { expect, test } from "vitest";
import { sameJson } from "../../src/compat/diff.ts";
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
