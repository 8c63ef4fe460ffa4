/**
 * The combined bundle built by running the app's esbuild executable (load/esbuild-process.ts)
 * instead of through its API: the same executable the API runs, the same bundle byte for byte,
 * and a failure still reported with the API's file:line:column messages.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("is undefined with ESBUILD_BINARY_PATH set: the API runs that file and checks its version", () => {
    process.env.ESBUILD_BINARY_PATH = appEsbuildBinary(process.cwd())!;
    expect(appEsbuildBinary(process.cwd())).toBeUndefined();
    // The value esbuild itself ignores (a system esbuild) is ignored here too.
    process.env.ESBUILD_BINARY_PATH = "/usr/bin/esbuild";
    expect(appEsbuildBinary(process.cwd())).toBeDefined();
  });

  it("is undefined where the platform package holds a script (the WebAssembly fallback): the API is used", () => {
    delete process.env.ESBUILD_BINARY_PATH;
    // An app whose esbuild's platform package is the fallback's Node script.
    const { root } = app({});
    const esbuild = join(root, "node_modules/esbuild");
    write(join(root, "node_modules/convex/package.json"), '{ "name": "convex" }');
    write(join(esbuild, "package.json"), '{ "name": "esbuild", "main": "lib/main.js" }');
    write(join(esbuild, "lib/main.js"), "");
    const subpath = process.platform === "win32" ? "esbuild.exe" : "bin/esbuild";
    const platformPackage = join(root, `node_modules/@esbuild/${process.platform}-${process.arch}`);
    write(join(platformPackage, "package.json"), "{}");
    write(
      join(platformPackage, subpath),
      "#!/usr/bin/env node\nrequire('esbuild-wasm/bin/esbuild');\n",
    );
    chmodSync(join(platformPackage, subpath), 0o755);
    expect(appEsbuildBinary(root)).toBeUndefined();
    // The same package with a native executable is used.
    writeFileSync(join(platformPackage, subpath), readFileSync(appEsbuildBinary(process.cwd())!));
    expect(appEsbuildBinary(root)).toBe(join(platformPackage, subpath));
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
