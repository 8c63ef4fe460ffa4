/**
 * The package as an app installs it: the `npm pack` tarball (so `files` is tested too) of the dist/
 * the global setup built, unpacked into a scratch app's node_modules, reached through `exports`, with no `paths`
 * mapping to src/; and the installed CLI runs from it. The scratch app sits inside the repo, so `convex`, `convex-helpers` and `zod`
 * resolve from the repo's node_modules, as the app's own peer dependencies would. The app's type-check must read our declarations only (never re-check
 * our sources with its own flags), they must be clean even without `skipLibCheck`, the `api` types
 * they produce must be as exact as from src/, and plain Node (no tsx) must import every entry.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { installPacked, repo } from "./install.ts";

const app = join(repo, "test/.tmp", `consumer-${process.pid}`);
const tsc = join(repo, "node_modules/typescript/bin/tsc");
// TypeScript 5.9 (a dev dependency, never installed for users) for the resolvers TypeScript 7
// dropped (`node10`, which `"node"` means).
const tsc5 = join(repo, "node_modules/typescript-5/bin/tsc");

const FUNCTIONS = `import { type ApiFromModules, type FunctionArgs, type FunctionReturnType, mutationGeneric, queryGeneric } from "convex/server";
import { v } from "convex/values";
import { defineVersioned, describeVersioned, VERSION_REMOVED } from "convex-versioned";

export const { send, sendMessage } = defineVersioned(mutationGeneric, { name: "sendMessage" })
  .version("2026-06-01", {
    name: "send",
    args: { body: v.string() },
    returns: v.string(),
    deprecated: { since: "2026-10-01" },
  })
  .version("2026-10-01", {
    args: { text: v.string(), urgent: v.optional(v.boolean()) },
    up: (prev) => ({ text: prev.body }),
    returns: v.object({ id: v.string() }),
    down: (result) => result.id,
  })
  .handler(async (_ctx, { text }) => ({ id: text }));

export const { list } = defineVersioned(queryGeneric, { name: "list" })
  .version("1", { args: {} })
  .handler(async () => [1, 2, 3]);

// What codegen's _generated/api.d.ts does with this module.
declare const api: ApiFromModules<{ functions: { send: typeof send; sendMessage: typeof sendMessage; list: typeof list } }>;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const exact: [
  Equal<FunctionArgs<typeof api.functions.send>, { body: string }>,
  Equal<FunctionReturnType<typeof api.functions.send>, string>,
  Equal<FunctionArgs<typeof api.functions.sendMessage>, { text: string; urgent?: boolean }>,
  Equal<FunctionReturnType<typeof api.functions.sendMessage>, { id: string }>,
  Equal<FunctionReturnType<typeof api.functions.list>, number[]>,
] = [true, true, true, true, true];

defineVersioned(queryGeneric, { name: "broken" })
  .version("1", { args: { a: v.string() } })
  // @ts-expect-error the args changed, so \`up\` is required
  .version("2", { args: { b: v.number() } });

export { describeVersioned, VERSION_REMOVED };
`;

const ZOD = `import { mutationGeneric } from "convex/server";
import { defineVersioned, zCustomMutation } from "convex-versioned/zod";
import { NoOp } from "convex-helpers/server/customFunctions";
import { z } from "zod";

const zMutation = zCustomMutation(mutationGeneric, NoOp);
export const { subscribe } = defineVersioned(zMutation, { name: "subscribe" })
  .version("1", { args: { email: z.string() } })
  .handler(async (_ctx, { email }) => email.length);
`;

const CLIENT = `import { isSkewError, isVersionRemovedError } from "convex-versioned/client";
export const offerReload = (error: unknown) => isSkewError(error) || isVersionRemovedError(error);
`;

const REACT = `import { createElement } from "react";
import type { FunctionReference } from "convex/server";
import { SkewGuard, useReportSkewError, useSkewGuard, type SkewBeacon } from "convex-versioned/react";
declare const beacon: FunctionReference<"query", "public", {}, { served: string[]; at: number }>;
export const guard = createElement(SkewGuard, { beacon, surface: "s1-0000000000000000" });
export const asBeacon: SkewBeacon = beacon;
export { useReportSkewError, useSkewGuard };
`;

/** A one-module Convex app for the installed CLI. */
const CONVEX_MODULE = `import { queryGeneric as query } from "convex/server";
import { v } from "convex/values";
import { defineVersioned } from "convex-versioned";

export const { hello, greet } = defineVersioned(query, { name: "greet" })
  .version("1", { name: "hello", args: { n: v.string() }, deprecated: { since: "2026-01-01" } })
  .version("2", { args: { name: v.string() }, up: (prev) => ({ name: prev.n }) })
  .handler(async (_ctx, { name }) => ({ text: \`hi \${name}\` }));
`;

