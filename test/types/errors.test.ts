/**
 * What a developer reads first when an adapter is missing or wrong: `tsc` runs on small snippets (one
 * file each) and the first line of each file's first diagnostic is pinned. Each snippet must have
 * exactly one error: no "No overload matches this call", no follow-up error at `.handler`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = join(repo, "test/.tmp", `type-errors-${process.pid}`);

const convexHeader = `import { v } from "convex/values";
import { mutation } from "../../../convex/_generated/server";
import { defineVersioned } from "convex-versioned";
`;
const zodHeader = `import { NoOp } from "convex-helpers/server/customFunctions";
import { defineVersioned, zCustomMutation } from "convex-versioned/zod";
import * as z from "zod/v4";
import { mutation } from "../../../convex/_generated/server";
const zm = zCustomMutation(mutation, NoOp);
`;

/** Snippet name → [source, the first line of its only diagnostic (after "error TSnnnn: ")]. */
const cases: Record<string, [string, string]> = {
  missingUp: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { name: "old", args: { body: v.string() } })
  .version("2", { args: { text: v.string() } })
  .handler(async () => null);`,
    `Argument of type '"2"' is not assignable to parameter of type '"\`up\` is required: args changed between versions \\"1\\" and \\"2\\""'.`,
  ],
  missingDown: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { name: "old", args: { body: v.string() }, returns: v.string() })
  .version("2", { args: { body: v.string() }, returns: v.number() })
  .handler(async () => 1);`,
    `Argument of type '"2"' is not assignable to parameter of type '"\`down\` is required: returns changed between versions \\"1\\" and \\"2\\""'.`,
  ],
  wrongUp: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { name: "old", args: { body: v.string() } })
  .version("2", { args: { text: v.string() }, up: (prev) => ({ body: prev.body }) })
  .handler(async () => null);`,
    "Type '(prev: { body: string; }) => { body: string; }' is not assignable to type 'UpMustReturn<NoInfer<{ text: string; }>, { body: string; }, ",
  ],
  wrongDown: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { name: "old", args: { body: v.string() }, returns: v.string() })
  .version("2", { args: { body: v.string() }, returns: v.number(), down: (r) => r + 1 })
  .handler(async () => 1);`,
    "Type '(r: number) => number' is not assignable to type 'DownMustReturn<string, number, ",
  ],
  removedAfterServed: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { args: { body: v.string() } })
  .version("2", { name: "gone", removed: { since: "2026-01-01" } })
  .version("3", { args: { body: v.string() } })
  .handler(async () => null);`,
    `Argument of type '"2"' is not assignable to parameter of type '"a removed version must come before every served version (it follows \\"1\\")"'.`,
  ],
  argsMissing: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { returns: v.null() })
  .handler(async () => null);`,
    "Argument of type '\"1\"' is not assignable to parameter of type '\"`args` is required (use `args: {}` for none)\"'.",
  ],
  upOnTheFirstVersion: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { args: {}, up: () => ({}) })
  .handler(async () => null);`,
    "Argument of type '\"1\"' is not assignable to parameter of type '\"the first served version has no previous version for `up` to adapt\"'.",
  ],
  // A misspelt option stays an error (the options accept exactly the known keys).
  typo: [
    `${convexHeader}
export const { a } = defineVersioned(mutation, { name: "a" })
  .version("1", { args: { body: v.string() }, deprecatd: { since: "2026-01-01" } })
  .handler(async () => null);`,
    "Object literal may only specify known properties, but 'deprecatd' does not exist in type ",
  ],
  zodMissingUp: [
    `${zodHeader}
export const { a } = defineVersioned(zm, { name: "a" })
  .version("1", { name: "old", args: { body: z.string() } })
  .version("2", { args: { text: z.string() } })
  .handler(async () => null);`,
    `Argument of type '"2"' is not assignable to parameter of type '"\`up\` is required: args changed between versions \\"1\\" and \\"2\\""'.`,
  ],
  // Same input type, another parsed type: without `up`, the handler's type would be a lie.
  zodOutputChanged: [
    `${zodHeader}
export const { a } = defineVersioned(zm, { name: "a" })
  .version("1", { name: "old", args: { n: z.string() } })
  .version("2", { args: { n: z.string().transform((s) => s.length) } })
  .handler(async () => null);`,
    `Argument of type '"2"' is not assignable to parameter of type '"\`up\` is required: args changed between versions \\"1\\" and \\"2\\""'.`,
  ],
  zodMissingDown: [
    `${zodHeader}
export const { a } = defineVersioned(zm, { name: "a" })
  .version("1", { name: "old", args: { body: z.string() }, returns: z.string() })
  .version("2", { args: { body: z.string() }, returns: z.number() })
  .handler(async () => 1);`,
    `Argument of type '"2"' is not assignable to parameter of type '"\`down\` is required: returns changed between versions \\"1\\" and \\"2\\""'.`,
  ],
};

let diagnostics: Map<string, string[]>;

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: "../../../tsconfig.json", include: ["*.ts"], exclude: [] }),
  );
  for (const [name, [source]] of Object.entries(cases)) {
    writeFileSync(join(dir, `${name}.ts`), `${source}\n`);
  }
  let output = "";
  try {
    execFileSync(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "--pretty", "false", "-p", dir],
      { cwd: repo, encoding: "utf8", timeout: 60_000 },
    );
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? "");
  }
  diagnostics = new Map();
  for (const line of output.split("\n")) {
    const match = line.match(/([A-Za-z]+)\.ts\(\d+,\d+\): error TS\d+: (.*)$/);
    if (!match) continue;
    const list = diagnostics.get(match[1]!) ?? [];
    list.push(match[2]!);
    diagnostics.set(match[1]!, list);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("adapter type errors say what is wrong, in their first line", () => {
  test.each(Object.keys(cases))("%s", (name) => {
    const expected = cases[name]![1];
    const found = diagnostics.get(name) ?? [];
    expect(found, `diagnostics of ${name}.ts`).toHaveLength(1);
    expect(found[0]!.startsWith(expected), found[0]).toBe(true);
    expect(found[0]).not.toMatch(/No overload matches/);
  });
});
