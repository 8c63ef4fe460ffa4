/**
 * convex-versioned/zod — versions whose args and returns are zod 4 schemas, for the zod builders of
 * `convex-helpers/server/zod4` (`zCustomQuery`, `zCustomMutation`, `zCustomAction`).
 *
 * An export serving one version is registered with that version's own schemas, so zod's refinements,
 * defaults and transforms run exactly as without this library. An export serving several shapes is
 * registered with a pass-through shape (each field `z.any().optional()`: Convex still rejects unknown
 * fields) and the dispatcher runs each version's strict schema, newest first, then checks the result
 * with the matched version's `returns` schema.
 *
 * A call through an old version is parsed at every step, so each handler and adapter gets exactly its
 * type: each `up`'s output by its own version's args schema (defaults, transforms, async refinements
 * run), and the result, before each `down`, by that version's `returns` schema. A value an adapter
 * produced that the next schema rejects is VERSIONED_ADAPTER_FAILED (with the zod issue path), not a
 * ZodError the client would take for its own. Hence the types: `up` returns the next version's input
 * type and receives the previous version's output; `up` is required when either changed.
 */
import { type GenericValidator, type VObject, v } from "convex/values";
import {
  type CustomBuilder as ZodCustomBuilder,
  zodOutputToConvex,
  zodToConvexFields,
} from "convex-helpers/server/zod4";
import * as z from "zod/v4";
import * as zCore from "zod/v4/core";
import { type DefineVersionedOptions, startChain } from "./define/builder.ts";
import type { Flavor, Parsed, Parser } from "./define/flavor.ts";
import type {
  ArgsRequired,
  customArgs,
  Deprecated,
  DownMustReturn,
  DownRequired,
  FirstVersionProblem,
  FromHandler,
  IsEqual,
  inferCtx,
  KeysOf,
  Overwrite,
  RegisteredFor,
  Removed,
  RemovedProblem,
  Returnable,
  settle,
  UnsetMarker,
  UpMustReturn,
  UpRequired,
} from "./define/types.ts";

export { zCustomAction, zCustomMutation, zCustomQuery, zid } from "convex-helpers/server/zod4";

type ZodFields = Record<string, zCore.$ZodType>;
type ZodArgs = ZodFields | zCore.$ZodObject<any>;
type ZodReturns = zCore.$ZodType | ZodFields;

function shapeOf(args: ZodArgs): ZodFields {
  return args instanceof zCore.$ZodObject ? (args._zod.def.shape as ZodFields) : args;
}

function asSchema(returns: ZodReturns): zCore.$ZodType {
  return returns instanceof zCore.$ZodType
    ? returns
    : z.object(returns as Record<string, z.ZodType>);
}

function checkZodFields(what: string, value: unknown): string | undefined {
  if (value instanceof zCore.$ZodObject) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `\`${what}\` must be an object of zod schemas or z.object(...), e.g. { email: z.string() }.`;
  }
  for (const [field, schema] of Object.entries(value)) {
    if (!(schema instanceof zCore.$ZodType)) {
      return `\`${what}.${field}\` is not a zod schema (got ${typeof schema}).`;
    }
  }
  return undefined;
}

