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

/** A function's places inferred as `any`, in one line (the docs promise one per function). */
export const degraded = (id: string, notes: readonly Degradation[]): string => {
  // Each place once: members of a union (`{ ok: true; next: any } | { ok: false; next: any }`)
  // degrade at the same path for the same reason.
  const places = [...new Map(notes.map((n) => [`${n.path}\n${n.reason}`, n])).values()];
  const reasons = new Set(places.map((n) => n.reason));
  if (reasons.size === 1) {
    const paths = places.map((n) => n.path);
    const shown = paths.length > 4 ? [...paths.slice(0, 3), `and ${paths.length - 3} more`] : paths;
    return `${id}: ${shown.join(", ")} inferred as any: ${places[0]!.reason}`;
  }
  // An SDK's type with a method per key (a string's, an object's) degrades at every one of them.
  const line = (n: Degradation) => `${n.path} inferred as any (${n.reason})`;
  const shown =
    places.length > 4
      ? [...places.slice(0, 3).map(line), `and ${places.length - 3} more places`]
      : places.map(line);
  return `${id}: ${shown.join("; ")}`;
};

/** Convex keeps Args/Returns only as the alias's type arguments (the types are phantom). */
export const REGISTERED = new Set(["RegisteredQuery", "RegisteredMutation", "RegisteredAction"]);
