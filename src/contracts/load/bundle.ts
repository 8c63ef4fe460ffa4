/**
 * Bundles the function modules for the import worker, with the app's own esbuild. Imports of the
 * packages the app declares stay imports (esbuild's `external` list), resolved by Node from the
 * app's node_modules at import time, so `convex`, `zod`, `convex-helpers` load once instead of being
 * re-bundled every run; the rest is bundled, as Convex bundles it (./bundled-packages.ts).
 *
 * Two shapes: one file that imports every module (fast: Node's loader costs per file), and, when
 * that fails, one file per module (shared code split into chunks) so each culprit can be named.
 * Either way `runtime.ts` is imported first, so it is evaluated before any app code. The combined
 * bundle is built by running esbuild's executable where the app has a native one
 * (./esbuild-process.ts); the rest, and any failure's report, through its API.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildFailure, BuildOptions, Metafile, Plugin } from "esbuild";
import { InputError } from "../../input-error.ts";
import { modulePath } from "../entry-points.ts";
import { externalPackages, type PackageFolders } from "./bundled-packages.ts";
import type { Esbuild } from "./esbuild.ts";
import { buildWithProcess } from "./esbuild-process.ts";

/**
 * `runtime.ts` beside this file when running from src/, `runtime.js` from dist/contracts/load/;
 * from the bundled CLI (dist/cli/index.js) the latter, by its place in the package. esbuild
 * compiles either.
 */
const RUNTIME = [
  new URL(`./runtime${extname(import.meta.url)}`, import.meta.url),
  new URL("../contracts/load/runtime.js", import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path))!;

/** What every bundle is, in the form both the API and the executable take (./esbuild-process.ts). */
const SHARED = {
  platform: "node",
  format: "esm",
  target: "node20",
  jsx: "automatic",
  // The bundles sit under node_modules/, where no package.json says "type": "module".
  outExtension: { ".js": ".mjs" },
} as const;

const BASE: BuildOptions = {
  ...SHARED,
  bundle: true,
  logLevel: "silent",
  // Through the API, written here: a Ctrl-C that removes the folder cannot race a write. (The
  // executable writes its own, and is stopped before the folder is removed.)
  write: false,
  metafile: true,
};

/**
 * How to run the app's esbuild: its API (loaded on first use) and, where it runs a native
 * executable, that executable, which builds the combined bundle as one process.
 */
export interface Bundler {
  api: () => Esbuild;
  binary?: string | undefined;
}

const ENTRY_SOURCE = "convex-versioned-entry.js";

export function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

/** No module path can start with this folder name: the bundles' own files go there. */
const CHUNKS = "_convex_versioned_chunks";

function writeOutputs(files: { path: string; contents: Uint8Array }[] | undefined): void {
  for (const file of files ?? []) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
}

function combinedEntry(dir: string, entries: string[]): string {
  const imports = entries.map((file, i) => `import * as m${i} from ${JSON.stringify(file)};`);
  const pairs = entries.map((file, i) => `[${JSON.stringify(modulePath(dir, file))}, m${i}]`);
  return [
    `import { readAll } from ${JSON.stringify(RUNTIME)};`,
    ...imports,
    `readAll([${pairs.join(", ")}]);`,
    "",
  ].join("\n");
}

function eachEntry(dir: string, entries: string[]): string {
  const modules = entries.map((file) => modulePath(dir, file));
  return `import { importEach } from ${JSON.stringify(RUNTIME)};\nawait importEach(${JSON.stringify(modules)});\n`;
}

/**
 * Builds into `outdir` and returns the entry file to run in the worker, plus esbuild's list of
 * the app files it read (for the loaded-app cache).
 */
export async function bundleModules(
  bundler: Bundler,
  entries: string[],
  dir: string,
  outdir: string,
  root: string,
  shape: "combined" | "each",
  /**
   * Bundle the modules' dependencies too (all but `convex`), resolved from where each module is,
   * as Convex bundles a component: a package's own dependencies need not be reachable from the
   * app's node_modules (pnpm does not hoist them).
   */
  bundleDependencies = false,
  /** The packages to bundle rather than import (./bundled-packages.ts). */
  bundled: PackageFolders = new Map(),
): Promise<{ entry: string; metafile: Metafile }> {
  const base: BuildOptions = {
    ...BASE,
    external: bundleDependencies ? ["convex", "convex/*"] : externalPackages(root, bundled),
  };
  const contents = shape === "combined" ? combinedEntry(dir, entries) : "";
  const entry = join(outdir, "entry.mjs");
  if (shape === "combined" && bundler.binary) {
    // The entry imports every module by absolute path: it resolves alike from any folder.
    const metafile = await buildWithProcess(bundler.binary, {
      ...SHARED,
      cwd: root,
      stdin: { contents, sourcefile: ENTRY_SOURCE },
      outfile: entry,
      metafile: join(outdir, "metafile.json"),
      external: base.external!,
    });
    if (metafile) return { entry, metafile };
  }
  const esbuild = bundler.api();
  try {
    if (shape === "combined") {
      const result = await esbuild.build({
        ...base,
        absWorkingDir: root,
        // As the executable has it (its working directory): the same bundle either way.
        stdin: { contents, resolveDir: root, loader: "js", sourcefile: ENTRY_SOURCE },
        outfile: entry,
      });
      writeOutputs(result.outputFiles);
      return { entry, metafile: result.metafile! };
    }
    // The driver plus one output per module; shared code (the runtime too) goes to chunks.
    const driver = join(outdir, "driver.js");
    writeFileSync(driver, eachEntry(dir, entries));
    const result = await esbuild.build({
      ...base,
      absWorkingDir: root,
      entryPoints: [
        { in: driver, out: `${CHUNKS}/driver` },
        ...entries.map((file) => ({ in: file, out: modulePath(dir, file) })),
      ],
      outdir,
      splitting: true,
      chunkNames: `${CHUNKS}/[name]-[hash]`,
    });
    writeOutputs(result.outputFiles);
    return { entry: join(outdir, CHUNKS, "driver.mjs"), metafile: result.metafile! };
  } catch (error) {
    throw bundleError(error, dir, root);
  }
}

