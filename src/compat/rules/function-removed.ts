/**
 * A function in the baseline that the current side no longer has. Emits FUNCTION_NO_DELETE (with
 * "looks like a rename" when an added function fits), FUNCTION_NO_MOVE (same export name in another
 * module), and for versioned baselines the lifecycle verdict: VERSION_REMOVED_AFTER_SUNSET,
 * REMOVED_BEFORE_SUNSET or TOMBSTONE_DELETED.
 */
import type { ValidatorJSON } from "../../meta.ts";
import type { FunctionSpec } from "../../model.ts";
import type { Finding } from "../types.ts";
import { canonicalShared, validatorKey } from "../validator/canonical.ts";
import { argsCode } from "../validator/code.ts";
import { describeValidator } from "../validator/describe.ts";
import { compareArgs, compareReturns } from "../validator/subsume.ts";
import {
  pastSunset,
  REMOVED_BEFORE_SUNSET,
  sunsetText,
  TOMBSTONE_DELETED,
  VERSION_REMOVED_AFTER_SUNSET,
} from "./lifecycle.ts";
import { isVoid, returnsContract } from "./returns-contract.ts";
import { finding, type RuleSpec, rule } from "./rule.ts";
import {
  argsVersionSnippet,
  exportName,
  modulePath,
  relativeModule,
  renameSnippet,
  restoreSnippet,
} from "./snippets.ts";

const TOMBSTONE = `or leave a tombstone so old clients get a typed VERSION_REMOVED error instead of "Could not find public function": add \`.version("<old label>", { name: "<oldName>", removed: { since: "<today>" } })\` as the first version of the definition that replaced it.`;

export const FUNCTION_NO_DELETE = rule({
  id: "FUNCTION_NO_DELETE",
  level: "breaking",
  purpose: "Checks that no function is deleted (or renamed) while old clients may call it.",
  doc: 'Clients call functions by path ("messages:send"). After a delete or rename, every old client\'s call fails with "Could not find public function" until it reloads. Deleting is fine once the baseline marked the function deprecated with a `removeAfter` date that has passed.',
  fix: `Keep the old name served. To rename, serve both names from one definition; the old name keeps its old args (\`up\` adapts them, omit it when the args did not change):

\`\`\`ts
export const { newName, oldName } = defineVersioned(mutation, { name: "newName" })
  .version("2026-01-01", {
    name: "oldName",                                   // the deleted export, kept alive
    args: { /* the baseline's args */ },
    deprecated: { since: "2026-03-01", removeAfter: "2026-06-01" },
  })
  .version("2026-03-01", { args: { /* the new args */ } })
  .handler(async (ctx, args) => { /* … */ });
\`\`\`

${TOMBSTONE}`,
});

export const FUNCTION_NO_MOVE = rule({
  id: "FUNCTION_NO_MOVE",
  level: "breaking",
  purpose: "Checks that no function moves to another module (same export name, other file).",
  doc: 'The module is part of the function\'s path (`messages:send` vs `chat/messages:send`); old clients call the old path and get "Could not find public function".',
  fix: `Re-export it from the old module so both paths are served:

\`\`\`ts
// convex/<old module>.ts
export { <name> } from "./<new module>";
\`\`\``,
});

export const FUNCTION_RULES: RuleSpec[] = [FUNCTION_NO_DELETE, FUNCTION_NO_MOVE];

/**
 * @param added functions only the current side has (candidates for a move or a rename), by path.
 */
export function checkRemoved(
  fn: string,
  before: FunctionSpec,
  added: Record<string, FunctionSpec>,
  now: string,
): Finding[] {
  const lifecycle = removedVersioned(fn, before, now);
  if (lifecycle) return [lifecycle];

  const name = exportName(fn);
  const sameName = Object.keys(added)
    .filter((path) => exportName(path) === name && added[path]!.kind === before.kind)
    .sort();
  // A public function that reappears internal elsewhere is not a move old clients can follow: a
  // re-export of an internal function is internal too.
  const hidden = (path: string) =>
    before.visibility === "public" && added[path]!.visibility !== "public";
  const moved = sameName.filter((path) => !hidden(path));
  if (moved.length > 0) {
    const to = moved[0]!;
    return [movedFinding(fn, to, before, added[to]!, now)];
  }
  const internal = sameName[0];
  const internalNote = internal
    ? ` Its name now belongs to the internal "${internal}", which clients cannot call.`
    : "";

  const rename = renameCandidate(fn, before, added);
  if (rename) {
    return [
      finding(
        FUNCTION_NO_DELETE,
        fn,
        `Function "${fn}" was removed; it looks like a rename of "${fn}" → "${rename}". Old clients still call "${fn}".`,
        {
          fix: `Serve the old name from the new definition (one handler; the old name keeps its args and result):\n\n${renameSnippet(fn, rename, before, added[rename]!, now)}\n\n${tombstoneText(fn, now)}`,
        },
      ),
    ];
  }
  return [
    finding(
      FUNCTION_NO_DELETE,
      fn,
      `Function "${fn}" was removed; old clients still call it.${internalNote}`,
      {
        fix: `Put it back, deprecated, so old clients keep working until the date and \`check\` allows deleting it after:\n\n${restoreSnippet(fn, before, now)}\n\n${tombstoneText(fn, now)}`,
      },
    ),
  ];
}

