/**
 * Canonical JSON for specs and lock files: the same app always serialises to the same bytes, so a
 * lock file diff in review shows only what really changed.
 *
 * Validators get their keys sorted at every level (Convex prints them in declaration order, the
 * backend sorts them); functions are sorted by identifier; records the CLI owns (a function, a
 * version) keep a fixed, readable field order. Arrays keep their order: versions are oldest first.
 */

import type { ValidatorJSON, VersionMeta } from "../meta.ts";
import type { AppSpec, FunctionSpec, HttpRouteSpec, LockFile, VersionedSpec } from "../model.ts";

/** Deep copy of a JSON value with object keys sorted; arrays keep their order. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = sortKeysDeep(child);
  }
  return out as T;
}

/** Copies `keys` of `source` in that order, dropping undefined ones. */
function pick<T extends object>(source: T, keys: readonly (keyof T)[]): T {
  const out: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}

function canonicalVersion(version: VersionMeta): VersionMeta {
  const v = pick(version, ["label", "exportName", "args", "returns", "deprecated", "removed"]);
  v.args = sortKeysDeep(v.args);
  v.returns = v.returns === null ? null : sortKeysDeep(v.returns);
  if (v.deprecated) v.deprecated = pick(v.deprecated, ["since", "removeAfter", "reason"]);
  if (v.removed) v.removed = pick(v.removed, ["since", "message"]);
  return v;
}

function canonicalVersioned(spec: VersionedSpec): VersionedSpec {
  return {
    definition: spec.definition,
    current: spec.current,
    serves: [...spec.serves],
    versions: spec.versions.map(canonicalVersion),
  };
}

export function canonicalFunction(fn: FunctionSpec): FunctionSpec {
  const out = pick(fn, [
    "kind",
    "visibility",
    "args",
    "argsInferred",
    "returns",
    "returnsInferred",
    "versioned",
  ]);
  out.args = sortKeysDeep(out.args);
  out.returns = out.returns === null ? null : sortKeysDeep(out.returns as ValidatorJSON);
  if (out.returnsInferred) out.returnsInferred = sortKeysDeep(out.returnsInferred);
  if (out.argsInferred) out.argsInferred = sortKeysDeep(out.argsInferred);
  if (out.versioned) out.versioned = canonicalVersioned(out.versioned);
  return out;
}

function compareRoutes(a: HttpRouteSpec, b: HttpRouteSpec): number {
  return a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1;
}

/** An AppSpec with functions sorted by identifier and every record in canonical order. */
export function canonicalApp(app: AppSpec): AppSpec {
  const functions: Record<string, FunctionSpec> = {};
  for (const id of Object.keys(app.functions).sort())
    functions[id] = canonicalFunction(app.functions[id]!);
  const out: AppSpec = { functions };
  const routes = canonicalRoutes(app);
  if (routes) out.httpRoutes = routes;
  return out;
}

/** The app's HTTP routes as a lock file holds them (sorted), or undefined when it has none. */
export function canonicalRoutes(app: AppSpec): HttpRouteSpec[] | undefined {
  if (!app.httpRoutes || app.httpRoutes.length === 0) return undefined;
  return app.httpRoutes.map((r) => ({ method: r.method, path: r.path })).sort(compareRoutes);
}

/** The lock file for `app`, canonical, as the exact text written to disk (2-space JSON + newline). */
export function serializeLockFile(app: AppSpec): string {
  const canonical = canonicalApp(app);
  const lock: LockFile = { lockfileVersion: 1, ...canonical };
  return `${JSON.stringify(lock, null, 2)}\n`;
}
