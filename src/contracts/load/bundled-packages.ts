/**
 * Which bare imports the loader bundles instead of leaving to Node: the app's workspace packages
 * (./linked-packages.ts) and the packages Node cannot import (./unimportable-packages.ts), as
 * Convex bundles them, with what they import that the app does not declare. Every package the app
 * declares (in its package.json and those above it, a workspace root's) stays an import that Node
 * resolves from the app's node_modules, `convex` always, so the app and its bundled packages share
 * the one instance the loader reads; one it imports without declaring is bundled, as Convex does.
 *
 * Said to esbuild as its `external` list of package names, not by `packages: "external"` (which
 * esbuild before 0.19, the one convex 1.13 brings, applies before tsconfig `paths`, so aliases like
 * `@cvx/schema` were left to Node, which cannot resolve them), nor by a plugin (a call into this
 * process for every import, which sees those aliases before esbuild maps them too). The list holds
 * declared packages, not every installed one: esbuild applies `external` before `paths` too, and an
 * alias named like a package some dependency hoisted (`config/…`) would have been left to Node.
 */
import { dirname } from "node:path";
import { declaredDependencies } from "./linked-packages.ts";

/** Package name → the folder it really is. */
export type PackageFolders = ReadonlyMap<string, string>;

/** esbuild `external` patterns: every package declared for `root` but the `bundled` ones. */
export function externalPackages(root: string, bundled: PackageFolders): string[] {
  const names = new Set<string>();
  for (let dir = root; ; dir = dirname(dir)) {
    for (const name of declaredDependencies(dir)) names.add(name);
    if (dirname(dir) === dir) break;
  }
  for (const name of bundled.keys()) names.delete(name);
  names.add("convex");
  return [...names].sort().flatMap((name) => [name, `${name}/*`]);
}
