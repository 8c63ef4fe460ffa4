/**
 * `rejection`: stored args × the new args validator, with Convex's semantics and a path for the
 * message. Tables per kind, then a property against the independent oracle (Convex's `v` +
 * convex-helpers' `validate`) and compat's own `accepts`, on validators without ids and handles
 * (an id is judged from the value alone here, without the deployment's tables: see accepts.ts).
 */
import { convexToJson } from "convex/values";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { accepts } from "../../src/compat/validator/value.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import { rejection } from "../../src/pending/accepts.ts";
import { argsArb, valuesOf } from "../compat/arbitraries.ts";
import { oracleAccepts } from "../compat/oracle.ts";
import { documentId } from "./ids.ts";

const obj = (
  fields: Record<string, ValidatorJSON | { optional: ValidatorJSON }>,
): ValidatorJSON => ({
  type: "object",
  value: Object.fromEntries(
    Object.entries(fields).map(([k, f]) =>
      "optional" in f
        ? [k, { fieldType: f.optional, optional: true }]
        : [k, { fieldType: f, optional: false }],
    ),
  ),
});
const str: ValidatorJSON = { type: "string" };
const optional = (v: ValidatorJSON) => ({ optional: v });
const num: ValidatorJSON = { type: "number" };
const lit = (value: unknown): ValidatorJSON => ({ type: "literal", value });

describe("rejection: where and why stored args fail", () => {
  const email = obj({ to: str, subject: str, body: optional(str) });

  test("objects are strict: missing required and unknown fields fail, optional ones may be absent", () => {
    expect(rejection(email, { to: "a", subject: "b" })).toBeUndefined();
    expect(rejection(email, { to: "a", subject: "b", body: "c" })).toBeUndefined();
    expect(rejection(email, { to: "a" })).toEqual({
      path: "args.subject",
      expected: "string",
      got: "missing",
    });
    expect(rejection(email, { to: "a", subject: "b", cc: "c" })).toEqual({
      path: "args.cc",
      expected: "no such field",
      got: "string",
    });
    expect(rejection(email, { to: 5, subject: "b" })).toEqual({
      path: "args.to",
      expected: "string",
      got: "number",
    });
    expect(rejection(email, null)).toMatchObject({ path: "args", got: "null" });
  });

  test("a field named like an Object.prototype member is read from the value only", () => {
    const v = obj({ constructor: optional(str), toString: str });
    expect(rejection(v, { toString: "x" })).toBeUndefined();
    expect(rejection(v, {})).toMatchObject({ path: "args.toString", got: "missing" });
    expect(rejection(v, { toString: "x", constructor: 1 })).toMatchObject({
      path: "args.constructor",
      got: "number",
    });
  });

  test("int64 is a bigint, float64 any number (NaN, Infinity), bytes an ArrayBuffer", () => {
    expect(rejection({ type: "bigint" }, 5n)).toBeUndefined();
    expect(rejection({ type: "bigint" }, 5)).toMatchObject({ expected: "bigint", got: "number" });
    expect(rejection(num, 5n)).toMatchObject({ expected: "number", got: "bigint" });
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, -0])
      expect(rejection(num, x)).toBeUndefined();
    expect(rejection({ type: "bytes" }, new ArrayBuffer(2))).toBeUndefined();
    expect(rejection({ type: "bytes" }, "AQID")).toMatchObject({
      expected: "ArrayBuffer",
      got: "string",
    });
    expect(rejection({ type: "commitTs" }, 1n)).toBeUndefined();
  });

  test("literals compare by type and value; bigint literals come as {$integer}", () => {
    const kinds: ValidatorJSON = { type: "union", value: [lit("a"), lit("b")] };
    expect(rejection(kinds, "a")).toBeUndefined();
    expect(rejection(kinds, "c")).toEqual({ path: "args", expected: '"a" | "b"', got: "string" });
    expect(rejection(lit(convexToJson(2n)), 2n)).toBeUndefined();
    expect(rejection(lit(convexToJson(2n)), 2)).toBeDefined();
    expect(rejection(lit(1), 1n)).toBeDefined();
  });

  test("an id must be a document ID (its table cannot be read from a value); a handle a string", () => {
    const orders: ValidatorJSON = { type: "id", tableName: "orders" };
    expect(rejection(orders, documentId(10_021))).toBeUndefined();
    // Of another table: the backend's table mapping would say so, the value alone cannot.
    expect(rejection(orders, documentId(10_022))).toBeUndefined();
    expect(rejection(orders, "order-1234")).toEqual({
      path: "args",
      expected: 'Id<"orders">',
      got: "non-ID string",
    });
    expect(rejection(orders, 5)).toMatchObject({ expected: 'Id<"orders">', got: "number" });
    const byOrder: ValidatorJSON = {
      type: "record",
      keys: orders,
      values: { fieldType: num, optional: false },
    };
    expect(rejection(byOrder, { [documentId(10_021)]: 1 })).toBeUndefined();
    expect(rejection(byOrder, { "order-1": 1 })).toMatchObject({ got: "non-ID string" });
    expect(rejection({ type: "function" }, "function://abc")).toBeUndefined();
  });

  test("arrays and records name the failing element or key", () => {
    const items: ValidatorJSON = { type: "array", value: obj({ n: num }) };
    expect(rejection(items, [{ n: 1 }, { n: "2" }])).toEqual({
      path: "args[1].n",
      expected: "number",
      got: "string",
    });
    const tags: ValidatorJSON = {
      type: "record",
      keys: str,
      values: { fieldType: num, optional: false },
    };
    expect(rejection(tags, { x: 1 })).toBeUndefined();
    expect(rejection(tags, { x: "1" })).toEqual({
      path: 'args["x"]',
      expected: "number",
      got: "string",
    });
    expect(rejection(tags, [1])).toMatchObject({ got: "array" });
    const keyed: ValidatorJSON = {
      type: "record",
      keys: { type: "union", value: [lit("x"), lit("y")] },
      values: { fieldType: num, optional: false },
    };
    expect(rejection(keyed, { z: 1 })).toMatchObject({
      path: 'args["z"]',
      expected: 'a key of "x" | "y"',
    });
  });

  test("unions: any member accepts; a lone member of the value's kind gives the deeper reason", () => {
    const note: ValidatorJSON = { type: "union", value: [str, { type: "null" }] };
    expect(rejection(note, null)).toBeUndefined();
    expect(rejection(note, 1)).toMatchObject({ expected: "string | null", got: "number" });
    const shape: ValidatorJSON = { type: "union", value: [obj({ n: num }), { type: "null" }] };
    expect(rejection(shape, { n: "x" })).toEqual({
      path: "args.n",
      expected: "number",
      got: "string",
    });
  });

  test("any accepts everything; a validator kind newer than this tool is not judged", () => {
    expect(rejection({ type: "any" }, { anything: [1n] })).toBeUndefined();
    expect(rejection({ type: "vector" } as never, 1)).toBeUndefined();
  });
});

