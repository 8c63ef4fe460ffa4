/**
 * Baselines known to be the current side. A `check` against the lock file that `snapshot` wrote
 * for the very code being checked (the state of most commits, and of `npx convex deploy --cmd`
 * between contract changes) would decode and parse the whole lock only to compare it with an app
 * equal to it: on a 1,000-function app, about a fifth of a warm `check`.
 *
 * When a check parses its baseline and finds it equal to the current side, it leaves an empty
 * marker file, `same-<baseline hash>-<contentId>`, in the cache folder. A later check whose
 * baseline file still has that hash (known from its stat, through the hash memo, without reading
 * it) and whose current side has that content id (a cache entry's, see `load/app-cache.ts`) takes
 * `lockView(current)` as its baseline: what parsing the file would have given. Anything else reads
 * the file as before.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { AppSpec } from "../model.ts";
import { pruneEntries, touch, writeCacheFile } from "./cache-dir.ts";
import { canonicalRoutes } from "./canonical.ts";

const PREFIX = "same-";

/** Markers kept, the most recently written first: a few states of a few branches. */
export const KEEP_SAME_MARKERS = 24;

/** The content ids recorded as equal to the baseline file whose content hash is `baselineHash`. */
export function sameContentIds(cacheDir: string, baselineHash: string): Set<string> {
  const prefix = `${PREFIX}${baselineHash}-`;
  const ids = new Set<string>();
  try {
    for (const name of readdirSync(cacheDir)) {
      // (A marker being written by another run is a `.tmp` file until it is renamed.)
      if (name.startsWith(prefix) && !name.endsWith(".tmp")) ids.add(name.slice(prefix.length));
    }
  } catch {
    // no cache folder: nothing known
  }
  return ids;
}

const markerFile = (cacheDir: string, baselineHash: string, contentId: string) =>
  join(cacheDir, `${PREFIX}${baselineHash}-${contentId}`);

/** Records that the baseline with `baselineHash` is the current side named `contentId`. */
export function recordSame(cacheDir: string, baselineHash: string, contentId: string): void {
  if (writeCacheFile(markerFile(cacheDir, baselineHash, contentId), "")) {
    pruneEntries(cacheDir, KEEP_SAME_MARKERS, (name) => name.startsWith(PREFIX));
  }
}

/** A marker that was used: pruned last, as a cache hit is (the state a branch returns to). */
export function usedSame(cacheDir: string, baselineHash: string, contentId: string): void {
  touch(markerFile(cacheDir, baselineHash, contentId));
}

/**
 * What a lock file written for `app` holds, as reading it back gives it: the functions (sorted by
 * identifier, as the lock writes them) and the HTTP routes; no crons (a lock has none).
 */
export function lockView(app: AppSpec): AppSpec {
  const functions: AppSpec["functions"] = {};
  for (const id of Object.keys(app.functions).sort()) functions[id] = app.functions[id]!;
  const routes = canonicalRoutes(app);
  return routes ? { functions, httpRoutes: routes } : { functions };
}
