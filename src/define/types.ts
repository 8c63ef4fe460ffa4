/**
 * Type machinery of the fluent API. The runtime is untyped (`register.ts`); these types make each
 * export exactly the builder's own registered type, so `api.*` entries keep precise args and returns.
 *
 * Types are phantom in Convex (`Registered*` carry Args/Returns only as alias arguments), so every
 * export is built as `RegisteredQuery|RegisteredMutation|RegisteredAction<…>` itself — never an
 * intersection or a mapped type, which would silently degrade `api` to `DefaultFunctionArgs`.
 */
import type {
  FunctionVisibility,
  RegisteredAction,
  RegisteredMutation,
  RegisteredQuery,
} from "convex/server";
import type { GenericValidator, Infer, ObjectType, PropertyValidators } from "convex/values";
import type { CustomBuilder } from "convex-helpers/server/customFunctions";

/** "Not declared yet" (tRPC's UnsetMarker): no previous version, or returns not declared. */
export declare const unsetMarker: unique symbol;
export type UnsetMarker = typeof unsetMarker;

/** Returns that no version declared: resolved from the handler's return type at `.handler`. */
export declare const fromHandlerMarker: unique symbol;
export type FromHandler = typeof fromHandlerMarker;

export type AnyBuilder = (definition: any) => any;

/** What a version contributes to the chain's state. */
export interface VersionState {
  /** Its label: error messages name the two versions an adapter is missing between. */
  label: string;
  args: Record<string, any>;
  returns: unknown;
}

/** The ctx a handler of this builder receives (after a custom builder's middleware). */
export type inferCtx<TBuilder> = TBuilder extends (definition: infer D) => any
  ? D extends { handler: (ctx: infer C, ...rest: any[]) => any }
    ? C
    : never
  : never;

type inferRegistered<TBuilder> = TBuilder extends (definition: any) => infer R ? R : never;

type inferVisibility<TBuilder> =
  inferRegistered<TBuilder> extends { isInternal: true } ? "internal" : "public";

/**
 * Args a convex-helpers custom builder adds to every export (its `args` customization). The zod
 * builders' equivalent lives in `zod.ts`: matching against zod4's `CustomBuilder` here would load
 * zod's declarations into every app's type-check, zod or not (a tenth of `bench/types.ts`).
 */
export type inferCustomArgs<TBuilder> = customization<TBuilder>["args"];

/**
 * What a convex-helpers custom builder adds: matched once per builder type (the structural match
 * against `CustomBuilder` costs thousands of instantiations), read twice.
 */
type customization<TBuilder> =
  TBuilder extends CustomBuilder<any, infer A, any, infer M, any, any, any>
    ? { args: customArgs<A>; made: Record<string, any> extends M ? {} : M }
    : { args: {}; made: {} };
export type customArgs<A> = PropertyValidators extends A
  ? {}
  : A extends Record<string, never>
    ? {}
    : A extends PropertyValidators
      ? ObjectType<A>
      : {};

/** Args a custom builder's `input` adds for the handler (never sent by clients). */
type inferMadeArgs<TBuilder> = customization<TBuilder>["made"];

type Expand<T> = T extends Record<any, any> ? { [K in keyof T]: T[K] } : never;

/** Exported args: the version's args plus any custom builder args, as Convex's own builder types them. */
type exportArgs<TArgs, TCustomArgs> = {} extends TCustomArgs ? TArgs : Expand<TArgs & TCustomArgs>;

/** The handler's args: the newest version's args plus what middleware adds. */
export type handlerArgs<TBuilder, TArgs> =
  {} extends inferMadeArgs<TBuilder> ? TArgs : Expand<TArgs & inferMadeArgs<TBuilder>>;

/**
 * The builder's own registered type with these args and returns. `TCustomArgs`: what the builder
 * adds to every export's args (`inferCustomArgs`, or the zod entry's own).
 */
export type RegisteredFor<
  TBuilder,
  TArgs extends Record<string, any>,
  TReturns,
  TCustomArgs = inferCustomArgs<TBuilder>,
> =
  registeredKind<TBuilder> extends "query"
    ? RegisteredQuery<inferVisibility<TBuilder>, exportArgs<TArgs, TCustomArgs>, TReturns>
    : registeredKind<TBuilder> extends "mutation"
      ? RegisteredMutation<inferVisibility<TBuilder>, exportArgs<TArgs, TCustomArgs>, TReturns>
      : registeredKind<TBuilder> extends "action"
        ? RegisteredAction<inferVisibility<TBuilder>, exportArgs<TArgs, TCustomArgs>, TReturns>
        : never;

