/**
 * The return contract a function offers: its declared `returns` validator, else the shape inferred
 * from its TypeScript return type, else none. Its own file so the fix snippets and the return rules
 * can both use it without importing each other.
 */
import type { ValidatorJSON } from "../../meta.ts";
import type { FunctionSpec } from "../../model.ts";

export function returnsContract(
  spec: Pick<FunctionSpec, "returns" | "returnsInferred">,
): { validator: ValidatorJSON; inferred: boolean } | undefined {
  if (spec.returns !== null && spec.returns !== undefined)
    return { validator: spec.returns, inferred: false };
  if (spec.returnsInferred) return { validator: spec.returnsInferred, inferred: true };
  return undefined;
}
