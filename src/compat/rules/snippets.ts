/**
 * Fixes with the app's own code in them: the `defineVersioned` chain that keeps an old client
 * working, filled in with the function's real export name, builder, the baseline's exact args and
 * returns (as `v.…` code) and the current ones. Used for plain (not yet versioned) functions, where
 * the fix is "make it versioned"; rules fall back to their generic fix elsewhere.
 *
 * Labels: the old shape gets `"legacy"` (labels are free-form and only their order matters), the
 * new one today's date, as DESIGN recommends ISO dates. Every snippet compiles once pasted; what
 * only the developer knows is a `// TODO` next to a placeholder (`undefined as never`, `result as
 * never`) that fails Convex's args or returns validation until it is filled in: loud, not silent.
 */
import { addDays } from "../../lifecycle/dates.ts";
import type { ValidatorJSON } from "../../meta.ts";
import type { FunctionSpec } from "../../model.ts";
import { sameValidator, validatorKey } from "../validator/canonical.ts";
import { argsCode, defaultCode, validatorCode } from "../validator/code.ts";
import { describeValidator } from "../validator/describe.ts";
import { compareArgs, type Issue, isBlocking } from "../validator/subsume.ts";
import { returnsContract } from "./returns-contract.ts";
import { subPath } from "./rule.ts";

/** `mutation`, `internalQuery`, …: the builder the function was made with. */
export function builderName(spec: Pick<FunctionSpec, "kind" | "visibility">): string {
  return spec.visibility === "internal"
    ? `internal${spec.kind[0]!.toUpperCase()}${spec.kind.slice(1)}`
    : spec.kind;
}

export function exportName(path: string): string {
  return path.slice(path.lastIndexOf(":") + 1);
}

export function modulePath(path: string): string {
  return path.slice(0, path.lastIndexOf(":"));
}

/** How many days a restored function is promised for, when the fix has to pick a date. */
const GRACE_DAYS = 90;

export function returnsLine(spec: Pick<FunctionSpec, "returns" | "returnsInferred">, pad: string) {
  const contract = returnsContract(spec);
  if (!contract) return [];
  const note = contract.inferred ? " // inferred from its TypeScript type" : "";
  return [`${pad}returns: ${validatorCode(contract.validator, pad)},${note}`];
}

/** `.version(label, { … })` lines, indented for a chain. */
export function versionBlock(label: string, lines: string[]): string[] {
  return [`  .version(${JSON.stringify(label)}, {`, ...lines, "  })"];
}

/** The new version of a chain: the current args, `up` from the old ones, returns and `down`. */
function newVersion(before: FunctionSpec, after: FunctionSpec, now: string): string[] {
  const pad = "    ";
  return versionBlock(now, [
    `${pad}args: ${argsCode(after.args, pad)},`,
    ...upLines(before.args, after.args, pad),
    ...returnsLine(after, pad),
    ...downLines(before, after, pad),
  ]);
}

/**
 * The first line of a definition serving `names`, and the lines after its chain: `default` cannot
 * be a binding (`export const { default } = …` is a syntax error), so a default export is bound to
 * a local name and exported on its own.
 */
function exportsOf(names: string[], definition: string): { head: string; tail: string[] } {
  if (!names.includes("default"))
    return { head: `export const { ${names.join(", ")} } = ${definition}`, tail: [] };
  const others = names.filter((n) => n !== "default");
  const bound = names.map((n) => (n === "default" ? "default: versioned" : n)).join(", ");
  return {
    head: `const { ${bound} } = ${definition}`,
    tail: [
      "export default versioned;",
      ...(others.length ? [`export { ${others.join(", ")} };`] : []),
    ],
  };
}

/** The chain's `.handler(…)`, with a comment saying which handler goes there. */
function handlerLines(comment: string): string[] {
  return ["  .handler(async (ctx, args) => {", `    // ${comment}`, "  });"];
}

/**
 * The `up` adapter from the old args to the new ones: identity when every old call already fits,
 * else the fields to fill and the values to convert, as TODOs.
 */
