/**
 * The headless skew guard: is this client build still served by the deployed backend?
 *
 * Two signals, either is enough: the beacon (a public query answering `{ served: string[] }`, the
 * surface ids the deployed code still serves) no longer lists this build's surface id; or a call
 * failed with a skew error (`isSkewError`), reported through `report`.
 *
 * The beacon is a subscription, and Convex re-runs subscribed queries after a push; the guard
 * does not rely on that alone (nothing here can prove it for every deployment), so it also
 * re-reads the beacon on window focus and on a slow timer, through a separate one-off request.
 */

import { ConvexHttpClient } from "convex/browser";
import { useConvex, useConvexConnectionState, useQueries } from "convex/react";
import type { FunctionReference } from "convex/server";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isSkewError } from "../client.ts";
import { canRemember, mayReload, recordReload } from "./reload-throttle.ts";

/** What the guard needs from the beacon: a public query of no args that returns `served`. */
export type SkewBeacon = FunctionReference<
  "query",
  "public",
  Record<string, never>,
  { served: string[] }
>;

export interface SkewGuardOptions {
  /** The beacon query, e.g. `api.skew.beacon`. */
  beacon: SkewBeacon;
  /** This build's surface id (`s1-…`, from `convex-versioned surfaces id` at build time). */
  surface: string;
  /** At most one reload per this many ms per tab (sessionStorage). Default 5 minutes. */
  minReloadIntervalMs?: number;
  /** Re-read the beacon this often, besides on window focus. Default 5 minutes; 0 turns it off. */
  recheckIntervalMs?: number;
  /** Reload on its own once stale, after a random delay of up to `reloadJitterMs`. Default false. */
  autoReload?: boolean;
  /** Upper bound of the random delay before an automatic reload. Default 10 seconds. */
  reloadJitterMs?: number;
  /**
   * A one-off read of the beacon for focus and timer re-checks. Default: an HTTP query to the
   * client's deployment URL (`ConvexHttpClient`), independent of the websocket subscription.
   */
  reread?: () => Promise<{ served: string[] } | undefined>;
  /** How to reload. Default `location.reload()`. */
  reloadPage?: () => void;
}

export type SkewReason = "beacon" | "error";

export interface SkewGuardState {
  /** True when this build should reload: the beacon dropped its surface, or a call hit skew. */
  stale: boolean;
  /** Why it is stale; null when it is not. */
  reason: SkewReason | null;
  /** The skew error that was reported, when `reason` is "error". */
  error: unknown;
  /** False when this tab reloaded for skew within `minReloadIntervalMs` (reloading did not help). */
  canReload: boolean;
  /** Reload now, unless this tab already did within `minReloadIntervalMs`. True if it reloads. */
  reload: () => boolean;
  /** Hide the prompt until the next signal (a new beacon answer or another skew error). */
  dismiss: () => void;
  /** Report an error a call threw; true (and the guard turns stale) when it is a skew error. */
  report: (error: unknown) => boolean;
}

const MINUTE = 60_000;
/** Focus events come in bursts (focus + visibilitychange); one re-read covers them all. */
const MIN_REREAD_GAP_MS = 5_000;

function defaultReload(): void {
  globalThis.location?.reload();
}

function servedOf(value: unknown): string[] | undefined {
  const served = (value as { served?: unknown } | null | undefined)?.served;
  return Array.isArray(served) && served.every((s) => typeof s === "string") ? served : undefined;
}

/**
 * Subscribes to the beacon and tracks whether this build is still served. Needs a
 * `ConvexProvider` above it.
 *
 * @example
 * const { stale, reload } = useSkewGuard({ beacon: api.skew.beacon, surface: SURFACE });
 */
