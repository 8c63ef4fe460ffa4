/**
 * Subsumption over every validator kind, with Convex's own validator JSON. Each row: old → new,
 * whether an old client's args are still accepted, and the (kind, path) of every issue.
 */
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { canonicalize, compareArgs, compareReturns, overlaps } from "../../src/compat/index.ts";
import { args, j } from "./helpers.ts";

const kinds = (c: { issues: { kind: string; path: string }[] }) =>
  c.issues.map((i) => `${i.kind} ${i.path}`);

describe("canonicalize", () => {
  test("object key order, nested unions, duplicates and one-member unions do not matter", () => {
    const a = j(
      v.object({ b: v.string(), a: v.union(v.union(v.literal("x"), v.null()), v.literal("x")) }),
    );
    const b = j(v.object({ a: v.union(v.null(), v.literal("x")), b: v.union(v.string()) }));
    expect(canonicalize(a)).toEqual(canonicalize(b));
    expect(canonicalize(canonicalize(a))).toEqual(canonicalize(a));
  });
  test("a union containing any is any", () => {
    expect(canonicalize(j(v.union(v.string(), v.any())))).toEqual({ type: "any" });
  });
});

describe("args: every value the old validator accepted must pass the new one", () => {
  const cases: [string, unknown, unknown, string[]][] = [
    // Identity and widening are fine.
    ["same object", args({ a: v.string() }), args({ a: v.string() }), []],
    ["id → string is a widening", j(v.id("a")), j(v.string()), []],
    [
      "required → optional is a widening",
      args({ a: v.string() }),
      args({ a: v.optional(v.string()) }),
      [],
    ],
    [
      "union member added is a widening",
      j(v.union(v.literal("a"), v.literal("b"))),
      j(v.union(v.literal("a"), v.literal("b"), v.literal("c"))),
      [],
    ],
    ["literal → its base type", j(v.literal(3)), j(v.number()), []],
    ["bigint literal → int64", j(v.literal(3n)), j(v.int64()), []],
    ["any on the new side accepts all", args({ a: v.string() }), j(v.any()), []],
    ["boolean ⊆ true | false", j(v.boolean()), j(v.union(v.literal(true), v.literal(false))), []],
    [
      "new optional field",
      args({ a: v.string() }),
      args({ a: v.string(), b: v.optional(v.number()) }),
      [],
    ],
    ["array element widened", j(v.array(v.id("a"))), j(v.array(v.string())), []],
    [
      "object split across a union of objects",
      args({ a: v.union(v.string(), v.number()) }),
      j(v.union(v.object({ a: v.string() }), v.object({ a: v.number() }))),
      [],
    ],
    [
      "optional field split across a union of objects",
      args({ a: v.optional(v.string()) }),
      j(v.union(v.object({}), v.object({ a: v.string() }))),
      [],
    ],
    [
      "record values widened",
      j(v.record(v.string(), v.id("t"))),
      j(v.record(v.string(), v.string())),
      [],
    ],
    [
      "literal-key record read as object",
      j(v.record(v.union(v.literal("x"), v.literal("y")), v.number())),
      args({ x: v.optional(v.number()), y: v.optional(v.number()) }),
      [],
    ],
    ["object into a record", args({ x: v.number() }), j(v.record(v.string(), v.number())), []],
    // Narrowing breaks.
    ["string → id", j(v.string()), j(v.id("a")), ["type-changed args"]],
    ["id table changed", j(v.id("a")), j(v.id("b")), ["type-changed args"]],
    ["number → int64", j(v.number()), j(v.int64()), ["type-changed args"]],
    ["int64 → number", j(v.int64()), j(v.number()), ["type-changed args"]],
    ["any on the old side needs any", j(v.any()), j(v.string()), ["type-changed args"]],
    ["bytes → string", j(v.bytes()), j(v.string()), ["type-changed args"]],
    ["null → string", j(v.null()), j(v.string()), ["type-changed args"]],
    [
      "removed optional arg is still breaking",
      args({ a: v.string(), b: v.optional(v.string()) }),
      args({ a: v.string() }),
      ["field-removed args.b"],
    ],
    ["removed required arg", args({ a: v.string() }), args({}), ["field-removed args.a"]],
    [
      "added required arg",
      args({ a: v.string() }),
      args({ a: v.string(), b: v.string() }),
      ["field-added-required args.b"],
    ],
    [
      "optional → required",
      args({ a: v.optional(v.string()) }),
      args({ a: v.string() }),
      ["optional-to-required args.a"],
    ],
    [
      "union member removed",
      j(v.union(v.string(), v.number())),
      j(v.string()),
      ["type-changed args"],
    ],
    [
      "literal set narrowed deep in an array",
      args({ items: v.array(v.object({ kind: v.union(v.literal("a"), v.literal("b")) })) }),
      args({ items: v.array(v.object({ kind: v.literal("a") })) }),
      ["type-changed args.items[].kind"],
    ],
    [
      "nested object in a record lost a field",
      j(v.record(v.string(), v.object({ a: v.string(), b: v.string() }))),
      j(v.record(v.string(), v.object({ a: v.string() }))),
      ["field-removed args{}.b"],
    ],
    [
      "record keys narrowed",
      j(v.record(v.string(), v.number())),
      j(v.record(v.id("t"), v.number())),
      ["type-changed args{key}"],
    ],
    [
      "string-keyed record into an object",
      j(v.record(v.string(), v.number())),
      args({ x: v.optional(v.number()) }),
      ["type-changed args"],
    ],
    [
      "object member of a union lost a field",
      j(v.union(v.object({ a: v.string(), b: v.string() }), v.null())),
      j(v.union(v.object({ a: v.string() }), v.null())),
      ["field-removed args.b"],
    ],
  ];
  test.each(cases)("%s", (_name, before, after, expected) => {
    const result = compareArgs(before as never, after as never);
    expect(kinds(result)).toEqual(expected);
    expect(result.compatible).toBe(expected.length === 0);
  });

  test("breaking issues carry a witness the old side accepts and the new side rejects", () => {
    const result = compareArgs(
      args({ kind: v.union(v.literal("a"), v.literal("b")), n: v.number() }),
      args({ kind: v.literal("a"), n: v.number() }),
    );
    expect(result.issues[0]!.witness).toEqual({ kind: "b", n: 0 });
  });
});

