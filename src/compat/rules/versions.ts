/**
 * Judge a versioned export with the dispatcher's view. The baseline accepted a call iff one of its
 * served versions' exact args accepted it; the current side must accept it through one of its
 * served versions (a tombstone answers with a typed error: lifecycle, not a crash). Returns are
 * judged per version: an old client gets the result of the version that serves its call.
 *
 * When only one side is versioned (a plain function turned into a `defineVersioned` chain, as the
 * fixes advise, or the other way round), the plain side stands as a one-version chain whose label
 * is the other side's newest served label: it pairs with the version that plays its role, and its
 * findings carry no version label (the plain side never had one).
 */
import type { ValidatorJSON, VersionMeta } from "../../meta.ts";
import type { FunctionSpec, VersionedSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { compareArgs } from "../validator/subsume.ts";
import { argFinding, witnessFields } from "./args.ts";
import {
  pastSunset,
  REMOVED_BEFORE_SUNSET,
  SUNSET_NO_SHORTEN,
  sunsetText,
  VERSION_DEPRECATED,
  VERSION_REMOVED_AFTER_SUNSET,
  VERSION_TOMBSTONED,
} from "./lifecycle.ts";
import { checkReturns } from "./returns.ts";
import { finding } from "./rule.ts";

function served(spec: VersionedSpec): VersionMeta[] {
  return spec.versions.filter((v) => spec.serves.includes(v.label));
}

function unionOf(validators: ValidatorJSON[]): ValidatorJSON {
  return validators.length === 1 ? validators[0]! : { type: "union", value: validators };
}

/** The return contract of a version; the export's inferred type stands for its newest version. */
function versionReturns(
  spec: FunctionSpec,
  v: VersionMeta,
): Pick<FunctionSpec, "returns" | "returnsInferred"> {
  const newest = spec.versioned!.serves[spec.versioned!.serves.length - 1];
  return {
    returns: v.returns,
    ...(v.label === newest && spec.returnsInferred
      ? { returnsInferred: spec.returnsInferred }
      : {}),
  };
}

/** A plain function as a chain of one version labelled `label`. */
export function asVersioned(spec: FunctionSpec, label: string): FunctionSpec {
  return {
    ...spec,
    versioned: {
      definition: "",
      current: label,
      serves: [label],
      versions: [{ label, exportName: "", args: spec.args, returns: spec.returns }],
    },
  };
}

/** The newest label an export serves: the version a plain function on the other side stands for. */
export function newestServed(spec: VersionedSpec): string {
  return spec.serves[spec.serves.length - 1] ?? spec.current;
}

export function checkVersions(
  fn: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
  /** The label standing for a plain side (see `asVersioned`): reported without a version. */
  plain?: string,
): Finding[] {
  const tag = (label: string) => (label === plain ? undefined : label);
  const oldServed = served(before.versioned!);
  const newServed = served(after.versioned!);
  const newLive = newServed.filter((v) => !v.removed);
  const accepted = newLive.length > 0 ? unionOf(newLive.map((v) => v.args)) : undefined;
  const out: Finding[] = [];

  for (const ov of oldServed) {
    if (ov.removed) continue; // it already answered with an error; anything now is no worse
    const nv = newServed.find((v) => v.label === ov.label);
    if (nv) out.push(...lifecycleChanges(fn, ov, nv, ov.label === plain));

    if (nv?.removed || (!nv && !accepted)) {
      const note = pastSunset(ov, now) ? "" : ` before its sunset (${sunsetText(ov)})`;
      out.push(
        finding(
          VERSION_TOMBSTONED,
          fn,
          `Version "${ov.label}" of "${fn}" was turned into a tombstone${note}; old clients calling it now get VERSION_REMOVED.`,
          {
            version: ov.label,
          },
        ),
      );
      continue;
    }
    if (!nv && pastSunset(ov, now)) {
      out.push(
        finding(
          VERSION_REMOVED_AFTER_SUNSET,
          fn,
          `Version "${ov.label}" of "${fn}" was deleted after its removeAfter date (${ov.deprecated!.removeAfter}).`,
          { version: ov.label },
        ),
      );
      continue;
    }

    const args = compareArgs(ov.args, accepted!);
    if (!nv) {
      if (!args.compatible) {
        const issue = args.issues[0]!;
        const why = ov.deprecated ? sunsetText(ov) : "it was not deprecated";
        out.push(
          finding(
            REMOVED_BEFORE_SUNSET,
            fn,
            `Version "${ov.label}" of "${fn}" was deleted before its sunset (${why}, today is ${now}); no remaining version accepts its calls.`,
            witnessFields(issue, ov.label),
          ),
        );
        continue;
      }
    } else {
      out.push(...args.issues.map((issue) => argFinding(fn, issue, tag(ov.label))));
    }

    // Whose result do old calls get? The same label when it takes them all, else the newest
    // version that does; when none takes them all (args broke, reported above), the same label
    // still answers the calls it accepts.
    const sameLabel = nv && !nv.removed ? nv : undefined;
    const serving =
      sameLabel && compareArgs(ov.args, sameLabel.args).compatible
        ? sameLabel
        : (servingVersion(ov, newLive) ?? sameLabel);
    if (serving) {
      out.push(
        ...checkReturns(
          fn,
          versionReturns(before, ov),
          versionReturns(after, serving),
          tag(ov.label),
        ),
      );
    }
  }
  return out;
}

/** The version a baseline version's calls now land on: the newest live one that accepts them all. */
function servingVersion(ov: VersionMeta, live: VersionMeta[]): VersionMeta | undefined {
  return [...live].reverse().find((v) => compareArgs(ov.args, v.args).compatible);
}

function lifecycleChanges(
  fn: string,
  ov: VersionMeta,
  nv: VersionMeta,
  /** `ov` stands for a plain function: the subject is the function, not a version of it. */
  plain: boolean,
): Finding[] {
  const subject = plain ? `Function "${fn}"` : `Version "${ov.label}" of "${fn}"`;
  const out: Finding[] = [];
  const was = ov.deprecated?.removeAfter;
  const is = nv.deprecated?.removeAfter;
  if (was && is && is < was) {
    out.push(
      finding(
        SUNSET_NO_SHORTEN,
        fn,
        `The removeAfter date of version "${ov.label}" of "${fn}" moved earlier, from ${was} to ${is}.`,
        {
          version: ov.label,
        },
      ),
    );
  }
  if (!ov.deprecated && nv.deprecated) {
    const until = nv.deprecated.removeAfter ? `, removeAfter ${nv.deprecated.removeAfter}` : "";
    out.push(
      finding(
        VERSION_DEPRECATED,
        fn,
        `${subject} was deprecated (since ${nv.deprecated.since}${until}).`,
        {
          version: ov.label,
        },
      ),
    );
  }
  return out;
}
