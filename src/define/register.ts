/**
 * From a checked chain to registered functions: one per distinct export name, each built with the
 * user's own builder (so middleware, the backend analyzer and convex-test all see a normal function).
 *
 * - the current version's export (alone under its name) is registered with the user's handler itself:
 *   no wrapper, no cost;
 * - an old version's export runs its `up` chain, the handler, then its `down` chain;
 * - several versions under one name share a merged object validator and dispatch, newest first, to the
 *   version whose exact validator accepts the call;
 * - a removed version answers VERSION_REMOVED.
 */
import { argsMismatch, versionRemoved } from "../errors.ts";
import { META, type VersionedExportMeta, type VersionMeta } from "../meta.ts";
import {
  type GuardedAdapter,
  guardAdapter,
  guardParse,
  isPromise,
  parseRejected,
} from "./adapters.ts";
import type { ChainDef } from "./chain.ts";
import { checkChain, type ResolvedVersion } from "./checks.ts";
import { type Flavor, flavorOf, type Parsed, type Parser } from "./flavor.ts";
import { makeCallNoter } from "./log.ts";

type Serve = (ctx: any, args: any) => Promise<any>;
type Handler = (ctx: any, args: any) => any;

export function registerChain(def: ChainDef, handler: Handler): Record<string, unknown> {
  if (typeof handler !== "function") {
    throw new TypeError(`defineVersioned("${def.name}"): .handler(fn) needs a function.`);
  }
  const versions = checkChain(def);
  const live = versions.filter((version) => !version.removed);
  const current = live[live.length - 1]!;
  const metas = versions.map(versionMeta);

  const serveOf = new Map<ResolvedVersion, Serve | "current">();
  live.forEach((version, index) => {
    serveOf.set(version, version === current ? "current" : serveOld(def, live, index, handler));
  });

  const groups = new Map<string, ResolvedVersion[]>();
  for (const version of versions) {
    const group = groups.get(version.exportName) ?? [];
    group.push(version);
    groups.set(version.exportName, group);
  }

  const exports: Record<string, unknown> = {};
  for (const [exportName, group] of groups) {
    const meta: VersionedExportMeta = {
      format: 1,
      definition: def.name,
      exportName,
      current: current.label,
      versions: metas,
      serves: group.map((version) => version.label),
    };
    const registered = registerExport(def, flavorOf(def), group, live, current, serveOf, handler);
    Object.defineProperty(registered, META, { value: meta, enumerable: false });
    exports[exportName] = registered;
  }
  return exports;
}

function registerExport(
  def: ChainDef,
  flavor: Flavor,
  group: ResolvedVersion[],
  live: ResolvedVersion[],
  current: ResolvedVersion,
  serveOf: Map<ResolvedVersion, Serve | "current">,
  handler: Handler,
): unknown {
  const only = group.length === 1 ? group[0]! : undefined;
  if (only?.removed) {
    const removed = removedServe(only, current);
    return def.builder(
      only.args ? { args: only.args.fields, handler: removed } : { handler: removed },
    );
  }
  if (only) {
    const serve = serveOf.get(only)!;
    const { args, returns } = flavor.registerSingle(
      only.rawArgs,
      guardedReturns(def, flavor, live, only),
    );
    return def.builder(
      withReturns({ args, handler: serve === "current" ? handler : serve }, returns),
    );
  }
  const allFields = new Set(group.flatMap((version) => [...version.fields]));
  const newestFirst = group.slice().reverse();
  const candidates = newestFirst.map((version) => {
    const serve = serveOf.get(version);
    const run: Serve = version.removed
      ? removedServe(version, current)
      : serve === "current"
        ? async (ctx: any, args: any) => handler(ctx, args)
        : serve!;
    const check =
      flavor.resultChecker && !version.removed && version.rawReturns !== undefined
        ? flavor.resultChecker(guardedReturns(def, flavor, live, version))
        : undefined;
    return {
      match: flavor.matcher(version.rawArgs),
      run: check ? async (ctx: any, args: any) => check(await run(ctx, args)) : run,
    };
  });
  const tried = newestFirst.map((version) => version.label);
  const exportName = group[0]!.exportName;
  const dispatch: Serve = async (ctx, args) => {
    // Middleware of a custom builder may add args the caller never sent; only caller-visible fields
    // decide the shape, and the added ones are handed on.
    const callerArgs = onlyKnown(args, allFields);
    for (const candidate of candidates) {
      let match = candidate.match(callerArgs);
      if (match instanceof Promise) match = await match;
      if (match.ok) {
        return candidate.run(ctx, callerArgs === args ? match.args : { ...args, ...match.args });
      }
    }
    throw argsMismatch({
      function: exportName,
      tried,
      message:
        `The args of "${exportName}" match none of its versions (tried ${tried.map((l) => `"${l}"`).join(", ")}, ` +
        "newest first). The client may be older than every version still served: reload it.",
    });
  };
  const { args, returns } = flavor.registerMerged(
    group.map((version) => version.rawArgs),
    group.filter((version) => !version.removed).map((version) => version.rawReturns),
  );
  return def.builder(withReturns({ args, handler: dispatch }, returns));
}