describe("returns: an old client must read every value the new function returns", () => {
  const cases: [string, unknown, unknown, string[]][] = [
    ["same", j(v.string()), j(v.string()), []],
    ["narrowed output is fine (string → id)", j(v.string()), j(v.id("a")), []],
    [
      "optional → required output is fine",
      args({ a: v.optional(v.string()) }),
      args({ a: v.string() }),
      [],
    ],
    ["union member removed is fine", j(v.union(v.string(), v.number())), j(v.string()), []],
    [
      "added field is news",
      args({ a: v.string() }),
      args({ a: v.string(), b: v.number() }),
      ["field-added returns.b"],
    ],
    ["type changed", j(v.string()), j(v.number()), ["type-changed returns"]],
    [
      "field removed",
      args({ a: v.string(), b: v.string() }),
      args({ a: v.string() }),
      ["field-removed returns.b"],
    ],
    [
      "optional field removed is fine",
      args({ a: v.string(), b: v.optional(v.string()) }),
      args({ a: v.string() }),
      [],
    ],
    [
      "required → optional",
      args({ a: v.string() }),
      args({ a: v.optional(v.string()) }),
      ["became-optional returns.a"],
    ],
    ["nullable", j(v.id("a")), j(v.union(v.id("a"), v.null())), ["became-nullable returns"]],
    [
      "union member added",
      j(v.union(v.literal("a"), v.literal("b"))),
      j(v.union(v.literal("a"), v.literal("b"), v.literal("c"))),
      ["union-member-added returns"],
    ],
    [
      "single type widened to a union is a type change",
      j(v.string()),
      j(v.union(v.string(), v.number())),
      ["type-changed returns"],
    ],
    ["declared shape became any", j(v.string()), j(v.any()), ["became-any returns"]],
    ["any before: anything goes", j(v.any()), j(v.string()), []],
    [
      "field type changed in array elements",
      j(v.array(v.object({ at: v.number() }))),
      j(v.array(v.object({ at: v.string() }))),
      ["type-changed returns[].at"],
    ],
  ];
  test.each(cases)("%s", (_name, before, after, expected) => {
    expect(kinds(compareReturns(before as never, after as never))).toEqual(expected);
  });
});

describe("overlaps", () => {
  test("objects overlap when one call can satisfy both", () => {
    expect(
      overlaps(args({ a: v.string() }), args({ a: v.string(), b: v.optional(v.number()) })),
    ).toBe(true);
    expect(overlaps(args({ a: v.string() }), args({ b: v.string() }))).toBe(false);
    expect(overlaps(args({ a: v.id("x") }), args({ a: v.id("y") }))).toBe(false);
    expect(overlaps(args({ a: v.literal("x") }), args({ a: v.string() }))).toBe(true);
  });
});
