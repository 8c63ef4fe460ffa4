/**
 * Packages Node cannot import the way Convex's bundle has them, to bundle instead (Convex bundles
 * every package with esbuild). Two kinds, each found on a public app:
 * - a CommonJS package imported by name (`import { capitalize } from "lodash"`): esbuild's interop
 *   gives the name whatever the package's shape; Node gives only the names its static analysis
 *   finds (cjs-module-lexer), and fails the whole import with "Named export 'capitalize' not
 *   found. The requested module 'lodash' is a CommonJS module";
 * - an ES module package whose own files import each other without extensions (`import
 *   "./polyfill"`, an early `@convex-dev/polar`) or by folder: esbuild resolves those, Node's ESM
 *   loader does not ("Cannot find module '…/polyfill' imported from …", "Directory import").
 *
 * Node's own verdict decides, not a guess from package.json: bundling every CommonJS dependency
 * took a 1,914-function app's cold `check` from 3.5 s to 7.2 s (googleapis, which Node imports
 * fine, bundled). So the loader imports as before and, when Node names such a package, bundles it
 * and loads again. Packages convex.json's `node.externalPackages` lists (or `"*"`) stay imports, as
 * Convex installs them instead of bundling them: its bundle would fail the same way.
 */
import { readFileSync, realpathSync } from "node:fs";
import { join, sep } from "node:path";
import type { PackageFolders } from "./bundled-packages.ts";
import { installedPath } from "./linked-packages.ts";
import type { WorkerOutcome } from "./worker.ts";

const NAMED_EXPORT = /The requested module '([^']+)' is a CommonJS module/g;
/** A package's file importing another of its files in a way only a bundler resolves. */
const INSIDE_PACKAGE =
  /(?:Cannot find module|Directory import) '([^']+)' (?:is not supported resolving ES modules )?imported from (\S+)/g;

/** The installed package a file is in: its name and folder, from the last `node_modules/`. */
function packageOf(file: string): { name: string; dir: string } | undefined {
  const at = file.lastIndexOf(`${sep}node_modules${sep}`);
  if (at < 0) return undefined;
  const rest = file.slice(at + `${sep}node_modules${sep}`.length).split(sep);
  const name = rest[0]?.startsWith("@") ? rest.slice(0, 2).join("/") : rest[0];
  if (!name || name.startsWith(".")) return undefined;
  return {
    name,
    dir: file.slice(0, at + `${sep}node_modules${sep}`.length) + name.split("/").join(sep),
  };
}

/** The packages Node named in this failure: by specifier, or by the file that failed to import. */
function named(message: string): { name: string; dir?: string }[] {
  const found: { name: string; dir?: string }[] = [];
  for (const [, specifier] of message.matchAll(NAMED_EXPORT))
    found.push({ name: packageName(specifier!) });
  for (const [, missing, importer] of message.matchAll(INSIDE_PACKAGE)) {
    const from = packageOf(importer!);
    // Only a package's own files: an app file importing a missing file is the app's error.
    if (from && packageOf(missing!)?.dir === from.dir) found.push(from);
  }
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Packages convex.json keeps out of Convex's bundle (`node.externalPackages`). */
function keptExternal(root: string): (name: string) => boolean {
  let list: unknown;
  try {
    list = (JSON.parse(readFileSync(join(root, "convex.json"), "utf8")) as any)?.node
      ?.externalPackages;
  } catch {
    return () => false;
  }
  const names = new Set(Array.isArray(list) ? list : []);
  return (name) => names.has("*") || names.has(name);
}

/**
 * `bundled` plus the packages this failed load shows Node cannot import as Convex's bundle has
 * them, or undefined when it names none that could be bundled: loading again would fail the same
 * way.
 */
export function withUnimportablePackages(
  outcome: WorkerOutcome,
  root: string,
  bundled: PackageFolders,
): PackageFolders | undefined {
  if (outcome.type !== "failed") return undefined;
  const external = keptExternal(root);
  const more = new Map(bundled);
  for (const failure of outcome.failures) {
    for (const { name, dir } of named(failure.message)) {
      if (more.has(name) || name === "convex" || external(name)) continue;
      const path = dir ?? installedPath(root, name);
      if (!path) continue;
      try {
        more.set(name, realpathSync(path));
      } catch {
        // a dangling link: Node said what it makes of it
      }
    }
  }
  return more.size > bundled.size ? more : undefined;
}