function withReturns(definition: { args: unknown; handler: Handler }, returns: unknown) {
  return returns === undefined ? definition : { ...definition, returns };
}

function onlyKnown(
  args: Record<string, unknown>,
  known: ReadonlySet<string>,
): Record<string, unknown> {
  for (const key in args) {
    if (!known.has(key)) {
      const picked: Record<string, unknown> = {};
      for (const k in args) if (known.has(k)) picked[k] = args[k];
      return picked;
    }
  }
  return args;
}

/**
 * The version whose `down` produces the result an old version's clients receive (the oldest newer
 * version with a `down`), or undefined when no `down` runs (the handler's result, as it is).
 */
function finalDown(live: ResolvedVersion[], index: number): ResolvedVersion | undefined {
  return live.slice(index + 1).find((next) => next.down);
}

/**
 * The called version's returns for the builder (or the merged result check). When a `down` made the
 * result, a rejection is that adapter's fault: VERSIONED_ADAPTER_FAILED with the issue's path, not
 * the builder's own error, which a client would read as the server's bug (zod; Convex validators
 * are checked by the backend).
 */
function guardedReturns(
  def: ChainDef,
  flavor: Flavor,
  live: ResolvedVersion[],
  version: ResolvedVersion,
): unknown {
  const index = live.indexOf(version);
  const producer = index < 0 ? undefined : finalDown(live, index);
  if (!producer || !flavor.guardReturns || version.rawReturns === undefined) {
    return version.rawReturns;
  }
  return flavor.guardReturns(version.rawReturns, (failure) => {
    throw parseRejected(failure, def.name, producer.label, version.label, "down");
  });
}

/** One step of the chain: an adapter, and (zod) the receiving version's parse of its output. */
interface Step {
  adapt: GuardedAdapter;
  /** Returns the parsed value, or a promise of it (async schemas only). */
  parse: ((value: unknown) => unknown) | undefined;
}

/**
 * Serves live version `index` (not the current one) through the adapters.
 *
 * Up: each `up`'s output is parsed by its own version's args schema (zod), so every version, and
 * finally the handler, gets what its own clients' calls become after parsing. A version without `up`
 * has the same args as the one before, and gets that version's parsed args as they are.
 * Down: before each `down`, the result is parsed by that version's returns schema (zod), so `down`
 * gets what the version's clients would receive. The last `down`'s output is parsed by the export's
 * own builder (or the merged export's result check), once, with the called version's schema guarded
 * (`guardedReturns`) so that a rejection names the adapter.
 */