/** What the builder registers, computed once per builder type rather than once per export. */
type registeredKind<TBuilder> =
  inferRegistered<TBuilder> extends { isQuery: true }
    ? "query"
    : inferRegistered<TBuilder> extends { isMutation: true }
      ? "mutation"
      : inferRegistered<TBuilder> extends { isAction: true }
        ? "action"
        : never;

export type ReturnsValidator = GenericValidator | PropertyValidators;

export type inferReturns<R> = R extends GenericValidator
  ? Infer<R>
  : R extends PropertyValidators
    ? ObjectType<R>
    : never;

/** This version's returns: declared, else the previous version's, else the handler's. */
export type resolveReturns<$Returns, TPrev> = [$Returns] extends [UnsetMarker]
  ? TPrev extends VersionState
    ? TPrev["returns"]
    : FromHandler
  : inferReturns<$Returns>;

/** Mutual assignability: much cheaper to check than the exact-identity trick, and exact enough here. */
export type IsEqual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type IsIdentical<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export type MaybePromise<T> = T | Promise<T>;

export interface Deprecated {
  /** YYYY-MM-DD the version was deprecated. */
  since: string;
  /** YYYY-MM-DD after which the version may be deleted (`report` marks it removable). */
  removeAfter?: string;
  /** Why, and what to use instead; shown in the report. */
  reason?: string;
}

export interface Removed {
  /** YYYY-MM-DD the version stopped being served. */
  since: string;
  /** The message of the VERSION_REMOVED error clients receive. */
  message?: string;
}

/**
 * What a handler or `down` may return where `T` is expected: as Convex's own builders accept, a
 * function whose returns allow `null` (or `undefined`) may return nothing (`void`), and Convex sends
 * null.
 */
export type Returnable<T> = MaybePromise<T | VoidIfEmpty<T>>;
// biome-ignore lint/suspicious/noConfusingVoidType: `void` is what a function returning nothing has.
type VoidIfEmpty<T> = null extends T ? void : undefined extends T ? void : never;

/**
 * The previous version's args → this version's (may be async, may read `ctx`). Named for what it
 * must do, and with the expected type first: a wrong `up` is reported as "not assignable to type
 * 'UpMustReturn<{ text: string; }, …>'" (the ctx, with the whole data model, comes last).
 */
export type UpMustReturn<TArgs, TPrevArgs, TCtx> = (
  prev: TPrevArgs,
  ctx: TCtx,
) => MaybePromise<TArgs>;
type UpFn<TCtx, TPrev, TArgs> = TPrev extends VersionState
  ? UpMustReturn<TArgs, TPrev["args"], TCtx>
  : never;

/** This version's result → the previous version's result shape (named like `UpMustReturn`). */
export type DownMustReturn<TPrevReturns, TReturns, TCtx> = (
  result: TReturns,
  ctx: TCtx,
) => Returnable<TPrevReturns>;
type DownFn<TCtx, TPrev, TReturns> = TPrev extends VersionState
  ? [TPrev["returns"]] extends [FromHandler]
    ? (result: TReturns, ctx: TCtx) => unknown
    : [TReturns] extends [FromHandler]
      ? DownMustReturn<TPrev["returns"], any, TCtx>
      : DownMustReturn<TPrev["returns"], TReturns, TCtx>
  : never;

/**
 * One options type for served and removed versions alike (one signature: an overload would put
 * "No overload matches this call" first in every error). Whether `up`/`down` are required is not
 * expressed here but by `VersionProblem`, which names what is wrong.
 *
 * NoInfer: `$Args`/`$Returns` come from `args`/`returns` alone. Inferring them back out of the
 * adapters' lambdas as well cost a tenth of a versioned definition's type-check (bench/types.ts).
 */
export type VersionOptions<
  TCtx,
  TPrev,
  $Args extends PropertyValidators,
  $Returns,
  $Name extends string,
