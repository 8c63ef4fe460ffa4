/**
 * Which bare imports the loader bundles instead of leaving to Node: the app's workspace packages
 * (./linked-packages.ts) and the packages Node cannot import (./unimportable-packages.ts), as Convex bundles
 * them, with what they import that Node could not find from the app. Every other package installed
 * where Node looks from the app (the node_modules folders from it up) stays an import, `convex`
 * always, so the app and its bundled packages share the one instance the loader reads.
 *
 * Said to esbuild as its `external` list of package names, not by `packages: "external"` (which
 * esbuild before 0.19, the one convex 1.13 brings, applies before tsconfig `paths`, so aliases like
 * `@cvx/schema` were left to Node, which cannot resolve them), nor by a plugin (a call into this
 * process for every import, which sees those aliases before esbuild maps them too).
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/** Package name → the folder it really is. */
export type PackageFolders = ReadonlyMap<string, string>;

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** esbuild `external` patterns: every package installed for `root` but the `bundled` ones. */
export function externalPackages(root: string, bundled: PackageFolders): string[] {
  const names = new Set<string>();
  for (let dir = root; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    for (const entry of entries(modules)) {
      if (entry.startsWith(".")) continue;
      if (!entry.startsWith("@")) names.add(entry);
      else for (const name of entries(join(modules, entry))) names.add(`${entry}/${name}`);
    }
    if (dirname(dir) === dir) break;
  }
  for (const name of bundled.keys()) names.delete(name);
  names.add("convex");
  return [...names].sort().flatMap((name) => [name, `${name}/*`]);
}
