/**
 * The lifecycle status of one version of a versioned definition on a given day.
 *
 * Pure (no I/O, no Convex runtime): the report computes it from the lock file or a convex/ folder plus
 * usage evidence from logs; the same rules are what `check` relies on when a version is deleted.
 *
 * A version is, in this order of precedence:
 * - `removed`: it is a tombstone (`removed: { since }`), whatever its position.
 * - `current`: it is the last version of the chain.
 * - `deprecated`: `now` is on or before its removal date (or it has no date at all).
 * - `removable`: `now` is after its removal date and no call was seen in the quiet window
 *   (`basis: "logs"`), or no usage evidence was given at all (`basis: "date-only"`).
 * - `still-called`: `now` is after its removal date and a call was seen in the quiet window.
 */
import { addDays, compareIsoDates, isIsoDate } from "./dates.ts";

export type VersionStatus = "current" | "deprecated" | "removable" | "still-called" | "removed";

/** Every status, in the order the report lists and counts them. */
export const VERSION_STATUSES: readonly VersionStatus[] = [
  "current",
  "deprecated",
  "removable",
  "still-called",
  "removed",
];

/**
 * What a past-`removeAfter` verdict rests on: logs that were read, the calendar alone, or scheduled
 * jobs waiting in the deployment that will call the version (`report --pending`).
 */
export type StatusBasis = "logs" | "date-only" | "pending";

/** Where a version's deprecation start came from. */
export type DeprecationSource =
  /** `deprecated.since` as declared. */
  | "declared"
  /** No `deprecated` block: the next version's label, which is an ISO date (when it superseded this one). */
  | "next-label"
  /** No `deprecated` block and no datable successor: deprecated, with no dates. */
  | "none";

/** Where a version's removal date came from. */
export type RemoveAfterSource =
  | "declared"
  /** `since + defaultWindowDays` because `deprecated.removeAfter` was not declared. */
  | "default-window"
  | "none";

/** Calls of one version seen in the usage evidence. */
export interface VersionUsage {
  calls: number;
  /** ISO timestamps (`2026-12-01T10:00:00.000Z`) of the first and last call; absent when `calls` is 0. */
  firstSeen?: string;
  lastSeen?: string;
}

export interface StatusPolicy {
  /** Days before `now` in which a single call keeps an overdue version `still-called`. */
  quietDays: number;
  /** Removal window used when a deprecated version declares no `removeAfter`. */
  defaultWindowDays: number;
}

/** The lifecycle facts of one version, as `VersionMeta` in src/meta.ts has them. */
export interface StatusVersion {
  label: string;
  deprecated?: { since: string; removeAfter?: string };
  removed?: { since: string };
}

export interface StatusInput {
  /** Every version of the definition, oldest first (the last one is current). */
  versions: readonly StatusVersion[];
  /** Index of the version to judge in `versions`. */
  index: number;
  /** The day to judge at, `YYYY-MM-DD`. */
  now: string;
  /** This version's calls, or `undefined` when no usage evidence was given at all. */
  usage?: VersionUsage;
  policy: StatusPolicy;
}

export interface StatusResult {
  status: VersionStatus;
  /** Only for `removable` and `still-called`. */
  basis?: StatusBasis;
  deprecatedSince?: string;
  deprecationSource: DeprecationSource;
  removeAfter?: string;
  removeAfterSource: RemoveAfterSource;
  /** First day of the quiet window (`now - quietDays`), for versions past their removal date. */
  quietFrom?: string;
  /** A sentence for humans when the verdict needs one (missing dates, tombstone date). */
  note?: string;
}

/** Judge one version. See the module comment for the rules. */
export function versionStatus(input: StatusInput): StatusResult {
  const { versions, index, now, usage, policy } = input;
  const version = versions[index];
  if (!version) throw new RangeError(`versionStatus: no version at index ${index}`);

  if (version.removed) {
    return {
      status: "removed",
      deprecationSource: version.deprecated ? "declared" : "none",
      ...(version.deprecated ? { deprecatedSince: version.deprecated.since } : {}),
      removeAfterSource: version.deprecated?.removeAfter ? "declared" : "none",
      ...(version.deprecated?.removeAfter ? { removeAfter: version.deprecated.removeAfter } : {}),
      note: `tombstone since ${version.removed.since}: answers VERSION_REMOVED`,
    };
  }
  if (index === versions.length - 1) {
    return { status: "current", deprecationSource: "none", removeAfterSource: "none" };
  }

  const window = deprecationWindow(versions, index, policy.defaultWindowDays);
  if (!window.removeAfter) {
    return {
      status: "deprecated",
      deprecationSource: window.source,
      removeAfterSource: "none",
      note: "no deprecation date: declare deprecated: { since, removeAfter } to make it removable",
    };
  }
  const base = {
    deprecatedSince: window.since,
    deprecationSource: window.source,
    removeAfter: window.removeAfter,
    removeAfterSource: window.removeAfterSource,
  } as const;
  // `removeAfter` is the last day the version is promised; it becomes deletable the day after.
  if (compareIsoDates(now, window.removeAfter) <= 0) return { status: "deprecated", ...base };

  const quietFrom = addDays(now, -policy.quietDays);
  if (!usage) return { status: "removable", basis: "date-only", quietFrom, ...base };
  const lastDay = usage.calls > 0 && usage.lastSeen ? usage.lastSeen.slice(0, 10) : undefined;
  if (lastDay && isIsoDate(lastDay) && compareIsoDates(lastDay, quietFrom) >= 0) {
    return { status: "still-called", basis: "logs", quietFrom, ...base };
  }
  return { status: "removable", basis: "logs", quietFrom, ...base };
}

interface DeprecationWindow {
  since?: string;
  source: DeprecationSource;
  removeAfter?: string;
  removeAfterSource: RemoveAfterSource;
}

/**
 * A non-current version's deprecation window. Without a `deprecated` block the version was superseded
 * by the next one; when that one's label is an ISO date (the recommended labels), it is the best
 * available deprecation start, so the default window runs from it. Otherwise there is no date to count
 * from and the version stays `deprecated` until someone declares one: deleting it on a guess would be
 * the one mistake this library exists to prevent.
 */
export function deprecationWindow(
  versions: readonly StatusVersion[],
  index: number,
  defaultWindowDays: number,
): DeprecationWindow {
  const version = versions[index];
  const declared = version?.deprecated;
  if (declared && isIsoDate(declared.since)) {
    if (declared.removeAfter && isIsoDate(declared.removeAfter)) {
      return {
        since: declared.since,
        source: "declared",
        removeAfter: declared.removeAfter,
        removeAfterSource: "declared",
      };
    }
    return {
      since: declared.since,
      source: "declared",
      removeAfter: addDays(declared.since, defaultWindowDays),
      removeAfterSource: "default-window",
    };
  }
  const next = versions[index + 1];
  if (next && isIsoDate(next.label)) {
    return {
      since: next.label,
      source: "next-label",
      removeAfter: addDays(next.label, defaultWindowDays),
      removeAfterSource: "default-window",
    };
  }
  return { source: "none", removeAfterSource: "none" };
}
