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

/**
 * Convex's wording for a call the deployed functions do not accept, as the client receives it.
 * Sources (get-convex/convex-backend): crates/udf/src/validation.rs `missing_or_internal_error` and
 * `new_inner` (the first, third and fourth lines), crates/application/src/lib.rs `any_udf` (the
 * untyped `/api/function` endpoint), crates/common/src/schemas/validator.rs `ValidationError`.
 * Production deployments redact these for non-admin callers to "[Request ID: …] Server Error", so
 * there only the beacon and the library's own codes (ConvexError data is never redacted) work.
 */
const SKEW_MESSAGES: readonly RegExp[] = [
  /Could not find public function for '/, // renamed, removed, or internal now
  /Could not find function for '/, // the same through `/api/function` (ConvexHttpClient.function)
  /Trying to execute \S+ as (?:Query|Mutation|Action), but it is defined as \w+\./, // kind changed
  // Args rejected for their shape (a field added or removed); a wrong value inside an unchanged
  // shape is more likely the app's own bug, so it is not counted.
  /ArgumentValidationError: Object (?:is missing the required field|contains extra field) `/,
  // convex-test (node_modules/convex-test/dist/index.js), which apps run their tests on:
  /Expected a Convex function exported from module "[^"]*" as `[^`]*`, but there is no such export/,
  /Could not find module for: "/,
  /Expected an? (?:query|mutation|action) function, but the function exported from module/,
  /Validator error: (?:Missing required field|Unexpected field) `/,
];

/**
 * The backend's 404 mode (knob `UDF_404_ON_BAD_PATH`, off by default) fails the request instead of
 * the function: HTTP clients then throw the response body, `{"code":"FunctionPathNotFound",
 * "message":"Could not find public function for '…'."}` (crates/common/src/http/mod.rs `HttpError`),
 * as the message (convex/src/browser/http_client.ts: `throw new Error(await response.text())`).
 */
const SKEW_CODES: ReadonlySet<string> = new Set(["FunctionPathNotFound", "FunctionPathWrongType"]);

function httpErrorCode(error: unknown, message: string): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === "string") return own;
  if (!message.startsWith("{")) return undefined;
  try {
    const code = (JSON.parse(message) as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

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
 * version, args no version accepts, a function that no longer exists (or is internal now, or is
 * another kind now), or args whose shape the backend's validator rejected (a missing or an extra
 * field). The usual answer is to reload the app. A redacted production error ("Server Error" and
 * nothing else) is not recognised: it could be anything.
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
  const httpCode = typeof error === "object" ? httpErrorCode(error, message) : undefined;
  if (httpCode !== undefined && SKEW_CODES.has(httpCode)) return true;
  return SKEW_MESSAGES.some((pattern) => pattern.test(message));
}
