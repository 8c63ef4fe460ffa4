/** FUNCTION_KIND_SAME: a query stays a query (clients call each kind through a different API). */
import type { Finding } from "../types.ts";
import { finding, rule } from "./rule.ts";

export const FUNCTION_KIND_SAME = rule({
  id: "FUNCTION_KIND_SAME",
  level: "breaking",
  purpose: "Checks that a function keeps its kind (query, mutation or action).",
  doc: "Clients call each kind differently (`useQuery`, `useMutation`, `useAction`) and Convex refuses a call made as the wrong kind, so every old caller fails.",
  fix: "Keep the old function with its old kind (it can call the new one with `ctx.runQuery`/`ctx.runMutation` from an action, or share a helper), and add the new kind under a new name.",
});

export function checkKind(fn: string, before: string, after: string): Finding[] {
  if (before === after) return [];
  return [
    finding(
      FUNCTION_KIND_SAME,
      fn,
      `Function "${fn}" changed from a ${before} to a ${after}; old clients still call it as a ${before}.`,
    ),
  ];
}
