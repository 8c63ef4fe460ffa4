/**
 * How a builder's validators are read, registered and matched. Convex validators are the default
 * flavor; `convex-versioned/zod` attaches a zod flavor to its builders, so the server entry never
 * imports zod.
 */
import {
  asObjectValidator,
  type GenericValidator,
  type PropertyValidators,
  type VObject,
} from "convex/values";
import { validate } from "convex-helpers/validators";
import { mergeArgs, mergeReturns } from "./merge.ts";

export type Match = { ok: true; args: Record<string, unknown> } | { ok: false };

/** A schema's verdict on a value an adapter produced: its parsed output, or where it is wrong. */
export type Parsed =
  | { ok: true; value: unknown }
  | { ok: false; path: string; problem: string; error: unknown };
/** Sync when the schema is (a promise costs on every old-version call), async when it must be. */
export type Parser = (value: unknown) => Parsed | Promise<Parsed>;

export interface Flavor<TArgs = unknown, TReturns = unknown> {
  /** Does `value` look like this flavor's args (an object of field validators)? Names the problem if not. */
  checkArgs(value: unknown): string | undefined;
  checkReturns(value: unknown): string | undefined;
  /** Convex validators for the version's args: for JSON (lock file), field names and merging. */
  convexArgs(args: TArgs): VObject<any, any, any>;
  convexReturns(returns: TReturns): GenericValidator;
  /** What to pass the builder for an export serving exactly one version. */
  registerSingle(args: TArgs, returns: TReturns | undefined): { args: unknown; returns?: unknown };
  /** What to pass the builder for an export serving several shapes. */
  registerMerged(
    shapes: readonly TArgs[],
    servedReturns: readonly (TReturns | undefined)[],
  ): { args: unknown; returns?: unknown };
  /** Exact match of one version's shape (unknown fields rejected); returns the args to serve. */
  matcher(args: TArgs): (callerArgs: Record<string, unknown>) => Match | Promise<Match>;
  /**
   * For merged exports only: checks one version's result when the builder could not be given a
   * returns validator for the merged export (zod). Convex validators need none: the export's union
   * validator is checked by Convex itself.
   */
  resultChecker?(returns: TReturns): (result: unknown) => Promise<unknown>;
  /**
   * Schemas that transform (zod): what an `up`'s output becomes once the next version parses it, so
   * every version (and the handler) sees what its own clients' calls look like after parsing. Convex
   * validators never change a value, so the Convex flavor has none and adds no cost.
   */
  argsParser?(args: TArgs): Parser;
  /** The same for results: what a version's `returns` schema makes of a value before its `down`. */
  returnsParser?(returns: TReturns): Parser;
  /**
   * The version's `returns` for an export whose results are made by a `down`: parses exactly as
   * `returns` does (same output, same Convex validator), but a rejection calls `rejected` (which
   * throws the adapter's error) instead of surfacing as the schema's own error. One parse, where
   * checking first and letting the builder parse again would be two.
   */
  guardReturns?(returns: TReturns, rejected: (failure: Parsed & { ok: false }) => never): TReturns;
}

function isValidator(x: unknown): x is GenericValidator {
  return typeof x === "object" && x !== null && (x as any).isConvexValidator === true;
}

function checkFields(what: string, value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `\`${what}\` must be an object of validators, e.g. { body: v.string() }.`;
  }
  for (const [field, fieldValidator] of Object.entries(value)) {
    if (typeof fieldValidator === "object" && fieldValidator !== null && "_zod" in fieldValidator) {
      return (
        `\`${what}.${field}\` is a zod schema. For zod builders, import defineVersioned from ` +
        '"convex-versioned/zod" instead of "convex-versioned".'
      );
    }
    if (!isValidator(fieldValidator)) {
      return (
        `\`${what}.${field}\` is not a Convex validator (got ${typeof fieldValidator}). ` +
        "A circular import often leaves a validator undefined at module load."
      );
    }
  }
  return undefined;
}

type ConvexArgs = PropertyValidators | VObject<any, any, any>;
type ConvexReturns = PropertyValidators | GenericValidator;

export const convexFlavor: Flavor<ConvexArgs, ConvexReturns> = {
  checkArgs(value) {
    if (isValidator(value)) {
      return value.kind === "object"
        ? undefined
        : `\`args\` must be an object of validators or v.object(...), got v.${value.kind}(). ` +
            "Convex rejects top-level union args; declare each shape as its own version instead.";
    }
    return checkFields("args", value);
  },
  checkReturns(value) {
    return isValidator(value) ? undefined : checkFields("returns", value);
  },
  convexArgs: (args) => asObjectValidator(args) as VObject<any, any, any>,
  convexReturns: (returns) => asObjectValidator(returns),
  registerSingle: (args, returns) => ({
    args: isValidator(args) ? (args as VObject<any, any, any>).fields : args,
    returns,
  }),
  registerMerged: (shapes, servedReturns) => ({
    args: mergeArgs(shapes.map((shape) => convexFlavor.convexArgs(shape))),
    returns: mergeReturns(
      servedReturns.map((returns) =>
        returns === undefined ? undefined : convexFlavor.convexReturns(returns),
      ),
    ),
  }),
  matcher(args) {
    const validator = convexFlavor.convexArgs(args);
    return (callerArgs) =>
      validate(validator, callerArgs) ? { ok: true, args: callerArgs } : { ok: false };
  },
};

export function flavorOf(def: { flavor?: Flavor<any, any> }): Flavor<any, any> {
  return (def.flavor ?? convexFlavor) as Flavor<any, any>;
}