export function upLines(oldArgs: ValidatorJSON, newArgs: ValidatorJSON, pad: string): string[] {
  if (sameValidator(oldArgs, newArgs)) return [];
  const comparison = compareArgs(oldArgs, newArgs);
  if (comparison.compatible)
    return [`${pad}up: (prev) => prev, // every old call fits the new args`];
  const removed: string[] = [];
  const body: string[] = [];
  const blocking = comparison.issues.filter((i) => isBlocking(i.kind));
  const renamed = likelyRenames(oldArgs, blocking);
  const renamedFrom = new Set(renamed.values());
  for (const issue of blocking) {
    const at = subPath(issue.path);
    const top = isTop(at);
    if (issue.kind === "field-removed" && top) {
      removed.push(at);
      if (!renamedFrom.has(at))
        body.push(
          `${pad}  // TODO: \`${at}\` is no longer accepted: map it to the new args or drop it`,
        );
    } else if (issue.kind === "field-added-required" && top && renamed.has(at)) {
      const from = renamed.get(at)!;
      const type = describeValidator(issue.after ?? { type: "any" });
      body.push(`${pad}  ${at}: ${from}, // TODO: \`${from}\` renamed? (both ${type}) Check it`);
    } else if (issue.kind === "field-added-required" && top) {
      const type = describeValidator(issue.after ?? { type: "any" });
      const value = defaultCode(issue.after ?? { type: "any" });
      body.push(
        value === undefined
          ? `${pad}  ${at}: undefined as never, // TODO: a value for the required \`${at}\` (${type})`
          : `${pad}  ${at}: ${value}, // TODO: check this default for the new \`${at}\` (${type})`,
      );
    } else if (issue.kind === "optional-to-required" && top) {
      const type = describeValidator(issue.after ?? { type: "any" });
      const value = defaultCode(issue.after ?? { type: "any" });
      body.push(
        value === undefined
          ? `${pad}  ${at}: prev.${at} ?? (undefined as never), // TODO: a default for \`${at}\` (${type})`
          : `${pad}  ${at}: prev.${at} ?? ${value}, // TODO: check this default (${type})`,
      );
    } else {
      const from = describeValidator(issue.before ?? { type: "any" });
      const to = describeValidator(issue.after ?? { type: "any" });
      body.push(`${pad}  // TODO: convert \`${at || "args"}\` (was ${from}, now ${to})`);
    }
  }
  const param = removed.length > 0 ? `{ ${removed.join(", ")}, ...prev }` : "prev";
  return [`${pad}up: async (${param}, ctx) => ({`, `${pad}  ...prev,`, ...body, `${pad}}),`];
}

/** A top-level field of the args (`body`, not `body.text` or `items[0]`). */
function isTop(at: string): boolean {
  return !at.includes(".") && !at.includes("[") && !at.includes("{") && at !== "";
}

/**
 * New required fields that look like renames of removed ones: a removed required field and an
 * added required field of the same type, when that type is the only one of its kind on each side
 * (otherwise which became which is a guess). New name → old name.
 */
function likelyRenames(oldArgs: ValidatorJSON, issues: readonly Issue[]): Map<string, string> {
  if (oldArgs.type !== "object") return new Map();
  const byType = new Map<string, { removed: string[]; added: string[] }>();
  const side = (v: ValidatorJSON | undefined) => {
    const key = validatorKey(v ?? { type: "any" });
    let entry = byType.get(key);
    if (!entry) {
      entry = { removed: [], added: [] };
      byType.set(key, entry);
    }
    return entry;
  };
  for (const issue of issues) {
    const at = subPath(issue.path);
    if (!isTop(at)) continue;
    if (
      issue.kind === "field-removed" &&
      Object.hasOwn(oldArgs.value, at) &&
      !oldArgs.value[at]!.optional
    )
      side(issue.before).removed.push(at);
    else if (issue.kind === "field-added-required") side(issue.after).added.push(at);
  }
  const renames = new Map<string, string>();
  for (const { removed, added } of byType.values())
    if (removed.length === 1 && added.length === 1) renames.set(added[0]!, removed[0]!);
  return renames;
}

export function downLines(
  oldSpec: Pick<FunctionSpec, "returns" | "returnsInferred">,
  newSpec: Pick<FunctionSpec, "returns" | "returnsInferred">,
  pad: string,
): string[] {
  const was = returnsContract(oldSpec);
  const is = returnsContract(newSpec);
  if (!was || !is || sameValidator(was.validator, is.validator)) return [];
  return [
    `${pad}down: (result) => result as never, // TODO: the old shape (${describeValidator(was.validator)}) from the new result`,
  ];
}

export function fence(lines: string[]): string {
  return ["```ts", ...lines, "```"].join("\n");
}

/**
 * Serve the old args as their own version of the same export: old calls match the `legacy`
 * version and are adapted up; new calls match today's.
 */
export function argsVersionSnippet(
  path: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
  /** Lines after the chain, inside the same code block (a re-export from another module). */
  more: string[] = [],
): string {
  const name = exportName(path);
  const pad = "    ";
  const { head, tail } = exportsOf(
    [name],
    `defineVersioned(${builderName(after)}, { name: "${name}" })`,
  );
  return fence([
    `// convex/${modulePath(path)}.ts`,
    head,
    ...versionBlock("legacy", [
      `${pad}args: ${argsCode(before.args, pad)}, // the baseline's args`,
      ...returnsLine(before, pad),
    ]),
    ...newVersion(before, after, now),
    ...handlerLines(`the current handler of "${name}", written for the newest args`),
    ...tail,
    ...more,
  ]);
}

/**
 * A changed result cannot share one export with the old one when both accept the same calls (the
 * newest version would answer them): the new shape gets a new name, the old name keeps its result
 * through `down`.
 */
