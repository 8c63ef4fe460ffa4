/**
 * The app model the CLI works on: what a deployment exposes, keyed by function path.
 * Produced by `contracts/` (from a convex/ folder, a function-spec file or a lock file), judged by
 * `compat/`, summarised by `report/`. Plain JSON: a lock file is this plus a header.
 */
import type { ValidatorJSON, VersionMeta } from "./meta.ts";

export type { ValidatorJSON, VersionMeta };

/**
 * `Record<string, any>`: the args of a handler typed no further (Convex's default), all a missing
 * validator says.
 */
export function anyObject(v: ValidatorJSON): boolean {
  return v.type === "record" && v.keys.type === "string" && v.values.fieldType.type === "any";
}

export type FunctionKind = "query" | "mutation" | "action";
export type Visibility = "public" | "internal";

export interface FunctionSpec {
  kind: FunctionKind;
  visibility: Visibility;
  /** Declared args validator; `{type:"any"}` when none is declared. */
  args: ValidatorJSON;
  /** Declared returns validator; null when none is declared. */
  returns: ValidatorJSON | null;
  /** Return shape inferred from TypeScript when `returns` is null (issue 5). */
  returnsInferred?: ValidatorJSON;
  /** Args shape inferred from the handler's parameter type when no args validator is declared. */
  argsInferred?: ValidatorJSON;
  /** Present when the export was made by `defineVersioned`. */
  versioned?: VersionedSpec;
}

export interface VersionedSpec {
  definition: string;
  current: string;
  /** Labels this export serves, oldest first. */
  serves: string[];
  /** Every version of the definition, oldest first. */
  versions: VersionMeta[];
}

export interface HttpRouteSpec {
  method: string;
  path: string;
}

/** A cron job of the app's `crons.ts` (its `cronJobs()` default export), as loaded with the app. */
export interface CronSpec {
  /** The cron's identifier (`crons.daily("clear presence", …)`). */
  name: string;
  /** `dir/module:export`, normalised like every function path here. */
  function: string;
  /** The args object, in Convex's JSON encoding (`convexToJson`), as the cron stores it. */
  args: unknown;
}

export interface AppSpec {
  /** Keyed by `dir/module:export` (no `.js`), e.g. `messages:send`, `admin/users:list`. */
  functions: Record<string, FunctionSpec>;
  httpRoutes?: HttpRouteSpec[];
  /** The crons of `crons.ts`, when the app was loaded from its functions folder (not in lock files). */
  crons?: CronSpec[];
}

/** The committed lock file (`convex-versioned.lock.json`). */
export interface LockFile extends AppSpec {
  lockfileVersion: 1;
}
