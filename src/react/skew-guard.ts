/**
 * `<SkewGuard>`: runs `useSkewGuard` once for the app, shares its state with `useReportSkewError`
 * and `useSkewGuardState`, catches skew errors thrown by queries under it (an error boundary) and
 * unhandled promise rejections from mutations and actions, and shows the reload prompt.
 *
 * Written with createElement, not JSX, so the entry needs no JSX runtime and no build flag.
 */
import {
  Component,
  createContext,
  type ErrorInfo,
  createElement as h,
  type ReactNode,
  useContext,
  useEffect,
} from "react";
import { isSkewError } from "../client.ts";
import { SkewPrompt } from "./prompt.ts";
import { type SkewGuardOptions, type SkewGuardState, useSkewGuard } from "./use-skew-guard.ts";

const SkewContext = createContext<SkewGuardState | undefined>(undefined);

export interface SkewGuardProps extends SkewGuardOptions {
  children?: ReactNode;
  /**
   * The prompt: omitted for the default one, a function for your own UI (called only while
   * stale), or null for none (read `useSkewGuardState()` where you want it).
   */
  prompt?: ((state: SkewGuardState) => ReactNode) | null;
  /** What replaces the app's tree when a query under it threw a skew error. Default: nothing. */
  fallback?: ReactNode;
  /** Report skew errors from unhandled promise rejections (uncaught mutations). Default true. */
  catchUnhandledRejections?: boolean;
}

/**
 * Put it inside `ConvexProvider`, around the app.
 *
 * @example
 * <ConvexProvider client={convex}>
 *   <SkewGuard beacon={api.skew.beacon} surface={import.meta.env.VITE_CONVEX_SURFACE}>
 *     <App />
 *   </SkewGuard>
 * </ConvexProvider>
 */
export function SkewGuard(props: SkewGuardProps): ReactNode {
  const { children, prompt, fallback = null, catchUnhandledRejections = true } = props;
  const state = useSkewGuard(props);
  const { report } = state;
  useEffect(() => {
    if (!catchUnhandledRejections) return;
    // Not preventDefault: the app's own handlers and the console still see the rejection.
    const onRejection = (event: PromiseRejectionEvent) => {
      report(event.reason);
    };
    globalThis.addEventListener?.("unhandledrejection", onRejection);
    return () => globalThis.removeEventListener?.("unhandledrejection", onRejection);
  }, [catchUnhandledRejections, report]);
  const shown = !state.stale
    ? null
    : prompt === undefined
      ? h(SkewPrompt, { state })
      : prompt?.(state);
  return h(
    SkewContext.Provider,
    { value: state },
    h(SkewErrorBoundary, { fallback }, children),
    shown,
  );
}

/** The guard's state from the nearest `<SkewGuard>`, or undefined outside one. */
export function useSkewGuardState(): SkewGuardState | undefined {
  return useContext(SkewContext);
}

/**
 * A function to pass errors from mutations and actions to: it returns true, and turns the
 * nearest `<SkewGuard>` stale, when the error is a skew error.
 *
 * @example
 * const reportSkew = useReportSkewError();
 * send(args).catch((e) => { if (!reportSkew(e)) throw e; });
 */
export function useReportSkewError(): (error: unknown) => boolean {
  return useContext(SkewContext)?.report ?? isSkewError;
}

interface BoundaryProps {
  children?: ReactNode;
  /** Rendered instead of the children once they threw a skew error. */
  fallback?: ReactNode;
}

/**
 * Catches what a query threw during render (`useQuery` throws its error): a skew error is
 * reported to the nearest `<SkewGuard>` and replaced by `fallback`; any other error is thrown on
 * to the app's own error boundary.
 */
export class SkewErrorBoundary extends Component<BoundaryProps, { error: unknown }> {
  static override contextType = SkewContext;
  declare context: SkewGuardState | undefined;
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    this.context?.report(error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    if (!isSkewError(error)) throw error;
    return this.props.fallback ?? null;
  }
}
