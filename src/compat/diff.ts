/**
 * `checkCompat`: baseline vs current. Functions are paired once, by path; each rule then sees a
 * matched pair (or, for deletions, the baseline side and the functions that appeared). Findings
 * are re-levelled for internal functions, waivers applied, and the list sorted by function, path.
 */
import { InputError } from "../input-error.ts";
import { isIsoDate } from "../lifecycle/dates.ts";
import type { AppSpec, FunctionSpec } from "../model.ts";
import {
  applyLevels,
  assertKnownRule,
  effectiveOverrides,
  pickLevels,
  withFingerprints,
} from "./levels.ts";
import { argsPair, checkArgs } from "./rules/args.ts";
import { checkKind } from "./rules/function-kind.ts";
import { checkRemoved } from "./rules/function-removed.ts";
import { checkVisibility } from "./rules/function-visibility.ts";
import {
  beyondPendingJobs,
  INTERNAL_FUNCTION_CHANGED,
  noPendingJobs,
  relevelInternal,
} from "./rules/internal.ts";
import { VERSION_TOMBSTONED } from "./rules/lifecycle.ts";
import { checkReturns } from "./rules/returns.ts";
import { finding } from "./rules/rule.ts";
import { tailorFixes } from "./rules/tailor.ts";
import { tailorVersionedFixes } from "./rules/versioned-fixes.ts";
import { checkOverlap } from "./rules/versioned-overlap.ts";
import { asVersioned, checkVersions, newestServed } from "./rules/versions.ts";
import { WAIVER_EXPIRED, WAIVER_UNUSED } from "./rules/waivers.ts";
import type { CheckOptions, CheckResult, Finding, Level } from "./types.ts";
import { applyWaivers } from "./waivers.ts";

/**
 * Would deploying `current` break a client built against `baseline`?
 *
 * @example
 * const result = checkCompat(readLock(), loadCurrent(), { now: "2026-11-20" });
 * if (!result.ok) process.exitCode = 1;
 * @returns `ok` false exactly when an unwaived breaking change exists; `changes` sorted by function, then path.
 */
export function checkCompat(
  baseline: AppSpec,
  current: AppSpec,
  options: CheckOptions,
): CheckResult {
  const { now } = options;
  if (!isIsoDate(now)) {
    throw new InputError(
      `now must be a YYYY-MM-DD date, got ${JSON.stringify(now)}.`,
      undefined,
      "now",
    );
  }
  const added: Record<string, FunctionSpec> = {};
  for (const [path, spec] of Object.entries(current.functions)) {
    if (!Object.hasOwn(baseline.functions, path)) added[path] = spec;
  }

  let findings: Finding[] = [];
  for (const path of Object.keys(baseline.functions).sort()) {
    const before = baseline.functions[path]!;
    const after = Object.hasOwn(current.functions, path) ? current.functions[path] : undefined;
    findings.push(
      ...(after ? checkPair(path, before, after, now) : checkRemoved(path, before, added, now)),
    );
  }
  for (const path of Object.keys(added).sort()) {
    const versioned = added[path]!.versioned;
    if (versioned) findings.push(...checkOverlap(path, versioned));
  }
  findings.push(...(options.pendingFindings ?? []));
  findings = distinct(findings);
  const levels = options.levels ?? {};
  for (const id of Object.keys(levels)) assertKnownRule(id, "rule levels");
  const internal = (id: string) => id === INTERNAL_FUNCTION_CHANGED.id;
  const waiver = (id: string) => id === WAIVER_EXPIRED.id || id === WAIVER_UNUSED.id;
  // The finding rule's level first (ARG_NO_DELETE=off drops it on internal functions too), then
  // the internal re-levelling of what is still breaking, then INTERNAL_FUNCTION_CHANGED's level.
  findings = applyLevels(
    findings,
    pickLevels(levels, (id) => !internal(id) && !waiver(id)),
  );
  findings = relevelInternal(findings, baseline, levels[INTERNAL_FUNCTION_CHANGED.id]);
  findings = withFingerprints(applyLevels(findings, pickLevels(levels, internal)));
  findings = beyondPendingJobs(findings, baseline);
  if (options.pendingTargets) findings = noPendingJobs(findings, options.pendingTargets);
  findings = applyWaivers(findings, options.waivers ?? [], now);
  findings = withFingerprints(applyLevels(findings, pickLevels(levels, waiver)));
  findings.sort(byFunctionThenPath);
  const overrides = effectiveOverrides(levels);
  return {
    ok: !findings.some((f) => f.level === "breaking" && !f.waived),
    changes: findings,
    ...(Object.keys(overrides).length > 0 ? { levels: overrides } : {}),
  };
}