const zodFlavor: Flavor<ZodArgs, ZodReturns> = {
  checkArgs: (value) => checkZodFields("args", value),
  checkReturns: (value) =>
    value instanceof zCore.$ZodType ? undefined : checkZodFields("returns", value),
  convexArgs: (args) => v.object(zodToConvexFields(shapeOf(args))) as VObject<any, any, any>,
  convexReturns: (returns) => zodOutputToConvex(asSchema(returns)) as GenericValidator,
  registerSingle: (args, returns) => ({ args, returns }),
  registerMerged: (shapes) => {
    const passThrough: Record<string, z.ZodType> = {};
    for (const shape of shapes) {
      for (const field of Object.keys(shapeOf(shape))) passThrough[field] = z.any().optional();
    }
    return { args: passThrough };
  },
  matcher(args) {
    const schema = z.strictObject(shapeOf(args) as Record<string, z.ZodType>);
    return async (callerArgs) => {
      const parsed = await schema.safeParseAsync(callerArgs);
      return parsed.success ? { ok: true, args: parsed.data } : { ok: false };
    };
  },
  resultChecker(returns) {
    const schema = asSchema(returns);
    return (result) => zCore.parseAsync(schema, result === undefined ? null : result);
  },
  // As the zod builders parse: args through a plain (stripping) z.object of the shape, results with
  // `undefined` read as null.
  argsParser: (args) => parserOf(z.object(shapeOf(args) as Record<string, z.ZodType>)),
  returnsParser(returns) {
    const parse = parserOf(asSchema(returns));
    return (result) => parse(result === undefined ? null : result);
  },
  // `.catch` changes neither the output nor the Convex validator (convex-helpers converts a catch
  // as its inner schema); its handler sees the rejection, and throwing there ends the parse.
  guardReturns: (returns, rejected) =>
    // (`ctx.error` holds the finalized issues, with messages; `ctx.issues` does not.)
    z.catch(asSchema(returns) as z.ZodType, (ctx) =>
      rejected(rejection(ctx.error.issues, ctx.error, "invalid")),
    ),
};

/**
 * Parses synchronously until the schema turns out to be async (an async refinement or transform:
 * zod throws $ZodAsyncError), then always asynchronously: most schemas are sync, and a promise per
 * parse would cost on every old-version call.
 */
function parserOf(schema: zCore.$ZodType): Parser {
  let async = false;
  return (value) => {
    if (!async) {
      try {
        return verdict(zCore.safeParse(schema, value));
      } catch (error) {
        if (!(error instanceof zCore.$ZodAsyncError)) throw error;
        async = true;
      }
    }
    return zCore.safeParseAsync(schema, value).then(verdict);
  };
}

function verdict(parsed: zCore.util.SafeParseResult<unknown>): Parsed {
  if (parsed.success) return { ok: true, value: parsed.data };
  return rejection(parsed.error.issues, parsed.error, parsed.error.message);
}

/** A failed parse, told by its first issue: where (`items.0.kind`) and zod's message there. */
function rejection(
  issues: readonly zCore.$ZodIssue[],
  error: unknown,
  fallback: string,
): Parsed & { ok: false } {
  const issue = issues[0];
  return {
    ok: false,
    path: issue ? issue.path.map(String).join(".") : "",
    problem: issue?.message ?? fallback,
    error,
  };
}

// ---------------------------------------------------------------------------------------------------
// Types: like the Convex-validator shell, with zod's input (what clients send) and output (what the
// handler and adapters see) kept apart.

type inferInput<A extends ZodArgs> =
  A extends zCore.$ZodObject<any>
    ? zCore.input<A>
    : A extends ZodFields
      ? zCore.$InferObjectInput<A, {}>
      : never;
type inferOutput<A extends ZodArgs> =
  A extends zCore.$ZodObject<any>
    ? zCore.output<A>
    : A extends ZodFields
      ? zCore.$InferObjectOutput<A, {}>
      : never;
type inferReturnsOut<R> = R extends zCore.$ZodType
  ? zCore.output<R>
  : R extends ZodFields
    ? zCore.$InferObjectOutput<R, {}>
    : never;
type inferReturnsIn<R> = R extends zCore.$ZodType
  ? zCore.input<R>
  : R extends ZodFields
    ? zCore.$InferObjectInput<R, {}>
    : never;

interface ZodState {
  /** Its label: error messages name the versions an adapter is missing between. */
  label: string;
  /** What clients send. */
  args: Record<string, any>;
  /** What the handler and adapters receive (defaults applied, transforms run). */
  parsed: Record<string, any>;
  /** What clients receive. */
  returns: unknown;
  /** What the handler (or a `down`) must produce. */
  returnsIn: unknown;
  /** What must not change without an `up`: what clients send, and what the handler receives. */
  shape: [unknown, unknown];
}

