/**
 * The diagnostics inference prints, word for word: kept in the inference cache, so a cached
 * result reads the same as a fresh one.
 */
import type { Degradation } from "./convert.ts";

export const opaqueFunction = (id: string): string =>
  `${id}: its type is not RegisteredQuery/RegisteredMutation/RegisteredAction<…> (an intersection, ` +
  "spread or Omit hides the return type), so the result is inferred as any; declare `returns` " +
  "or export the builder's own type.";

export const anyFunction = (id: string): string =>
  `${id}: its type is \`any\` to TypeScript (a type error where it is built? in large apps often ` +
  "TS2589, instantiation excessively deep); no contract inferred: declare `returns`.";

export const notFound = (id: string): string =>
  `${id}: not a registered function TypeScript can see; no contract inferred.`;

export const degraded = (id: string, note: Degradation): string =>
  `${id}: ${note.path} inferred as any: ${note.reason}`;

/** Convex keeps Args/Returns only as the alias's type arguments (the types are phantom). */
export const REGISTERED = new Set(["RegisteredQuery", "RegisteredMutation", "RegisteredAction"]);
