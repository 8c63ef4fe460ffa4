/**
 * `canonicalString` (src/define/canonical.ts) tells a definition's versions apart by their args: two
 * validators' JSON with the same meaning must give the same string whatever their key order, and
 * different JSON different strings.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { canonicalString } from "../../src/define/canonical.ts";
import { reversedKeys } from "../compat/helpers.ts";

test("property: the same JSON in any key order gives one string, which reads back as that JSON", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = canonicalString(value);
      expect(canonicalString(reversedKeys(value))).toBe(text);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    }),
    { numRuns: 2000, seed: 4 },
  );
});

test("keys are sorted; undefined properties are left out, as JSON.stringify leaves them", () => {
  expect(canonicalString({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
    '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
  );
  expect(canonicalString([undefined])).toBe("[null]");
  expect(canonicalString({ type: "literal", value: "a" })).not.toBe(
    canonicalString({ type: "literal", value: "b" }),
  );
});