const noOpaque = (v: ValidatorJSON) => !/"type":"(id|function)"/.test(JSON.stringify(v));
const big = (_k: string, x: unknown) => (typeof x === "bigint" ? `${x}n` : x);

test("property: rejection agrees with the oracle and with compat's accepts (no ids, no handles)", () => {
  const seen = { accepted: 0, rejected: 0 };
  const cases = fc
    .tuple(argsArb.filter(noOpaque), argsArb.filter(noOpaque))
    .chain(([a, b]) =>
      fc.tuple(
        fc.constant(a),
        fc.array(fc.oneof(valuesOf(a), valuesOf(b)), { minLength: 1, maxLength: 4 }),
      ),
    );
  fc.assert(
    fc.property(cases, ([validator, values]) => {
      for (const value of values) {
        const r = rejection(validator, value as never);
        const oracle = oracleAccepts(validator, value);
        const context = JSON.stringify({ validator, value, r }, big);
        expect(r === undefined, context).toBe(oracle);
        expect(r === undefined, context).toBe(accepts(validator, value as never));
        if (r) {
          seen.rejected++;
          expect(r.path, context).toMatch(/^args/);
        } else seen.accepted++;
      }
    }),
    { numRuns: 300, seed: 1313 },
  );
  // Both verdicts must be exercised, or the property proves nothing.
  expect(seen.accepted).toBeGreaterThan(50);
  expect(seen.rejected).toBeGreaterThan(50);
});
