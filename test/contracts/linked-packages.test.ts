/**
 * Workspace packages (a monorepo's `packages/shared`, linked into node_modules by npm, pnpm, yarn
 * or bun workspaces) are bundled with the app, as Convex bundles them: they often export their
 * TypeScript source, which Node cannot import. Found on a real app: a bun workspace whose backend
 * imports `@app/blocks-catalog` (`"exports": "./src/index.ts"`) failed with "Unknown file extension
 * .ts" in five modules.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findEntryPoints } from "../../src/contracts/entry-points.ts";
import { bundleModules } from "../../src/contracts/load/bundle.ts";
import { appEsbuild, appEsbuildBinary } from "../../src/contracts/load/esbuild.ts";
import { linkedPackages } from "../../src/contracts/load/linked-packages.ts";
import { loadConvexDir } from "../../src/contracts/load.ts";

const repo = process.cwd();
const scratch = join(repo, "test/.tmp", `linked-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

let workspaces = 0;
/**
 * A workspace under test/.tmp (so `convex` resolves from the repo's node_modules): `app/` depends
 * on `@acme/shared`, linked from `packages/shared`, whose TypeScript source exports a validator and
 * imports `tiny-dep`, installed only beside it.
 */
function workspace() {
  const ws = join(scratch, `ws${workspaces++}`);
  const app = join(ws, "app");
  const shared = join(ws, "packages/shared");
  write(
    join(shared, "package.json"),
    JSON.stringify({ name: "@acme/shared", type: "module", exports: { ".": "./src/index.ts" } }),
  );
  const source = (field: string) =>
    `import { v, type Validator } from "convex/values";
import { suffix } from "tiny-dep";
export const label: Validator<string> = v.string();
export const fields = { ${field}: label } as const;
export const name: string = "shared" + suffix;
`;
  write(join(shared, "src/index.ts"), source("title"));
  write(
    join(shared, "node_modules/tiny-dep/package.json"),
    '{ "name": "tiny-dep", "main": "index.js" }',
  );
  write(join(shared, "node_modules/tiny-dep/index.js"), 'exports.suffix = "!";\n');
  write(
    join(app, "package.json"),
    JSON.stringify({ name: "app", dependencies: { "@acme/shared": "workspace:*", convex: "*" } }),
  );
  write(join(app, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
  mkdirSync(join(app, "node_modules/@acme"), { recursive: true });
  symlinkSync(join(shared), join(app, "node_modules/@acme/shared"));
  write(
    join(app, "convex/notes.ts"),
    `import { queryGeneric } from "convex/server";
import { fields, name } from "@acme/shared";
export const get = queryGeneric({ args: fields, handler: async () => name });
`,
  );
  return { ws, app, shared, dir: join(app, "convex"), source };
}

describe("linkedPackages", () => {
  it("finds the dependencies that link into the workspace, and only those", () => {
    const { ws, app, shared } = workspace();
    // Installed packages are no workspace links: a plain folder, or a link into a store.
    write(join(app, "node_modules/plain/package.json"), '{ "name": "plain" }');
    const store = join(ws, "node_modules/.pnpm/stored@1.0.0/node_modules/stored");
    write(join(store, "package.json"), '{ "name": "stored" }');
    symlinkSync(store, join(app, "node_modules/stored"));
    // Hoisted to the workspace root's node_modules, as npm workspaces do.
    write(join(ws, "packages/hoisted/package.json"), '{ "name": "hoisted" }');
    symlinkSync(join(ws, "packages/hoisted"), join(ws, "node_modules/hoisted"));
    // A dangling link, and a declared package that is not installed.
    symlinkSync(join(ws, "packages/gone"), join(app, "node_modules/gone"));
    write(
      join(app, "package.json"),
      JSON.stringify({
        dependencies: { "@acme/shared": "workspace:*", plain: "1", stored: "1", gone: "1" },
        devDependencies: { hoisted: "workspace:*", missing: "1" },
      }),
    );
    expect(Object.fromEntries(linkedPackages(app))).toEqual({
      "@acme/shared": shared,
      hoisted: join(ws, "packages/hoisted"),
    });
    expect(linkedPackages(join(ws, "nowhere")).size).toBe(0);
  });
});

describe("a workspace package in the app's functions", () => {
  it("is bundled from its TypeScript source, its own dependencies with it; convex stays an import", async () => {
    const { app, dir } = workspace();
    const out = join(app, "out");
    const { metafile } = await bundleModules(
      { api: () => appEsbuild(app), binary: appEsbuildBinary(app) },
      findEntryPoints(dir),
      dir,
      out,
      app,
      "combined",
      false,
      linkedPackages(app),
    );
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContainEqual(expect.stringMatching(/packages\/shared\/src\/index\.ts$/));
    expect(inputs).toContainEqual(
      expect.stringMatching(/shared\/node_modules\/tiny-dep\/index\.js$/),
    );
    expect(inputs.filter((input) => input.includes("node_modules/convex"))).toEqual([]);
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports);
    expect(imports.filter((i) => i.external).map((i) => i.path)).toContain("convex/values");
  });

  it("loads, and an edit of its source is seen on the next load (not a stale cache entry)", async () => {
    const { dir, shared, source } = workspace();
    const fields = async () =>
      Object.keys(
        ((await loadConvexDir(dir)).functions["notes:get"]!.args as { value: object }).value,
      );
    expect(await fields()).toEqual(["title"]);
    write(join(shared, "src/index.ts"), source("heading"));
    expect(await fields()).toEqual(["heading"]);
  }, 60_000);
});
