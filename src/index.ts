/**
 * convex-versioned — server entry. Safe for the Convex runtime: no `node:` imports, no Node globals.
 */

export {
  type DefineVersionedOptions,
  defineVersioned,
  type VersionedBuilder,
} from "./define/builder.ts";
export type { LogOption } from "./define/chain.ts";
export { describeVersioned } from "./define/describe.ts";
export type { Deprecated, Removed } from "./define/types.ts";
export {
  VERSION_REMOVED,
  VERSIONED_ADAPTER_FAILED,
  VERSIONED_ARGS_MISMATCH,
  type VersionedAdapterFailedData,
  type VersionedArgsMismatchData,
  VersionedDefinitionError,
  type VersionedErrorData,
  type VersionRemovedData,
} from "./errors.ts";
export type { VersionedCallLog, VersionedExportMeta, VersionMeta } from "./meta.ts";
export { defineSkewBeacon, type SkewBeacon, type SkewBeaconResult } from "./skew.ts";
