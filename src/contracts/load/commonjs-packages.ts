/**
 * CommonJS packages Node cannot import by name, to bundle instead. Convex bundles every package, and
 * esbuild's interop gives an ES module's named import from a CommonJS one (`import { capitalize }
 * from "lodash"`) whatever the package's shape; Node gives only the names its static analysis finds
 * (cjs-module-lexer), and fails the whole import with "Named export 'capitalize' not found. The
 * requested module 'lodash' is a CommonJS module". Found on a public app.
 *
 * Node's own verdict decides, not a guess from package.json: bundling every CommonJS dependency
 * took a 1,914-function app's cold `check` from 3.5 s to 7.2 s (googleapis, which Node imports
 * fine, bundled). So the loader imports as before and, when Node names such a package, bundles it
 * and loads again. Packages convex.json's `node.externalPackages` lists (or `"*"`) stay imports, as
 * Convex installs them instead of bundling them: its bundle would fail the same way.
 */
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { PackageFolders } from "./bundled-packages.ts";
import { installedPath } from "./linked-packages.ts";
import type { WorkerOutcome } from "./worker.ts";

const NAMED_EXPORT = /The requested module '([^']+)' is a CommonJS module/g;

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
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
 * `bundled` plus the packages whose named exports Node could not see in this failed load, or
 * undefined when it names none that could be bundled: loading again would fail the same way.
 */
export function withCommonJsPackages(
  outcome: WorkerOutcome,
  root: string,
  bundled: PackageFolders,
): PackageFolders | undefined {
  if (outcome.type !== "failed") return undefined;
  const external = keptExternal(root);
  const more = new Map(bundled);
  for (const failure of outcome.failures) {
    for (const [, specifier] of failure.message.matchAll(NAMED_EXPORT)) {
      const name = packageName(specifier!);
      if (more.has(name) || name === "convex" || external(name)) continue;
      const path = installedPath(root, name);
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
