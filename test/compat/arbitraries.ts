/**
 * fast-check generators shared by the property tests: random validators (bounded depth, every
 * kind), the edits a developer makes to one, and values a validator accepts (ids as `<id:TABLE>`).
 */
import { convexToJson } from "convex/values";
import fc from "fast-check";
import type { ValidatorJSON } from "../../src/meta.ts";

const NAMES = ["p", "q", "r"];
const TABLES = ["a", "b"];

export const literal = fc.oneof(
  fc.constantFrom("a", "b", "c").map((value): ValidatorJSON => ({ type: "literal", value })),
  fc.constantFrom(1, 2).map((value): ValidatorJSON => ({ type: "literal", value })),
  fc.boolean().map((value): ValidatorJSON => ({ type: "literal", value })),
  fc
    .constantFrom(1n, 2n)
    .map((value): ValidatorJSON => ({ type: "literal", value: convexToJson(value) })),
);

export const leaf: fc.Arbitrary<ValidatorJSON> = fc.oneof(
  fc.constantFrom<ValidatorJSON>(
    { type: "null" },
    { type: "number" },
    { type: "bigint" },
    { type: "boolean" },
    { type: "string" },
    { type: "bytes" },
    { type: "any" },
    { type: "commitTs" },
    { type: "function" },
    { type: "function", fnType: "mutation", args: { type: "object", value: {} } },
    { type: "function", fnType: "query", returns: { type: "string" } },
  ),
  literal,
  fc.constantFrom(...TABLES).map((tableName): ValidatorJSON => ({ type: "id", tableName })),
);

const recordKeys: fc.Arbitrary<ValidatorJSON> = fc.oneof(
  fc.constant<ValidatorJSON>({ type: "string" }),
  fc.constantFrom(...TABLES).map((tableName): ValidatorJSON => ({ type: "id", tableName })),
  fc.uniqueArray(fc.constantFrom("x", "y", "z"), { minLength: 2, maxLength: 3 }).map(
    (keys): ValidatorJSON => ({
      type: "union",
      value: keys.map((value) => ({ type: "literal", value })),
    }),
  ),
);

function objectOf(field: fc.Arbitrary<ValidatorJSON>): fc.Arbitrary<ValidatorJSON> {
  return fc
    .dictionary(
      fc.constantFrom(...NAMES),
      fc.record({ fieldType: field, optional: fc.boolean() }),
      { maxKeys: 3 },
    )
    .map((value): ValidatorJSON => ({ type: "object", value }));
}

const { validator } = fc.letrec<{ validator: ValidatorJSON }>((tie) => ({
  validator: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constant("array" as const), value: tie("validator") }),
    fc.record({
      type: fc.constant("record" as const),
      keys: recordKeys,
      values: fc.record({ fieldType: tie("validator"), optional: fc.constant(false as const) }),
    }),
    objectOf(tie("validator")),
    fc
      .array(tie("validator"), { minLength: 2, maxLength: 3 })
      .map((value): ValidatorJSON => ({ type: "union", value })),
  ),
}));

export const validatorArb = validator.filter((x) => JSON.stringify(x).length < 600);

/** An args validator: an object of random fields (what a version's `args` is). */
export const argsArb = objectOf(validatorArb).filter((x) => JSON.stringify(x).length < 600);