/** A larger app for the installed CLI to infer. */
const MANY = 60;
const manyModule = (i: number) => `import { queryGeneric as query } from "convex/server";
import { v } from "convex/values";
export const get${i} = query({ args: { n: v.number() }, handler: async (_ctx, { n }) => ({ n, tag: "m${i}" as const }) });
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2022", "DOM"],
    module: "ESNext",
    moduleResolution: "Bundler",
    strict: true,
    noEmit: true,
    // Our declarations are checked too, not skipped.
    skipLibCheck: false,
    types: [],
  },
  include: ["*.ts"],
};

function run(args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, args, { cwd: app, encoding: "utf8" }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

beforeAll(() => {
  rmSync(app, { recursive: true, force: true });
  installPacked(app);
  writeFileSync(join(app, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(join(app, "functions.ts"), FUNCTIONS);
  writeFileSync(join(app, "zod.ts"), ZOD);
  writeFileSync(join(app, "client.ts"), CLIENT);
  writeFileSync(join(app, "react.ts"), REACT);
  mkdirSync(join(app, "convex"));
  writeFileSync(join(app, "convex/hello.ts"), CONVEX_MODULE);
  mkdirSync(join(app, "many"));
  for (let i = 0; i < MANY; i++) writeFileSync(join(app, `many/m${i}.ts`), manyModule(i));
}, 60_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

/**
 * What `@arethetypeswrong/cli` checks, offline: each entry's declarations resolve under every
 * `moduleResolution` an app may use. `node10` (tsconfig's `"node"`) ignores `exports`, so it relies
 * on the top-level `types` and `typesVersions`; node16 and bundler read `exports`. The package is
 * ESM-only, so node16 is judged from an ESM file (a CommonJS one can only `import()` it).
 */
describe("the entries' declarations resolve under every moduleResolution", () => {
  const ENTRIES = {
    "convex-versioned": "index",
    "convex-versioned/zod": "zod",
    "convex-versioned/client": "client",
    "convex-versioned/react": "react",
  };
  const cases = [
    { compiler: "TypeScript 5.9", bin: tsc5, resolution: "node10", module: "commonjs" },
    { compiler: "TypeScript 5.9", bin: tsc5, resolution: "node16", module: "node16" },
    { compiler: "TypeScript 5.9", bin: tsc5, resolution: "bundler", module: "esnext" },
    { compiler: "TypeScript 7", bin: tsc, resolution: "node16", module: "node16" },
    { compiler: "TypeScript 7", bin: tsc, resolution: "bundler", module: "esnext" },
  ];

  test.each(cases)(
    "$compiler, moduleResolution $resolution",
    ({ bin, resolution, module }) => {
      const dir = join(app, `resolution-${resolution}-${bin === tsc ? 7 : 5}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, "index.ts"),
        Object.keys(ENTRIES)
          .map((e) => `export type * from "${e}";\n`)
          .join(""),
      );
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { module, moduleResolution: resolution, noEmit: true, types: [] },
          files: ["index.ts"],
        }),
      );
      // Resolution only (no type-check): the trace states where each import landed.
      const { out } = run([bin, "-p", dir, "--traceResolution", "--listFilesOnly", "--noResolve"]);
      const installed = join(app, "node_modules/convex-versioned/dist");
      for (const [entry, file] of Object.entries(ENTRIES)) {
        expect(out, `${entry} under ${resolution}`).toContain(
          `======== Module name '${entry}' was successfully resolved to '${installed}/${file}.d.ts'`,
        );
      }
    },
    60_000,
  );
});