type resolve<$Returns, TPrev, K extends "returns" | "returnsIn"> = [$Returns] extends [UnsetMarker]
  ? TPrev extends ZodState
    ? TPrev[K]
    : FromHandler
  : K extends "returns"
    ? inferReturnsOut<$Returns>
    : inferReturnsIn<$Returns>;

/**
 * `up` gets the previous version's parsed (output) args and returns what a client of this version
 * could send (the input type): the library then parses it with this version's schema. Named and
 * ordered like the Convex flavor's, so a wrong `up` reads "not assignable to 'UpMustReturn<…>'".
 */
type ZodUpFn<TCtx, TPrev, TArgsIn> = TPrev extends ZodState
  ? UpMustReturn<TArgsIn, TPrev["parsed"], TCtx>
  : never;

/** `down` gets this version's parsed result and returns the previous version's returns input. */
type ZodDownFn<TCtx, TPrev, TReturnsOut> = TPrev extends ZodState
  ? [TPrev["returns"]] extends [FromHandler]
    ? (result: TReturnsOut, ctx: TCtx) => unknown
    : [TReturnsOut] extends [FromHandler]
      ? DownMustReturn<TPrev["returnsIn"], any, TCtx>
      : DownMustReturn<TPrev["returnsIn"], TReturnsOut, TCtx>
  : never;

/** One options type for served and removed versions; see `VersionOptions` in the Convex flavor. */
export type ZodVersionOptions<
  TCtx,
  TPrev,
  $Args extends ZodArgs,
  $Returns,
  $Name extends string,
> = {
  name?: $Name;
  args?: $Args;
  returns?: $Returns;
  deprecated?: Deprecated;
  removed?: Removed;
  up?: ZodUpFn<TCtx, TPrev, NoInfer<inferInput<$Args>>>;
  down?: ZodDownFn<TCtx, TPrev, NoInfer<resolve<$Returns, TPrev, "returns">>>;
};

/** Args a zod custom builder (`zCustomQuery(query, { args, input })`) adds to every export. */
type inferZodCustomArgs<TBuilder> =
  TBuilder extends ZodCustomBuilder<any, infer A, any, any, any, any, any> ? customArgs<A> : {};

export type ZodVersionedExports<TBuilder, TExports extends Record<string, ZodState>, H> = {
  [K in keyof TExports]: RegisteredFor<
    TBuilder,
    TExports[K]["args"],
    settle<TExports[K]["returns"], H>,
    inferZodCustomArgs<TBuilder>
  >;
};

type stateOf<$Label extends string, $Args extends ZodArgs, $Returns, TPrev> = {
  label: $Label;
  args: inferInput<$Args>;
  parsed: inferOutput<$Args>;
  shape: [inferInput<$Args>, inferOutput<$Args>];
  returns: resolve<$Returns, TPrev, "returns">;
  returnsIn: resolve<$Returns, TPrev, "returnsIn">;
};

/**
 * What is wrong with a version's options (see `VersionProblem`): here `up` is also required when only
 * the parsed (output) type changed, since a version without `up` gets the previous version's parsed
 * args as they are.
 */
type ZodProblem<
  TPrev,
  $Label extends string,
  $Keys,
  $Args extends ZodArgs,
  $Returns,
> = "removed" extends $Keys
  ? RemovedProblem<TPrev, $Keys>
  : TPrev extends ZodState
    ? "args" extends $Keys
      ? (
          "up" extends $Keys
            ? true
            : IsEqual<TPrev["shape"], [inferInput<$Args>, inferOutput<$Args>]>
        ) extends false
        ? UpRequired<TPrev, $Label>
        : "down" extends $Keys
          ? never
          : [$Returns] extends [UnsetMarker]
            ? never
            : [TPrev["returns"]] extends [FromHandler]
              ? never
              : IsEqual<TPrev["returns"], inferReturnsOut<$Returns>> extends true
                ? never
                : DownRequired<TPrev, $Label>
      : ArgsRequired
    : "args" extends $Keys
      ? FirstVersionProblem<$Keys>
      : ArgsRequired;

