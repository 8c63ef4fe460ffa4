/**
 * `loadConvexDir`: the functions a convex/ folder would deploy, computed offline. Bundles every
 * function module in one esbuild build (one output file), imports it in Node and reads each
 * export the way the backend's analyzer does (see module-exports.ts). The bundles go to a temp folder inside the
 * app's own `node_modules/.cache/`, so the app's bare imports (`convex/server`, `zod`, …) resolve
 * from its node_modules exactly as they would when Convex bundles it; the folder is removed after.
 *
 * A module that fails to import is an error, never skipped: a dropped module would look to `check`
 * like every one of its functions had been deleted.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { InputError } from "../input-error.ts";
import type { AppSpec, FunctionSpec, HttpRouteSpec } from "../model.ts";
import { findEntryPoints, modulePath } from "./entry-points.ts";
import { guessVariables, type ImportEnvOptions, withImportEnv } from "./env.ts";
import { functionsOfModule, httpRoutesOfModule } from "./module-exports.ts";

export interface LoadOptions extends ImportEnvOptions {}

export type LoadedApp = AppSpec & { warnings: string[] };

/** The nearest folder at or above `dir` holding a package.json: the app whose node_modules we use. */
export function projectRoot(dir: string): string {
  for (let cur = dir; ; cur = dirname(cur)) {
    if (existsSync(join(cur, "package.json"))) return cur;
    if (dirname(cur) === cur) return dirname(dir);
  }
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

const BASE_OPTIONS: esbuild.BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Bare imports stay imports: resolved by Node from the app's node_modules at import time, so
  // convex, zod, convex-helpers are loaded once per process instead of re-bundled every run.
  packages: "external",
  jsx: "automatic",
  logLevel: "silent",
  write: true,
};

/**
 * Fast path: ONE output file whose entry imports every module and hands back their namespaces.
 * Importing one file is several times faster than importing hundreds (Node's ESM loader and
 * tsx's hooks cost per file), which is what keeps `check` within 2x of bundling alone.
 */
function combinedEntry(entries: string[]): string {
  const imports = entries.map((file, i) => `import * as m${i} from ${JSON.stringify(file)};`);
  return `${imports.join("\n")}\nexport const modules = [${entries.map((_, i) => `m${i}`).join(", ")}];\n`;
}

async function bundle(
  entries: string[],
  dir: string,
  outdir: string,
  root: string,
  combined: boolean,
): Promise<void> {
  try {
    await esbuild.build({
      ...BASE_OPTIONS,
      absWorkingDir: root,
      ...(combined
        ? {
            stdin: {
              contents: combinedEntry(entries),
              resolveDir: dir,
              loader: "js",
              sourcefile: "convex-versioned-entry.js",
            },
            outfile: join(outdir, "all.mjs"),
          }
        : {
            // Slow path, one output per module (shared code split into chunks), so a module
            // that throws at import can be named.
            entryPoints: entries.map((file) => ({ in: file, out: modulePath(dir, file) })),
            outdir,
            splitting: true,
            // .mjs: the bundles sit under node_modules/, where no package.json says "type": "module".
            outExtension: { ".js": ".mjs" },
            chunkNames: "_convex_versioned_chunks/[name]-[hash]",
          }),
    });
  } catch (error) {
    const failures = (error as esbuild.BuildFailure).errors ?? [];
    const lines = failures.slice(0, 5).map((m) => {
      const at = m.location
        ? `${display(resolve(root, m.location.file))}:${m.location.line}:${m.location.column}: `
        : "";
      return `  ${at}${m.text}`;
    });
    const more = failures.length > 5 ? `\n  (and ${failures.length - 5} more)` : "";
    throw new InputError(
      `Could not bundle ${display(dir)} to read its functions:\n${lines.join("\n") || `  ${(error as Error).message}`}${more}\n` +
        "Fix the module (Convex would reject it too), or point --convex-dir at the functions folder.",
      display(dir),
    );
  }
}

