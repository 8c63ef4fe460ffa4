/**
 * The combined bundle built by running the app's esbuild executable (load/esbuild-process.ts)
 * instead of through its API: the same executable the API runs, the same bundle byte for byte,
 * and a failure still reported with the API's file:line:column messages.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { findEntryPoints } from "../../src/contracts/entry-points.ts";
import { onInterrupt, runInterruptCallbacks } from "../../src/contracts/interrupt.ts";
import { bundleModules } from "../../src/contracts/load/bundle.ts";
import {
  appEsbuild,
  appEsbuildBinary,
  type Esbuild,
  resolveAppEsbuild,
} from "../../src/contracts/load/esbuild.ts";

const scratch = join(process.cwd(), "test/.tmp", `esbuild-process-${process.pid}`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

let apps = 0;
/** An app under test/.tmp (`convex` resolves from the repo's node_modules). */
function app(files: Record<string, string>): { root: string; dir: string } {
  const root = join(scratch, `app${apps++}`);
  write(join(root, "package.json"), JSON.stringify({ dependencies: { convex: "*" } }));
  for (const [path, text] of Object.entries(files)) write(join(root, path), text);
  return { root, dir: join(root, "convex") };
}

describe("appEsbuildBinary", () => {
  const saved = process.env.ESBUILD_BINARY_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.ESBUILD_BINARY_PATH;
    else process.env.ESBUILD_BINARY_PATH = saved;
  });

  it("is the native executable of the platform package beside the app's esbuild", () => {
    delete process.env.ESBUILD_BINARY_PATH;
    const binary = appEsbuildBinary(process.cwd());
    expect(binary).toBeDefined();
    const platformPackage = join("@esbuild", `${process.platform}-${process.arch}`);
    expect(binary).toContain(platformPackage);
    // Beside the esbuild that convex resolves (its version's executable, not another install's).
    const esbuildDir = join(resolveAppEsbuild(process.cwd()), "../..");
    expect(binary!.startsWith(join(esbuildDir, "..", ".."))).toBe(true);
    expect(readFileSync(binary!).subarray(0, 2).toString("latin1")).not.toBe("#!");
  });

  it("follows ESBUILD_BINARY_PATH as esbuild does: used when it exists, ignored when missing", () => {
    delete process.env.ESBUILD_BINARY_PATH;
    const real = appEsbuildBinary(process.cwd())!;
    const link = join(scratch, "bin/esbuild-link");
    mkdirSync(join(link, ".."), { recursive: true });
    rmSync(link, { force: true });
    symlinkSync(real, link);
    process.env.ESBUILD_BINARY_PATH = link;
    expect(appEsbuildBinary(process.cwd())).toBe(link);
    process.env.ESBUILD_BINARY_PATH = join(scratch, "bin/missing");
    expect(appEsbuildBinary(process.cwd())).toBe(real);
  });

  it("is undefined for a script (the WebAssembly fallback's bin/esbuild runs on Node): the API is used", () => {
    const script = join(scratch, "bin/esbuild-script");
    write(script, "#!/usr/bin/env node\nrequire('esbuild-wasm/bin/esbuild');\n");
    chmodSync(script, 0o755);
    process.env.ESBUILD_BINARY_PATH = script;
    expect(appEsbuildBinary(process.cwd())).toBeUndefined();
  });
});

describe("the combined bundle built by the executable", () => {
  it("is the API's bundle byte for byte, with the same inputs", async () => {
    const { root, dir } = app({
      "lib/shared.ts": "export const prefix: string = 'item:';\n",
      "convex/tsconfig.json": JSON.stringify({ compilerOptions: { jsx: "react-jsx" } }),
      "convex/items.ts": `import { v } from "convex/values";
import { queryGeneric } from "convex/server";
import { prefix } from "../lib/shared";
export const get = queryGeneric({ args: { id: v.string() }, handler: async (_ctx, { id }) => prefix + id });
`,
      "convex/nested/view.tsx": `import { queryGeneric } from "convex/server";
const node = <div title="x" />;
export const render = queryGeneric({ args: {}, handler: async () => typeof node });
`,
      "convex/legacy.js": `const { v } = require("convex/values");
export const shape = v.object({ n: v.number() });
`,
    });
    const entries = findEntryPoints(dir);
    const byProcess = await bundleModules(
      { api: () => expect.unreachable("the executable built it"), binary: appEsbuildBinary(root) },
      entries,
      dir,
      join(root, "out-process"),
      root,
      "combined",
    );
    const byApi = await bundleModules(
      { api: () => appEsbuild(root) },
      entries,
      dir,
      join(root, "out-api"),
      root,
      "combined",
    );
    expect(readFileSync(byProcess.entry, "utf8")).toBe(readFileSync(byApi.entry, "utf8"));
    const inputs = (m: typeof byApi.metafile) => Object.keys(m.inputs).sort();
    expect(inputs(byProcess.metafile)).toEqual(inputs(byApi.metafile));
    expect(inputs(byProcess.metafile)).toContain("lib/shared.ts");
  }, 60_000);

  it("a module that fails to bundle: built again through the API, which names file:line:column", async () => {
    const { root, dir } = app({
      "convex/ok.ts": `import { queryGeneric } from "convex/server";
export const a = queryGeneric({ args: {}, handler: async () => 1 });
`,
      "convex/broken.ts": `import { missing } from "./nowhere";
export const b = missing;
`,
    });
    const real = appEsbuild(root);
    const seen: BuildOptions[] = [];
    const api = () =>
      ({
        ...real,
        build: (options: BuildOptions) => {
          seen.push(options);
          return real.build(options);
        },
      }) as Esbuild;
    const run = bundleModules(
      { api, binary: appEsbuildBinary(root) },
      findEntryPoints(dir),
      dir,
      join(root, "out"),
      root,
      "combined",
    );
    await expect(run).rejects.toThrow(/convex\/broken\.ts:1:24: Could not resolve "\.\/nowhere"/);
    expect(seen).toHaveLength(1);
  }, 60_000);
});

describe("on Ctrl-C", () => {
  it("a process registered first is stopped before the folders it writes into are removed", () => {
    const order: string[] = [];
    onInterrupt(() => order.push("remove folder"));
    onInterrupt(() => order.push("stop esbuild"), { first: true });
    runInterruptCallbacks();
    expect(order).toEqual(["stop esbuild", "remove folder"]);
  });
});
