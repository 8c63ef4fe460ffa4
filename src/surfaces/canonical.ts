/**
 * A client build's surface: the public functions it was compiled against, each with the args it
 * sends and the result it reads — nothing else from the lock (no internal functions, no lifecycle
 * dates, no older versions). It is what `check` judges a live client build by, and what its id
 * is a hash of, so two builds whose `api` types agree share one id.
 *
 * A versioned export stands for its newest served version: that is the shape the export's
 * TypeScript type has (DESIGN, "Runtime API"), so the shape a build made from that lock calls.
 * Older versions under the same name serve older builds, which have surfaces of their own.
 */
import { newestServed } from "../compat/rules/versions.ts";
import { sortKeysDeep } from "../contracts/canonical.ts";
import type { AppSpec, FunctionKind, FunctionSpec, ValidatorJSON } from "../model.ts";

/** One public function as a client build sees it (a FunctionSpec without visibility or versions). */
export interface SurfaceFunction {
  kind: FunctionKind;
  args: ValidatorJSON;
  /** Only when `args` is `{type:"any"}`: the handler's parameter type. */
  argsInferred?: ValidatorJSON;
  returns: ValidatorJSON | null;
  /** Only when `returns` is null: the result type inferred from TypeScript. */
  returnsInferred?: ValidatorJSON;
}

/** Keyed by function path (`messages:send`), sorted; every validator's keys sorted. */
export type SurfaceFunctions = Record<string, SurfaceFunction>;

function surfaceFunction(fn: FunctionSpec): SurfaceFunction | undefined {
  let { args, returns } = fn;
  if (fn.versioned) {
    const label = newestServed(fn.versioned);
    const version = fn.versioned.versions.find((v) => v.label === label);
    // A tombstone answers every call with VERSION_REMOVED: no build can call it successfully.
    if (!version || version.removed) return undefined;
    ({ args, returns } = version);
  }
  const out: SurfaceFunction = {
    kind: fn.kind,
    args: sortKeysDeep(args),
    returns: returns === null ? null : sortKeysDeep(returns),
  };
  // Inferred shapes count only where nothing is declared: `check` also infers some functions that
  // declare `returns` (to judge them), and the lock does not; the id must not depend on that.
  if (args.type === "any" && fn.argsInferred && !fn.versioned)
    out.argsInferred = sortKeysDeep(fn.argsInferred);
  if (returns === null && fn.returnsInferred)
    out.returnsInferred = sortKeysDeep(fn.returnsInferred);
  return out;
}

/** The surface of an app (from a lock file, function-spec output or a loaded functions folder). */
export function surfaceOf(app: AppSpec): SurfaceFunctions {
  const out: SurfaceFunctions = {};
  for (const id of Object.keys(app.functions).sort()) {
    const fn = app.functions[id]!;
    if (fn.visibility !== "public") continue;
    const surface = surfaceFunction(fn);
    if (surface) out[id] = surface;
  }
  return out;
}

/** A surface as the baseline side of `checkCompat`: plain public functions. */
export function surfaceAsApp(functions: SurfaceFunctions): AppSpec {
  const out: AppSpec = { functions: {} };
  for (const [id, fn] of Object.entries(functions)) {
    out.functions[id] = { ...fn, visibility: "public" };
  }
  return out;
}
