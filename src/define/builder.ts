/**
 * `defineVersioned(builder, { name }).version(label, options).handler(fn)`: the typed shell.
 *
 * Each call copies an immutable record (tRPC style), so a partial chain can be branched and reused;
 * `.handler` hands the record to the untyped core in `register.ts` and casts the result once.
 */
import type { ObjectType, PropertyValidators } from "convex/values";
import { type ChainDef, DEFAULT_LOG, type LogOption, type VersionEntry } from "./chain.ts";
import { checkDefinitionName } from "./checks.ts";
import type { Flavor } from "./flavor.ts";
import { registerChain } from "./register.ts";
import type {
  AnyBuilder,
  FromHandler,
  handlerArgs,
  inferCtx,
  KeysOf,
  Overwrite,
  Returnable,
  resolveReturns,
  UnsetMarker,
  VersionedExports,
  VersionOptions,
  VersionProblem,
  VersionState,
} from "./types.ts";

export interface VersionedBuilder<
  /** The Convex (or custom/zod) builder every export is registered with. */
  TBuilder extends AnyBuilder,
  /**
   * The definition's name: the default export name. Read by `version` through `this` only, hence
   * unused in the body.
   */
  // biome-ignore lint/correctness/noUnusedVariables: `version` infers it from `this`.
  TName extends string,
  /** Export name → the args and returns its (newest) version declares. */
  TExports extends Record<string, VersionState>,
  /** The newest served version so far, or UnsetMarker before the first / after a tombstone. */
  TPrev extends VersionState | UnsetMarker,
> {
  /**
   * Adds the next (newer) version. Versions are declared oldest first; the last one is current.
   * With `removed`, a tombstone: its export answers VERSION_REMOVED.
   *
   * One signature for both (an overload would open every error with "No overload matches this
   * call"). A missing `up`/`down`, or options a removed version cannot take, are reported at `label`
   * as a sentence saying what is wrong (`VersionProblem`); a wrong one inside the adapter, against
   * `UpMustReturn`/`DownMustReturn`.
   *
   * The chain's state comes in through `this` (inferred from the builder it is called on) rather
   * than from the interface's own parameters: a generic method that mentions them is copied, with
   * fresh type parameters and all its parameter types, for every builder type, i.e. at every step
   * of every chain. Written this way the signature is instantiated once, and each call only infers
   * (a quarter of a versioned module's type-check, bench/types.ts).
   */
  version<
    $Builder extends AnyBuilder,
    $Name0 extends string,
    $Exports extends Record<string, VersionState>,
    $Prev extends VersionState | UnsetMarker,
    const $Label extends string,
    $Args extends PropertyValidators = {},
    $Returns = UnsetMarker,
    $Name extends string = $Name0,
    $Keys extends PropertyKey = never,
  >(
    this: VersionedBuilder<$Builder, $Name0, $Exports, $Prev>,
    label: [VersionProblem<$Prev, $Label, $Keys, $Args, $Returns>] extends [never]
      ? $Label
      : NoInfer<VersionProblem<$Prev, $Label, $Keys, $Args, $Returns>>,
    options: VersionOptions<inferCtx<$Builder>, $Prev, $Args, $Returns, $Name> & KeysOf<$Keys>,
  ): "removed" extends $Keys
    ? VersionedBuilder<
        $Builder,
        $Name0,
        Overwrite<$Exports, $Name, { label: $Label; args: ObjectType<$Args>; returns: never }>,
        UnsetMarker
      >
    : VersionedBuilder<
        $Builder,
        $Name0,
        Overwrite<$Exports, $Name, StateOf<$Label, $Args, $Returns, $Prev>>,
        StateOf<$Label, $Args, $Returns, $Prev>
      >;
  /**
   * The one handler, written for the newest version. Returns one registered function per export name:
   * `export const { send, sendMessage } = defineVersioned(...)...handler(...)`.
   *
   * When a version declared `returns`, the handler's return type is checked, not inferred: that keeps
   * a handler that calls `internal.*` of its own module free of circular-inference errors.
   */
  handler: TPrev extends VersionState
    ? [TPrev["returns"]] extends [FromHandler]
      ? <$Returns>(
          fn: (ctx: inferCtx<TBuilder>, args: handlerArgs<TBuilder, TPrev["args"]>) => $Returns,
        ) => VersionedExports<TBuilder, TExports, Awaited<$Returns>>
      : (
          fn: (
            ctx: inferCtx<TBuilder>,
            args: handlerArgs<TBuilder, TPrev["args"]>,
          ) => Returnable<TPrev["returns"]>,
        ) => VersionedExports<TBuilder, TExports, never>
    : never;
}

type StateOf<$Label extends string, $Args extends PropertyValidators, $Returns, TPrev> = {
  label: $Label;
  args: ObjectType<$Args>;
  returns: resolveReturns<$Returns, TPrev>;
};

export interface DefineVersionedOptions<TName extends string> {
  /** The definition's name: the current version's default export name. */
  name: TName;
  /**
   * Logging of calls through non-current versions (the usage evidence `report` reads).
   * Default `{ windowMs: 60_000 }`: per version and isolate, at most one line a minute, counting calls.
   */
  log?: LogOption;
}

class Chain {
  constructor(readonly def: ChainDef) {}
  version(label: string, options: Omit<VersionEntry, "label">): Chain {
    return new Chain({ ...this.def, versions: [...this.def.versions, { ...options, label }] });
  }
  handler(fn: (ctx: any, args: any) => any): Record<string, unknown> {
    return registerChain(this.def, fn);
  }
}

/**
 * Registers one Convex function under explicit versions, so clients built against old names and
 * argument shapes keep working. See the README for the tutorial.
 *
 * @example
 * export const { send, sendMessage } = defineVersioned(mutation, { name: "sendMessage" })
 *   .version("2026-06-01", { name: "send", args: { body: v.string() }, deprecated: { since: "2026-10-01" } })
 *   .version("2026-10-01", { args: { text: v.string() }, up: (prev) => ({ text: prev.body }) })
 *   .handler(async (ctx, { text }) => ctx.db.insert("messages", { text }));
 */
export function defineVersioned<TBuilder extends AnyBuilder, const TName extends string>(
  builder: TBuilder,
  options: DefineVersionedOptions<TName>,
): VersionedBuilder<TBuilder, TName, {}, UnsetMarker> {
  return startChain(builder, options) as unknown as VersionedBuilder<
    TBuilder,
    TName,
    {},
    UnsetMarker
  >;
}

/** The untyped start of a chain; `convex-versioned/zod` passes its own flavor. */
export function startChain(
  builder: AnyBuilder,
  options: DefineVersionedOptions<string>,
  flavor?: Flavor<any, any>,
): unknown {
  checkDefinitionName(options?.name);
  return new Chain({
    builder,
    name: options.name,
    log: options.log ?? DEFAULT_LOG,
    versions: [],
    ...(flavor ? { flavor } : {}),
  });
}