function bundleError(
  error: unknown,
  dir: string,
  root: string,
  what = "its functions",
): InputError {
  const failures = (error as BuildFailure).errors ?? [];
  const lines = failures.slice(0, 5).map((m) => {
    const at = m.location
      ? `${display(resolve(root, m.location.file))}:${m.location.line}:${m.location.column}: `
      : "";
    return `  ${at}${m.text}`;
  });
  const more = failures.length > 5 ? `\n  (and ${failures.length - 5} more)` : "";
  // `npx convex deploy` writes _generated/ before it bundles; this CLI reads the folder as it is.
  const generated = failures.some((m) => /Could not resolve "(\.\.?\/)+_generated\//.test(m.text));
  // Written without a deployment, _generated/api lists no components: the app's own code is fine.
  const components = failures.some((m) =>
    /No matching export in "[^"]*_generated\/api\.[jt]s" for import "components"/.test(m.text),
  );
  const fix = generated
    ? "Its _generated/ folder is missing: `npx convex dev` or `npx convex codegen` writes it (offline, without a deployment: " +
      "`npx convex codegen --system-udfs --typecheck disable`, which lists no components). Commit it, as Convex recommends, so CI and `deploy --cmd` have it."
    : components
      ? "Its _generated/api has no `components`: it was written without a deployment (`codegen --system-udfs`), which cannot list the components convex.config mounts. " +
        "Run `npx convex dev` (or `npx convex codegen` with a deployment) once and commit _generated/, as Convex recommends."
      : "Fix the module (Convex would reject it too), or point --convex-dir at the functions folder.";
  return new InputError(
    `Could not bundle ${display(dir)} to read ${what}:\n${lines.join("\n") || `  ${(error as Error).message}`}${more}\n${fix}`,
    display(dir),
  );
}

const COMPONENT = "convex-versioned-component";

/**
 * What Convex's backend does when it evaluates a convex.config: an imported component definition
 * carries the folder it was defined in (`componentDefinitionPath`) and its `defineComponent` name
 * as the default instance name (`defaultName`; crates/isolate/src/environment/
 * component_definitions.rs). Without them `app.use` throws ("only works in Convex runtime").
 * Imports are found as the Convex CLI finds them (`componentPlugin` in its bundler): any import
 * whose path names `convex.config`, `.js` also tried as `.ts`.
 */
function componentPaths(): Plugin {
  return {
    name: COMPONENT,
    setup(build) {
      build.onResolve({ filter: /convex\.config/ }, async (args) => {
        if (args.kind === "entry-point" || args.namespace === COMPONENT) return undefined;
        const ext = extname(args.path);
        const candidates = [args.path];
        if (ext === ".js") candidates.push(`${args.path.slice(0, -3)}.ts`);
        if (ext !== ".js" && ext !== ".ts") candidates.push(`${args.path}.js`, `${args.path}.ts`);
        for (const candidate of candidates) {
          const found = await build.resolve(candidate, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            namespace: COMPONENT,
          });
          if (found.errors.length === 0 && found.path && !found.external)
            return { path: found.path, namespace: COMPONENT };
        }
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: COMPONENT }, (args) => ({
        contents: [
          `import definition from ${JSON.stringify(args.path)};`,
          `definition.componentDefinitionPath = ${JSON.stringify(dirname(args.path))};`,
          "definition.defaultName ??= definition._name;",
          "export default definition;",
        ].join("\n"),
        resolveDir: dirname(args.path),
        loader: "js",
      }));
    },
  };
}

/**
 * Bundles the app's `convex.config` with every component definition it imports (from the app or
 * from packages), so that running it in the worker lists the mounted components
 * (`runtime.ts` `readComponents`). `convex` stays an import, shared with the worker's own.
 */
export async function bundleConfig(
  esbuild: Esbuild,
  config: string,
  outdir: string,
  root: string,
): Promise<{ entry: string; metafile: Metafile }> {
  try {
    const result = await esbuild.build({
      ...BASE,
      external: ["convex", "convex/*"],
      conditions: ["convex", "module"],
      absWorkingDir: root,
      plugins: [componentPaths()],
      stdin: {
        contents: [
          `import { readComponents } from ${JSON.stringify(RUNTIME)};`,
          `import app from ${JSON.stringify(config)};`,
          "readComponents(app);",
          "",
        ].join("\n"),
        resolveDir: dirname(config),
        loader: "js",
        sourcefile: "convex-versioned-config.js",
      },
      outfile: join(outdir, "config.mjs"),
    });
    writeOutputs(result.outputFiles);
    return { entry: join(outdir, "config.mjs"), metafile: result.metafile! };
  } catch (error) {
    throw bundleError(error, config, root, "the components it mounts");
  }
}