function serveOld(def: ChainDef, live: ResolvedVersion[], index: number, handler: Handler): Serve {
  const version = live[index]!;
  const flavor = flavorOf(def);
  const newer = live.slice(index + 1);
  const currentLabel = live[live.length - 1]!.label;
  const ups: Step[] = [];
  const downs: Step[] = [];
  for (const next of newer) {
    if (!next.up) continue;
    const parser = flavor.argsParser?.(next.rawArgs);
    ups.push({
      adapt: guardAdapter(next.up, def.name, next.label, "up"),
      parse: parser && guardParse(parser, def.name, next.label, next.label, "up"),
    });
  }
  // Who made the value a version's returns schema judges: the handler (current version), else the
  // `down` of the version above.
  let producer: ResolvedVersion | undefined;
  for (const next of newer.slice().reverse()) {
    if (!next.down) continue;
    const parser =
      next.rawReturns === undefined ? undefined : flavor.returnsParser?.(next.rawReturns);
    downs.push({
      adapt: guardAdapter(next.down, def.name, next.label, "down"),
      parse: parser && resultParse(parser, def.name, producer?.label, next.label),
    });
    producer = next;
  }
  const note = makeCallNoter(def.log, {
    "convex-versioned": "call",
    definition: def.name,
    export: version.exportName,
    version: version.label,
    current: currentLabel,
    status: version.deprecated ? "deprecated" : "old",
  });
  const fields = version.fields;
  return async (ctx, args) => {
    note();
    let adapted = args;
    for (const up of ups) {
      adapted = up.adapt(adapted, ctx);
      if (isPromise(adapted)) adapted = await adapted;
      if (up.parse) {
        adapted = up.parse(adapted);
        if (isPromise(adapted)) adapted = await adapted;
      }
    }
    if (adapted !== args) adapted = keepMiddlewareArgs(args, adapted, fields);
    let result = handler(ctx, adapted);
    if (isPromise(result)) result = await result;
    for (const down of downs) {
      if (down.parse) {
        result = down.parse(result);
        if (isPromise(result)) result = await result;
      }
      result = down.adapt(result, ctx);
      if (isPromise(result)) result = await result;
    }
    return result;
  };
}

/**
 * A returns schema applied before a `down`. Rejecting the handler's own result is the handler's bug,
 * thrown as the zod builder throws it for the current export; rejecting a newer `down`'s output is
 * that adapter's fault (VERSIONED_ADAPTER_FAILED).
 */
function resultParse(
  parser: Parser,
  definition: string,
  producer: string | undefined,
  receiver: string,
): (value: unknown) => unknown {
  if (producer !== undefined) return guardParse(parser, definition, producer, receiver, "down");
  const settle = (parsed: Parsed): unknown => {
    if (parsed.ok) return parsed.value;
    throw parsed.error;
  };
  return (value) => {
    const parsed = parser(value);
    return isPromise(parsed) ? parsed.then(settle) : settle(parsed);
  };
}

/** Args a custom builder's middleware added (not the caller's) survive the `up` chain. */
function keepMiddlewareArgs(
  original: Record<string, unknown>,
  adapted: Record<string, unknown>,
  callerFields: ReadonlySet<string>,
): Record<string, unknown> {
  let merged: Record<string, unknown> | undefined;
  for (const key in original) {
    if (!callerFields.has(key) && !(key in adapted)) {
      merged ??= { ...adapted };
      merged[key] = original[key];
    }
  }
  return merged ?? adapted;
}

function removedServe(version: ResolvedVersion, current: ResolvedVersion): Serve {
  const removed = version.removed!;
  const error = {
    function: version.exportName,
    version: version.label,
    removedSince: removed.since,
    replacement: current.exportName,
    message:
      removed.message ??
      `"${version.exportName}" version "${version.label}" was removed on ${removed.since}. ` +
        `This client is older than the backend: reload it to use "${current.exportName}".`,
  };
  return async () => {
    throw versionRemoved(error);
  };
}

function versionMeta(version: ResolvedVersion): VersionMeta {
  const meta: VersionMeta = {
    label: version.label,
    exportName: version.exportName,
    args: version.argsJson,
    returns: version.returnsJson,
  };
  if (version.deprecated) meta.deprecated = { ...version.deprecated };
  if (version.removed) meta.removed = { ...version.removed };
  return meta;
}
