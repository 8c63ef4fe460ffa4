/**
 * Definition-time checks: everything that can be wrong with a version chain is reported when the
 * module loads (so `npx convex dev`/`deploy` and every test fail fast), naming the definition and label.
 * Returns the chain resolved: object validators built, `returns` inherited, JSON precomputed.
 */
import type { GenericValidator, VObject } from "convex/values";
import { VersionedDefinitionError } from "../errors.ts";
import { compareIsoDates, isIsoDate } from "../lifecycle/dates.ts";
import type { ValidatorJSON } from "../meta.ts";
import { canonicalString, validatorJson } from "./canonical.ts";
import type { Adapter, ChainDef, VersionEntry } from "./chain.ts";
import { type Flavor, flavorOf } from "./flavor.ts";

export interface ResolvedVersion {
  label: string;
  exportName: string;
  /** Object validator of this version's args; undefined for a tombstone declared without args. */
  args: VObject<any, any, any> | undefined;
  /** The args and returns as declared (Convex validators, or zod with the zod flavor). */
  rawArgs: unknown;
  rawReturns: unknown;
  argsJson: ValidatorJSON;
  /** Field names a caller of this version may send. */
  fields: ReadonlySet<string>;
  /** Declared or inherited returns validator. */
  returns: GenericValidator | undefined;
  returnsJson: ValidatorJSON | null;
  up: Adapter | undefined;
  down: Adapter | undefined;
  deprecated: VersionEntry["deprecated"];
  removed: VersionEntry["removed"];
}

const argsKeys = new WeakMap<ResolvedVersion, string>();

/**
 * A version's args in canonical form, to compare with another's. Made on first use: only a
 * version without `up`, and versions sharing an export name, are compared, and a module defining
 * many chains pays for this at every load (in Convex, each time an isolate loads it).
 */
function argsKey(version: ResolvedVersion): string {
  let key = argsKeys.get(version);
  if (key === undefined) {
    key = canonicalString(version.argsJson);
    argsKeys.set(version, key);
  }
  return key;
}

/** Convex's rule for export names (and so for function paths' last segment). */
const EXPORT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Labels end up in log lines, lock files and error data: keep them plain. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,63}$/;
const KNOWN_OPTIONS = new Set(["name", "args", "returns", "up", "down", "deprecated", "removed"]);

export function checkDefinitionName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !EXPORT_NAME.test(name)) {
    throw new VersionedDefinitionError(
      String(name),
      undefined,
      `the definition name ${JSON.stringify(name)} is not a valid Convex export name ` +
        "(letters, digits and _, not starting with a digit, at most 64 characters).",
    );
  }
}

function checkDates(fail: (p: string) => never, entry: VersionEntry): void {
  const { deprecated, removed } = entry;
  if (deprecated !== undefined) {
    if (typeof deprecated !== "object" || deprecated === null) {
      fail("`deprecated` must be { since, removeAfter?, reason? }.");
    }
    if (!isIsoDate(deprecated.since)) {
      fail(`deprecated.since ${JSON.stringify(deprecated.since)} is not a YYYY-MM-DD date.`);
    }
    if (deprecated.removeAfter !== undefined) {
      if (!isIsoDate(deprecated.removeAfter)) {
        fail(
          `deprecated.removeAfter ${JSON.stringify(deprecated.removeAfter)} is not a YYYY-MM-DD date.`,
        );
      }
      if (compareIsoDates(deprecated.removeAfter, deprecated.since) < 0) {
        fail(
          `deprecated.removeAfter (${deprecated.removeAfter}) is before deprecated.since ` +
            `(${deprecated.since}).`,
        );
      }
    }
  }
  if (removed !== undefined) {
    if (typeof removed !== "object" || removed === null || !isIsoDate(removed.since)) {
      fail(`removed.since ${JSON.stringify(removed?.since)} is not a YYYY-MM-DD date.`);
    }
  }
}

