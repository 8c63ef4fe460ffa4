/**
 * convex-versioned/react — the skew guard for React clients (React and convex/react are optional
 * peers; browser only, no server code).
 *
 * A client build knows its surface id; the app's beacon query answers which surface ids the
 * deployed functions still serve. When this build's id is no longer served, or a call fails with a
 * skew error, the guard offers a reload before (or as soon as) calls fail.
 */
export { isSkewError } from "./client.ts";
export { SkewPrompt } from "./react/prompt.ts";
export {
  SkewErrorBoundary,
  SkewGuard,
  type SkewGuardProps,
  useReportSkewError,
  useSkewGuardState,
} from "./react/skew-guard.ts";
export {
  type SkewBeacon,
  type SkewGuardOptions,
  type SkewGuardState,
  type SkewReason,
  useSkewGuard,
} from "./react/use-skew-guard.ts";
