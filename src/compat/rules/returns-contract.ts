/**
 * The return contract a function offers: the shape inferred from its TypeScript return type when
 * it has one free of `any` (the more precise of the two), else its declared `returns` validator,
 * else the inferred shape, else none. Its own file so the fix snippets and the return rules
 * can both use it without importing each other.
 */
import type { ValidatorJSON } from "../../meta.ts";
import type { FunctionSpec } from "../../model.ts";

export function returnsContract(
  spec: Pick<FunctionSpec, "returns" | "returnsInferred">,
): { validator: ValidatorJSON; inferred: boolean } | undefined {
  // Both: what clients receive is what the handler returns, which TypeScript already holds to the
  // validator, so the inferred shape is the more precise one, unless it degraded to `any`.
  if (spec.returnsInferred && !containsAny(spec.returnsInferred))
    return { validator: spec.returnsInferred, inferred: true };
  if (spec.returns !== null && spec.returns !== undefined)
    return { validator: spec.returns, inferred: false };
  if (spec.returnsInferred) return { validator: spec.returnsInferred, inferred: true };
  return undefined;
}

/** A handler that returns nothing (inferred `void`): clients get `null` and ignore it. */
export function isVoid(v: ValidatorJSON): boolean {
  return v.type === "null" && v.void === true;
}

function containsAny(v: ValidatorJSON): boolean {
  return JSON.stringify(v).includes('"type":"any"');
}
