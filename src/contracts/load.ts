/**
 * `loadConvexDir`: the functions a convex/ folder would deploy, computed offline. Bundles every
 * function module with the app's own esbuild (`load/bundle.ts`), runs the bundle in a worker thread
 * (`load/worker.ts`) and reads each export the way the backend's analyzer does
 * (`module-exports.ts`). The bundles go to a temp folder in the app's cache folder, so the app's
 * bare imports (`convex/server`, `zod`, …) resolve from its node_modules exactly as they would when
 * Convex bundles it; the folder is removed after, and a result for unchanged inputs is reused
 * (`load/app-cache.ts`).
 *
 * A module that fails to import is an error, never skipped: a dropped module would look to `check`
 * like every one of its functions had been deleted.
 */
import { realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError } from "../input-error.ts";
import type { AppSpec } from "../model.ts";
import { cacheDirFor } from "./cache-dir.ts";
import { findEntryPoints, modulePath } from "./entry-points.ts";
import { guessVariables, type ImportEnvOptions, PLACEHOLDER_PREFIX } from "./env.ts";
import { commitStore, jsonWithText, lookupLoadedApp, prepareStore } from "./load/app-cache.ts";
import { bundleModules, display } from "./load/bundle.ts";
import { appEsbuild, appEsbuildBinary } from "./load/esbuild.ts";
import { linkedPackages } from "./load/linked-packages.ts";
import type { ModuleFailure } from "./load/runtime.ts";
import { bundleFolder, pruneStaleBundles } from "./load/temp.ts";
import { withUnimportablePackages } from "./load/unimportable-packages.ts";
import { startWorker, type WorkerOutcome } from "./load/worker.ts";
import { projectRoot } from "./project-root.ts";

export { projectRoot };

export interface LoadOptions extends ImportEnvOptions {
  /** How long importing the modules may take before it is stopped (default 60 s). */
  importTimeoutMs?: number;
  /**
   * The app whose node_modules and cache folder the load uses; by default the nearest folder
   * with a package.json (a component inside a package passes the app's).
   */
  root?: string;
  /** Bundle the modules' dependencies (all but `convex`) instead of importing them: for a component. */
  bundleDependencies?: boolean;
  /**
   * Called once the loaded-app cache was asked, before any bundling: with the hit's `contentId`,
   * or undefined on a miss (the load will take a while).
   */
  onCacheLookup?: (contentId: string | undefined) => void;
  /**
   * Called once, on a miss, when the bundle is built and the worker is importing it: this thread
   * is idle until the worker answers.
   */
  onBundled?: () => void;
}

export type LoadedApp = AppSpec & {
  warnings: string[];
  /**
   * Names this exact result when it is (or was just stored as) a loaded-app cache entry; see
   * `../same-baseline.ts`. Undefined without a cache.
   */
  contentId?: string;
};

export const DEFAULT_IMPORT_TIMEOUT_MS = 60_000;

/** A module's file, for messages: `nested/bad` → `convex/nested/bad.ts`. */
function fileOf(module: string | undefined, dir: string, entries: string[]): string {
  if (!module) return display(dir);
  return display(entries.find((file) => modulePath(dir, file) === module) ?? resolve(dir, module));
}

/** Files named in one line of a failure; the rest are counted. */
const NAMED_FILES = 5;

/**
 * One failure, or several modules that failed alike (a package every module reaches is missing, a
 * variable a shared config reads is unset): their files, then the message and its hint once.
 */
function failureLines(
  group: ModuleFailure[],
  dir: string,
  entries: string[],
  options: LoadOptions,
): string {
  const failure = group[0]!;
  const files = group.slice(0, NAMED_FILES).map((f) => fileOf(f.module, dir, entries));
  const more = group.length - files.length;
  const where = more > 0 ? `${files.join(", ")} and ${more} more` : files.join(", ");
  const lines = [`  ${where}: ${failure.message}`];
  if (failure.input) return lines[0]!;
  const names = [...new Set([...failure.missing, ...guessVariables(failure.message)])];
  if (names.length > 0 && options.envFallback) {
    // The placeholders were read: one of them may be what the module rejected.
    lines.push(
      `    With --env-placeholders it read these as "${PLACEHOLDER_PREFIX}NAME": ${names.join(", ")}.`,
      "    A placeholder has no shape: if the module checks one (a URL, a key's prefix), pass a",
      `    value of that shape with --env ${names[0]}=VALUE or --env-file FILE.`,
    );
  } else if (names.length > 0) {
    lines.push(
      `    It read environment variables that are not set: ${names.join(", ")}.`,
      "    The backend sets them from the deployment's environment. Pass them with --env-file FILE or",
      `    --env ${names[0]}=VALUE, or use --env-placeholders in CI without secrets.`,
    );
  } else if (
    /does not provide an export named|Cannot find (package|module)/.test(failure.message)
  ) {
    // An installed package unlike the one the code was written for: no variable would help.
    lines.push(
      "    An import does not resolve as the code expects: install the dependencies its lock file",
      "    pins (npm ci, pnpm install --frozen-lockfile); Convex's deploy bundles what is installed.",
    );
  } else if (!options.envFallback) {
    lines.push(
      "    If it needs a deployment environment variable at import time, pass --env-file FILE,",
      "    --env KEY=VALUE or --env-placeholders.",
    );
  }
  return lines.join("\n");
}