function importFailure(
  file: string,
  error: unknown,
  missing: string[],
  options: LoadOptions,
): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const names = [...new Set([...missing, ...guessVariables(message)])];
  const lines = [`  ${display(file)}: ${message}`];
  if (names.length > 0) {
    lines.push(
      `    It read environment variables that are not set: ${names.join(", ")}.`,
      "    The backend sets them from the deployment's environment. Pass them with --env-file FILE or",
      `    --env ${names[0]}=VALUE, or use --env-placeholders in CI without secrets.`,
    );
  } else if (!options.envFallback) {
    lines.push(
      "    If it needs a deployment environment variable at import time, pass --env-file FILE,",
      "    --env KEY=VALUE or --env-placeholders.",
    );
  }
  return lines.join("\n");
}

/**
 * The functions (and http routes) the Convex folder `dir` would deploy, keyed `module:export`.
 * Throws InputError when the folder is missing, holds no modules, or a module fails to bundle or
 * import. `warnings` lists what the caller should show (e.g. placeholdered variables).
 */
export async function loadConvexDir(dir: string, options: LoadOptions = {}): Promise<LoadedApp> {
  const absDir = resolve(dir);
  const info = await stat(absDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(
      `${display(absDir)}: no such folder. Pass --convex-dir DIR, or set "functions" in convex.json.`,
      display(absDir),
    );
  }
  const entries = findEntryPoints(absDir);
  if (entries.length === 0) {
    throw new InputError(
      `${display(absDir)}: no function modules found (Convex skips _generated/, schema.ts, *.test.ts and files with spaces). ` +
        "Check --convex-dir.",
      display(absDir),
    );
  }
  const root = projectRoot(absDir);
  const cache = join(root, "node_modules", ".cache", "convex-versioned");
  await mkdir(cache, { recursive: true });
  const outdir = await mkdtemp(join(cache, "load-"));
  try {
    await bundle(entries, absDir, outdir, root, true);
    const functions: Record<string, FunctionSpec> = {};
    const httpRoutes: HttpRouteSpec[] = [];
    const placeholdered = new Set<string>();
    const read = (module: string, namespace: Record<string, unknown>) => {
      Object.assign(functions, functionsOfModule(module, namespace));
      if (module === "http") httpRoutes.push(...httpRoutesOfModule(namespace));
    };
    const loaded = await withImportEnv(options, outdir, async (takeTrace) => {
      try {
        const all = await import(pathToFileURL(join(outdir, "all.mjs")).href);
        for (const name of takeTrace().placeholdered) placeholdered.add(name);
        return all.modules as Record<string, unknown>[];
      } catch {
        takeTrace();
        return undefined;
      }
    });
    if (loaded) {
      for (const [i, file] of entries.entries()) read(modulePath(absDir, file), loaded[i]!);
    } else {
      // Something threw at import: load module by module to name every culprit.
      const failures: string[] = [];
      await bundle(entries, absDir, outdir, root, false);
      await withImportEnv(options, outdir, async (takeTrace) => {
        for (const file of entries) {
          const module = modulePath(absDir, file);
          try {
            read(module, await import(pathToFileURL(join(outdir, `${module}.mjs`)).href));
            for (const name of takeTrace().placeholdered) placeholdered.add(name);
          } catch (error) {
            failures.push(importFailure(file, error, takeTrace().missing, options));
          }
        }
      });
      if (failures.length > 0) {
        throw new InputError(
          `Could not import ${failures.length} module${failures.length > 1 ? "s" : ""} of ${display(absDir)} ` +
            `(their functions cannot be skipped: check would read them as deleted):\n${failures.join("\n")}`,
          display(absDir),
        );
      }
    }
    const warnings: string[] = [];
    if (placeholdered.size > 0) {
      warnings.push(
        `--env-placeholders: these unset variables read as "convex-versioned-placeholder:NAME" while loading: ${[...placeholdered].join(", ")}.`,
      );
    }
    const app: LoadedApp = { functions, warnings };
    if (httpRoutes.length > 0) app.httpRoutes = httpRoutes;
    return app;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
