/**
 * Canonical validator JSON: the one spelling of a validator that compat compares.
 *
 * `exportArgs()` keeps declaration order and nests unions as written (`v.nullable(v.union(…))`); the
 * backend sorts keys. Two spellings of the same set of values must compare equal, and member lists
 * must not depend on order, so everything compat does starts here. Literal values are decoded
 * (`{"$integer": base64}` → bigint) by `literalValue`, never rewritten: the JSON stays Convex's own.
 */
import { jsonToConvex } from "convex/values";
import type { ValidatorJSON } from "../../meta.ts";

/** A literal's value as a JS value: string, number, boolean or bigint (from `{"$integer": …}`). */
export type LiteralValue = string | number | boolean | bigint;

export function literalValue(json: Extract<ValidatorJSON, { type: "literal" }>): LiteralValue {
  const raw = json.value;
  if (raw !== null && typeof raw === "object") return jsonToConvex(raw as never) as bigint;
  return raw as LiteralValue;
}

/** A stable string for a canonical validator: equal keys ⇔ same canonical validator. */
export function validatorKey(json: ValidatorJSON): string {
  return JSON.stringify(json);
}

/**
 * Sorted object keys, flattened and deduplicated unions (members sorted by their key), a
 * one-member union replaced by its member, and a union containing `any` replaced by `any`.
 * Idempotent; returns a new tree.
 */
export function canonicalize(json: ValidatorJSON): ValidatorJSON {
  switch (json.type) {
    case "null":
    case "number":
    case "bigint":
    case "boolean":
    case "string":
    case "bytes":
    case "any":
      return { type: json.type };
    case "literal":
      return { type: "literal", value: json.value };
    case "id":
      return { type: "id", tableName: json.tableName };
    case "array":
      return { type: "array", value: canonicalize(json.value) };
    case "record":
      return {
        type: "record",
        keys: canonicalize(json.keys),
        values: { fieldType: canonicalize(json.values.fieldType), optional: false },
      };
    case "object": {
      const value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
      for (const key of Object.keys(json.value).sort()) {
        const field = json.value[key]!;
        value[key] = { fieldType: canonicalize(field.fieldType), optional: field.optional };
      }
      return { type: "object", value };
    }
    case "union": {
      const members = new Map<string, ValidatorJSON>();
      const add = (member: ValidatorJSON): void => {
        if (member.type === "union") {
          for (const inner of member.value) add(inner);
          return;
        }
        members.set(validatorKey(member), member);
      };
      for (const member of json.value) add(canonicalize(member));
      if ([...members.values()].some((m) => m.type === "any")) return { type: "any" };
      const sorted = [...members.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (sorted.length === 1) return sorted[0]![1];
      return { type: "union", value: sorted.map(([, m]) => m) };
    }
    default:
      return unknownValidator(json);
  }
}

/** Exhaustiveness guard: a validator kind this version of compat does not know. */
export function unknownValidator(json: never): never {
  throw new Error(
    `Unknown validator type ${JSON.stringify((json as { type?: unknown }).type)}: compat knows the ValidatorJSON kinds of convex 1.48; update src/compat for the new kind.`,
  );
}

/** The members of a canonical validator seen as a union (a non-union is a union of one). */
export function membersOf(json: ValidatorJSON): ValidatorJSON[] {
  return json.type === "union" ? json.value : [json];
}

/** Whether two validators accept exactly the same values as written (after canonicalisation). */
export function sameValidator(a: ValidatorJSON, b: ValidatorJSON): boolean {
  return validatorKey(canonicalize(a)) === validatorKey(canonicalize(b));
}
