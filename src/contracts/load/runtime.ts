/**
 * Runs inside the import worker, bundled in front of the app's modules (its import comes first in
 * the generated entry, so this code is evaluated before any of theirs): sets up `process.env` as
 * the deployment would have it, lets CommonJS `require` work as in Convex's own bundles, reads each
 * module's functions the way the backend's analyzer does, and posts them to the CLI. Everything the
 * app's code can do to a process (exit, hang, leave timers) stays in this worker.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { CronSpec, HttpRouteSpec } from "../../model.ts";
import { type ImportEnvOptions, installImportEnv } from "../env.ts";
import { cronsOfModule, functionMembersOfModule, httpRoutesOfModule } from "../module-exports.ts";

export interface RuntimeData {
  /** The bundle folder, as a real path (stack frames name it so; see `installImportEnv`). */
  codeDir: string;
  env: ImportEnvOptions;
}

/** What the worker posts; the CLI side is `worker.ts`. */
export type RuntimeMessage =
  | { type: "importing"; module: string }
  | { type: "exit"; code: number | string }
  | {
      /** The functions go as a JSON text of their own, beside this message (`post`). */
      type: "done";
      httpRoutes: HttpRouteSpec[];
      crons: CronSpec[];
      placeholdered: string[];
      reads: Record<string, string | null>;
      /** With `readComponents`: the component instances the app's convex.config mounts. */
      components?: ComponentInstance[];
    }
  | { type: "failed"; failures: ModuleFailure[] };

/** A mounted component: its instance path (`workpool`, `workflow/workpool`) and its folder. */
export interface ComponentInstance {
  path: string;
  dir: string;
}

export interface ModuleFailure {
  module: string;
  /** `Name: message` of what the module threw. */
  message: string;
  /** Unset variables it read. */
  missing: string[];
  /** The module's validators could not be read (not an import failure). */
  input?: boolean;
}

const data = workerData as RuntimeData;
const env = installImportEnv(data.env, data.codeDir);
// Convex's runtime defines a global `Convex` (its syscalls), and some packages refuse to load
// without it (`@convex-dev/geospatial`: "this is Convex backend code, but it's running somewhere
// else!"). An object with no syscalls: a module that calls one at import still gets convex's own
// error ("…used outside of a Convex backend").
(globalThis as { Convex?: object }).Convex ??= {};
// esbuild's CommonJS shim calls a global `require` when one exists; Convex's bundles have one too.
(globalThis as { require?: NodeJS.Require }).require ??= createRequire(
  join(data.codeDir, "entry.mjs"),
);

// As JSON text: a structured clone of 1,000 functions' specs is rebuilt on the CLI's thread object
// by object, ~25 ms more than parsing the text (the specs are JSON already). A `done` message's
// functions are a text of their own, made from the validators' own text (module-exports.ts),
// which the CLI parses and stores in its cache as it is (worker.ts).
const post = (message: RuntimeMessage, functionsJson?: string) =>
  parentPort!.postMessage(
    functionsJson === undefined
      ? [JSON.stringify(message)]
      : [JSON.stringify(message), functionsJson],
  );

// In a worker, process.exit ends only the worker; say so first, so the CLI can name the call.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  post({ type: "exit", code: code ?? process.exitCode ?? 0 });
  return exit(code ?? undefined);
}) as typeof process.exit;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What the modules export, as `post` takes it: the message, and for `done` the functions' text. */
function collect(
  modules: [string, Record<string, unknown>][],
  placeholdered: Set<string>,
): [RuntimeMessage, string?] {
  const functions: string[] = [];
  const httpRoutes: HttpRouteSpec[] = [];
  const crons: CronSpec[] = [];
  const failures: ModuleFailure[] = [];
  for (const [module, namespace] of modules) {
    try {
      functions.push(...functionMembersOfModule(module, namespace));
      if (module === "http") httpRoutes.push(...httpRoutesOfModule(namespace));
      if (module === "crons") crons.push(...cronsOfModule(namespace));
    } catch (error) {
      failures.push({ module, message: (error as Error).message, missing: [], input: true });
    }
  }
  if (failures.length > 0) return [{ type: "failed", failures }];
  const done: RuntimeMessage = {
    type: "done",
    httpRoutes,
    crons,
    placeholdered: [...placeholdered],
    reads: env.reads(),
  };
  return [done, `{${functions.join(",")}}`];
}

/** The combined bundle's body: every module already imported. */
export function readAll(modules: [string, Record<string, unknown>][]): void {
  post(...collect(modules, new Set(env.takeTrace().placeholdered)));
}

/** The per-module path: import each bundle in turn, saying which first, to name every culprit. */
export async function importEach(modules: string[]): Promise<void> {
  const loaded: [string, Record<string, unknown>][] = [];
  const failures: ModuleFailure[] = [];
  const placeholdered = new Set<string>();
  for (const module of modules) {
    post({ type: "importing", module });
    try {
      const url = pathToFileURL(join(data.codeDir, `${module}.mjs`)).href;
      loaded.push([module, await import(url)]);
      for (const name of env.takeTrace().placeholdered) placeholdered.add(name);
    } catch (error) {
      failures.push({ module, message: describe(error), missing: env.takeTrace().missing });
    }
  }
  if (failures.length > 0) post({ type: "failed", failures });
  else post(...collect(loaded, placeholdered));
}

interface ComponentDefinition {
  _childComponents?: [string, ComponentDefinition & { componentDefinitionPath?: unknown }][];
}

/**
 * The convex.config bundle's body: the component tree its default export (`defineApp()`) mounts,
 * as `use` recorded it, every nested component's instance path joined with `/` (the paths
 * `npx convex data --component` takes). `componentDefinitionPath` is the folder the config bundle
 * gave each imported definition (bundle.ts, `componentPaths`).
 */
export function readComponents(app: ComponentDefinition | undefined): void {
  const components: ComponentInstance[] = [];
  const walk = (def: ComponentDefinition | undefined, prefix: string) => {
    for (const [name, child] of def?._childComponents ?? []) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (typeof child.componentDefinitionPath === "string")
        components.push({ path, dir: child.componentDefinitionPath });
      walk(child, path);
    }
  };
  try {
    walk(app, "");
  } catch (error) {
    post({
      type: "failed",
      failures: [{ module: "convex.config", message: describe(error), missing: [], input: true }],
    });
    return;
  }
  const [message, functionsJson] = collect([], new Set(env.takeTrace().placeholdered));
  post(message.type === "done" ? { ...message, components } : message, functionsJson);
}
