/**
 * convex-versioned/client — browser-safe helpers for frontends (no server imports).
 *
 * A frontend older than the backend sees one of a few errors: a removed version (VERSION_REMOVED),
 * args no version accepts (VERSIONED_ARGS_MISMATCH), or — for functions not kept alive with
 * `defineVersioned` — Convex's own "Could not find public function" and argument validation errors.
 * All of them mean "this client is stale": offer a reload.
 *
 * @example
 * try { await sendMessage(args) } catch (e) { if (isSkewError(e)) showReloadBanner(); else throw e; }
 */
import type { VersionedErrorData, VersionRemovedData } from "./errors.ts";

/** Convex's wording for a call the deployed functions do not accept (production backend, convex-test). */
const SKEW_MESSAGES: readonly RegExp[] = [
  /Could not find public function/, // renamed, removed or now internal
  /ArgumentValidationError/, // args rejected by the backend
  /Object contains extra field `[^`]*` that is not in the validator/,
  /Object is missing the required field `[^`]*`/,
  /Trying to execute \S+ as \w+, but it is defined as \w+/, // kind changed
  /Expected a Convex function exported from module/, // convex-test: export missing
  /Validator error: /, // convex-test: args rejected
];

function errorData(error: unknown): unknown {
  if (typeof error !== "object" || error === null || !(Symbol.for("ConvexError") in error)) {
    return undefined;
  }
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** The library's error data carried by `error`, if it is one of ours. */
export function versionedErrorData(error: unknown): VersionedErrorData | undefined {
  const data = errorData(error);
  if (typeof data !== "object" || data === null) return undefined;
  const code = (data as { code?: unknown }).code;
  return code === "VERSION_REMOVED" ||
    code === "VERSIONED_ARGS_MISMATCH" ||
    code === "VERSIONED_ADAPTER_FAILED"
    ? (data as VersionedErrorData)
    : undefined;
}

/** True when a call failed because the version the client uses was removed (a tombstone). */
export function isVersionRemovedError(
  error: unknown,
): error is Error & { data: VersionRemovedData } {
  return versionedErrorData(error)?.code === "VERSION_REMOVED";
}

/**
 * True when a call failed because this client is out of step with the deployed backend: a removed
 * version, args no version accepts, a function that no longer exists (or is internal now), or args the
 * backend's validator rejected. The usual answer is to reload the app.
 */
export function isSkewError(error: unknown): boolean {
  const code = versionedErrorData(error)?.code;
  if (code === "VERSION_REMOVED" || code === "VERSIONED_ARGS_MISMATCH") return true;
  if (code !== undefined) return false;
  const message =
    typeof error === "object" && error !== null && "message" in error
      ? String((error as { message: unknown }).message)
      : typeof error === "string"
        ? error
        : "";
  return SKEW_MESSAGES.some((pattern) => pattern.test(message));
}