describe("the built package, installed in an app", () => {
  test("the app's type-check reads the installed dist/*.d.ts, never src/", () => {
    const { code, out } = run([tsc, "--listFilesOnly", "-p", "."]);
    expect(code, out).toBe(0);
    const installed = join(app, "node_modules/convex-versioned/");
    const ours = out
      .split("\n")
      .filter((f) => f.startsWith(installed))
      .map((f) => relative(installed, f));
    expect(ours).toContain("dist/index.d.ts");
    expect(ours).toContain("dist/zod.d.ts");
    expect(ours).toContain("dist/client.d.ts");
    expect(ours).toContain("dist/react.d.ts");
    expect(ours.filter((f) => !f.startsWith("dist/"))).toEqual([]);
    // Nothing of the repo's own sources either (the app must not reach src/ some other way).
    expect(out.split("\n").filter((f) => f.startsWith(join(repo, "src/")))).toEqual([]);
  }, 60_000);

  test("the declarations type-check without skipLibCheck and keep api types exact", () => {
    const { out } = run([tsc, "-p", "."]);
    // Third-party declarations are not ours to fix (convex-helpers' zod4.d.ts has one TS2589).
    const errors = out.split("\n").filter((line) => /error TS/.test(line));
    const ours = errors.filter((line) => !line.startsWith("../../../node_modules/"));
    expect(ours).toEqual([]);
  }, 60_000);

  test("plain Node imports every entry (import specifiers rewritten to .js)", () => {
    const { code, out } = run([
      "--input-type=module",
      "-e",
      `const main = await import("convex-versioned");
       const zod = await import("convex-versioned/zod");
       const client = await import("convex-versioned/client");
       const react = await import("convex-versioned/react");
       const { ConvexError } = await import("convex/values");
       const removed = new ConvexError({ code: "VERSION_REMOVED", version: "1", removedSince: "2026-01-01" });
       console.log(JSON.stringify([typeof main.defineVersioned, typeof main.describeVersioned, main.VERSION_REMOVED,
         typeof zod.defineVersioned, typeof zod.zCustomQuery, client.isVersionRemovedError(removed),
         typeof react.SkewGuard, typeof react.useSkewGuard]));`,
    ]);
    expect(code, out).toBe(0);
    expect(JSON.parse(out)).toEqual([
      "function",
      "function",
      "VERSION_REMOVED",
      "function",
      "function",
      true,
      "function",
      "function",
    ]);
  }, 60_000);

  test("the installed CLI snapshots an app, with return contracts inferred", () => {
    const bin = join(app, "node_modules/convex-versioned/bin/convex-versioned.js");
    const { code, out } = run([bin, "snapshot", "--out", "lock.json"]);
    expect(code, out).toBe(0);
    expect(out).toContain("2 functions");
    const lock = JSON.parse(readFileSync(join(app, "lock.json"), "utf8"));
    expect(Object.keys(lock.functions).sort()).toEqual(["hello:greet", "hello:hello"]);
    expect(lock.functions["hello:greet"].returnsInferred).toEqual({
      type: "object",
      value: { text: { fieldType: { type: "string" }, optional: false } },
    });
  }, 60_000);

  test("the installed CLI checks the app against that lock: 0 unchanged, 1 once a served version is dropped", () => {
    const bin = join(app, "node_modules/convex-versioned/bin/convex-versioned.js");
    const same = run([bin, "check", "--baseline", "lock.json"]);
    expect(same.code, same.out).toBe(0);
    const module = join(app, "convex/hello.ts");
    const source = readFileSync(module, "utf8");
    try {
      // The old export `hello` goes away: every client still calling it breaks.
      writeFileSync(
        module,
        source.replace("export const { hello, greet }", "export const { greet }"),
      );
      const broken = run([bin, "check", "--baseline", "lock.json", "--format", "json"]);
      expect(broken.code, broken.out).toBe(1);
      expect(broken.out).toContain('"function": "hello:hello"');
    } finally {
      writeFileSync(module, source);
    }
  });

  test("the installed CLI infers a 60-module app", () => {
    const bin = join(app, "node_modules/convex-versioned/bin/convex-versioned.js");
    const { code, out } = run([bin, "snapshot", "--convex-dir", "many", "--out", "many.lock.json"]);
    expect(code, out).toBe(0);
    expect(out).not.toContain("warning"); // the checker ran, and every contract is exact
    const lock = JSON.parse(readFileSync(join(app, "many.lock.json"), "utf8"));
    for (let i = 0; i < MANY; i++) {
      expect(lock.functions[`m${i}:get${i}`].returnsInferred).toEqual({
        type: "object",
        value: {
          n: { fieldType: { type: "number" }, optional: false },
          tag: { fieldType: { type: "literal", value: `m${i}` }, optional: false },
        },
      });
    }
  }, 60_000);
});