/**
 * Each finding once: members of a union that change alike (a field added to every variant of a
 * `users` table that is a union of object types, a field several new variants lack) would
 * otherwise report it once per member, with only the example value differing: the first is kept.
 */
function distinct(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const { witness: _witness, noWitness: _noWitness, ...same } = f;
    const key = JSON.stringify(same);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The function specs `checkPair` found equal, before → after: `sameApp` takes them as equal without
 * walking them again (`check` asks it of the same objects right after, to record a lock found
 * equal to the code: ~15 ms on 1,000 functions).
 */
const equalSpecs = new WeakMap<FunctionSpec, FunctionSpec>();

function checkPair(
  path: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
): Finding[] {
  // Most functions do not change between two deploys: an identical spec has nothing to report.
  if (sameJson(before, after)) {
    equalSpecs.set(before, after);
    return [];
  }
  // A call made as the wrong kind, or to an internal function, fails whatever its args: stop there.
  const kind = checkKind(path, before.kind, after.kind);
  if (kind.length > 0) return kind;
  const visibility = checkVisibility(path, before.visibility, after.visibility, now);
  if (visibility.length > 0) return visibility;

  if (before.versioned && after.versioned) {
    return [
      ...tailorVersionedFixes(checkVersions(path, before, after, now), path, before, after, now),
      ...checkOverlap(path, after.versioned, before.versioned),
    ];
  }
  if (after.versioned && isTombstone(after)) {
    return [
      finding(
        VERSION_TOMBSTONED,
        path,
        `Function "${path}" was turned into a tombstone; old clients calling it now get VERSION_REMOVED.`,
      ),
    ];
  }
  if (after.versioned) {
    // Plain → versioned: old calls are served by whichever version accepts them.
    const label = newestServed(after.versioned);
    return [
      ...tailorVersionedFixes(
        checkVersions(path, asVersioned(before, label), after, now, label),
        path,
        before,
        after,
        now,
      ),
      ...checkOverlap(path, after.versioned),
    ];
  }
  if (before.versioned) {
    // Versioned → plain: the plain function plays the newest version; older ones were removed.
    const label = newestServed(before.versioned);
    const newest = before.versioned.versions.find((v) => v.label === label);
    const findings = checkVersions(path, before, asVersioned(after, label), now, label);
    if (!newest) return findings;
    // The plain function replaced the newest version: the fix is to make it versioned again.
    const { versioned: _chain, ...plain } = before;
    const was = { ...plain, args: newest.args, returns: newest.returns };
    return tailorFixes(findings, path, was, after, now);
  }
  const findings = [
    ...checkArgs(path, ...argsPair(before, after)),
    ...checkReturns(path, before, after),
  ];
  return tailorFixes(findings, path, before, after, now);
}

/** Deep equality of two JSON values, object key order ignored (the lock is sorted, the loader is not). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    count++;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) count--;
  return count === 0;
}

/** `sameJson(a, b)` for two apps, with the function pairs `checkCompat` found equal taken as such. */
export function sameApp(a: AppSpec, b: AppSpec): boolean {
  const { functions: left, ...restA } = a;
  const { functions: right, ...restB } = b;
  if (!sameJson(restA, restB)) return false;
  const ids = Object.keys(left);
  if (ids.length !== Object.keys(right).length) return false;
  for (const id of ids) {
    if (!Object.hasOwn(right, id)) return false;
    const before = left[id]!;
    const after = right[id]!;
    if (equalSpecs.get(before) !== after && !sameJson(before, after)) return false;
  }
  return true;
}

function isTombstone(spec: FunctionSpec): boolean {
  const v = spec.versioned!;
  const served = v.versions.filter((x) => v.serves.includes(x.label));
  return served.length > 0 && served.every((x) => x.removed);
}

const LEVEL_ORDER: Record<Level, number> = { breaking: 0, dangerous: 1, info: 2 };

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of `changes`: function, path, level, rule, message. */
export function byFunctionThenPath(a: Finding, b: Finding): number {
  return (
    compare(a.function, b.function) ||
    compare(a.path ?? "", b.path ?? "") ||
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    compare(a.rule, b.rule) ||
    compare(a.message, b.message)
  );
}
