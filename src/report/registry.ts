/**
 * The report's model: every versioned definition of an app, each version with its export, dates,
 * tombstone, usage and status at a given day.
 *
 * Built from an `AppSpec` (a convex/ folder or a lock file, via src/contracts/) plus optional usage
 * evidence. Pure: no I/O; renderers and the exit code read only this.
 */
import {
  type DeprecationSource,
  type RemoveAfterSource,
  type StatusBasis,
  type StatusPolicy,
  VERSION_STATUSES,
  type VersionStatus,
  type VersionUsage,
  versionStatus,
} from "../lifecycle/status.ts";
import type { AppSpec, VersionMeta } from "../model.ts";
import { type CallCounts, type UsageEvidence, versionKey } from "./usage/aggregate.ts";

export interface RegistryVersion {
  label: string;
  exportName: string;
  /** The function path that serves it, `module:export`. */
  function: string;
  status: VersionStatus;
  basis?: StatusBasis;
  deprecatedSince?: string;
  deprecationSource: DeprecationSource;
  removeAfter?: string;
  removeAfterSource: RemoveAfterSource;
  quietFrom?: string;
  reason?: string;
  removedSince?: string;
  removedMessage?: string;
  /**
   * Calls seen in the usage files; `undefined` when no usage file was given. For the current version of
   * an export shared with older versions, `calls` is the export's calls minus the older versions'
   * (the current version logs no line) and has no dates.
   */
  usage?: VersionUsage;
  /** With `report --pending`: scheduled jobs waiting to call this version. */
  pendingJobs?: number;
  note?: string;
}

export interface RegistryDefinition {
  /** `module:definition`, e.g. `messages:sendMessage`: unique across the app. */
  id: string;
  module: string;
  definition: string;
  current: string;
  /** Export names, in the order of the versions that introduce them. */
  exports: string[];
  versions: RegistryVersion[];
}

/** Calls in the logs that no version of this app accounts for. */
export interface UnmatchedCalls {
  function: string;
  /** Set when a library line named a version the app no longer declares. */
  version?: string;
  calls: number;
  lastSeen: string;
}

export interface Registry {
  now: string;
  policy: StatusPolicy;
  /** True when usage files were read (statuses past `removeAfter` then rest on logs). */
  hasUsage: boolean;
  /** True with `report --pending`: every version then has `pendingJobs`. */
  hasPending: boolean;
  definitions: RegistryDefinition[];
  unmatched: UnmatchedCalls[];
  counts: Record<VersionStatus, number>;
  warnings: string[];
}

export interface BuildRegistryOptions {
  now: string;
  policy: StatusPolicy;
  usage?: UsageEvidence;
  /**
   * `report --pending`: scheduled jobs per version (`versionKey(function, label)`). A version with
   * pending jobs is still called, whatever the logs say: it is never `removable`.
   */
  pending?: ReadonlyMap<string, number>;
}

