/**
 * At most one skew reload per tab per interval, remembered in sessionStorage so it survives the
 * reload itself: a build that is still stale after reloading (a staged deployment that reloads into
 * the same old bundle) must not reload again and again.
 */

const KEY = "convex-versioned:skew-reload-at";

/** sessionStorage, or undefined where it is missing or refuses access (some privacy modes throw). */
function storage(): Storage | undefined {
  try {
    const s = globalThis.sessionStorage;
    s?.getItem(KEY);
    return s ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a reload can be remembered. Without it an automatic reload is never made (nothing would
 * stop the next page load from reloading again); a reload the user asks for still is.
 */
export function canRemember(): boolean {
  return storage() !== undefined;
}

/** True when this tab has not reloaded for skew within `minIntervalMs` (as far as it remembers). */
export function mayReload(now: number, minIntervalMs: number): boolean {
  const s = storage();
  if (s === undefined) return true;
  const last = Number(s.getItem(KEY));
  return !(Number.isFinite(last) && last > 0 && now - last < minIntervalMs && now >= last);
}

/** Remembers a skew reload at `now`; false when it could not be remembered (then do not reload). */
export function recordReload(now: number): boolean {
  const s = storage();
  if (s === undefined) return false;
  try {
    s.setItem(KEY, String(now));
    return true;
  } catch {
    return false;
  }
}
