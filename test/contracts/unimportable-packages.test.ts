/**
 * A package Node cannot import as Convex's bundle has it is bundled, as Convex bundles every
 * package: a CommonJS one imported by name when Node's static analysis cannot list its exports
 * (`import { capitalize } from "lodash"`, found on a public app), and an ES module one whose files
 * import each other without extensions (`import "./polyfill"`, an early `@convex-dev/polar`, found
 * on get-convex/v1).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withUnimportablePackages } from "../../src/contracts/load/unimportable-packages.ts";
import type { WorkerOutcome } from "../../src/contracts/load/worker.ts";
import { loadConvexDir } from "../../src/contracts/load.ts";

const repo = process.cwd();
const scratch = join(repo, "test/.tmp", `commonjs-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

let apps = 0;
/**
 * An app under test/.tmp (so `convex` resolves from the repo's node_modules) that depends on
 * `cjs-lib`, a CommonJS package whose exports Node's analysis cannot list, and `esm-lib`; its module
 * uses both at import time, and a tsconfig `paths` alias.
 */
function app(config?: Record<string, unknown>) {
  const root = join(scratch, `app${apps++}`);
  write(
    join(root, "package.json"),
    JSON.stringify({
      name: "app",
      dependencies: { convex: "*", "cjs-lib": "1", "esm-lib": "1", "@acme/loose": "1" },
    }),
  );
  write(join(root, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
  if (config) write(join(root, "convex.json"), JSON.stringify(config));
  write(join(root, "node_modules/cjs-lib/package.json"), '{ "name": "cjs-lib" }');
  write(
    join(root, "node_modules/cjs-lib/index.js"),
    "(function () {\n  var lib = { capitalize: function (s) { return s[0].toUpperCase() + s.slice(1); } };\n  module.exports = lib;\n})();\n",
  );
  write(
    join(root, "node_modules/esm-lib/package.json"),
    '{ "name": "esm-lib", "type": "module", "exports": "./index.js" }',
  );
  write(join(root, "node_modules/esm-lib/index.js"), 'export const kind = "note";\n');
  // An ES module package whose files import each other as only a bundler resolves them.
  write(
    join(root, "node_modules/@acme/loose/package.json"),
    '{ "name": "@acme/loose", "type": "module", "exports": "./dist/index.js" }',
  );
  write(
    join(root, "node_modules/@acme/loose/dist/index.js"),
    'import "./polyfill";\nimport { tag } from "./util";\nexport const label = tag + globalThis.__looseReady;\n',
  );
  write(
    join(root, "node_modules/@acme/loose/dist/polyfill.js"),
    "globalThis.__looseReady = '!';\n",
  );
  write(join(root, "node_modules/@acme/loose/dist/util/index.js"), 'export const tag = "loose";\n');
  write(
    join(root, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { paths: { "~/*": ["./lib/*"] } } }),
  );
  write(join(root, "lib/states.ts"), 'export const states = ["draft", "live"] as const;\n');
  write(
    join(root, "convex/notes.ts"),
    `import { queryGeneric } from "convex/server";
import { v } from "convex/values";
import { capitalize } from "cjs-lib";
import { kind } from "esm-lib";
import { label } from "@acme/loose";
import { states } from "~/states";
export const get = queryGeneric({
  args: {
    state: v.union(...states.map((s) => v.literal(capitalize(s)))),
    kind: v.literal(kind),
    label: v.literal(label),
  },
  handler: async () => null,
});
`,
  );
  return { root, dir: join(root, "convex") };
}

const failedOn = (...specifiers: string[]): WorkerOutcome => ({
  type: "failed",
  failures: specifiers.map((specifier, i) => ({
    module: `m${i}`,
    message: `SyntaxError: Named export 'x' not found. The requested module '${specifier}' is a CommonJS module, which may not support all module.exports as named exports.`,
    missing: [],
  })),
});

describe("withUnimportablePackages", () => {
  it("adds the packages Node names, never convex, not those convex.json keeps external", () => {
    const { root } = app();
    const folder = join(root, "node_modules/cjs-lib");
    expect(withUnimportablePackages(failedOn("cjs-lib/sub"), root, new Map())).toEqual(
      new Map([["cjs-lib", folder]]),
    );
    // Nothing new: loading again would fail the same way.
    expect(
      withUnimportablePackages(failedOn("cjs-lib"), root, new Map([["cjs-lib", folder]])),
    ).toBe(undefined);
    expect(withUnimportablePackages(failedOn("convex", "not-installed"), root, new Map())).toBe(
      undefined,
    );
    // A package's own file missing for Node: that package; an app file's missing import: none.
    const loose = join(root, "node_modules/@acme/loose");
    const inside = (missing: string, importer: string): WorkerOutcome => ({
      type: "failed",
      failures: [
        {
          module: "m",
          message: `Error: Cannot find module '${missing}' imported from ${importer}`,
          missing: [],
        },
      ],
    });
    expect(
      withUnimportablePackages(
        inside(join(loose, "dist/polyfill"), join(loose, "dist/index.js")),
        root,
        new Map(),
      ),
    ).toEqual(new Map([["@acme/loose", loose]]));
    expect(
      withUnimportablePackages(
        inside(join(root, "lib/gone"), join(root, "node_modules/.cache/x/entry.mjs")),
        root,
        new Map(),
      ),
    ).toBe(undefined);
    expect(withUnimportablePackages({ type: "ended", reason: "exit" }, root, new Map())).toBe(
      undefined,
    );
    for (const externalPackages of [["cjs-lib"], ["*"]]) {
      const kept = app({ node: { externalPackages } }).root;
      expect(withUnimportablePackages(failedOn("cjs-lib"), kept, new Map())).toBe(undefined);
    }
  });
});

describe("an app importing a CommonJS package", () => {
  it("loads: the named import and the loose package work as in Convex's bundle, ES packages and tsconfig aliases too", async () => {
    const { root, dir } = app();
    const { functions } = await loadConvexDir(dir);
    expect(functions["notes:get"]?.args).toEqual({
      type: "object",
      value: {
        kind: { fieldType: { type: "literal", value: "note" }, optional: false },
        label: { fieldType: { type: "literal", value: "loose!" }, optional: false },
        state: {
          fieldType: {
            type: "union",
            value: [
              { type: "literal", value: "Draft" },
              { type: "literal", value: "Live" },
            ],
          },
          optional: false,
        },
      },
    });
    // The cache entry watches the app's own files; the bundled package is the install's.
    const cache = join(root, "node_modules/.cache/convex-versioned");
    const entry = readdirSync(cache).find((name) => name.startsWith("loaded-"))!;
    const watched = Object.keys(JSON.parse(readFileSync(join(cache, entry), "utf8")).read);
    expect(watched).toContain(join(root, "lib/states.ts"));
    expect(watched.filter((path) => path.includes("node_modules"))).toEqual([]);
  }, 60_000);

  it("beside a module that really fails, only that module is reported", async () => {
    const { dir } = app();
    write(join(dir, "broken.ts"), 'throw new Error("boom at import");\nexport {};\n');
    const error = await loadConvexDir(dir).catch((e: Error) => e);
    expect(String(error)).toMatch(/convex\/broken\.ts: Error: boom at import/);
    expect(String(error)).not.toMatch(/CommonJS|notes\.ts/);
  }, 60_000);

  it("a package convex.json keeps external is imported by Node, which cannot name its export", async () => {
    const { dir } = app({ node: { externalPackages: ["cjs-lib"] } });
    await expect(loadConvexDir(dir)).rejects.toThrow(/Named export 'capitalize' not found/);
  }, 60_000);
});
