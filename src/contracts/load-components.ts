/**
 * The components an app mounts, as this code would deploy them: its `convex.config.ts` run the way
 * Convex's backend evaluates it (load/bundle.ts `bundleConfig`), in the import worker, so a config
 * that exits or hangs is reported like any module. Each component instance comes with the folder
 * of its definition (in the app, or in a package); `loadConvexDir` reads its functions from there.
 * The list is kept in the loaded-app cache, under the same key as the folder's functions plus
 * `components`: an unchanged app is not bundled and run again.
 */
import { existsSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../input-error.ts";
import { lookupLoadedApp, storeLoadedApp } from "./load/app-cache.ts";
import { bundleConfig, display } from "./load/bundle.ts";
import { appEsbuild } from "./load/esbuild.ts";
import type { ComponentInstance } from "./load/runtime.ts";
import { bundleFolder } from "./load/temp.ts";
import { startWorker, type WorkerOutcome } from "./load/worker.ts";
import { bundleCacheDir, DEFAULT_IMPORT_TIMEOUT_MS, importEnv, type LoadOptions } from "./load.ts";
import { projectRoot } from "./project-root.ts";

export type { ComponentInstance };

/** The app's `convex.config.ts` (or `.js`), or undefined when it mounts no components. */
export function configFile(convexDir: string): string | undefined {
  return ["convex.config.ts", "convex.config.js"]
    .map((name) => join(convexDir, name))
    .find((path) => existsSync(path));
}

function notRun(outcome: WorkerOutcome, config: string): InputError {
  const why =
    outcome.type === "ended"
      ? outcome.reason
      : outcome.type === "failed"
        ? outcome.failures.map((f) => f.message).join("; ")
        : "no answer";
  const missing = outcome.type === "failed" ? outcome.failures.flatMap((f) => f.missing) : [];
  const env =
    missing.length > 0
      ? ` It read environment variables that are not set (${[...new Set(missing)].join(", ")}): pass --env-file FILE, --env KEY=VALUE or --env-placeholders.`
      : "";
  return new InputError(
    `Could not run ${display(config)} to find the components it mounts (their scheduled jobs are judged against their own code): ${why}.${env}`,
    display(config),
  );
}

/**
 * Every component instance the app in `convexDir` mounts, nested ones too (`workflow/workpool`),
 * in the order `app.use` mounted them; `[]` without a convex.config. Throws InputError when the
 * config cannot be bundled or run.
 */
export async function loadComponents(
  convexDir: string,
  options: LoadOptions = {},
): Promise<ComponentInstance[]> {
  const absDir = resolve(convexDir);
  const config = configFile(absDir);
  if (!config) return [];
  const root = options.root ?? projectRoot(absDir);
  const env = importEnv(options);
  const cacheDir = bundleCacheDir(root);
  const cached = lookupLoadedApp<ComponentInstance[]>(cacheDir, absDir, root, {
    ...env,
    what: "components",
  });
  if (cached.app) return cached.app;
  const folder = bundleFolder(cacheDir);
  try {
    const codeDir = realpathSync(folder.dir);
    const worker = startWorker({
      codeDir,
      env,
      timeoutMs: options.importTimeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS,
    });
    let bundled: Awaited<ReturnType<typeof bundleConfig>>;
    try {
      bundled = await bundleConfig(appEsbuild(root), config, folder.dir, root);
    } catch (error) {
      worker.stop();
      throw error;
    }
    const outcome = await worker.run(bundled.entry);
    if (outcome.type !== "done") throw notRun(outcome, config);
    const components = outcome.components ?? [];
    if (cached.key)
      storeLoadedApp(cached.key, absDir, root, bundled.metafile, outcome.reads, components);
    return components;
  } finally {
    folder.release();
  }
}
