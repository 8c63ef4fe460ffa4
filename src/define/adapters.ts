/**
 * Running a version's adapters: `up` (args, oldest → newest) and `down` (result, newest → oldest).
 * A plain error inside an adapter becomes VERSIONED_ADAPTER_FAILED naming the definition, label and
 * direction; a ConvexError passes through unchanged (it is the adapter's deliberate answer).
 */
import { adapterFailed, isConvexError } from "../errors.ts";
import type { Adapter } from "./chain.ts";

export type GuardedAdapter = (value: any, ctx: any) => Promise<any>;

export function guardAdapter(
  adapter: Adapter,
  definition: string,
  version: string,
  direction: "up" | "down",
): GuardedAdapter {
  return async (value, ctx) => {
    try {
      return await adapter(value, ctx);
    } catch (error) {
      if (isConvexError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw adapterFailed({
        definition,
        version,
        direction,
        message:
          `The \`${direction}\` adapter of "${definition}" version "${version}" threw: ${message}. ` +
          `Fix the adapter, or throw a ConvexError from it to send clients a deliberate error.`,
      });
    }
  };
}
