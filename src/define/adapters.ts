/**
 * Running a version's adapters: `up` (args, oldest → newest) and `down` (result, newest → oldest).
 * A plain error inside an adapter becomes VERSIONED_ADAPTER_FAILED naming the definition, label and
 * direction; a ConvexError passes through unchanged (it is the adapter's deliberate answer).
 */
import { adapterFailed, isConvexError } from "../errors.ts";
import type { Adapter } from "./chain.ts";
import type { Parsed, Parser } from "./flavor.ts";

/** Returns the adapter's value, or a promise of it when the adapter is async. */
export type GuardedAdapter = (value: any, ctx: any) => unknown;

export function guardAdapter(
  adapter: Adapter,
  definition: string,
  version: string,
  direction: "up" | "down",
): GuardedAdapter {
  const fail = (error: unknown): never => {
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
  };
  // Sync adapters stay sync: every extra promise costs on the hot path (each old-version call).
  return (value, ctx) => {
    let result: unknown;
    try {
      result = adapter(value, ctx);
    } catch (error) {
      return fail(error);
    }
    return isPromise(result) ? result.then(undefined, fail) : result;
  };
}

export function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/**
 * The receiving version's schema applied to an adapter's output (zod: defaults, transforms, async
 * refinements). `producer` is the version whose adapter made the value; `receiver` the version whose
 * schema judges it. A rejection is the adapter's fault, so it surfaces as VERSIONED_ADAPTER_FAILED
 * with the path, never as a bare ZodError a client would read as its own mistake. Returns the
 * parsed value, or a promise of it when the schema is async.
 */
export function guardParse(
  parse: Parser,
  definition: string,
  producer: string,
  receiver: string,
  direction: "up" | "down",
): (value: unknown) => unknown {
  const settle = (parsed: Parsed): unknown => {
    if (parsed.ok) return parsed.value;
    throw parseRejected(parsed, definition, producer, receiver, direction);
  };
  return (value) => {
    const parsed = parse(value);
    return isPromise(parsed) ? parsed.then(settle) : settle(parsed);
  };
}

/** VERSIONED_ADAPTER_FAILED for an adapter's output that the receiving version's schema rejected. */
export function parseRejected(
  parsed: Parsed & { ok: false },
  definition: string,
  producer: string,
  receiver: string,
  direction: "up" | "down",
): Error {
  const what = direction === "up" ? "args" : "a result";
  const at = parsed.path === "" ? "" : ` at \`${parsed.path}\``;
  return adapterFailed({
    definition,
    version: producer,
    direction,
    path: parsed.path,
    message:
      `The \`${direction}\` adapter of "${definition}" version "${producer}" returned ${what} that ` +
      `version "${receiver}"'s schema rejects${at}: ${parsed.problem}. Make \`${direction}\` return ` +
      `what version "${receiver}" accepts.`,
  });
}