export function returnsVersionSnippet(
  path: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
): string {
  const name = exportName(path);
  const next = `${name}V2`;
  const pad = "    ";
  const { head, tail } = exportsOf(
    [name, next],
    `defineVersioned(${builderName(after)}, { name: "${next}" })`,
  );
  return fence([
    `// convex/${modulePath(path)}.ts: "${name}" keeps its old result; new clients call "${next}"`,
    head,
    ...versionBlock("legacy", [
      `${pad}name: "${name}",`,
      `${pad}args: ${argsCode(before.args, pad)},`,
      ...returnsLine(before, pad),
    ]),
    ...newVersion(before, after, now),
    ...handlerLines(`the current handler of "${name}"`),
    ...tail,
  ]);
}

/** Put a deleted function back, deprecated, so `check` allows deleting it after the date. */
export function restoreSnippet(path: string, before: FunctionSpec, now: string): string {
  const name = exportName(path);
  const pad = "    ";
  const { head, tail } = exportsOf(
    [name],
    `defineVersioned(${builderName(before)}, { name: "${name}" })`,
  );
  return fence([
    `// convex/${modulePath(path)}.ts`,
    head,
    ...versionBlock("legacy", [
      `${pad}args: ${argsCode(before.args, pad)},`,
      ...returnsLine(before, pad),
      `${pad}deprecated: { since: "${now}", removeAfter: "${addDays(now, GRACE_DAYS)}" },`,
    ]),
    ...handlerLines(
      `the deleted handler (git show <baseline>:convex/${modulePath(path)}.ts), or a call into the code that replaced it`,
    ),
    ...tail,
  ]);
}

/** Serve a deleted function's name from the definition that replaced it. */
export function renameSnippet(
  oldPath: string,
  newPath: string,
  before: FunctionSpec,
  after: FunctionSpec,
  now: string,
): string {
  const oldName = exportName(oldPath);
  const newName = exportName(newPath);
  const pad = "    ";
  const sameModule = modulePath(oldPath) === modulePath(newPath);
  const legacy = versionBlock("legacy", [
    `${pad}name: "${oldName}", // the deleted export, kept alive`,
    `${pad}args: ${argsCode(before.args, pad)},`,
    ...returnsLine(before, pad),
    `${pad}deprecated: { since: "${now}", removeAfter: "${addDays(now, GRACE_DAYS)}" },`,
  ]);
  const reexport = sameModule
    ? []
    : [
        "",
        `// convex/${modulePath(oldPath)}.ts: the old path is "${oldPath}", so export it from there too`,
        `export { ${oldName} } from "${relativeModule(modulePath(oldPath), modulePath(newPath))}";`,
      ];
  if (after.versioned) {
    // Already a chain: the old name goes in front of it.
    const next = after.versioned.versions.find((v) => !v.removed);
    const up =
      next && !sameValidator(before.args, next.args)
        ? [`  // and give "${next.label}" \`up: (prev) => prev\` (every old call fits its args)`]
        : [];
    return fence([
      `// convex/${modulePath(newPath)}.ts: first in defineVersioned(…, { name: "${after.versioned.definition}" }), and add ${oldName} to the exports`,
      ...legacy,
      ...up,
      ...reexport,
    ]);
  }
  const { head, tail } = exportsOf(
    [newName, oldName],
    `defineVersioned(${builderName(after)}, { name: "${newName}" })`,
  );
  const lines = [
    `// convex/${modulePath(newPath)}.ts`,
    head,
    ...legacy,
    ...newVersion(before, after, now),
    ...handlerLines(`the handler of "${newName}"`),
    ...tail,
    ...reexport,
  ];
  return fence(lines);
}

/** The import specifier of module `to` from module `from` (both like `dir/module`): `./x`, `../x`. */
export function relativeModule(from: string, to: string): string {
  const fromDir = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let common = 0;
  while (common < fromDir.length && fromDir[common] === toParts[common]) common++;
  const up = fromDir.length - common;
  const rest = toParts.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

/**
 * A version chain for a function whose pending jobs hold args its validator rejects, when the
 * shape they were scheduled with is not known (no baseline has it): the function's own name,
 * builder and current args, and the stored shape left to fill in, with what the check saw.
 */
export function storedShapeSnippet(
  path: string,
  current: FunctionSpec,
  now: string,
  seen: { path: string; got: string },
): string {
  const name = exportName(path);
  const pad = "    ";
  const { head, tail } = exportsOf(
    [name],
    `defineVersioned(${builderName(current)}, { name: "${name}" })`,
  );
  return fence([
    `// convex/${modulePath(path)}.ts`,
    head,
    ...versionBlock("legacy", [
      `${pad}// TODO: the args the pending jobs hold (the check found ${seen.path}: ${seen.got})`,
      `${pad}args: {},`,
    ]),
    ...versionBlock(now, [
      `${pad}args: ${argsCode(current.args, pad)},`,
      `${pad}up: (prev) => undefined as never, // TODO: the stored args → these`,
      ...returnsLine(current, pad),
    ]),
    ...handlerLines(`the current handler of "${name}"`),
    ...tail,
  ]);
}
