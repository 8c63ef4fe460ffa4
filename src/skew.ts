/**
 * `defineSkewBeacon`: the public query a client subscribes to, to learn whether the deployed code
 * still serves its build. Runtime-safe (part of the server entry): no Node, no zod.
 */
import type { QueryBuilder, RegisteredQuery } from "convex/server";
import { v } from "convex/values";

/** The beacon module `check --beacon` writes: the surface ids the deployed code serves. */
export interface SkewBeacon {
  readonly served: readonly string[];
}

/** What the beacon query returns; clients rely on `served` only. */
export interface SkewBeaconResult {
  served: string[];
}

/**
 * Registers the beacon query with the app's own `query` builder.
 *
 * @example
 * // convex/skew.ts
 * import { defineSkewBeacon } from "convex-versioned";
 * import { query } from "./_generated/server";
 * import * as skewBeacon from "./skewBeacon"; // written by `npx convex-versioned check --beacon`
 * export const beacon = defineSkewBeacon(query, skewBeacon); // clients subscribe to "skew:beacon"
 *
 * @returns a public query, args `{}`, returning `{ served: string[] }`. Its result depends only on
 *   the deployed code, so Convex re-runs it for every subscribed client after a push.
 */
export function defineSkewBeacon(
  query: QueryBuilder<any, "public">,
  beacon: SkewBeacon,
): RegisteredQuery<"public", Record<string, never>, Promise<SkewBeaconResult>> {
  const served = [...beacon.served];
  return query({
    args: {},
    returns: v.object({ served: v.array(v.string()) }),
    handler: async () => ({ served: [...served] }),
  }) as RegisteredQuery<"public", Record<string, never>, Promise<SkewBeaconResult>>;
}
