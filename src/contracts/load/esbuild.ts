/**
 * The esbuild the app's own `convex` package depends on: the one `npx convex deploy` bundles the
 * app with. Using it means the CLI bundles exactly as the deploy does, and installs no second copy.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { InputError } from "../../input-error.ts";

export type Esbuild = typeof import("esbuild");

const loaded = new Map<string, Esbuild>();
// esbuild's API is CommonJS: required, not imported, it is not first scanned for its export
// names (Node's CommonJS lexer, ~9 ms of a cold check's path to its bundle).
const require = createRequire(import.meta.url);

/** Where the app's `convex` resolves its `esbuild` from, starting at the app root `root`. */
export function resolveAppEsbuild(root: string): string {
  let convexPackage: string;
  try {
    convexPackage = createRequire(join(root, "package.json")).resolve("convex/package.json");
  } catch {
    throw new InputError(
      `The \`convex\` package is not installed in ${root}: install the app's dependencies first (npm install). ` +
        "The CLI bundles the functions with the esbuild that convex deploys with.",
      root,
    );
  }
  try {
    return createRequire(convexPackage).resolve("esbuild");
  } catch {
    throw new InputError(
      `${dirname(convexPackage)} has no esbuild next to it (convex depends on it): reinstall the app's dependencies.`,
      convexPackage,
    );
  }
}

/** The app's esbuild module, loaded once per process. */
export function appEsbuild(root: string): Esbuild {
  const path = resolveAppEsbuild(root);
  let module = loaded.get(path);
  if (!module) {
    module = require(path) as Esbuild;
    loaded.set(path, module);
  }
  return module;
}

/**
 * The executable the app's esbuild API runs, found as the API finds it (`generateBinPath` in its
 * lib/main.js): the platform package `@esbuild/<platform>-<arch>` next to it, which esbuild pins
 * to its own version. Undefined with `ESBUILD_BINARY_PATH` set (the API then runs that file and
 * checks its version, which running it directly would not), where the package is not a native
 * executable (the WebAssembly fallback some platforms get is a Node script), or not found: then
 * the API is the way.
 */
export function appEsbuildBinary(root: string): string | undefined {
  // esbuild ignores this value of the variable (a system esbuild of another version).
  const fromEnv = process.env.ESBUILD_BINARY_PATH;
  if (fromEnv && fromEnv !== "/usr/bin/esbuild") return undefined;
  const subpath = process.platform === "win32" ? "esbuild.exe" : "bin/esbuild";
  try {
    const api = resolveAppEsbuild(root);
    return native(
      createRequire(api).resolve(`@esbuild/${process.platform}-${process.arch}/${subpath}`),
    );
  } catch {
    return undefined;
  }
}

/** `path`, unless it is a script (`#!`), which would need Node to run it. */
function native(path: string): string | undefined {
  const head = Buffer.alloc(2);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    readSync(fd, head, 0, 2, 0);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return head.toString("latin1") === "#!" ? undefined : path;
}
