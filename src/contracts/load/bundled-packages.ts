/**
 * Which bare imports the loader bundles instead of leaving to Node: the app's workspace packages
 * (./linked-packages.ts) and its CommonJS dependencies (./commonjs-packages.ts), as Convex bundles
 * them, with what they import that Node could not find from the app. Every other package installed
 * where Node looks from the app (the node_modules folders from it up) stays an import, `convex`
 * always, so the app and its bundled packages share the one instance the loader reads.
 *
 * Said to esbuild as its `external` list, not by a plugin: a plugin is a call into this process
 * for every import, and it would see tsconfig `paths` aliases (`~/lib`, `@/helpers`) before
 * esbuild maps them to the app's files.
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