> = {
  /** The export name serving this version (default: the definition's name). */
  name?: $Name;
  /** This version's args, exactly as its clients send them (required unless `removed`). */
  args?: $Args;
  /** This version's returns validator (default: the previous version's). */
  returns?: $Returns;
  deprecated?: Deprecated;
  /** The version is no longer served: its export answers VERSION_REMOVED. */
  removed?: Removed;
  /** The previous version's args → this version's. Required exactly when the args changed. */
  up?: UpFn<TCtx, TPrev, NoInfer<ObjectType<$Args>>>;
  /** This version's result → the previous version's. Required exactly when the returns changed. */
  down?: DownFn<TCtx, TPrev, NoInfer<resolveReturns<$Returns, TPrev>>>;
};

/** The keys an options literal has: inferred from it, so `VersionProblem` can see what is missing. */
export type KeysOf<$Keys extends PropertyKey> = { [K in $Keys & KnownOption]?: unknown };
/** Only these: an unknown key (a typo) stays an excess property, which the compiler reports. */
type KnownOption = "name" | "args" | "returns" | "up" | "down" | "deprecated" | "removed";

type Q<S extends string> = `"${S}"`;

/** What is wrong with a removed version (tombstone), as a sentence, or `never`. */
export type RemovedProblem<TPrev, $Keys> = TPrev extends Labelled
  ? `a removed version must come before every served version (it follows ${Q<TPrev["label"]>})`
  : "up" extends $Keys
    ? RemovedTakesNo
    : "down" extends $Keys
      ? RemovedTakesNo
      : "returns" extends $Keys
        ? RemovedTakesNo
        : "deprecated" extends $Keys
          ? RemovedTakesNo
          : never;
type RemovedTakesNo = "a removed version takes no `up`, `down`, `returns` or `deprecated`";

export type ArgsRequired = "`args` is required (use `args: {}` for none)";

export type FirstVersionProblem<$Keys> = "up" extends $Keys
  ? "the first served version has no previous version for `up` to adapt"
  : "down" extends $Keys
    ? "the first served version has no previous version for `down` to adapt"
    : never;

export type UpRequired<
  TPrev extends Labelled,
  $Label extends string,
> = `\`up\` is required: args changed between versions ${Q<TPrev["label"]>} and ${Q<$Label>}`;
export type DownRequired<
  TPrev extends Labelled,
  $Label extends string,
> = `\`down\` is required: returns changed between versions ${Q<TPrev["label"]>} and ${Q<$Label>}`;

/**
 * What is wrong with a version's options, as a sentence, or `never`. `label` is typed
 * `[Problem] extends [never] ? $Label : NoInfer<Problem>`, so the compiler's first line reads
 * "Argument of type '"2"' is not assignable to parameter of type '"`up` is required: args changed
 * between versions "1" and "2""'", at the version concerned, and the chain's type stays intact (no
 * follow-up error at `.handler`). Only `$Label` is inferred from the label (inferring into these
 * branches cost more than the rest of a version).
 *
 * Cost matters here (bench/types.ts): each flavor writes its own `…Problem` on these messages, so
 * that the versions' types are only compared when an adapter is absent, and only what is compared is
 * computed.
 */
export type VersionProblem<
  TPrev,
  $Label extends string,
  $Keys,
  $Args extends PropertyValidators,
  $Returns,
> = "removed" extends $Keys
  ? RemovedProblem<TPrev, $Keys>
  : TPrev extends VersionState
    ? "args" extends $Keys
      ? ("up" extends $Keys ? true : IsEqual<TPrev["args"], ObjectType<$Args>>) extends false
        ? UpRequired<TPrev, $Label>
        : "down" extends $Keys
          ? never
          : [$Returns] extends [UnsetMarker]
            ? never
            : [TPrev["returns"]] extends [FromHandler]
              ? never
              : IsEqual<TPrev["returns"], inferReturns<$Returns>> extends true
                ? never
                : DownRequired<TPrev, $Label>
      : ArgsRequired
    : "args" extends $Keys
      ? FirstVersionProblem<$Keys>
      : ArgsRequired;

export type Labelled = { label: string };

/** Resolves `FromHandler` once the handler's return type is known. */
export type settle<TReturns, THandlerReturns> = [TReturns] extends [FromHandler]
  ? THandlerReturns
  : TReturns;

export type VersionedExports<
  TBuilder,
  TExports extends Record<string, VersionState>,
  THandlerReturns,
> = {
  [K in keyof TExports]: RegisteredFor<
    TBuilder,
    TExports[K]["args"],
    settle<TExports[K]["returns"], THandlerReturns>
  >;
};

export type Overwrite<T, K extends string, V> = {
  [P in keyof T | K]: P extends K ? V : T[P & keyof T];
};

export type { FunctionVisibility };