/**
 * A move: a re-export serves the old path, but only with the new contract. When the args changed
 * too, old calls would still be rejected: the new module serves the old args as a version of
 * their own (adapted up), and the old module re-exports that. A changed result cannot be fixed
 * by a re-export (one function, one result for both paths): said plainly.
 */
function movedFinding(
  fn: string,
  to: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
): Finding {
  const name = exportName(fn);
  const from = relativeModule(modulePath(fn), modulePath(to));
  const reexport = [
    `// convex/${modulePath(fn)}.ts: the old path is "${fn}", so export it from there too`,
    `export { ${name} } from "${from}";`,
  ];
  const accepted = after.versioned ? servedArgs(after) : after.args;
  const argsChanged = !compareArgs(before.args, accepted).compatible;
  const was = returnsContract(before);
  const is = returnsContract(after);
  const returnsChanged = !!was && !!is && !compareReturns(was.validator, is.validator).compatible;
  const resultNote = returnsChanged
    ? `\n\nIts result changed too (${describeValidator(was!.validator)} → ${describeValidator(is!.validator)}): through a re-export old clients get the new shape. Keep "${fn}" as a function of its own in \`convex/${modulePath(fn)}.ts\` that returns the old shape (sharing the handler's code) until old clients are gone.`
    : "";
  if (!argsChanged || after.versioned) {
    const chainNote =
      argsChanged && after.versioned
        ? `\n\nIts args changed too: add a version with the old args (\`args: ${argsCode(before.args)}\`) first in the chain of "${to}", with \`up\` on the version after it, so the re-export accepts old calls.`
        : "";
    return finding(
      FUNCTION_NO_MOVE,
      fn,
      `Function "${fn}" was moved to "${to}"${argsChanged ? " and its args changed" : ""}; old clients still call "${fn}".`,
      {
        fix: `Re-export it from the old module so both paths are served:\n\n\`\`\`ts\n// convex/${modulePath(fn)}.ts\nexport { ${name} } from "${from}";\n\`\`\`${chainNote}${resultNote}`,
      },
    );
  }
  return finding(
    FUNCTION_NO_MOVE,
    fn,
    `Function "${fn}" was moved to "${to}" and its args changed; old clients still call "${fn}" with the old args.`,
    {
      fix: `A plain re-export would still reject old calls (the args changed). Serve the old args as their own version of "${name}" in the new module (\`up\` adapts them to the new args), and re-export it from the old module so the old path is served too:\n\n${argsVersionSnippet(to, before, after, now, ["", ...reexport])}${resultNote}`,
    },
  );
}

function servedArgs(spec: FunctionSpec): ValidatorJSON {
  const v = spec.versioned!;
  const live = v.versions.filter((x) => v.serves.includes(x.label) && !x.removed);
  if (live.length === 0) return spec.args;
  return live.length === 1 ? live[0]!.args : { type: "union", value: live.map((x) => x.args) };
}

/** The tombstone alternative, with the function's own name and today's date. */
function tombstoneText(fn: string, now: string): string {
  return `Or, to stop serving it on purpose, leave a tombstone: old clients then get a typed VERSION_REMOVED error ("reload the app") instead of "Could not find public function". Add \`.version("legacy", { name: "${exportName(fn)}", removed: { since: "${now}" } })\` as the first version of a definition in \`convex/${modulePath(fn)}.ts\`.`;
}

