/**
 * Node-only: the app model from a convex/ folder, a lock file or function-spec output.
 * Never imported by the server entry (`src/index.ts`).
 */
export { canonicalApp, serializeLockFile, sortKeysDeep } from "./canonical.ts";
export { findEntryPoints, isEntryPointPath } from "./entry-points.ts";
export { PLACEHOLDER_PREFIX, parseEnvPairs, readEnvFile } from "./env.ts";
export { type LoadedApp, type LoadOptions, loadConvexDir } from "./load.ts";
export { LOCK_FILE_NAME, parseLockFile, readLockFile, writeLockFile } from "./lockfile.ts";
export { readSpecFile, specFromJson } from "./read-spec-file.ts";
export {
  addInferredReturns,
  functionsWithoutReturns,
  type InferFlags,
  loadAppWithContracts,
} from "./with-inferred.ts";