export interface ZodVersionedBuilder<
  TBuilder,
  // biome-ignore lint/correctness/noUnusedVariables: `version` infers it from `this`.
  TName extends string,
  TExports extends Record<string, ZodState>,
  TPrev extends ZodState | UnsetMarker,
> {
  /**
   * Adds the next (newer) version; with `removed`, a tombstone. `up` is required exactly when the
   * args changed (clients' input type, or the parsed output type the handler sees), `down` exactly
   * when the returns did: a missing one is reported at the label, by name.
   *
   * The chain's state comes in through `this`, as in the Convex flavor's `version`: the signature
   * is then instantiated once, not once per builder type.
   */
  version<
    $Builder,
    $Name0 extends string,
    $Exports extends Record<string, ZodState>,
    $Prev extends ZodState | UnsetMarker,
    const $Label extends string,
    $Args extends ZodArgs = {},
    $Returns = UnsetMarker,
    $Name extends string = $Name0,
    $Keys extends PropertyKey = never,
  >(
    this: ZodVersionedBuilder<$Builder, $Name0, $Exports, $Prev>,
    label: [ZodProblem<$Prev, $Label, $Keys, $Args, $Returns>] extends [never]
      ? $Label
      : NoInfer<ZodProblem<$Prev, $Label, $Keys, $Args, $Returns>>,
    options: ZodVersionOptions<inferCtx<$Builder>, $Prev, $Args, $Returns, $Name> & KeysOf<$Keys>,
  ): "removed" extends $Keys
    ? ZodVersionedBuilder<
        $Builder,
        $Name0,
        Overwrite<
          $Exports,
          $Name,
          {
            label: $Label;
            args: inferInput<$Args>;
            parsed: inferOutput<$Args>;
            shape: [inferInput<$Args>, inferOutput<$Args>];
            returns: never;
            returnsIn: never;
          }
        >,
        UnsetMarker
      >
    : ZodVersionedBuilder<
        $Builder,
        $Name0,
        Overwrite<$Exports, $Name, stateOf<$Label, $Args, $Returns, $Prev>>,
        stateOf<$Label, $Args, $Returns, $Prev>
      >;
  /** The one handler, for the newest version: it receives the newest version's parsed args. */
  handler: TPrev extends ZodState
    ? [TPrev["returns"]] extends [FromHandler]
      ? <$Returns>(
          fn: (ctx: inferCtx<TBuilder>, args: TPrev["parsed"]) => $Returns,
        ) => ZodVersionedExports<TBuilder, TExports, Awaited<$Returns>>
      : (
          fn: (ctx: inferCtx<TBuilder>, args: TPrev["parsed"]) => Returnable<TPrev["returnsIn"]>,
        ) => ZodVersionedExports<TBuilder, TExports, never>
    : never;
}

/**
 * `defineVersioned` for zod builders: each version's `args` is a zod shape (or `z.object`), `returns`
 * a zod schema. Otherwise identical to `defineVersioned` from `convex-versioned`.
 *
 * @example
 * const zMutation = zCustomMutation(mutation, NoOp);
 * export const { subscribe } = defineVersioned(zMutation, { name: "subscribe" })
 *   .version("2026-06-01", { args: { email: z.string().email() } })
 *   .handler(async (ctx, { email }) => ...);
 */
export function defineVersioned<
  TBuilder extends (definition: any) => any,
  const TName extends string,
>(
  builder: TBuilder,
  options: DefineVersionedOptions<TName>,
): ZodVersionedBuilder<TBuilder, TName, {}, UnsetMarker> {
  return startChain(builder, options, zodFlavor as Flavor<any, any>) as ZodVersionedBuilder<
    TBuilder,
    TName,
    {},
    UnsetMarker
  >;
}