/** For a versioned baseline: the lifecycle verdict, or undefined when it was never deprecated. */
function removedVersioned(fn: string, before: FunctionSpec, now: string): Finding | undefined {
  const versioned = before.versioned;
  if (!versioned) return undefined;
  const served = versioned.versions.filter((v) => versioned.serves.includes(v.label));
  const live = served.filter((v) => !v.removed);
  if (served.length > 0 && live.length === 0) {
    return finding(
      TOMBSTONE_DELETED,
      fn,
      `Tombstone "${fn}" was deleted; old clients calling it now get "Could not find public function" instead of VERSION_REMOVED.`,
    );
  }
  if (live.length > 0 && live.every((v) => pastSunset(v, now))) {
    const dates = [...new Set(live.map((v) => v.deprecated!.removeAfter!))].sort().join(", ");
    return finding(
      VERSION_REMOVED_AFTER_SUNSET,
      fn,
      `Function "${fn}" was deleted after its removeAfter date (${dates}).`,
    );
  }
  const early = live.filter((v) => v.deprecated && !pastSunset(v, now));
  if (early.length > 0) {
    const v = early[0]!;
    return finding(
      REMOVED_BEFORE_SUNSET,
      fn,
      `Function "${fn}" was deleted before its sunset: version "${v.label}" is deprecated but ${sunsetText(v)} (today is ${now}); old clients may still call it.`,
      { version: v.label },
    );
  }
  return undefined;
}

/**
 * An added function that looks like the removed one renamed: same kind and visibility, and it
 * accepts every call the old one accepted. Args that take nothing in particular (no validator, or
 * `{}`) say nothing: any argless function accepts those calls (a job's migrations, replaced by
 * another, looked like renames of each other). Then it counts only when both sides take no args
 * and return the same contract, one that says something (not `any`, not nothing), and only when
 * it is the single such candidate.
 */
function renameCandidate(
  fn: string,
  before: FunctionSpec,
  added: Record<string, FunctionSpec>,
): string | undefined {
  const sameKind = Object.keys(added)
    .sort()
    .filter((path) => {
      const after = added[path]!;
      return after.kind === before.kind && after.visibility === before.visibility;
    });
  if (argless(before.args)) {
    const was = returnsContract(before);
    if (!was || was.validator.type === "any" || isVoid(was.validator)) return undefined;
    const key = validatorKey(canonicalShared(was.validator));
    const fits = sameKind.filter((path) => {
      const after = added[path]!;
      const is = returnsContract(after);
      return argless(after.args) && !!is && validatorKey(canonicalShared(is.validator)) === key;
    });
    return byName(fn, fits);
  }
  const fits = sameKind.filter((path) => {
    const after = added[path]!;
    return after.args.type !== "any" && compareArgs(before.args, after.args).compatible;
  });
  const oldKey = validatorKey(canonicalShared(before.args));
  const exact = fits.filter((path) => validatorKey(canonicalShared(added[path]!.args)) === oldKey);
  return byName(fn, exact.length > 0 ? exact : fits);
}

/** What a path is called: its export and its module's file name, lowercase, no leading `_`. */
function namesOf(path: string): string[] {
  const file = modulePath(path).split("/").pop()!;
  return [exportName(path), file]
    .filter((n) => n !== "default")
    .map((n) => n.replace(/^_+/, "").toLowerCase())
    .filter((n) => n.length >= 3);
}

/**
 * The one candidate a rename went to: the only one, or the only one whose name carries the old
 * one (`lists:publish` → `publishList:default`, not `unpublishList` or `deleteList`, which take the
 * same args). Several and no name to tell them apart: none (seen on a public app, where three
 * removed functions were all said to be renames of one added function, and their fixes would have
 * served old "publish" calls with its "delete" handler).
 */
function byName(fn: string, candidates: string[]): string | undefined {
  if (candidates.length <= 1) return candidates[0];
  const old = namesOf(fn);
  const related = (test: (a: string, b: string) => boolean) =>
    candidates.filter((path) =>
      namesOf(path).some((name) => old.some((was) => test(name, was) || test(was, name))),
    );
  const prefixed = related((a, b) => a.startsWith(b));
  if (prefixed.length === 1) return prefixed[0];
  const mentioned = related((a, b) => a.includes(b));
  return mentioned.length === 1 ? mentioned[0] : undefined;
}

/** No args validator, or an object of no fields: every argless call fits it. */
function argless(args: ValidatorJSON): boolean {
  return args.type === "any" || (args.type === "object" && Object.keys(args.value).length === 0);
}