export function useSkewGuard(options: SkewGuardOptions): SkewGuardState {
  const {
    beacon,
    surface,
    minReloadIntervalMs = 5 * MINUTE,
    recheckIntervalMs = 5 * MINUTE,
    autoReload = false,
    reloadJitterMs = 10_000,
  } = options;
  const convex = useConvex();
  const connected = useConvexConnectionState().isWebSocketConnected;
  // useQueries, not useQuery: a beacon that fails (an older backend without it) must not throw
  // into the app; it only leaves the guard quiet.
  const request = useMemo(() => ({ beacon: { query: beacon, args: {} } }), [beacon]);
  const live = servedOf(useQueries(request).beacon);
  const liveKey = live === undefined ? undefined : JSON.stringify(live);

  // The latest answer from either source: the subscription or a re-read.
  const [served, setServed] = useState<string[] | undefined>(undefined);
  useEffect(() => {
    if (liveKey !== undefined) setServed(JSON.parse(liveKey));
  }, [liveKey]);

  // Options read inside callbacks without resubscribing on every render.
  const latest = useRef(options);
  latest.current = options;

  const lastReread = useRef(0);
  useEffect(() => {
    const reread = () => {
      const now = Date.now();
      if (now - lastReread.current < MIN_REREAD_GAP_MS) return;
      lastReread.current = now;
      const read =
        latest.current.reread ??
        (() => {
          const url = (convex as { url?: unknown }).url;
          if (typeof url !== "string") return Promise.resolve(undefined);
          // The URL already passed (or was let through) the ConvexReactClient's own check.
          const http = new ConvexHttpClient(url, { skipConvexDeploymentUrlCheck: true });
          return http.query(latest.current.beacon, {});
        });
      read().then(
        (value) => {
          const fresh = servedOf(value);
          if (fresh !== undefined) setServed(fresh);
        },
        // Offline or the beacon missing: no answer, so no change. The next re-read tries again.
        () => {},
      );
    };
    const onVisible = () => {
      if (globalThis.document?.visibilityState !== "hidden") reread();
    };
    globalThis.addEventListener?.("focus", reread);
    globalThis.document?.addEventListener("visibilitychange", onVisible);
    const timer = recheckIntervalMs > 0 ? setInterval(reread, recheckIntervalMs) : undefined;
    return () => {
      globalThis.removeEventListener?.("focus", reread);
      globalThis.document?.removeEventListener("visibilitychange", onVisible);
      if (timer !== undefined) clearInterval(timer);
    };
  }, [convex, recheckIntervalMs]);

  const [reported, setReported] = useState<{ error: unknown } | undefined>(undefined);
  const report = useCallback((error: unknown) => {
    if (!isSkewError(error)) return false;
    setReported({ error });
    return true;
  }, []);

  // A build without its surface id (the env variable was not set at build time) would find itself
  // missing from every beacon answer and prompt forever: the beacon is ignored instead, loudly.
  const knowsSurface = typeof surface === "string" && surface !== "";
  useEffect(() => {
    if (!knowsSurface) {
      console.warn(
        "convex-versioned/react: `surface` is empty, so the skew beacon is ignored (skew errors " +
          "still prompt). Set it at build time, e.g. VITE_CONVEX_SURFACE=$(npx convex-versioned surfaces id).",
      );
    }
  }, [knowsSurface]);
  // No prompt while the beacon is loading (served undefined) or the connection is down.
  const beaconStale =
    knowsSurface && connected && served !== undefined && !served.includes(surface);
  // A signal's identity: dismissing hides it until a different one arrives (another reported
  // error, or a beacon answer with other contents).
  const signal: unknown = reported ?? (beaconStale ? JSON.stringify(served) : undefined);
  const [dismissed, setDismissed] = useState<unknown>(undefined);
  const stale = signal !== undefined && signal !== dismissed;
  const reason: SkewReason | null = !stale ? null : reported !== undefined ? "error" : "beacon";

  const reload = useCallback(() => {
    const now = Date.now();
    if (!mayReload(now, minReloadIntervalMs)) return false;
    recordReload(now);
    (latest.current.reloadPage ?? defaultReload)();
    return true;
  }, [minReloadIntervalMs]);
  const dismiss = useCallback(() => setDismissed(signal), [signal]);
  const canReload = stale && mayReload(Date.now(), minReloadIntervalMs);

  // Automatic reloads are spread over `reloadJitterMs` so a deploy does not bring every open tab
  // back at the same instant; only where the reload can be remembered, so it cannot loop.
  useEffect(() => {
    if (!stale || !autoReload || !canReload || !canRemember()) return;
    const timer = setTimeout(reload, Math.random() * reloadJitterMs);
    return () => clearTimeout(timer);
  }, [stale, autoReload, canReload, reload, reloadJitterMs]);

  return {
    stale,
    reason,
    error: reason === "error" ? reported?.error : undefined,
    canReload,
    reload,
    dismiss,
    report,
  };
}
