/**
 * Fixes for an export that is already a `defineVersioned` chain: the chain exists, so the fix is
 * the version to add or restore in it, with the user's own export, labels, fields and types
 * (never a template with other names). An args break on the newest version means it was edited
 * in place: restore it and add the new shape as a version after it, `up` filling the new fields.
 * A returns break: restore the old result and serve the new one from a version under a new name,
 * `down` turning it back.
 */
import type { VersionMeta } from "../../meta.ts";
import type { FunctionSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { argsCode, validatorCode } from "../validator/code.ts";
import { describeValidator } from "../validator/describe.ts";
import { ARG_ADVICE } from "./args.ts";
import { REMOVED_BEFORE_SUNSET } from "./lifecycle.ts";
import { RETURNS_ADVICE } from "./returns.ts";
import { downLines, exportName, fence, modulePath, upLines, versionBlock } from "./snippets.ts";

function liveServed(spec: FunctionSpec): VersionMeta[] {
  const v = spec.versioned!;
  return v.versions.filter((x) => v.serves.includes(x.label) && !x.removed);
}

function where(path: string, spec: FunctionSpec): string {
  return `// convex/${modulePath(path)}.ts, in defineVersioned(…, { name: "${spec.versioned!.definition || exportName(path)}" })`;
}

const PAD = "    ";

/** `name: "x",` when the version is served under an export other than the definition's name. */
function nameOf(v: VersionMeta, after: FunctionSpec): string[] {
  return v.exportName && v.exportName !== after.versioned!.definition
    ? [`${PAD}name: "${v.exportName}",`]
    : [];
}

function returnsOf(v: VersionMeta): string[] {
  return v.returns ? [`${PAD}returns: ${validatorCode(v.returns, PAD)},`] : [];
}

/**
 * The baseline version a finding concerns (its label, or for a plain baseline the function
 * itself) and the current chain's newest live version; undefined when the finding is not about one.
 */
function pair(f: Finding, before: FunctionSpec, after: FunctionSpec) {
  const newest = liveServed(after).at(-1);
  if (!newest) return undefined;
  const old: VersionMeta | undefined = before.versioned
    ? before.versioned.versions.find((v) => v.label === f.version)
    : {
        label: "legacy",
        exportName: exportName(f.function),
        args: before.args,
        returns: before.returns,
      };
  return old ? { old, newest } : undefined;
}

function argsFix(path: string, f: Finding, before: FunctionSpec, after: FunctionSpec, now: string) {
  const found = pair(f, before, after);
  if (!found) return undefined;
  const { old, newest } = found;
  const advice = ARG_ADVICE[f.rule];
  if (!before.versioned) {
    // Plain → versioned: the plain function's calls need a version of their own, first in the chain.
    const first = liveServed(after)[0]!.label;
    const name = exportName(path);
    const named = name === after.versioned!.definition ? [] : [`${PAD}name: "${name}",`];
    return `${advice}, or serve the old args as the first version of the chain: old calls match it and \`up\` on "${first}" adapts them.\n\n${fence(
      [
        `${where(path, after)}: first in the chain`,
        ...versionBlock(old.label, [
          ...named,
          `${PAD}args: ${argsCode(old.args, PAD)}, // the baseline's args`,
          ...returnsOf(old),
        ]),
        `  // and on "${first}": up from these args`,
      ],
    )}`;
  }
  const edited = old.label === newest.label;
  if (!edited) {
    return `${advice}, or restore the args of version "${old.label}" of "${path}" as the baseline has them (a version old clients call is never edited; add a new one instead):\n\n${fence(
      [
        where(path, after),
        ...versionBlock(old.label, [
          `${PAD}args: ${argsCode(old.args, PAD)}, // as in the baseline`,
          `${PAD}// …the rest unchanged`,
        ]),
      ],
    )}`;
  }
  return `${advice}, or keep version "${old.label}" of "${path}" as the baseline has it and add the new args as a version after it: old calls keep matching "${old.label}" and \`up\` adapts them.\n\n${fence(
    [
      where(path, after),
      ...versionBlock(old.label, [
        ...nameOf(old, after),
        `${PAD}args: ${argsCode(old.args, PAD)}, // as in the baseline`,
        ...returnsOf(old),
      ]),
      ...versionBlock(now, [
        ...nameOf(old, after),
        `${PAD}args: ${argsCode(newest.args, PAD)},`,
        ...upLines(old.args, newest.args, PAD),
        ...(newest.returns && old.returns ? downLines(old, newest, PAD) : []),
      ]),
    ],
  )}`;
}

function returnsFix(
  path: string,
  f: Finding,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
) {
  const found = pair(f, before, after);
  const was = found?.old.returns;
  const is = found?.newest.returns;
  if (!found || !was || !is) return undefined;
  const { old, newest } = found;
  const name = old.exportName || exportName(path);
  const next = `${name}V2`;
  const advice = f.inferred ? undefined : RETURNS_ADVICE[f.rule];
  return `${advice ? `${advice}, or keep` : "Keep"} version "${old.label}" of "${path}" returning ${describeValidator(was)} and serve the new result from a version under a new name, "${next}" (calls matching both would otherwise get the newest shape); \`down\` turns it into the old one:\n\n${fence(
    [
      where(path, after),
      ...versionBlock(old.label, [
        ...nameOf(old, after),
        `${PAD}args: ${argsCode(old.args, PAD)},`,
        `${PAD}returns: ${validatorCode(was, PAD)}, // as in the baseline`,
      ]),
      ...versionBlock(now, [
        `${PAD}name: "${next}", // new clients call this`,
        `${PAD}args: ${argsCode(newest.args, PAD)},`,
        ...upLines(old.args, newest.args, PAD),
        `${PAD}returns: ${validatorCode(is, PAD)},`,
        ...downLines(old, newest, PAD),
      ]),
    ],
  )}`;
}

/** A version deleted before its sunset: put that version back, deprecated, or as a tombstone. */
function removedFix(
  path: string,
  f: Finding,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
) {
  const old = before.versioned?.versions.find((v) => v.label === f.version);
  if (!old) return undefined;
  const deprecated = old.deprecated
    ? `{ since: "${old.deprecated.since}"${old.deprecated.removeAfter ? `, removeAfter: "${old.deprecated.removeAfter}"` : ""} }`
    : `{ since: "${now}", removeAfter: "<a date after which no calls are expected>" }`;
  const name = nameOf(old, after);
  return `Put version "${old.label}" of "${path}" back in its place in the chain and let its sunset pass first (\`convex-versioned report\` says when it is \`removable\`); \`up\` on the version after it adapts its calls:\n\n${fence(
    [
      where(path, after),
      ...versionBlock(old.label, [
        ...name,
        `${PAD}args: ${argsCode(old.args, PAD)},`,
        ...returnsOf(old),
        `${PAD}deprecated: ${deprecated},`,
      ]),
    ],
  )}\n\nOr, to stop serving it now, make it a tombstone (old clients get a typed VERSION_REMOVED error, "reload the app"): \`.version("${old.label}", { ${name.length > 0 ? `name: "${old.exportName}", ` : ""}removed: { since: "${now}" } })\` in its place.`;
}

/** Tailored fixes for args and returns findings on a versioned export; others unchanged. */
export function tailorVersionedFixes(
  findings: Finding[],
  path: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
): Finding[] {
  if (!after.versioned) return findings;
  // Several findings of one version share their fix (one chain for three changed args).
  const made = new Map<string, string | undefined>();
  return findings.map((f) => {
    if (f.rule === REMOVED_BEFORE_SUNSET.id) {
      const fix = removedFix(path, f, before, after, now);
      return fix ? { ...f, fix } : f;
    }
    const kind = ARG_ADVICE[f.rule] ? "args" : RETURNS_ADVICE[f.rule] ? "returns" : undefined;
    if (!kind) return f;
    const key = `${f.rule}\u0000${f.version ?? ""}\u0000${f.inferred === true}`;
    if (!made.has(key)) {
      made.set(
        key,
        kind === "args"
          ? argsFix(path, f, before, after, now)
          : returnsFix(path, f, before, after, now),
      );
    }
    const fix = made.get(key);
    return fix ? { ...f, fix } : f;
  });
}
