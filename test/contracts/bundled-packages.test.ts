/**
 * What the loader leaves to Node: the packages the app declares, said to esbuild as a list of
 * names. Never `packages: "external"`: the esbuild that convex 1.13 brings (0.17) applies that
 * before tsconfig `paths`, so `@cvx/schema` (get-convex/convex-saas) was left to Node, which cannot
 * resolve an alias, while Convex's deploy bundled it. Not every installed package either: esbuild
 * applies `external` before `paths` too, so an alias named like a hoisted package would be lost.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { findEntryPoints } from "../../src/contracts/entry-points.ts";
import { bundleModules } from "../../src/contracts/load/bundle.ts";
import { externalPackages } from "../../src/contracts/load/bundled-packages.ts";
import { appEsbuild, type Esbuild } from "../../src/contracts/load/esbuild.ts";

const scratch = join(process.cwd(), "test/.tmp", `bundled-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

describe("externalPackages", () => {
  it("lists the packages declared by the app and above it (a workspace root), but the bundled; convex always", () => {
    const ws = join(scratch, "ws");
    const app = join(ws, "apps/web");
    write(
      join(app, "package.json"),
      JSON.stringify({
        dependencies: { zod: "4", "@acme/shared": "workspace:*" },
        devDependencies: { "@acme/ui": "1" },
      }),
    );
    write(join(ws, "package.json"), JSON.stringify({ devDependencies: { hoisted: "1" } }));
    // Installed but declared nowhere (a dependency's, hoisted): bundled if imported, as Convex does.
    write(join(ws, "node_modules/config/package.json"), "{}");
    const names = externalPackages(app, new Map([["@acme/shared", join(ws, "packages/shared")]]));
    const listed = names.filter((n) => !n.endsWith("/*"));
    // (Folders above the workspace declare more: this one sits inside the repo.)
    for (const name of ["@acme/ui", "convex", "hoisted", "zod"]) expect(listed).toContain(name);
    for (const name of ["@acme/shared", "config"]) expect(listed).not.toContain(name);
    expect(names).toContain("zod/*");
    expect(names).toContain("convex/*");
  });
});

describe("bundleModules", () => {
  it("never asks esbuild for packages: external; a tsconfig alias is bundled, a package is not", async () => {
    const app = join(scratch, "alias");
    write(join(app, "package.json"), "{}");
    write(
      join(app, "convex/tsconfig.json"),
      JSON.stringify({ compilerOptions: { paths: { "@cvx/*": ["./*"] } } }),
    );
    write(join(app, "convex/env.ts"), 'export const site = "https://example.com";\n');
    // A package some dependency hoisted, named like the alias: the alias still wins.
    write(join(app, "node_modules/@cvx/env/package.json"), '{ "name": "@cvx/env" }');
    write(
      join(app, "convex/site.ts"),
      `import { queryGeneric } from "convex/server";
import { site } from "@cvx/env";
export const get = queryGeneric({ args: {}, handler: async () => site });
`,
    );
    const real = appEsbuild(app);
    const seen: BuildOptions[] = [];
    const spy = {
      ...real,
      build: (options: BuildOptions) => {
        seen.push(options);
        return real.build(options);
      },
    };
    const dir = join(app, "convex");
    // Through the API, whose options are seen (esbuild-process.test.ts: the executable builds alike).
    const { metafile } = await bundleModules(
      { api: () => spy as Esbuild },
      findEntryPoints(dir),
      dir,
      join(app, "out"),
      app,
      "combined",
    );
    expect(seen.map((options) => options.packages)).toEqual([undefined]);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContainEqual(expect.stringMatching(/convex\/env\.ts$/));
    const external = Object.values(metafile.inputs).flatMap((input) =>
      input.imports.filter((i) => i.external).map((i) => i.path),
    );
    expect(external).toContain("convex/server");
    expect(external).not.toContain("@cvx/env");
  }, 60_000);
});