/** A random change somewhere in `x`: the kind of edit a developer makes. */
export function change(x: ValidatorJSON, depth = 0): fc.Arbitrary<ValidatorJSON> {
  const options: fc.Arbitrary<ValidatorJSON>[] = [
    fc.constant(x),
    leaf, // replace outright
    leaf.map((m): ValidatorJSON => ({ type: "union", value: [x, m] })), // widen
  ];
  switch (x.type) {
    case "id":
      options.push(fc.constant<ValidatorJSON>({ type: "string" }));
      break;
    case "string":
      options.push(fc.constantFrom<ValidatorJSON>({ type: "id", tableName: "a" }));
      break;
    case "number":
      options.push(fc.constant<ValidatorJSON>({ type: "bigint" }));
      break;
    case "bigint":
      options.push(fc.constant<ValidatorJSON>({ type: "number" }));
      options.push(fc.constant<ValidatorJSON>({ type: "commitTs" }));
      break;
    case "commitTs":
      options.push(fc.constant<ValidatorJSON>({ type: "bigint" }));
      break;
    case "function":
      options.push(fc.constant<ValidatorJSON>({ type: "string" }));
      break;
    case "literal":
      options.push(literal);
      break;
    case "array":
      if (depth < 3)
        options.push(
          change(x.value, depth + 1).map((value): ValidatorJSON => ({ type: "array", value })),
        );
      break;
    case "record":
      if (depth < 3) {
        options.push(
          change(x.values.fieldType, depth + 1).map(
            (fieldType): ValidatorJSON => ({ ...x, values: { fieldType, optional: false } }),
          ),
          recordKeys.map((keys): ValidatorJSON => ({ ...x, keys })),
        );
      }
      break;
    case "union":
      options.push(fc.constant<ValidatorJSON>(x.value[0]!)); // member removed (one left)
      options.push(fc.constant<ValidatorJSON>({ type: "union", value: x.value.slice(1) })); // member removed
      if (depth < 3) {
        options.push(
          fc.nat(x.value.length - 1).chain((i) =>
            change(x.value[i]!, depth + 1).map(
              (m): ValidatorJSON => ({
                type: "union",
                value: x.value.map((old, k) => (k === i ? m : old)),
              }),
            ),
          ),
        );
      }
      break;
    case "object": {
      const names = Object.keys(x.value);
      options.push(
        fc.record({ name: fc.constantFrom(...NAMES), fieldType: leaf, optional: fc.boolean() }).map(
          ({ name, fieldType, optional }): ValidatorJSON => ({
            type: "object",
            value: { ...x.value, [name]: { fieldType, optional } },
          }),
        ),
      );
      if (names.length > 0) {
        const pick = fc.constantFrom(...names);
        options.push(
          pick.map((name): ValidatorJSON => {
            const value = { ...x.value };
            delete value[name];
            return { type: "object", value };
          }),
          pick.map(
            (name): ValidatorJSON => ({
              type: "object",
              value: {
                ...x.value,
                [name]: { ...x.value[name]!, optional: !x.value[name]!.optional },
              },
            }),
          ),
        );
        if (depth < 3) {
          options.push(
            pick.chain((name) =>
              change(x.value[name]!.fieldType, depth + 1).map(
                (fieldType): ValidatorJSON => ({
                  type: "object",
                  value: { ...x.value, [name]: { ...x.value[name]!, fieldType } },
                }),
              ),
            ),
          );
        }
      }
      break;
    }
    default:
      break;
  }
  return fc.oneof(...options);
}

/** Values a validator accepts (ids as `<id:TABLE>`, as compat's witnesses spell them). */
export function valuesOf(x: ValidatorJSON, depth = 0): fc.Arbitrary<unknown> {
  switch (x.type) {
    case "null":
      return fc.constant(null);
    case "number":
      return fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(1.5));
    case "bigint":
    case "commitTs":
      return fc.bigInt({ min: -5n, max: 5n });
    case "function":
      return fc.constant("<function-handle>");
    case "boolean":
      return fc.boolean();
    case "string":
      return fc.constantFrom("", "a", "b", "x", "<id:a>");
    case "bytes":
      return fc.constant(new ArrayBuffer(1));
    case "any":
      return depth > 2
        ? fc.constantFrom(null, 1, "a", true)
        : fc.oneof(
            fc.constantFrom(null, 1, 2n, "a", true),
            valuesOf({ type: "array", value: { type: "any" } }, depth + 1),
          );
    case "literal": {
      const raw = x.value;
      return fc.constant(
        raw !== null && typeof raw === "object"
          ? BigInt(
              new DataView(
                Uint8Array.from(atob((raw as { $integer: string }).$integer), (c) =>
                  c.charCodeAt(0),
                ).buffer,
              ).getBigInt64(0, true),
            )
          : raw,
      );
    }
    case "id":
      return fc.constant(`<id:${x.tableName}>`);
    case "array":
      return fc.array(valuesOf(x.value, depth + 1), { maxLength: 2 });
    case "record":
      return fc
        .array(fc.tuple(valuesOf(x.keys, depth + 1), valuesOf(x.values.fieldType, depth + 1)), {
          maxLength: 2,
        })
        .map((entries) => Object.fromEntries(entries as [string, unknown][]));
    case "object": {
      const entries = Object.entries(x.value);
      return fc
        .tuple(
          ...entries.map(([, f]) =>
            f.optional
              ? fc.option(valuesOf(f.fieldType, depth + 1), { nil: undefined })
              : valuesOf(f.fieldType, depth + 1),
          ),
        )
        .map((vals) => {
          const out: Record<string, unknown> = {};
          entries.forEach(([name], i) => {
            if (vals[i] !== undefined) out[name] = vals[i];
          });
          return out;
        });
    }
    case "union":
      return fc.oneof(...x.value.map((m) => valuesOf(m, depth + 1)));
  }
}
