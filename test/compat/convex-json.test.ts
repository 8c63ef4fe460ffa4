/**
 * compat's own Convex JSON codec (src/compat/validator/convex-json.ts, written to keep
 * `convex/values` out of the CLI's start) agrees with Convex's `convexToJson` / `jsonToConvex`.
 */
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import fc from "fast-check";
import { expect, it } from "vitest";
import { encodedScalar, toConvexJson } from "../../src/compat/validator/convex-json.ts";

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,5}$/);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.string(),
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0),
    int64,
    fc.uint8Array({ maxLength: 12 }).map((bytes) => bytes.slice().buffer),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
}));

it("toConvexJson is convexToJson on every kind of value", () => {
  fc.assert(
    fc.property(value, (v) => {
      expect(toConvexJson(v as never)).toEqual(convexToJson(v));
    }),
    { numRuns: 2000 },
  );
});

it("encodedScalar reads $integer and $float literals as jsonToConvex does", () => {
  const scalar = fc.oneof(
    int64,
    fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  );
  fc.assert(
    fc.property(scalar, (n) => {
      const json = convexToJson(n) as Record<string, string>;
      expect(encodedScalar(json)).toEqual(jsonToConvex(json));
      expect(encodedScalar(json)).toEqual(n);
    }),
  );
  expect(() => encodedScalar({ $integer: "AAA=" })).toThrow(/8 bytes/);
  expect(() => encodedScalar({ $bytes: "AAA=" })).toThrow(/not an encoded/);
});