export function checkChain(def: ChainDef): ResolvedVersion[] {
  const { name, versions } = def;
  const flavor: Flavor = flavorOf(def);
  if (typeof def.builder !== "function") {
    throw new VersionedDefinitionError(
      name,
      undefined,
      "the first argument must be a Convex function builder (query, mutation, action, an internal " +
        "variant, or a convex-helpers custom builder).",
    );
  }
  if (versions.length === 0) {
    throw new VersionedDefinitionError(
      name,
      undefined,
      "declare at least one .version(...) before .handler(...).",
    );
  }
  const seen = new Set<string>();
  const resolved: ResolvedVersion[] = [];
  let previousLive: ResolvedVersion | undefined;
  let inheritedReturns: { raw: unknown; validator: GenericValidator } | undefined;

  for (const entry of versions) {
    const label = entry.label;
    const fail = (problem: string): never => {
      throw new VersionedDefinitionError(
        name,
        typeof label === "string" ? label : String(label),
        problem,
      );
    };
    if (typeof label !== "string" || !LABEL.test(label)) {
      fail(
        "the label must be a non-empty string of letters, digits and . _ : + - " +
          "(ISO dates like 2026-06-01 are recommended).",
      );
    }
    if (seen.has(label))
      fail("this label is already used by an earlier version; labels must be unique.");
    seen.add(label);
    for (const key of Object.keys(entry)) {
      if (key !== "label" && !KNOWN_OPTIONS.has(key)) {
        fail(`unknown option \`${key}\` (expected ${[...KNOWN_OPTIONS].join(", ")}).`);
      }
    }
    const exportName = entry.name ?? name;
    if (typeof exportName !== "string" || !EXPORT_NAME.test(exportName)) {
      fail(
        `the export name ${JSON.stringify(exportName)} is not a valid Convex export name ` +
          "(letters, digits and _, not starting with a digit, at most 64 characters).",
      );
    }
    checkDates(fail, entry);
    const isLast = entry === versions[versions.length - 1];

    if (entry.removed !== undefined) {
      if (entry.deprecated !== undefined)
        fail("a version is either `deprecated` or `removed`, not both.");
      if (entry.up || entry.down)
        fail("a removed version is never served, so it takes no `up`/`down`.");
      if (entry.returns !== undefined)
        fail("a removed version always throws; it takes no `returns`.");
      if (previousLive !== undefined || isLast) {
        fail(
          "removed versions must come before every served version: the chain adapts old calls up to " +
            "the current handler, and a removed version in the middle (or at the end) would break it.",
        );
      }
      const args = entry.args === undefined ? undefined : objectArgs(flavor, fail, entry.args);
      const argsJson: ValidatorJSON = args ? validatorJson(args) : { type: "any" };
      resolved.push({
        label,
        exportName,
        args,
        rawArgs: entry.args,
        rawReturns: undefined,
        argsJson,
        fields: new Set(args ? Object.keys(args.fields) : []),
        returns: undefined,
        returnsJson: null,
        up: undefined,
        down: undefined,
        deprecated: undefined,
        removed: entry.removed,
      });
      continue;
    }

    if (entry.args === undefined) fail("`args` is required (use `args: {}` for none).");
    const args = objectArgs(flavor, fail, entry.args);
    const argsJson = validatorJson(args);
    if (entry.returns !== undefined) {
      const problem = flavor.checkReturns(entry.returns);
      if (problem) fail(problem);
    }
    const declared =
      entry.returns === undefined
        ? inheritedReturns
        : { raw: entry.returns, validator: flavor.convexReturns(entry.returns) };
    const returns = declared?.validator;
    const returnsJson = returns ? validatorJson(returns) : null;
    if (entry.up !== undefined && typeof entry.up !== "function") fail("`up` must be a function.");
    if (entry.down !== undefined && typeof entry.down !== "function")
      fail("`down` must be a function.");

    const version: ResolvedVersion = {
      label,
      exportName,
      args,
      rawArgs: entry.args,
      rawReturns: declared?.raw,
      argsJson,
      fields: new Set(Object.keys(args.fields)),
      returns,
      returnsJson,
      up: entry.up,
      down: entry.down,
      deprecated: entry.deprecated,
      removed: undefined,
    };

    if (previousLive === undefined) {
      if (entry.up)
        fail("the first served version has no previous version for `up` to adapt from.");
      if (entry.down)
        fail("the first served version has no previous version for `down` to adapt to.");
    } else {
      if (!entry.up && argsKey(version) !== argsKey(previousLive)) {
        fail(
          `its args differ from version "${previousLive.label}", so it needs \`up: (prev, ctx) => …\` ` +
            `mapping "${previousLive.label}" args to this version's.`,
        );
      }
      const prevReturns = previousLive.returnsJson;
      // An inherited `returns` is the previous version's own: equal without comparing.
      if (
        !entry.down &&
        entry.returns !== undefined &&
        prevReturns !== null &&
        returnsJson !== null &&
        canonicalString(prevReturns) !== canonicalString(returnsJson)
      ) {
        fail(
          `its returns differ from version "${previousLive.label}", so it needs ` +
            `\`down: (result, ctx) => …\` mapping this version's result to "${previousLive.label}"'s.`,
        );
      }
    }
    resolved.push(version);
    previousLive = version;
    inheritedReturns = declared;
  }

  checkExportClashes(name, resolved);
  return resolved;
}

function objectArgs(flavor: Flavor, fail: (problem: string) => never, value: unknown) {
  const problem = flavor.checkArgs(value);
  if (problem) fail(problem);
  return flavor.convexArgs(value);
}

/** Versions that share an export name must be told apart by their args alone. */
function checkExportClashes(name: string, versions: readonly ResolvedVersion[]): void {
  const byExport = new Map<string, ResolvedVersion[]>();
  for (const version of versions) {
    const group = byExport.get(version.exportName) ?? [];
    group.push(version);
    byExport.set(version.exportName, group);
  }
  for (const group of byExport.values()) {
    if (group.length < 2) continue;
    for (const version of group) {
      if (version.removed && !version.args) {
        throw new VersionedDefinitionError(
          name,
          version.label,
          `it is removed and shares the export "${version.exportName}" with other versions, so it ` +
            "needs `args` (the shape old clients sent) to tell its calls apart; or give it its own `name`.",
        );
      }
    }
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (argsKey(a) === argsKey(b)) {
          throw new VersionedDefinitionError(
            name,
            b.label,
            `it has the same export name ("${b.exportName}") and the same args as version ` +
              `"${a.label}", so calls could never reach "${a.label}". Give one of them another \`name\`.`,
          );
        }
      }
    }
  }
}
