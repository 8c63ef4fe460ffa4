/**
 * Error codes the runtime throws, as `ConvexError` data `{ code, ... }`.
 *
 * Clients match on `code` (see `convex-versioned/client`); the other fields are the facts needed to
 * explain the error or act on it. Messages name the function and the fix.
 */
import { ConvexError } from "convex/values";

export const VERSION_REMOVED = "VERSION_REMOVED";
export const VERSIONED_ARGS_MISMATCH = "VERSIONED_ARGS_MISMATCH";
export const VERSIONED_ADAPTER_FAILED = "VERSIONED_ADAPTER_FAILED";

/** A tombstoned version was called: the client is running code older than the backend serves. */
export interface VersionRemovedData {
  code: typeof VERSION_REMOVED;
  /** The export that was called. */
  function: string;
  /** The removed version's label. */
  version: string;
  /** ISO date the version stopped being served. */
  removedSince: string;
  /** The export that replaces it (the definition's current export). */
  replacement: string;
  message: string;
}

/** No version of an export accepts the call's args. */
export interface VersionedArgsMismatchData {
  code: typeof VERSIONED_ARGS_MISMATCH;
  function: string;
  /** Labels of the shapes tried, newest first. */
  tried: string[];
  message: string;
}

/**
 * A plain error thrown inside an `up` or `down` adapter, or (zod) an adapter's output that the
 * receiving version's schema rejects: the adapter's fault, not the client's.
 */
export interface VersionedAdapterFailedData {
  code: typeof VERSIONED_ADAPTER_FAILED;
  definition: string;
  /** Label of the version whose adapter threw or produced the rejected value. */
  version: string;
  direction: "up" | "down";
  /** When a schema rejected the adapter's output: where (zod issue path, dot-joined; "" = the root). */
  path?: string;
  message: string;
}

export type VersionedErrorData =
  | VersionRemovedData
  | VersionedArgsMismatchData
  | VersionedAdapterFailedData;

export function versionRemoved(data: Omit<VersionRemovedData, "code">): ConvexError<any> {
  return new ConvexError<VersionRemovedData & Record<string, any>>({
    code: VERSION_REMOVED,
    ...data,
  });
}

export function argsMismatch(data: Omit<VersionedArgsMismatchData, "code">): ConvexError<any> {
  return new ConvexError({ code: VERSIONED_ARGS_MISMATCH, ...data });
}

export function adapterFailed(data: Omit<VersionedAdapterFailedData, "code">): ConvexError<any> {
  return new ConvexError({ code: VERSIONED_ADAPTER_FAILED, ...data });
}

/** `instanceof ConvexError` fails across bundles; Convex itself checks this symbol. */
export function isConvexError(e: unknown): e is ConvexError<any> {
  return typeof e === "object" && e !== null && Symbol.for("ConvexError") in e;
}

/** Thrown at module load when a `defineVersioned` chain is malformed. */
export class VersionedDefinitionError extends Error {
  override name = "VersionedDefinitionError";
  constructor(
    readonly definition: string,
    readonly label: string | undefined,
    problem: string,
  ) {
    super(
      `defineVersioned("${definition}")${label === undefined ? "" : ` version "${label}"`}: ${problem}`,
    );
  }
}