/** Group the app's versioned exports into definitions and judge every version. */
export function buildRegistry(app: AppSpec, o: BuildRegistryOptions): Registry {
  const warnings: string[] = [];
  const groups = new Map<
    string,
    { module: string; definition: string; current: string; versions: VersionMeta[] }
  >();
  for (const path of Object.keys(app.functions).sort()) {
    const versioned = app.functions[path]?.versioned;
    if (!versioned) continue;
    const module = modulePart(path);
    const id = `${module}:${versioned.definition}`;
    const seen = groups.get(id);
    if (!seen) {
      groups.set(id, {
        module,
        definition: versioned.definition,
        current: versioned.current,
        versions: versioned.versions,
      });
    } else if (
      seen.versions.map((v) => v.label).join("\n") !==
      versioned.versions.map((v) => v.label).join("\n")
    ) {
      warnings.push(
        `${path}: its version list differs from the other exports of ${id}; using the first one read`,
      );
    }
  }

  const matchedVersionKeys = new Set<string>();
  const definitions: RegistryDefinition[] = [];
  for (const [id, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const exports: string[] = [];
    const versions = g.versions.map((meta, index): RegistryVersion => {
      if (!exports.includes(meta.exportName)) exports.push(meta.exportName);
      const fn = `${g.module}:${meta.exportName}`;
      matchedVersionKeys.add(versionKey(fn, meta.label));
      const usage = o.usage ? usageOf(o.usage, app, g.versions, index, fn) : undefined;
      const s = versionStatus({ versions: g.versions, index, now: o.now, usage, policy: o.policy });
      const pendingJobs = o.pending ? (o.pending.get(versionKey(fn, meta.label)) ?? 0) : undefined;
      if (pendingJobs && s.status === "removable") {
        s.status = "still-called";
        s.basis = "pending";
      }
      return {
        label: meta.label,
        exportName: meta.exportName,
        function: fn,
        status: s.status,
        ...(s.basis ? { basis: s.basis } : {}),
        ...(s.deprecatedSince ? { deprecatedSince: s.deprecatedSince } : {}),
        deprecationSource: s.deprecationSource,
        ...(s.removeAfter ? { removeAfter: s.removeAfter } : {}),
        removeAfterSource: s.removeAfterSource,
        ...(s.quietFrom ? { quietFrom: s.quietFrom } : {}),
        ...(meta.deprecated?.reason ? { reason: meta.deprecated.reason } : {}),
        ...(meta.removed ? { removedSince: meta.removed.since } : {}),
        ...(meta.removed?.message ? { removedMessage: meta.removed.message } : {}),
        ...(usage ? { usage } : {}),
        ...(pendingJobs !== undefined ? { pendingJobs } : {}),
        ...(s.note ? { note: s.note } : {}),
      };
    });
    definitions.push({
      id,
      module: g.module,
      definition: g.definition,
      current: g.current,
      exports,
      versions,
    });
  }

  const counts = Object.fromEntries(VERSION_STATUSES.map((s) => [s, 0])) as Record<
    VersionStatus,
    number
  >;
  for (const d of definitions) for (const v of d.versions) counts[v.status]++;

  return {
    now: o.now,
    policy: o.policy,
    hasUsage: o.usage !== undefined,
    hasPending: o.pending !== undefined,
    definitions,
    unmatched: o.usage ? unmatchedCalls(o.usage, app, matchedVersionKeys) : [],
    counts,
    warnings,
  };
}

/** `admin/users:list` → `admin/users`. */
function modulePart(path: string): string {
  const colon = path.lastIndexOf(":");
  return colon < 0 ? path : path.slice(0, colon);
}

/**
 * A version's calls. Two sources: the library lines of `(function, label)` (the only way to tell
 * arg-shape versions sharing one path apart), and the executions of the function path when that
 * export serves this version alone (a renamed export like `send`, or a tombstone: every call of the
 * path is a call of the version, even when no line was logged, e.g. a cached query). When both
 * exist, the larger count wins: sampled lines undercount, executions never overcount.
 */
function usageOf(
  evidence: UsageEvidence,
  app: AppSpec,
  versions: readonly VersionMeta[],
  index: number,
  fn: string,
): VersionUsage {
  const meta = versions[index] as VersionMeta;
  const serves = app.functions[fn]?.versioned?.serves ?? [meta.label];
  const line = evidence.byVersion.get(versionKey(fn, meta.label));
  const pathCalls = evidence.byPath.get(fn);
  const sole = serves.length === 1 && serves[0] === meta.label;
  if (sole) return merge(line, pathCalls);
  if (index === versions.length - 1) {
    // The current version logs nothing: what the path ran beyond the older versions' lines is its.
    let older = 0;
    for (const label of serves) {
      if (label !== meta.label) older += evidence.byVersion.get(versionKey(fn, label))?.calls ?? 0;
    }
    return { calls: Math.max(0, (pathCalls?.calls ?? 0) - older) };
  }
  return merge(line, undefined);
}

function merge(a: CallCounts | undefined, b: CallCounts | undefined): VersionUsage {
  const parts = [a, b].filter((c): c is CallCounts => c !== undefined && c.calls > 0);
  if (parts.length === 0) return { calls: 0 };
  const calls = Math.max(...parts.map((p) => p.calls));
  const first = Math.min(...parts.map((p) => p.firstMs));
  const last = Math.max(...parts.map((p) => p.lastMs));
  return { calls, firstSeen: iso(first), lastSeen: iso(last) };
}

function unmatchedCalls(
  evidence: UsageEvidence,
  app: AppSpec,
  matched: ReadonlySet<string>,
): UnmatchedCalls[] {
  const out: UnmatchedCalls[] = [];
  for (const [path, c] of evidence.byPath) {
    if (!(path in app.functions))
      out.push({ function: path, calls: c.calls, lastSeen: iso(c.lastMs) });
  }
  for (const [key, c] of evidence.byVersion) {
    if (!matched.has(key))
      out.push({ function: c.path, version: c.version, calls: c.calls, lastSeen: iso(c.lastMs) });
  }
  return out.sort((a, b) =>
    a.function === b.function
      ? (a.version ?? "").localeCompare(b.version ?? "")
      : a.function < b.function
        ? -1
        : 1,
  );
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
