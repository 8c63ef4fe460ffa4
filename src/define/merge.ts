/**
 * One object validator that accepts every shape served under one export name.
 *
 * The backend rejects top-level union args ("Args validator must be an object or any"), so shapes are
 * merged field by field: a field kept by every shape with one validator stays as it is; any other field
 * becomes optional, accepting the union of its validators. Unknown fields are still rejected by Convex;
 * the exact per-shape check happens in the dispatcher.
 */
import { type GenericValidator, type VObject, v } from "convex/values";
import { vRequired } from "convex-helpers/validators";
import { canonicalString, validatorJson } from "./canonical.ts";

export function mergeArgs(
  shapes: readonly VObject<any, any, any>[],
): Record<string, GenericValidator> {
  const byField = new Map<
    string,
    { validators: Map<string, GenericValidator>; everywhere: number }
  >();
  for (const shape of shapes) {
    for (const [field, validator] of Object.entries(
      shape.fields as Record<string, GenericValidator>,
    )) {
      const entry = byField.get(field) ?? { validators: new Map(), everywhere: 0 };
      if (validator.isOptional === "required") entry.everywhere++;
      const required = vRequired(validator) as GenericValidator;
      entry.validators.set(canonicalString(validatorJson(required)), required);
      byField.set(field, entry);
    }
  }
  const merged: Record<string, GenericValidator> = {};
  for (const [field, { validators, everywhere }] of byField) {
    const members = [...validators.values()];
    const one = members.length === 1 ? members[0]! : v.union(...(members as [any, any, ...any[]]));
    merged[field] = everywhere === shapes.length && members.length === 1 ? one : v.optional(one);
  }
  return merged;
}

/** The union of distinct returns validators, or undefined when any shape declares none. */
export function mergeReturns(
  returns: readonly (GenericValidator | undefined)[],
): GenericValidator | undefined {
  const distinct = new Map<string, GenericValidator>();
  for (const validator of returns) {
    if (validator === undefined) return undefined;
    distinct.set(canonicalString(validatorJson(validator)), validator);
  }
  const members = [...distinct.values()];
  return members.length === 1 ? members[0] : v.union(...(members as [any, any, ...any[]]));
}
