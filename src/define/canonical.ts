/** Validator JSON in a canonical form (sorted keys), so two validators compare by meaning, not order. */
import type { GenericValidator } from "convex/values";
import type { ValidatorJSON } from "../meta.ts";

export function validatorJson(validator: GenericValidator): ValidatorJSON {
  // `json` is @internal in convex's types but is what exportArgs() serialises; it is stable.
  return (validator as unknown as { json: ValidatorJSON }).json;
}

export function canonicalString(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