function failed(
  outcome: WorkerOutcome,
  dir: string,
  entries: string[],
  options: LoadOptions,
): InputError {
  if (outcome.type === "ended") {
    const module = fileOf(outcome.module, dir, entries);
    return new InputError(
      `Could not import ${module}: ${outcome.reason}. Its functions cannot be read, and check ` +
        "would read them as deleted.",
      module,
    );
  }
  if (outcome.type !== "failed") throw new Error("not a failure");
  const { failures } = outcome;
  if (failures.every((f) => f.input)) {
    return new InputError(failures.map((f) => f.message).join("\n"), display(dir));
  }
  const alike = new Map<string, ModuleFailure[]>();
  for (const f of failures) {
    const key = JSON.stringify([f.message, f.missing, f.input === true]);
    const group = alike.get(key);
    if (group) group.push(f);
    else alike.set(key, [f]);
  }
  return new InputError(
    `Could not import ${failures.length} module${failures.length > 1 ? "s" : ""} of ${display(dir)} ` +
      `(their functions cannot be skipped: check would read them as deleted):\n${[...alike.values()]
        .map((group) => failureLines(group, dir, entries, options))
        .join("\n")}`,
    display(dir),
  );
}

/** The cache folder the app's temporary bundles go to; an InputError when none is writable. */
export function bundleCacheDir(root: string): string {
  const cacheDir = cacheDirFor(root);
  if (cacheDir) return cacheDir;
  throw new InputError(
    `Nowhere to write temporary bundles: neither ${display(resolve(root, "node_modules/.cache"))} nor the OS temp folder is writable.`,
    display(root),
  );
}

/** The import environment the worker sets up, from the load options. */
export function importEnv(
  options: LoadOptions,
): ImportEnvOptions & { env: Record<string, string> } {
  return { env: options.env ?? {}, ...(options.envFallback ? { envFallback: true } : {}) };
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
  const root = options.root ?? projectRoot(absDir);
  const cacheDir = bundleCacheDir(root);
  const env = importEnv(options);
  // Before listing the modules: a hit for this exact folder needs no listing.
  const cached = lookupLoadedApp(cacheDir, absDir, root, {
    ...env,
    ...(options.bundleDependencies ? { bundleDependencies: true } : {}),
  });
  options.onCacheLookup?.(cached.app ? cached.id : undefined);
  if (cached.app) return cached.id ? { ...cached.app, contentId: cached.id } : cached.app;
  const entries = findEntryPoints(absDir);
  if (entries.length === 0) {
    throw new InputError(
      `${display(absDir)}: no function modules found (Convex skips _generated/, schema.ts, *.test.ts and files with spaces). ` +
        "Check --convex-dir.",
      display(absDir),
    );
  }
  pruneStaleBundles(cacheDir);
  const folder = bundleFolder(cacheDir);
  try {
    const codeDir = realpathSync(folder.dir);
    const run = { codeDir, env, timeoutMs: options.importTimeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS };
    // Booting while esbuild bundles; stopped if the bundle fails.
    const worker = startWorker(run);
    let combined: Awaited<ReturnType<typeof bundleModules>>;
    const bundler = { api: () => appEsbuild(root), binary: appEsbuildBinary(root) };
    let bundled = options.bundleDependencies ? undefined : linkedPackages(root);
    const bundle = (shape: "combined" | "each") =>
      bundleModules(
        bundler,
        entries,
        absDir,
        folder.dir,
        root,
        shape,
        options.bundleDependencies,
        bundled,
      );
    try {
      combined = await bundle("combined");
    } catch (error) {
      worker.stop();
      throw error;
    }
    // While the worker imports, this thread only waits: what storing the result needs of the
    // bundle is taken now, and the caller may do its own work (`onBundled`).
    const prepare = () => cached.key && prepareStore(cached.key, absDir, root, combined.metafile);
    const answer = worker.run(combined.entry);
    let prepared = prepare();
    options.onBundled?.();
    let outcome = await answer;
    // A package Node cannot import as Convex's bundle has it (./load/unimportable-packages.ts):
    // bundled, as Convex bundles it, and the load runs again. Node links the whole bundle before
    // running any of it, so these come first, one package each time, before any other failure.
    for (
      let more = bundled && withUnimportablePackages(outcome, root, bundled);
      more;
      more = withUnimportablePackages(outcome, root, more)
    ) {
      bundled = more;
      combined = await bundle("combined");
      const again = startWorker(run).run(combined.entry);
      prepared = prepare();
      outcome = await again;
    }
    if (outcome.type !== "done") {
      // Something threw or ended the import: load module by module to name every culprit.
      const each = await bundle("each");
      outcome = await startWorker(run).run(each.entry);
      if (outcome.type !== "done") throw failed(outcome, absDir, entries, options);
    }
    const warnings: string[] = [];
    if (outcome.placeholdered.length > 0) {
      warnings.push(
        `--env-placeholders: these unset variables read as "convex-versioned-placeholder:NAME" while loading: ${outcome.placeholdered.join(", ")}.`,
      );
    }
    const app: LoadedApp = { functions: outcome.functions, warnings };
    if (outcome.httpRoutes.length > 0) app.httpRoutes = outcome.httpRoutes;
    if (outcome.crons.length > 0) app.crons = outcome.crons;
    // The functions' text as the worker wrote it (`warnings` is always there).
    const { functions: _, ...rest } = app;
    const appJson = jsonWithText("functions", outcome.functionsJson, rest);
    const id = commitStore(prepared, outcome.reads, app, appJson);
    return id ? { ...app, contentId: id } : app;
  } finally {
    folder.release();
  }
}
