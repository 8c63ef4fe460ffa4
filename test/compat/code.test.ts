/**
 * `validatorCode` writes the `v.…` source a developer pastes into a fix. Judged by running that
 * source with Convex's real `v` and comparing the JSON it builds with the input: exact for a few
 * shapes, and for random validators (fast-check) up to canonical form.
 */
import { v } from "convex/values";
import fc from "fast-check";
import { expect, test } from "vitest";
import { canonicalize } from "../../src/compat/index.ts";
import { validatorKey } from "../../src/compat/validator/canonical.ts";
import { argsCode, fieldsCode, validatorCode } from "../../src/compat/validator/code.ts";
import type { ValidatorJSON } from "../../src/meta.ts";
import { validatorArb } from "./arbitraries.ts";
import { args, j } from "./helpers.ts";

/**
 * `v.function` arrived in convex 1.49 (Node ≥ 22; this repo runs 1.48): a stand-in that builds the
 * JSON 1.49's `VFunction.json` builds (read from its validators.ts: fnType, args, returns, each
 * only when given; an args object of fields goes through `v.object`).
 */
const v149 = {
  ...v,
  function: function handle(sig: { fnType?: string; args?: unknown; returns?: unknown } = {}) {
    const json = (x: unknown) => (x as { json: ValidatorJSON }).json;
    const built = {
      isConvexValidator: true,
      isOptional: "required",
      kind: "function",
      asOptional: () => ({ ...built, isOptional: "optional" }),
      json: {
        type: "function",
        ...(sig.fnType === undefined ? {} : { fnType: sig.fnType }),
        ...(sig.args === undefined ? {} : { args: json(sig.args) }),
        ...(sig.returns === undefined ? {} : { returns: json(sig.returns) }),
      },
    };
    return built;
  },
};

/** Evaluates generated source with the real `v` builders and returns the validator's JSON. */
function run(code: string): ValidatorJSON {
  const built = new Function("v", `return ${code};`)(v149);
  return (built as { json: ValidatorJSON }).json;
}

test("every kind, on one line when short", () => {
  const cases: [ValidatorJSON, string][] = [
    [j(v.string()), "v.string()"],
    [j(v.number()), "v.number()"],
    [j(v.int64()), "v.int64()"],
    [j(v.boolean()), "v.boolean()"],
    [j(v.null()), "v.null()"],
    [j(v.bytes()), "v.bytes()"],
    [j(v.any()), "v.any()"],
    [j(v.id("users")), 'v.id("users")'],
    [j(v.literal("a")), 'v.literal("a")'],
    [j(v.literal(3n)), "v.literal(3n)"],
    [j(v.literal(-0)), "v.literal(-0)"],
    [j(v.literal(false)), "v.literal(false)"],
    [j(v.array(v.id("t"))), 'v.array(v.id("t"))'],
    [j(v.record(v.string(), v.number())), "v.record(v.string(), v.number())"],
    [j(v.union(v.string(), v.null())), "v.union(v.string(), v.null())"],
    [
      j(v.object({ a: v.optional(v.string()), "b-c": v.number() })),
      'v.object({ a: v.optional(v.string()), "b-c": v.number() })',
    ],
    [j(v.object({})), "v.object({})"],
  ];
  for (const [json, code] of cases) {
    expect(validatorCode(json)).toBe(code);
    expect(run(code)).toEqual(json);
  }
});

test("long shapes break one field per line, indented", () => {
  const json = args({
    channelId: v.id("channels"),
    text: v.string(),
    attachments: v.optional(
      v.array(v.object({ kind: v.union(v.literal("image"), v.literal("file")) })),
    ),
  });
  expect(fieldsCode(json as never)).toBe(
    [
      "{",
      '  channelId: v.id("channels"),',
      "  text: v.string(),",
      '  attachments: v.optional(v.array(v.object({ kind: v.union(v.literal("image"), v.literal("file")) }))),',
      "}",
    ].join("\n"),
  );
  expect(run(`v.object(${fieldsCode(json as never)})`)).toEqual(json);
});

test("args without a validator become {} with a note (defineVersioned needs an object)", () => {
  expect(argsCode({ type: "any" })).toBe(
    "{} /* declared no args validator: list what old clients send */",
  );
  expect(argsCode(args({ a: v.string() }))).toBe("{ a: v.string() }");
});

test("property: the generated source builds the same validator", () => {
  fc.assert(
    fc.property(validatorArb, (json) => {
      expect(canonicalize(run(validatorCode(json)))).toEqual(canonicalize(json));
    }),
    { numRuns: 200, seed: 7 },
  );
});

test("property: a canonical validator's key is its JSON text (composed while canonicalising)", () => {
  fc.assert(
    fc.property(validatorArb, (json) => {
      const canonical = canonicalize(json);
      expect(validatorKey(canonical)).toBe(JSON.stringify(canonical));
      expect(canonicalize(canonical)).toEqual(canonical);
    }),
    { numRuns: 200, seed: 8 },
  );
});
